/**
 * What every check of a graded function is made of: call the learner's function safely (its
 * printing captured, the global random stream restored afterwards), then compare what it returned
 * with what it should be, failing at the first difference with a sentence a learner can act on:
 * "initializeParametersHe([3, 5, 4]): W2 has shape (4, 3), expected (4, 5)".
 *
 * A failed check throws `CheckFailed`, whose stack is its message only (tslab prints an error's
 * stack: a learner sees the sentence, not our call chain). nbgrader counts a cell that throws as
 * failed, so the same cells serve nbgrader too.
 */
import type { NdArray } from "ndarray";
import { random } from "../random";
import { libraryAnswerIn, libraryAnswerMessage } from "./libraryAnswers";
import { Opaque } from "./wire";

/** A check that did not pass; `message` says what to fix. */
export class CheckFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckFailed";
    this.stack = `CheckFailed: ${message}`;
  }
}

/** Options every check takes: the inputs to try instead of the built-in ones (the grader's hidden tests pass their own). */
export interface CheckOptions<C> {
  cases?: readonly C[];
  /** print nothing on success (the grader reads the result instead) */
  quiet?: boolean;
}

/** numpy's way to write a shape, e.g. `shapeText([4, 3])` → "(4, 3)", `shapeText([5])` → "(5,)". */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** An argument as the course writes it in a call, e.g. `argText([3, 5, 4])` → "[3, 5, 4]", a matrix as "<(3, 5) matrix>". */
export function argText(v: unknown): string {
  if (isMatrix(v)) return `<${shapeText(v.shape)} matrix>`;
  if (Array.isArray(v)) return `[${v.map(argText).join(", ")}]`;
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (v && typeof v === "object") return "{…}";
  return String(v);
}

/** True for an ndarray (shape, stride, get). */
export function isMatrix(v: unknown): v is NdArray {
  return typeof v === "object" && v !== null && Array.isArray((v as NdArray).shape) && "stride" in v && typeof (v as NdArray).get === "function";
}

/** What a value is, for "returned X, expected a matrix" messages. */
export function kindOf(v: unknown): string {
  if (v === undefined) return "undefined (did the function forget to return?)";
  if (v === null) return "null";
  if (v instanceof Opaque) return v.description;
  if (isMatrix(v)) return `a ${shapeText(v.shape)} matrix`;
  if (Array.isArray(v)) return `a JavaScript array of length ${v.length}`;
  if (typeof v === "object") return "a dictionary";
  return `a ${typeof v}`;
}

/** Fails unless `fn` is a function: `mustBeFunction("initializeParametersHe", fn)`. */
export function mustBeFunction(name: string, fn: unknown): asserts fn is (...args: any[]) => any {
  if (typeof fn !== "function") throw new CheckFailed(`${name} is not a function (got ${kindOf(fn)}): pass the function itself, e.g. tsdl.checks.${name}(${name})`);
}

/** What a call printed, and what it returned. */
export interface Called<T> {
  value: T;
  printed: string;
}

/**
 * Calls the learner's code with its printing captured; an exception becomes a CheckFailed naming
 * the call. Example: `const { value } = call("initializeParametersHe([2, 4, 1])", () => fn([2, 4, 1]))`.
 */
export function call<T>(label: string, thunk: () => T): Called<T> {
  const out: string[] = [];
  const log = console.log;
  const write = process.stdout.write;
  console.log = (...args: unknown[]) => void out.push(args.map(String).join(" ") + "\n");
  process.stdout.write = ((chunk: unknown) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    return { value: thunk(), printed: out.join("") };
  } catch (e) {
    if ((e as { passThrough?: boolean } | null)?.passThrough) throw e; // the grader's own signals pass through a check
    const message = e instanceof Error ? e.message : String(e);
    if (/^not implemented/.test(message)) throw new CheckFailed(`${label}: ${message} — write your code between START CODE HERE and END CODE HERE`);
    if (e instanceof CheckFailed) throw e;
    throw new CheckFailed(`${label} threw ${e instanceof Error ? e.name : "an exception"}: ${message}`);
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
}

/** The array's name in a label: its last part's first word, e.g. "…: A1 (cache[2])" → "A1". */
function arrayName(label: string): string {
  return label.split(": ").pop()!.split(" ")[0];
}

/** `name[i][j]` for element `k` of an array of `shape`, e.g. "W1[0][2]". */
function at(name: string, k: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(k % shape[d]);
    k = Math.floor(k / shape[d]);
  }
  return name + idx.map((i) => `[${i}]`).join("");
}

/** The values of an ndarray in row-major order. */
export function valuesOf(A: NdArray): number[] {
  const shape = A.shape;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Array<number>(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    out[k] = Number(A.get(...idx));
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Fails unless `v` is a matrix of `shape` with finite entries.
 * Example: `expectMatrix("initializeParametersHe([3, 5, 4]): W2", W2, [4, 5])`.
 */
export function expectMatrix(label: string, v: unknown, shape: readonly number[]): asserts v is NdArray {
  if (!isMatrix(v)) throw new CheckFailed(`${label} is ${kindOf(v)}, expected a ${shapeText(shape)} matrix`);
  if (v.shape.join(",") !== shape.join(",")) throw new CheckFailed(`${label} has shape ${shapeText(v.shape)}, expected ${shapeText(shape)}`);
  const values = valuesOf(v);
  const bad = values.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new CheckFailed(`${label}: returned ${values[bad]} at ${at(arrayName(label), bad, shape)}`);
}

/** Fails unless `v` is a finite number. Example: `expectNumber("computeCostWithRegularization(…)", cost)`. */
export function expectNumber(label: string, v: unknown): asserts v is number {
  if (typeof v !== "number") throw new CheckFailed(`${label} returned ${kindOf(v)}, expected a number`);
  if (!Number.isFinite(v)) throw new CheckFailed(`${label} returned ${v}, expected a finite number`);
}

/** |a − e| ≤ atol + rtol·|e| (numpy's allclose rule). */
function close(a: number, e: number, rtol: number, atol: number): boolean {
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

export interface Tolerance {
  rtol?: number;
  atol?: number;
  /** a sentence added to the failure: what usually causes it */
  hint?: string;
}

/**
 * Fails at the first entry of matrix `v` not close to `expected` (same shape, checked first).
 * Example: `expectValues("…: W1", W1, reference.W1, { rtol: 1e-12, hint: "did you call tsdl.random.seed(3)?" })`.
 */
export function expectValues(label: string, v: unknown, expected: NdArray, tol: Tolerance = {}): void {
  expectMatrix(label, v, expected.shape);
  const { rtol = 1e-7, atol = 0, hint } = tol;
  const a = valuesOf(v), e = valuesOf(expected);
  const k = a.findIndex((x, i) => !close(x, e[i], rtol, atol));
  if (k >= 0) {
    throw new CheckFailed(`${label}: ${at(arrayName(label), k, expected.shape)} is ${a[k]}, expected ${e[k]}${hint ? ` (${hint})` : ""}`);
  }
}

/** Fails unless number `v` is close to `expected`. Example: `expectScalar("gradientCheck(2, 4)", d, 2.9e-10, { rtol: 1e-5 })`. */
export function expectScalar(label: string, v: unknown, expected: number, tol: Tolerance = {}): void {
  expectNumber(label, v);
  const { rtol = 1e-7, atol = 0, hint } = tol;
  if (!close(v, expected, rtol, atol)) throw new CheckFailed(`${label} returned ${v}, expected ${expected}${hint ? ` (${hint})` : ""}`);
}

/** Fails unless `v` is an object holding every key (matrices checked by the caller). Example: `expectKeys("…", parameters, ["W1", "b1"])`. */
export function expectKeys(label: string, v: unknown, keys: readonly string[], what = "the result"): asserts v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v) || isMatrix(v)) throw new CheckFailed(`${label} returned ${kindOf(v)}, expected a dictionary with ${keys.join(", ")}`);
  const missing = keys.filter((k) => !(k in v));
  if (missing.length) throw new CheckFailed(`${label}: ${what} has no ${missing.map((k) => `"${k}"`).join(", ")} (it has ${Object.keys(v).join(", ") || "nothing"})`);
}

/**
 * Runs the checks of one graded function and keeps the notebook's random stream as it was;
 * prints "All tests passed." or throws CheckFailed with the first failure. Returns nothing, so a
 * notebook cell ending in a check prints no object.
 * Example: `runChecks("initializeParametersHe", fn, cases, (dims) => { … }, opts)`.
 */
export function runChecks<C>(name: string, fn: unknown, cases: readonly C[], each: (c: C) => void, opts: { quiet?: boolean } = {}): void {
  mustBeFunction(name, fn);
  const answer = libraryAnswerIn(name, Function.prototype.toString.call(fn));
  if (answer) throw new CheckFailed(libraryAnswerMessage(name, answer));
  if (cases.length === 0) throw new Error(`${name}: no cases to check`);
  const state = random.getState();
  try {
    for (const c of cases) each(c);
  } finally {
    random.setState(state);
  }
  if (!opts.quiet) console.log("All tests passed.");
}
