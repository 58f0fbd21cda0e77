/**
 * The optimizers of the course's Week 2 — gradient descent, momentum, RMSprop, Adam — and its
 * learning-rate decay, as in-place updates of a parameter dictionary (W1, b1, …, examples as
 * columns, state keyed like the gradients: v["dW1"], s["db2"], …).
 *
 * Each step runs one loop per array over the float64 data of W_l / b_l, their gradients and their
 * state, writing into the parameters and the state: nothing is allocated per step. Per element
 * the floating-point operations are numpy's, in numpy's order (the lab's
 * `update_parameters_with_*`), so a step gives numpy's bits:
 * - gd:        W = W − lr·dW
 * - momentum:  v = β·v + (1 − β)·dW;  W = W − lr·v
 * - RMSprop:   s = β₂·s + (1 − β₂)·dW²;  W = W − lr·dW / (√s + ε)   (the lectures'; not in the lab)
 * - Adam:      v = β₁·v + (1 − β₁)·dW;  v̂ = v / (1 − β₁ᵗ);  s = β₂·s + (1 − β₂)·dW²;  ŝ = s / (1 − β₂ᵗ);
 *              W = W − lr·v̂ / (√ŝ + ε)   (ε outside the square root)
 * βᵗ is `power(β, t)`, numpy's np.power (glibc's pow) rather than JavaScript's `**`, whose last bit
 * differs from it for about one t in ten.
 */
import { zeros, type Mat } from "../array";
import * as K from "../kernels";
import type { Grads, Parameters } from "./threeLayer";

/** Optimizer state by gradient name: v["dW1"], v["db1"], … shaped like W1, b1, … */
export type State = Record<string, Mat>;

/** The optimizers `optimizer()` knows: the lab's three and RMSprop. */
export type OptimizerName = "gd" | "momentum" | "rmsprop" | "adam";

// ------------------------------------------------------------------ βᵗ
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitting constant

/**
 * x^n for an integer n ≥ 0, correctly rounded: exponentiation by squaring in double-double
 * (Dekker's exact products), one rounding at the end. numpy's np.power(β, t) is glibc's pow, which
 * is correctly rounded except in rare hard cases; for β = 0.9 and 0.999 this equals it for every
 * t < 2904, and for all but 53 of t ≤ 60000 (V8's `**` differs for ~10 % of t). Results below
 * ~1e-290 lose the double-double tail and may be 1 ulp off (1 − βᵗ is 1 there anyway).
 * Example: `power(0.999, 16)` → 0.9841194418156399 (glibc's bits; `0.999 ** 16` gives 0.98411944181564).
 */
export function power(x: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`power: the exponent must be an integer >= 0, got ${n}`);
  let rh = 1, rl = 0; // result, as rh + rl
  let bh = x, bl = 0; // x^(2^k)
  while (n > 0) {
    if (n % 2 === 1) [rh, rl] = ddMul(rh, rl, bh, bl);
    n = Math.floor(n / 2);
    if (n > 0) [bh, bl] = ddMul(bh, bl, bh, bl);
  }
  return rh + rl;
}

/** (xh + xl)·(yh + yl) as a double-double [hi, lo] (the xl·yl term is below its precision). */
function ddMul(xh: number, xl: number, yh: number, yl: number): [number, number] {
  const p = xh * yh;
  let t = SPLIT * xh;
  const ah = t - (t - xh), al = xh - ah;
  t = SPLIT * yh;
  const bh = t - (t - yh), bl = yh - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl + (xh * yl + xl * yh); // p's rounding error + cross terms
  const hi = p + e;
  return [hi, e - (hi - p)];
}

// ------------------------------------------------------------------ state
/** How many layers a parameter dictionary has: the course's `L = len(parameters) // 2`. */
function layers(parameters: Parameters): number {
  return Math.floor(Object.keys(parameters).length / 2);
}

/**
 * Zeros shaped like each parameter, keyed by its gradient's name (the lab's initialize_velocity;
 * RMSprop's s and Adam's v and s start the same way).
 * Example: `const v = zerosLike({W1, b1})` → v["dW1"] (shape of W1), v["db1"].
 */
export function zerosLike(parameters: Parameters): State {
  const state: State = {};
  const L = layers(parameters);
  for (let l = 1; l <= L; l++) {
    for (const p of ["W", "b"]) state[`d${p}${l}`] = zeros(arrayOf(parameters, p + l, "parameters").shape);
  }
  return state;
}

function arrayOf(dict: Record<string, Mat>, key: string, what: string): Mat {
  const a = dict[key];
  if (!a) throw new Error(`${what} has no "${key}" (has ${Object.keys(dict).join(", ") || "nothing"})`);
  return a;
}

/** A's elements when A is a contiguous row-major float64 array of `shape`, else an error naming both shapes. */
function dataOf(op: string, what: string, A: Mat, shape: readonly number[]): Float64Array {
  const s = A.shape;
  if (s.length !== shape.length || s.some((d, i) => d !== shape[i])) {
    throw new Error(`${op}: ${what} has shape (${s.join(",")}), expected (${shape.join(",")})`);
  }
  const d = A.data;
  let expect = 1;
  for (let i = s.length - 1; i >= 0; i--) {
    if (s[i] !== 1 && A.stride[i] !== expect) throw new Error(`${op}: ${what} must be a contiguous row-major array to be updated in place`);
    expect *= s[i];
  }
  if (!(d instanceof Float64Array)) throw new Error(`${op}: ${what} must be a float64 array`);
  return A.offset === 0 && d.length === expect ? d : d.subarray(A.offset, A.offset + expect);
}

/** For l = 1…L and W, b: [parameter, gradient, state arrays…] of one array, checked against the parameter's shape. */
function eachArray(op: string, parameters: Parameters, grads: Grads, states: State[],
  f: (w: Float64Array, g: Float64Array, st: Float64Array[], n: number) => void): void {
  const L = layers(parameters);
  if (L === 0) throw new Error(`${op}: parameters is empty`);
  for (let l = 1; l <= L; l++) {
    for (const p of ["W", "b"]) {
      const name = p + l, gname = "d" + name;
      const W = arrayOf(parameters, name, `${op}: parameters`);
      const w = dataOf(op, `parameters["${name}"]`, W, W.shape);
      const g = dataOf(op, `grads["${gname}"]`, arrayOf(grads, gname, `${op}: grads`), W.shape);
      const st = states.map((s, k) => dataOf(op, `state ${k} ["${gname}"]`, arrayOf(s, gname, `${op}: state`), W.shape));
      f(w, g, st, w.length);
    }
  }
}

// ------------------------------------------------------------------ the steps (in place)
/**
 * Gradient descent: W = W − lr·dW, b = b − lr·db for l = 1…L, in place.
 * Example: `gdStep(parameters, grads, 0.0007)`.
 */
export function gdStep(parameters: Parameters, grads: Grads, learningRate: number): void {
  eachArray("gdStep", parameters, grads, [], (w, g, _, n) => K.subScaledInto(w, w, g, learningRate, n));
}

/**
 * Momentum: v = β·v + (1 − β)·dW, then W = W − lr·v, in place (parameters and v).
 * Example: `momentumStep(parameters, grads, v, 0.9, 0.0007)`.
 */
export function momentumStep(parameters: Parameters, grads: Grads, v: State, beta: number, learningRate: number): void {
  const c = 1 - beta;
  eachArray("momentumStep", parameters, grads, [v], (w, g, [vd], n) => {
    for (let i = 0; i < n; i++) {
      const vi = beta * vd[i] + c * g[i];
      vd[i] = vi;
      w[i] = w[i] - learningRate * vi;
    }
  });
}

/**
 * RMSprop as the lectures teach it: s = β₂·s + (1 − β₂)·dW², then W = W − lr·dW / (√s + ε), in
 * place (parameters and s). No bias correction: the first steps are large while s is still small.
 * Example: `rmspropStep(parameters, grads, s, 0.999, 0.0007, 1e-8)`.
 */
export function rmspropStep(parameters: Parameters, grads: Grads, s: State, beta2: number, learningRate: number, epsilon: number): void {
  const c = 1 - beta2;
  eachArray("rmspropStep", parameters, grads, [s], (w, g, [sd], n) => {
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      const si = beta2 * sd[i] + c * (gi * gi);
      sd[i] = si;
      w[i] = w[i] - (learningRate * gi) / (Math.sqrt(si) + epsilon);
    }
  });
}

/**
 * Adam at step t (t ≥ 1, counted over all mini-batch updates): v and s as momentum and RMSprop,
 * bias-corrected by 1 − β₁ᵗ and 1 − β₂ᵗ, then W = W − lr·v̂ / (√ŝ + ε), in place (parameters, v, s).
 * Example: `t += 1; adamStep(parameters, grads, v, s, t, 0.0007, 0.9, 0.999, 1e-8)`.
 */
export function adamStep(parameters: Parameters, grads: Grads, v: State, s: State, t: number,
  learningRate: number, beta1: number, beta2: number, epsilon: number): void {
  if (!Number.isInteger(t) || t < 1) throw new Error(`adamStep: t counts the updates from 1, got ${t}`);
  const c1 = 1 - beta1, c2 = 1 - beta2;
  const corr1 = 1 - power(beta1, t), corr2 = 1 - power(beta2, t);
  eachArray("adamStep", parameters, grads, [v, s], (w, g, [vd, sd], n) => {
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      const vi = beta1 * vd[i] + c1 * gi;
      const si = beta2 * sd[i] + c2 * (gi * gi);
      vd[i] = vi;
      sd[i] = si;
      w[i] = w[i] - (learningRate * (vi / corr1)) / (Math.sqrt(si / corr2) + epsilon);
    }
  });
}

// ------------------------------------------------------------------ one object per training run
export interface OptimizerOptions {
  /** momentum's β (default 0.9) */
  beta?: number;
  /** Adam's β₁ (default 0.9) */
  beta1?: number;
  /** Adam's and RMSprop's β₂ (default 0.999) */
  beta2?: number;
  /** Adam's and RMSprop's ε (default 1e-8) */
  epsilon?: number;
}

/** An optimizer with its state: `step` updates the parameters in place and counts Adam's t. */
export interface Optimizer {
  readonly name: OptimizerName;
  /** the number of steps taken (Adam's t) */
  readonly t: number;
  /** v (momentum, Adam) and s (RMSprop, Adam), keyed dW1, db1, … */
  readonly v: State | null;
  readonly s: State | null;
  step(parameters: Parameters, grads: Grads, learningRate: number): void;
}

/**
 * The optimizer `name` for these parameters, with zero state (the lab's initialize_velocity /
 * initialize_adam). Example: `const opt = optimizer("adam", parameters); opt.step(parameters, grads, 0.0007)`.
 */
export function optimizer(name: OptimizerName, parameters: Parameters, options: OptimizerOptions = {}): Optimizer {
  const { beta = 0.9, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
  if (!["gd", "momentum", "rmsprop", "adam"].includes(name)) {
    throw new Error(`optimizer: unknown optimizer "${String(name)}" (gd, momentum, rmsprop or adam)`);
  }
  const v = name === "momentum" || name === "adam" ? zerosLike(parameters) : null;
  const s = name === "rmsprop" || name === "adam" ? zerosLike(parameters) : null;
  let t = 0;
  return {
    name, v, s,
    get t() {
      return t;
    },
    step(p: Parameters, grads: Grads, learningRate: number): void {
      t += 1;
      if (name === "gd") gdStep(p, grads, learningRate);
      else if (name === "momentum") momentumStep(p, grads, v!, beta, learningRate);
      else if (name === "rmsprop") rmspropStep(p, grads, s!, beta2, learningRate, epsilon);
      else adamStep(p, grads, v!, s!, t, learningRate, beta1, beta2, epsilon);
    },
  };
}

// ------------------------------------------------------------------ learning-rate decay
/**
 * Learning-rate decay after each epoch: α = α₀ / (1 + decayRate · epochNum).
 * Example: `updateLr(0.5, 2, 1)` → 0.16666666666666666.
 */
export function updateLr(learningRate0: number, epochNum: number, decayRate: number): number {
  return learningRate0 / (1 + decayRate * epochNum);
}

/**
 * Scheduled decay, in steps of `timeInterval` epochs: α = α₀ / (1 + decayRate · ⌊epochNum / timeInterval⌋).
 * Example: `scheduleLrDecay(0.5, 100, 0.3, 100)` → 0.3846153846153846.
 */
export function scheduleLrDecay(learningRate0: number, epochNum: number, decayRate: number, timeInterval = 1000): number {
  if (!(timeInterval > 0)) throw new Error(`scheduleLrDecay: timeInterval must be > 0, got ${timeInterval}`);
  return learningRate0 / (1 + decayRate * Math.floor(epochNum / timeInterval));
}
