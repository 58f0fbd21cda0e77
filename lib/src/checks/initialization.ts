/**
 * Checks of the initialization lab's graded functions: every W and b of every layer, for the lab's
 * layer lists and others, against the course's recipe drawn from a RandomState of our own
 * (bit-identical to numpy's), so the learner's `tsdl.random` stream is not disturbed.
 */
import { mul, type Mat } from "../array";
import { RandomState } from "../random";
import {
  argText, call, CheckFailed, expectKeys, expectMatrix, expectValues, runChecks, valuesOf, type CheckOptions,
} from "./core";

type Init = (layersDims: number[]) => Record<string, unknown>;

/** The course's seed(3) draws: W_l = randn(n_l, n_{l−1}) · scale(n_{l−1}). */
function reference(dims: readonly number[], scale: (nPrev: number) => number): Record<string, Mat> {
  const rs = new RandomState(3);
  const out: Record<string, Mat> = {};
  for (let l = 1; l < dims.length; l++) out["W" + l] = mul(rs.randn(dims[l], dims[l - 1]), scale(dims[l - 1]));
  return out;
}

/** Calls `fn(dims)` and checks the keys and shapes of W1, b1, …, and that every b is zeros; returns the parameters. */
function checkShapes(name: string, fn: Init, dims: readonly number[]): [string, Record<string, unknown>] {
  const label = `${name}(${argText(dims)})`;
  const given = [...dims];
  const { value } = call(label, () => fn(given));
  if (given.join() !== dims.join()) throw new CheckFailed(`${label} changed its argument layersDims to ${argText(given)}: read it, do not modify it`);
  const keys = dims.slice(1).flatMap((_, i) => [`W${i + 1}`, `b${i + 1}`]);
  expectKeys(label, value, keys, "parameters");
  for (let l = 1; l < dims.length; l++) {
    expectMatrix(`${label}: W${l}`, value["W" + l], [dims[l], dims[l - 1]]);
    expectMatrix(`${label}: b${l}`, value["b" + l], [dims[l], 1]);
    if (valuesOf(value["b" + l] as Mat).some((x) => x !== 0)) throw new CheckFailed(`${label}: b${l} should be zeros`);
  }
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  if (extra.length) throw new CheckFailed(`${label}: parameters has unexpected entries ${extra.join(", ")} (a network of ${dims.length} layers has ${keys.join(", ")})`);
  return [label, value];
}

/**
 * initializeParametersZeros: every W_l (n_l, n_{l−1}) and b_l (n_l, 1) all zeros.
 * Example: `tsdl.checks.initializeParametersZeros(initializeParametersZeros)` → prints "All tests passed.".
 */
export function initializeParametersZeros(fn: unknown, opts: CheckOptions<number[]> = {}): void {
  const cases = opts.cases ?? [[3, 2, 1], [2, 10, 5, 1], [4, 1]];
  runChecks("initializeParametersZeros", fn, cases, (dims) => {
    const [label, p] = checkShapes("initializeParametersZeros", fn as Init, dims);
    for (let l = 1; l < dims.length; l++) {
      if (valuesOf(p["W" + l] as Mat).some((x) => x !== 0)) throw new CheckFailed(`${label}: W${l} should be zeros`);
    }
  }, opts);
}

/** Why W differs from the recipe: not seed(3)'s numbers, no scale, Xavier's scale, another scale. */
function diagnose(w: number[], r: number[], nPrev: number, recipe: string): string {
  const c = w[0] / r[0];
  const scaledDraw = Number.isFinite(c) && c !== 0 && w.every((x, i) => Math.abs(x - c * r[i]) <= 1e-9 * Math.abs(c * r[i]) + 1e-300);
  if (!scaledDraw) return `these are not seed(3)'s numbers: call tsdl.random.seed(3) first, then draw W1, W2, … in order with tsdl.random.randn(rows, cols); ${recipe}`;
  if (Math.abs(c - 1) < 1e-9) return `W is randn without its scale; ${recipe}`;
  if (Math.abs(c - Math.sqrt(1 / nPrev)) < 1e-9 * c) return `that is Xavier's scale sqrt(1 / n_prev); ${recipe}`;
  return `the draws are right but scaled by ${c}; ${recipe}`;
}

/** Checks W's against the seed(3) recipe with `scale`, naming what went wrong. */
function checkSeeded(name: string, fn: unknown, cases: readonly number[][], scale: (n: number) => number, recipe: string, opts: { quiet?: boolean }): void {
  runChecks(name, fn, cases, (dims) => {
    const [label, p] = checkShapes(name, fn as Init, dims);
    const want = reference(dims, scale);
    const raw = reference(dims, () => 1);
    for (let l = 1; l < dims.length; l++) {
      const W = p["W" + l] as Mat;
      expectValues(`${label}: W${l}`, W, want["W" + l], { rtol: 1e-12, hint: diagnose(valuesOf(W), valuesOf(raw["W" + l]), dims[l - 1], recipe) });
    }
  }, opts);
}

/**
 * initializeParametersRandom: seed(3) inside, W_l = randn(n_l, n_{l−1}) · 10, b_l zeros.
 * Example: `tsdl.checks.initializeParametersRandom(initializeParametersRandom)`.
 */
export function initializeParametersRandom(fn: unknown, opts: CheckOptions<number[]> = {}): void {
  const cases = opts.cases ?? [[3, 2, 1], [2, 10, 5, 1], [4, 3]];
  checkSeeded("initializeParametersRandom", fn, cases, () => 10, "W = randn(n_l, n_prev) · 10", opts);
}

/**
 * initializeParametersHe: seed(3) inside, W_l = randn(n_l, n_{l−1}) · sqrt(2 / n_{l−1}), b_l zeros.
 * Example: `tsdl.checks.initializeParametersHe(initializeParametersHe)`.
 */
export function initializeParametersHe(fn: unknown, opts: CheckOptions<number[]> = {}): void {
  const cases = opts.cases ?? [[2, 4, 1], [3, 5, 4], [2, 10, 5, 1]];
  checkSeeded("initializeParametersHe", fn, cases, (n) => Math.sqrt(2 / n), "W = randn(n_l, n_prev) · Math.sqrt(2 / n_prev)", opts);
}
