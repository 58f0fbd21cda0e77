/**
 * Checks of the optimization lab's graded functions: each update on the lab's test case and on
 * seeded networks with non-zero state (so a forgotten β·v shows), against the lib's steps, which
 * give numpy's bits; mini-batches against the course's shuffle and cut; the two learning-rate
 * decays on epochs around their steps.
 */
import { copy, map, type Mat } from "../array";
import {
  initializeAdamTestCase, initializeVelocityTestCase, updateParametersWithAdamTestCase, updateParametersWithGdTestCase,
  updateParametersWithMomentumTestCase, updateParametersWithRmspropTestCase,
} from "../course/optUtils";
import { randomMiniBatches as referenceMiniBatches } from "../nn/miniBatches";
import {
  adamStep, gdStep, momentumStep, power, rmspropStep, scheduleLrDecay as referenceSchedule, updateLr as referenceUpdateLr, zerosLike,
  type State,
} from "../nn/optimizers";
import type { Grads, Parameters } from "../nn/threeLayer";
import { RandomState } from "../random";
import {
  argText, call, CheckFailed, expectKeys, expectMatrix, expectScalar, expectValues, isMatrix, kindOf, runChecks, shapeText, valuesOf, type CheckOptions,
} from "./core";
import { seededParameters } from "./regularization";

type Dict = Record<string, Mat>;

/** Fresh copies of every array of a dictionary (the learner's function may update in place). */
function copied(d: Dict): Dict {
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, copy(v)]));
}

/** Gradients dW1, db1, … shaped like the parameters, drawn from `rs`. */
function seededGrads(rs: RandomState, parameters: Parameters): Grads {
  const g: Grads = {};
  for (const [k, W] of Object.entries(parameters)) g["d" + k] = rs.randn(W.shape[0], W.shape[1]);
  return g;
}

/** A state (v or s) shaped like the gradients; `square` makes it non-negative, as s is. */
function seededState(rs: RandomState, parameters: Parameters, square = false): State {
  const s: State = {};
  for (const [k, W] of Object.entries(parameters)) {
    const r = rs.randn(W.shape[0], W.shape[1]);
    s["d" + k] = square ? map(r, (x) => 0.1 * x * x) : map(r, (x) => 0.1 * x);
  }
  return s;
}

/** The keys W1, b1, …, WL, bL (or dW1, … with prefix "d") of a parameter dictionary. */
function keysOf(parameters: Parameters, prefix = ""): string[] {
  const L = Math.floor(Object.keys(parameters).length / 2);
  const out: string[] = [];
  for (let l = 1; l <= L; l++) out.push(`${prefix}W${l}`, `${prefix}b${l}`);
  return out;
}

/** Checks every array of `got` (a dictionary) against `want`, same keys, closeness to rtol. */
function expectDict(label: string, got: unknown, want: Dict, what: string, hint: (k: string) => string, rtol = 1e-12): void {
  const keys = Object.keys(want);
  expectKeys(label, got, keys, what);
  for (const k of keys) expectValues(`${label}: ${what}["${k}"]`, got[k], want[k], { rtol, atol: 1e-300, hint: hint(k) });
}

/** Fails unless the value is a JavaScript array of `n` items (a tuple such as [parameters, v]). */
function expectTuple(label: string, v: unknown, n: number, names: string): unknown[] {
  if (!Array.isArray(v)) throw new CheckFailed(`${label} returned ${kindOf(v)}, expected [${names}]`);
  if (v.length !== n) throw new CheckFailed(`${label} returned ${v.length} values, expected ${n}: [${names}]`);
  return v;
}

/** Is every entry of a (same-keyed) dictionary equal to the original's? For "did not update" hints. */
function unchanged(got: unknown, before: Dict, key: string): boolean {
  const g = (got as Dict | undefined)?.[key];
  if (!isMatrix(g) || g.shape.join() !== before[key].shape.join()) return false;
  const a = valuesOf(g), b = valuesOf(before[key]);
  return a.every((x, i) => x === b[i]);
}

// ------------------------------------------------------------------ gradient descent
/** One input of updateParametersWithGd. */
export interface GdCase {
  parameters: Parameters;
  grads: Grads;
  learningRate: number;
  what: string;
}

function gdCases(): GdCase[] {
  const [parameters, grads, learningRate] = updateParametersWithGdTestCase();
  const rs = new RandomState(7);
  const p = seededParameters(rs, [3, 4, 2, 1]);
  return [
    { parameters, grads, learningRate, what: "the lab's test case" },
    { parameters: p, grads: seededGrads(rs, p), learningRate: 0.1, what: "a [3, 4, 2, 1] network" },
  ];
}

/**
 * updateParametersWithGd: W_l = W_l − α·dW_l, b_l = b_l − α·db_l for every layer.
 * Example: `tsdl.checks.updateParametersWithGd(updateParametersWithGd)`.
 */
export function updateParametersWithGd(fn: unknown, opts: CheckOptions<GdCase> = {}): void {
  runChecks("updateParametersWithGd", fn, opts.cases ?? gdCases(), (c) => {
    const label = `updateParametersWithGd(parameters, grads, ${c.learningRate}) on ${c.what}`;
    const { value } = call(label, () => (fn as Function)(copied(c.parameters), copied(c.grads), c.learningRate));
    const want = copied(c.parameters);
    gdStep(want, c.grads, c.learningRate);
    expectDict(label, value, want, "parameters", (k) =>
      unchanged(value, c.parameters, k) ? `${k} was not updated: the loop must update W and b of every layer l = 1 … L` : `${k} = ${k} − learningRate · d${k}`);
  }, opts);
}

// ------------------------------------------------------------------ mini-batches
/** One input of randomMiniBatches. */
export interface MiniBatchCase {
  X: Mat;
  Y: Mat;
  miniBatchSize: number;
  seed: number;
  what: string;
}

function miniBatchCases(): MiniBatchCase[] {
  const rs = new RandomState(1);
  const make = (n: number, m: number, k = 1): [Mat, Mat] => [rs.randn(n, m), map(rs.rand(k, m), (u) => (u < 0.5 ? 1 : 0))];
  const [X1, Y1] = make(5, 148), [X2, Y2] = make(3, 300), [X3, Y3] = make(4, 128), [X4, Y4] = make(2, 10);
  return [
    { X: X1, Y: Y1, miniBatchSize: 64, seed: 0, what: "m = 148 (two full mini-batches and one of 20)" },
    { X: X2, Y: Y2, miniBatchSize: 64, seed: 11, what: "m = 300 (four full and one of 44)" },
    { X: X3, Y: Y3, miniBatchSize: 32, seed: 3, what: "m = 128, a multiple of 32 (no smaller last mini-batch)" },
    { X: X4, Y: Y4, miniBatchSize: 32, seed: 5, what: "m = 10 < 32 (only the last mini-batch)" },
  ];
}

/**
 * randomMiniBatches: seed(seed), one permutation(m) for X and Y, ⌊m / size⌋ full mini-batches and
 * a last one with the m % size examples left. Example: `tsdl.checks.randomMiniBatches(randomMiniBatches)`.
 */
export function randomMiniBatches(fn: unknown, opts: CheckOptions<MiniBatchCase> = {}): void {
  runChecks("randomMiniBatches", fn, opts.cases ?? miniBatchCases(), (c) => {
    const m = c.X.shape[1];
    const label = `randomMiniBatches(<${shapeText(c.X.shape)} X>, Y, ${c.miniBatchSize}, ${c.seed}) on ${c.what}`;
    const { value } = call(label, () => (fn as Function)(copy(c.X), copy(c.Y), c.miniBatchSize, c.seed));
    const want = referenceMiniBatches(c.X, c.Y, c.miniBatchSize, c.seed, new RandomState());
    if (!Array.isArray(value)) throw new CheckFailed(`${label} returned ${kindOf(value)}, expected a list of [miniBatchX, miniBatchY] pairs`);
    if (value.length !== want.length) {
      const full = Math.floor(m / c.miniBatchSize);
      const hint = value.length === full && m % c.miniBatchSize !== 0 ? `the last ${m % c.miniBatchSize} examples are missing: add the end case`
        : value.length === full + 1 && m % c.miniBatchSize === 0 ? "there is an extra (empty) mini-batch: add the end case only when m % miniBatchSize !== 0"
        : `${full} full mini-batches${m % c.miniBatchSize ? " and one of " + (m % c.miniBatchSize) : ""}`;
      throw new CheckFailed(`${label} returned ${value.length} mini-batches, expected ${want.length} (${hint})`);
    }
    want.forEach(([wx, wy], k) => {
      const pair = value[k];
      const at = `${label}: mini-batch ${k}`;
      if (!Array.isArray(pair) || pair.length !== 2) throw new CheckFailed(`${at} is not a pair [miniBatchX, miniBatchY]`);
      expectMatrix(`${at}: miniBatchX`, pair[0], wx.shape);
      expectMatrix(`${at}: miniBatchY`, pair[1], wy.shape);
      const hint = "shuffle X and Y with the same permutation, then take columns k · miniBatchSize to (k + 1) · miniBatchSize";
      expectValues(`${at}: miniBatchX`, pair[0], wx, { rtol: 0, hint });
      expectValues(`${at}: miniBatchY`, pair[1], wy, { rtol: 0, hint: "Y's columns must follow X's: the same permutation for both" });
    });
  }, opts);
}

// ------------------------------------------------------------------ momentum
function stateShapes(name: string, fn: unknown, parameters: Parameters, results: (value: unknown, label: string) => unknown[], what: string[]): void {
  const label = `${name}(parameters) on ${Object.values(parameters).filter((_, i) => i % 2 === 0).map((W) => shapeText(W.shape)).join(", ")} weights`;
  const { value } = call(label, () => (fn as Function)(copied(parameters)));
  const states = results(value, label);
  const keys = keysOf(parameters, "d");
  states.forEach((st, i) => {
    expectKeys(label, st, keys, what[i]);
    for (const k of keys) {
      const shape = parameters[k.slice(1)].shape;
      expectMatrix(`${label}: ${what[i]}["${k}"]`, (st as Dict)[k], shape);
      if (valuesOf((st as Dict)[k]).some((x) => x !== 0)) throw new CheckFailed(`${label}: ${what[i]}["${k}"] should be zeros (tsdl.zeros(parameters["${k.slice(1)}"].shape))`);
    }
  });
  if (states.length === 2) {
    const [v, s] = states as Dict[];
    if (v === s || keys.some((k) => v[k] === s[k] || v[k].data === s[k].data)) {
      throw new CheckFailed(`${label}: v and s share their arrays: make separate zeros for each, or updating v would change s`);
    }
  }
}

function initCases(testCase: () => Parameters): Parameters[] {
  const rs = new RandomState(9);
  return [testCase(), seededParameters(rs, [4, 3, 2, 1]), seededParameters(rs, [5, 1])];
}

/**
 * initializeVelocity: v["dW_l"], v["db_l"] zeros shaped like W_l, b_l.
 * Example: `tsdl.checks.initializeVelocity(initializeVelocity)`.
 */
export function initializeVelocity(fn: unknown, opts: CheckOptions<Parameters> = {}): void {
  runChecks("initializeVelocity", fn, opts.cases ?? initCases(initializeVelocityTestCase), (p) =>
    stateShapes("initializeVelocity", fn, p, (v) => [v], ["v"]), opts);
}

/** One input of an update with state (momentum, RMSprop, Adam). */
export interface StepCase {
  parameters: Parameters;
  grads: Grads;
  /** v for momentum and Adam, s for RMSprop */
  v: State;
  /** Adam's s */
  s?: State;
  t?: number;
  learningRate: number;
  beta: number;
  beta2?: number;
  epsilon?: number;
  what: string;
}

function momentumCases(): StepCase[] {
  const [parameters, grads, v] = updateParametersWithMomentumTestCase();
  const rs = new RandomState(8);
  const p = seededParameters(rs, [3, 4, 2, 1]);
  return [
    { parameters, grads, v, learningRate: 0.01, beta: 0.9, what: "the lab's test case" },
    { parameters: p, grads: seededGrads(rs, p), v: seededState(rs, p), learningRate: 0.05, beta: 0.8, what: "a [3, 4, 2, 1] network with a non-zero v" },
  ];
}

/**
 * updateParametersWithMomentum: v = β·v + (1 − β)·dW, then W = W − α·v, for W and b of every layer.
 * Example: `tsdl.checks.updateParametersWithMomentum(updateParametersWithMomentum)`.
 */
export function updateParametersWithMomentum(fn: unknown, opts: CheckOptions<StepCase> = {}): void {
  runChecks("updateParametersWithMomentum", fn, opts.cases ?? momentumCases(), (c) => {
    const label = `updateParametersWithMomentum(parameters, grads, v, ${c.beta}, ${c.learningRate}) on ${c.what}`;
    const { value } = call(label, () => (fn as Function)(copied(c.parameters), copied(c.grads), copied(c.v), c.beta, c.learningRate));
    const [P, V] = expectTuple(label, value, 2, "parameters, v");
    const want = copied(c.parameters), v = copied(c.v);
    momentumStep(want, c.grads, v, c.beta, c.learningRate);
    expectDict(label, V, v, "v", (k) => `v["${k}"] = beta · v["${k}"] + (1 − beta) · grads["${k}"]`);
    expectDict(label, P, want, "parameters", (k) => `${k} = ${k} − learningRate · v["d${k}"], with the new v`);
  }, opts);
}

// ------------------------------------------------------------------ RMSprop
function rmspropCases(): StepCase[] {
  const [parameters, grads, s] = updateParametersWithRmspropTestCase();
  const rs = new RandomState(10);
  const p = seededParameters(rs, [3, 4, 2, 1]);
  return [
    { parameters, grads, v: s, learningRate: 0.01, beta: 0.999, epsilon: 1e-8, what: "the lab's test case" },
    { parameters: p, grads: seededGrads(rs, p), v: seededState(rs, p, true), learningRate: 0.02, beta: 0.99, epsilon: 1e-6, what: "a [3, 4, 2, 1] network with a non-zero s" },
  ];
}

/**
 * updateParametersWithRmsprop: s = β₂·s + (1 − β₂)·dW², then W = W − α·dW / (√s + ε).
 * Example: `tsdl.checks.updateParametersWithRmsprop(updateParametersWithRmsprop)`.
 */
export function updateParametersWithRmsprop(fn: unknown, opts: CheckOptions<StepCase> = {}): void {
  runChecks("updateParametersWithRmsprop", fn, opts.cases ?? rmspropCases(), (c) => {
    const eps = c.epsilon ?? 1e-8;
    const label = `updateParametersWithRmsprop(parameters, grads, s, ${c.beta}, ${c.learningRate}, ${eps}) on ${c.what}`;
    const { value } = call(label, () => (fn as Function)(copied(c.parameters), copied(c.grads), copied(c.v), c.beta, c.learningRate, eps));
    const [P, S] = expectTuple(label, value, 2, "parameters, s");
    const want = copied(c.parameters), s = copied(c.v);
    rmspropStep(want, c.grads, s, c.beta, c.learningRate, eps);
    expectDict(label, S, s, "s", (k) => `s["${k}"] = beta2 · s["${k}"] + (1 − beta2) · grads["${k}"]²`);
    expectDict(label, P, want, "parameters", (k) => `${k} = ${k} − learningRate · d${k} / (√s["d${k}"] + epsilon), with the new s`);
  }, opts);
}

// ------------------------------------------------------------------ Adam
/**
 * initializeAdam: v and s, each zeros shaped like W_l, b_l, separate arrays.
 * Example: `tsdl.checks.initializeAdam(initializeAdam)`.
 */
export function initializeAdam(fn: unknown, opts: CheckOptions<Parameters> = {}): void {
  runChecks("initializeAdam", fn, opts.cases ?? initCases(initializeAdamTestCase), (p) =>
    stateShapes("initializeAdam", fn, p, (value, label) => expectTuple(label, value, 2, "v, s"), ["v", "s"]), opts);
}

function adamCases(): StepCase[] {
  const [parameters, grads, v, s] = updateParametersWithAdamTestCase();
  const rs = new RandomState(12);
  const p = seededParameters(rs, [3, 4, 2, 1]);
  const g = seededGrads(rs, p);
  return [
    { parameters, grads, v, s, t: 2, learningRate: 0.01, beta: 0.9, beta2: 0.999, epsilon: 1e-8, what: "the lab's test case" },
    { parameters: p, grads: g, v: seededState(rs, p), s: seededState(rs, p, true), t: 1, learningRate: 0.02, beta: 0.8, beta2: 0.99, epsilon: 1e-4,
      what: "a [3, 4, 2, 1] network with non-zero v and s, t = 1" },
    { parameters: p, grads: g, v: seededState(rs, p), s: seededState(rs, p, true), t: 17, learningRate: 0.005, beta: 0.9, beta2: 0.999, epsilon: 1e-3,
      what: "the same network, t = 17" },
  ];
}

/** Why Adam's W differs: ε inside the square root, no bias correction, β₁ and β₂ swapped. */
function adamHint(c: StepCase, got: unknown, key: string): string {
  const eps = c.epsilon ?? 1e-8, t = c.t ?? 1;
  const variant = (f: (vh: number, sh: number) => number, vc: number, sc: number): boolean => {
    const g = (got as Dict | undefined)?.[key];
    if (!isMatrix(g)) return false;
    const W = valuesOf(c.parameters[key]), dW = valuesOf(c.grads["d" + key]), v = valuesOf(c.v["d" + key]), s = valuesOf(c.s!["d" + key]);
    const a = valuesOf(g);
    return a.every((x, i) => {
      const vi = c.beta * v[i] + (1 - c.beta) * dW[i], si = (c.beta2 ?? 0.999) * s[i] + (1 - (c.beta2 ?? 0.999)) * dW[i] * dW[i];
      const e = W[i] - c.learningRate * f(vi / vc, si / sc);
      return Math.abs(x - e) <= 1e-9 * Math.abs(e) + 1e-300;
    });
  };
  const vc = 1 - power(c.beta, t), sc = 1 - power(c.beta2 ?? 0.999, t);
  if (variant((vh, sh) => vh / Math.sqrt(sh + eps), vc, sc)) return "ε goes outside the square root: √sCorrected + epsilon";
  if (variant((vh, sh) => vh / (Math.sqrt(sh) + eps), 1, 1)) return "v and s need their bias correction: divide by 1 − beta1^t and 1 − beta2^t";
  return `${key} = ${key} − learningRate · vCorrected["d${key}"] / (√sCorrected["d${key}"] + epsilon)`;
}

/**
 * updateParametersWithAdam: v, s as momentum and RMSprop, bias-corrected by 1 − β₁ᵗ and 1 − β₂ᵗ,
 * W = W − α·v̂ / (√ŝ + ε); returns [parameters, v, s, vCorrected, sCorrected].
 * Example: `tsdl.checks.updateParametersWithAdam(updateParametersWithAdam)`.
 */
export function updateParametersWithAdam(fn: unknown, opts: CheckOptions<StepCase> = {}): void {
  runChecks("updateParametersWithAdam", fn, opts.cases ?? adamCases(), (c) => {
    const t = c.t ?? 1, beta2 = c.beta2 ?? 0.999, eps = c.epsilon ?? 1e-8, s0 = c.s ?? zerosLike(c.parameters);
    const label = `updateParametersWithAdam(parameters, grads, v, s, ${t}, ${c.learningRate}, ${c.beta}, ${beta2}, ${eps}) on ${c.what}`;
    const { value } = call(label, () => (fn as Function)(copied(c.parameters), copied(c.grads), copied(c.v), copied(s0), t, c.learningRate, c.beta, beta2, eps));
    const [P, V, S, VC, SC] = expectTuple(label, value, 5, "parameters, v, s, vCorrected, sCorrected");
    const want = copied(c.parameters), v = copied(c.v), s = copied(s0);
    adamStep(want, c.grads, v, s, t, c.learningRate, c.beta, beta2, eps);
    // rtol 1e-12 rather than 0: beta1 ** t instead of tsdl.nn.power is 1 ulp off for some t, and that is fine
    expectDict(label, V, v, "v", (k) => `v["${k}"] = beta1 · v["${k}"] + (1 − beta1) · grads["${k}"]`);
    expectDict(label, S, s, "s", (k) => `s["${k}"] = beta2 · s["${k}"] + (1 − beta2) · grads["${k}"]²`);
    const vc = 1 - power(c.beta, t), sc = 1 - power(beta2, t);
    const corrected = (d: Dict, by: number): Dict => Object.fromEntries(Object.entries(d).map(([k, a]) => [k, map(a, (x) => x / by)]));
    expectDict(label, VC, corrected(v, vc), "vCorrected", (k) => `vCorrected["${k}"] = v["${k}"] / (1 − beta1^t), with t = ${t}`);
    expectDict(label, SC, corrected(s, sc), "sCorrected", (k) => `sCorrected["${k}"] = s["${k}"] / (1 − beta2^t), with t = ${t}`);
    expectDict(label, P, want, "parameters", (k) => adamHint({ ...c, s: s0, t, beta2, epsilon: eps }, P, k), 1e-11);
  }, opts);
}

// ------------------------------------------------------------------ learning-rate decay
/** One input of a learning-rate decay: [learningRate0, epochNum, decayRate, timeInterval?]. */
export type DecayCase = [number, number, number, number?];

function checkDecay(name: string, fn: unknown, cases: readonly DecayCase[], reference: (...a: number[]) => number, formula: string, opts: { quiet?: boolean }): void {
  runChecks(name, fn, cases, (c) => {
    const args = c.filter((x) => x !== undefined) as number[];
    const label = `${name}(${args.map((x) => argText(x)).join(", ")})`;
    const { value } = call(label, () => (fn as Function)(...args));
    expectScalar(label, value, reference(...args), { rtol: 1e-15, hint: formula });
  }, opts);
}

/**
 * updateLr: α = α₀ / (1 + decayRate · epochNum).
 * Example: `tsdl.checks.updateLr(updateLr)`.
 */
export function updateLr(fn: unknown, opts: CheckOptions<DecayCase> = {}): void {
  const cases: DecayCase[] = [[0.5, 2, 1], [0.1, 0, 1], [0.01, 10, 0.3], [0.2, 1000, 1]];
  checkDecay("updateLr", fn, opts.cases ?? cases, referenceUpdateLr, "learningRate = learningRate0 / (1 + decayRate · epochNum)", opts);
}

/**
 * scheduleLrDecay: α = α₀ / (1 + decayRate · ⌊epochNum / timeInterval⌋).
 * Example: `tsdl.checks.scheduleLrDecay(scheduleLrDecay)`.
 */
export function scheduleLrDecay(fn: unknown, opts: CheckOptions<DecayCase> = {}): void {
  const cases: DecayCase[] = [[0.5, 10, 0.3, 100], [0.5, 100, 0.3, 100], [0.5, 250, 0.3, 100], [0.1, 999, 1, 1000], [0.1, 1500, 1]];
  checkDecay("scheduleLrDecay", fn, opts.cases ?? cases, referenceSchedule,
    "learningRate = learningRate0 / (1 + decayRate · Math.floor(epochNum / timeInterval)): the rate changes only every timeInterval epochs", opts);
}
