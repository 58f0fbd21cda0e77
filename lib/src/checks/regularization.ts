/**
 * Checks of the regularization lab's graded functions, on the lab's test cases and on seeded
 * networks of other sizes, against the course's formulas (convention B: dZ3 = A3 − Y, 1/m on every
 * dW and db; dropout re-seeded with seed(1) on every call, masks drawn D1 then D2).
 */
import { add, addColumn, div, less, map, matmul, matmulTA, matmulTB, mul, relu, sigmoid, square, sub, sum, type Mat } from "../array";
import {
  backwardPropagationWithDropoutTestCase, backwardPropagationWithRegularizationTestCase, computeCostWithRegularizationTestCase,
  forwardPropagationWithDropoutTestCase,
} from "../course/regUtils";
import { backwardPropagationB, crossEntropyNansum, forwardPropagation, reluBackward, type Cache, type Parameters } from "../nn";
import { RandomState } from "../random";
import { call, CheckFailed, expectKeys, expectScalar, expectValues, runChecks, type CheckOptions } from "./core";

/** Seeded parameters W1, b1, … of a network `dims` (b's small and non-zero, so a forgotten b shows). */
export function seededParameters(rs: RandomState, dims: readonly number[]): Parameters {
  const p: Parameters = {};
  for (let l = 1; l < dims.length; l++) {
    p["W" + l] = rs.randn(dims[l], dims[l - 1]);
    p["b" + l] = mul(0.1, rs.randn(dims[l], 1));
  }
  return p;
}

/** A (1, m) row of 0/1 labels. */
function labels(rs: RandomState, m: number): Mat {
  return map(rs.rand(1, m), (u) => (u < 0.5 ? 1 : 0));
}

/** One input of computeCostWithRegularization. */
export interface CostCase {
  A3: Mat;
  Y: Mat;
  parameters: Parameters;
  lambd: number;
  what: string;
}

function costCases(): CostCase[] {
  const [A3, Y, parameters] = computeCostWithRegularizationTestCase();
  const rs = new RandomState(5);
  const p = seededParameters(rs, [2, 4, 3, 1]);
  const a3 = map(rs.rand(1, 7), (u) => 0.05 + 0.9 * u);
  const y = labels(rs, 7);
  return [
    { A3, Y, parameters, lambd: 0.1, what: "the lab's test case" },
    { A3: a3, Y: y, parameters: p, lambd: 0.7, what: "a [2, 4, 3, 1] network, m = 7" },
    { A3: a3, Y: y, parameters: p, lambd: 0, what: "lambd = 0" },
  ];
}

/**
 * computeCostWithRegularization: cross-entropy + λ/(2m)·(ΣW1² + ΣW2² + ΣW3²).
 * Example: `tsdl.checks.computeCostWithRegularization(computeCostWithRegularization)`.
 */
export function computeCostWithRegularization(fn: unknown, opts: CheckOptions<CostCase> = {}): void {
  runChecks("computeCostWithRegularization", fn, opts.cases ?? costCases(), (c) => {
    const label = `computeCostWithRegularization(A3, Y, parameters, ${c.lambd}) on ${c.what}`;
    const { value } = call(label, () => (fn as Function)(c.A3, c.Y, c.parameters, c.lambd));
    const m = c.Y.shape[1];
    const cross = crossEntropyNansum(c.A3, c.Y);
    const L2 = (c.lambd / (2 * m)) * (sum(square(c.parameters.W1)) + sum(square(c.parameters.W2)) + sum(square(c.parameters.W3)));
    let hint = "the cost is computeCost(A3, Y) + lambd / (2 * m) · (ΣW1² + ΣW2² + ΣW3²)";
    if (typeof value === "number" && Math.abs(value - cross) < 1e-12 && c.lambd !== 0) hint = "that is the cross-entropy alone: add the L2 term";
    else if (typeof value === "number" && Math.abs(value - (cross + 2 * L2)) < 1e-9) hint = "the L2 term is twice too large: it is lambd / (2 * m), not lambd / m";
    expectScalar(label, value, cross + L2, { rtol: 1e-12, hint });
  }, opts);
}

/** One input of the backward passes: X, Y and a cache from a forward pass. */
export interface BackwardCase<C> {
  X: Mat;
  Y: Mat;
  cache: C;
  /** lambd or keepProb */
  h: number;
  what: string;
}

function regBackwardCases(): BackwardCase<Cache>[] {
  const [X, Y, cache] = backwardPropagationWithRegularizationTestCase();
  const rs = new RandomState(2);
  const X2 = rs.randn(2, 6);
  const [, cache2] = forwardPropagation(X2, seededParameters(rs, [2, 4, 3, 1]));
  return [
    { X, Y, cache, h: 0.7, what: "the lab's test case" },
    { X: X2, Y: labels(rs, 6), cache: cache2, h: 0.3, what: "a [2, 4, 3, 1] network, m = 6" },
  ];
}

const GRAD_KEYS = ["dW1", "db1", "dW2", "db2", "dW3", "db3"];

/**
 * backwardPropagationWithRegularization: convention B with dW_l += (λ/m)·W_l.
 * Example: `tsdl.checks.backwardPropagationWithRegularization(backwardPropagationWithRegularization)`.
 */
export function backwardPropagationWithRegularization(fn: unknown, opts: CheckOptions<BackwardCase<Cache>> = {}): void {
  runChecks("backwardPropagationWithRegularization", fn, opts.cases ?? regBackwardCases(), (c) => {
    const label = `backwardPropagationWithRegularization(X, Y, cache, ${c.h}) on ${c.what}`;
    const { value } = call(label, () => (fn as Function)(c.X, c.Y, c.cache, c.h));
    expectKeys(label, value, GRAD_KEYS, "the gradients");
    const want = backwardPropagationB(c.X, c.Y, c.cache);
    const m = c.X.shape[1];
    const W = { dW1: c.cache[2], dW2: c.cache[6], dW3: c.cache[10] } as Record<string, Mat>;
    for (const k of GRAD_KEYS) {
      const expected = k in W ? add(want[k], mul(c.h / m, W[k])) : want[k];
      const hint = k in W ? `${k} = 1/m · dZ·A_prevᵀ + (lambd / m) · ${k.slice(1)}` : `${k} has no regularization term`;
      expectValues(`${label}: ${k}`, value[k], expected, { rtol: 1e-10, atol: 1e-15, hint });
    }
  }, opts);
}

/** One input of forwardPropagationWithDropout. */
export interface DropoutForwardCase {
  X: Mat;
  parameters: Parameters;
  keepProb: number;
  what: string;
}

/** The course's dropout forward pass: seed(1), D1 = rand(A1.shape) < keepProb, A1·D1/keepProb, the same for layer 2. */
export function dropoutForward(X: Mat, p: Parameters, keepProb: number): [Mat, Mat[]] {
  const rs = new RandomState(1);
  const Z1 = addColumn(matmul(p.W1, X), p.b1);
  let A1 = relu(Z1);
  const D1 = less(rs.rand(A1.shape[0], A1.shape[1]), keepProb);
  A1 = div(mul(A1, D1), keepProb);
  const Z2 = addColumn(matmul(p.W2, A1), p.b2);
  let A2 = relu(Z2);
  const D2 = less(rs.rand(A2.shape[0], A2.shape[1]), keepProb);
  A2 = div(mul(A2, D2), keepProb);
  const Z3 = addColumn(matmul(p.W3, A2), p.b3);
  const A3 = sigmoid(Z3);
  return [A3, [Z1, D1, A1, p.W1, p.b1, Z2, D2, A2, p.W2, p.b2, Z3, A3, p.W3, p.b3]];
}

function dropoutForwardCases(): DropoutForwardCase[] {
  const [X, parameters] = forwardPropagationWithDropoutTestCase();
  const rs = new RandomState(4);
  return [
    { X, parameters, keepProb: 0.7, what: "the lab's test case" },
    { X: rs.randn(2, 8), parameters: seededParameters(rs, [2, 5, 3, 1]), keepProb: 0.5, what: "a [2, 5, 3, 1] network, m = 8" },
  ];
}

/**
 * forwardPropagationWithDropout: seed(1) inside; masks D1 then D2 from rand < keepProb; A·D/keepProb.
 * Example: `tsdl.checks.forwardPropagationWithDropout(forwardPropagationWithDropout)`.
 */
export function forwardPropagationWithDropout(fn: unknown, opts: CheckOptions<DropoutForwardCase> = {}): void {
  runChecks("forwardPropagationWithDropout", fn, opts.cases ?? dropoutForwardCases(), (c) => {
    const label = `forwardPropagationWithDropout(X, parameters, ${c.keepProb}) on ${c.what}`;
    const { value } = call(label, () => (fn as Function)(c.X, c.parameters, c.keepProb));
    if (!Array.isArray(value) || value.length !== 2 || !Array.isArray(value[1])) throw new CheckFailed(`${label} should return [A3, cache], got ${Array.isArray(value) ? `an array of length ${value.length}` : typeof value}`);
    const [A3, cache] = value as [unknown, unknown[]];
    if (cache.length !== 14) throw new CheckFailed(`${label}: the cache has ${cache.length} entries, expected 14 (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)`);
    const [wantA3, want] = dropoutForward(c.X, c.parameters, c.keepProb);
    const masks = "draw D1 = tsdl.random.rand(A1.shape[0], A1.shape[1]) right after A1 (after seed(1)), then D2 the same way after A2; keep where D < keepProb";
    expectValues(`${label}: D1 (cache[1])`, cache[1], want[1], { rtol: 0, hint: masks });
    expectValues(`${label}: A1 (cache[2])`, cache[2], want[2], { rtol: 1e-12, hint: "A1 = A1 · D1, then A1 = A1 / keepProb" });
    expectValues(`${label}: D2 (cache[6])`, cache[6], want[6], { rtol: 0, hint: masks });
    expectValues(`${label}: A2 (cache[7])`, cache[7], want[7], { rtol: 1e-12, hint: "A2 = A2 · D2, then A2 = A2 / keepProb" });
    expectValues(`${label}: A3`, A3, wantA3, { rtol: 1e-12 });
  }, opts);
}

/** The course's dropout backward pass (convention B; dA·D/keepProb on both hidden layers). */
export function dropoutBackward(X: Mat, Y: Mat, cache: Mat[], keepProb: number): Record<string, Mat> {
  const m = X.shape[1];
  const [, D1, A1, , , , D2, A2, W2, , , A3, W3] = cache;
  const dZ3 = sub(A3, Y);
  const dW3 = mul(1 / m, matmulTB(dZ3, A2));
  const db3 = mul(1 / m, sum(dZ3, 1, true));
  const dA2 = div(mul(matmulTA(W3, dZ3), D2), keepProb);
  const dZ2 = reluBackward(dA2, A2);
  const dW2 = mul(1 / m, matmulTB(dZ2, A1));
  const db2 = mul(1 / m, sum(dZ2, 1, true));
  const dA1 = div(mul(matmulTA(W2, dZ2), D1), keepProb);
  const dZ1 = reluBackward(dA1, A1);
  const dW1 = mul(1 / m, matmulTB(dZ1, X));
  const db1 = mul(1 / m, sum(dZ1, 1, true));
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

function dropoutBackwardCases(): BackwardCase<Mat[]>[] {
  const [X, Y, cache] = backwardPropagationWithDropoutTestCase();
  const rs = new RandomState(6);
  const X2 = rs.randn(2, 7);
  const [, cache2] = dropoutForward(X2, seededParameters(rs, [2, 5, 3, 1]), 0.6);
  return [
    { X, Y, cache, h: 0.8, what: "the lab's test case" },
    { X: X2, Y: labels(rs, 7), cache: cache2, h: 0.6, what: "a [2, 5, 3, 1] network, m = 7" },
  ];
}

/**
 * backwardPropagationWithDropout: dA2 = dA2·D2/keepProb and dA1 = dA1·D1/keepProb in the plain backward pass.
 * Example: `tsdl.checks.backwardPropagationWithDropout(backwardPropagationWithDropout)`.
 */
export function backwardPropagationWithDropout(fn: unknown, opts: CheckOptions<BackwardCase<Mat[]>> = {}): void {
  runChecks("backwardPropagationWithDropout", fn, opts.cases ?? dropoutBackwardCases(), (c) => {
    const label = `backwardPropagationWithDropout(X, Y, cache, ${c.h}) on ${c.what}`;
    const { value } = call(label, () => (fn as Function)(c.X, c.Y, c.cache, c.h));
    const keys = ["dA2", "dA1", ...GRAD_KEYS];
    expectKeys(label, value, keys, "the gradients");
    const want = dropoutBackward(c.X, c.Y, c.cache, c.h);
    for (const k of keys) {
      const hint = k.startsWith("dA") ? `${k} = ${k} · D${k[2]}, then ${k} = ${k} / keepProb` : undefined;
      expectValues(`${label}: ${k}`, value[k], want[k], { rtol: 1e-10, atol: 1e-15, hint });
    }
  }, opts);
}

