/**
 * Checks of the gradient-checking lab's graded functions. The 1-D ones on several (x, θ); the
 * gradient checks against the course's recipe, computed here with the same array operations as
 * the lab's given code, so a correct implementation gives the very same bits. Where a difference
 * is cancellation noise (a correct backward pass: ~1e-7), it is compared to 5 % only.
 */
import { addColumn, copy, fromData, matmul, matmulTA, matmulTB, mul, norm, relu, sigmoid, sub, sum, zeros, type Mat } from "../array";
import { dictionaryToVector, gradientCheckNTestCase, gradientsToVector, vectorToDictionary, type Gradients } from "../course/gcUtils";
import { logprobs, reluBackward, type Cache, type Parameters } from "../nn";
import { RandomState } from "../random";
import { call, CheckFailed, expectScalar, runChecks, type CheckOptions } from "./core";

/** One (x, θ) of the 1-D model J = θx. */
export interface OneD {
  x: number;
  theta: number;
  epsilon?: number;
}

const ONE_D: OneD[] = [{ x: 2, theta: 4 }, { x: 3, theta: -1.5 }, { x: 0.5, theta: 10 }, { x: -2, theta: 0.25, epsilon: 1e-4 }];

/**
 * forwardPropagation (1-D): J = θ·x.
 * Example: `tsdl.checks.forwardPropagation(forwardPropagation)`.
 */
export function forwardPropagation(fn: unknown, opts: CheckOptions<OneD> = {}): void {
  runChecks("forwardPropagation", fn, opts.cases ?? ONE_D, ({ x, theta }) => {
    const label = `forwardPropagation(${x}, ${theta})`;
    const { value } = call(label, () => (fn as Function)(x, theta));
    expectScalar(label, value, theta * x, { rtol: 0, hint: "J = theta · x" });
  }, opts);
}

/**
 * backwardPropagation (1-D): dθ = ∂(θx)/∂θ = x.
 * Example: `tsdl.checks.backwardPropagation(backwardPropagation)`.
 */
export function backwardPropagation(fn: unknown, opts: CheckOptions<OneD> = {}): void {
  runChecks("backwardPropagation", fn, opts.cases ?? ONE_D, ({ x, theta }) => {
    const label = `backwardPropagation(${x}, ${theta})`;
    const { value } = call(label, () => (fn as Function)(x, theta));
    let hint = "the derivative of theta · x with respect to theta is x";
    if (value === theta) hint = "that is theta: the derivative of theta · x with respect to theta is x";
    expectScalar(label, value, x, { rtol: 0, hint });
  }, opts);
}

/** The course's 1-D gradient check, step by step: the relative difference of formula (2). */
export function gradientCheck1D(x: number, theta: number, epsilon = 1e-7): number {
  const gradapprox = ((theta + epsilon) * x - (theta - epsilon) * x) / (2 * epsilon);
  const grad = x;
  return Math.abs(grad - gradapprox) / (Math.abs(grad) + Math.abs(gradapprox));
}

/** Fails unless the printed verdict is the one the difference calls for. */
function expectVerdict(label: string, printed: string, right: string, wrong: string, ok: boolean): void {
  const want = ok ? right : wrong;
  if (!printed.includes(want)) throw new CheckFailed(`${label} should print "${want}", it printed ${JSON.stringify(printed.trim()) || "nothing"}`);
}

/**
 * gradientCheck (1-D): returns ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖) and prints the verdict.
 * Example: `tsdl.checks.gradientCheck(gradientCheck)`.
 */
export function gradientCheck(fn: unknown, opts: CheckOptions<OneD> = {}): void {
  runChecks("gradientCheck", fn, opts.cases ?? ONE_D, ({ x, theta, epsilon }) => {
    const label = `gradientCheck(${x}, ${theta}${epsilon === undefined ? "" : `, ${epsilon}`})`;
    const { value, printed } = call(label, () => (epsilon === undefined ? (fn as Function)(x, theta) : (fn as Function)(x, theta, epsilon)));
    const want = gradientCheck1D(x, theta, epsilon);
    // differences of ~1e-10 are rounding noise: the same steps give the same bits, other valid orders 1e-5 apart
    expectScalar(label, value, want, {
      rtol: 1e-5, atol: 1e-18,
      hint: "gradapprox = (J(θ+ε) − J(θ−ε)) / (2ε) with J from forwardPropagation; difference = |grad − gradapprox| / (|grad| + |gradapprox|)",
    });
    expectVerdict(label, printed, "The gradient is correct!", "The gradient is wrong!", want < 1e-7);
  }, opts);
}

/** forward_propagation_n: the 3-layer forward pass and 1/m · Σ logprobs, with the lab's own operations. */
export function forwardPropagationN(X: Mat, Y: Mat, p: Parameters): [number, Cache] {
  const m = X.shape[1];
  const Z1 = addColumn(matmul(p.W1, X), p.b1);
  const A1 = relu(Z1);
  const Z2 = addColumn(matmul(p.W2, A1), p.b2);
  const A2 = relu(Z2);
  const Z3 = addColumn(matmul(p.W3, A2), p.b3);
  const A3 = sigmoid(Z3);
  const cost = (1 / m) * sum(logprobs(A3, Y));
  return [cost, [Z1, A1, p.W1, p.b1, Z2, A2, p.W2, p.b2, Z3, A3, p.W3, p.b3]];
}

/** The lab's backward pass (convention B); `bugs` puts the course's deliberate mistakes back (dW2 ×2, db1 ×4). */
export function backwardPropagationN(X: Mat, Y: Mat, cache: Cache, bugs: { dW2x2?: boolean; db1x4?: boolean } = {}): Gradients {
  const m = X.shape[1];
  const [, A1, , , , A2, W2, , , A3, W3] = cache;
  const dZ3 = sub(A3, Y);
  const dW3 = mul(1 / m, matmulTB(dZ3, A2));
  const db3 = mul(1 / m, sum(dZ3, 1, true));
  const dA2 = matmulTA(W3, dZ3);
  const dZ2 = reluBackward(dA2, A2);
  const dW2 = bugs.dW2x2 ? mul(mul(1 / m, matmulTB(dZ2, A1)), 2) : mul(1 / m, matmulTB(dZ2, A1));
  const db2 = mul(1 / m, sum(dZ2, 1, true));
  const dA1 = matmulTA(W2, dZ2);
  const dZ1 = reluBackward(dA1, A1);
  const dW1 = mul(1 / m, matmulTB(dZ1, X));
  const db1 = mul((bugs.db1x4 ? 4 : 1) / m, sum(dZ1, 1, true));
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

/** The course's N-D gradient check of `gradients` at `parameters` (formula (3)), with ε = `epsilon`. */
export function gradientCheckNReference(parameters: Parameters, gradients: Gradients, X: Mat, Y: Mat, epsilon = 1e-7): number {
  const [theta] = dictionaryToVector(parameters);
  const grad = gradientsToVector(gradients);
  const n = theta.shape[0];
  const gradapprox = zeros([n, 1]);
  for (let i = 0; i < n; i++) {
    const plus = copy(theta);
    plus.set(i, 0, plus.get(i, 0) + epsilon);
    const minus = copy(theta);
    minus.set(i, 0, minus.get(i, 0) - epsilon);
    const Jp = forwardPropagationN(X, Y, vectorToDictionary(plus))[0];
    const Jm = forwardPropagationN(X, Y, vectorToDictionary(minus))[0];
    gradapprox.set(i, 0, (Jp - Jm) / (2 * epsilon));
  }
  return norm(sub(grad, gradapprox)) / (norm(grad) + norm(gradapprox));
}

/** One input of gradientCheckN. */
export interface NDCase {
  parameters: Parameters;
  gradients: Gradients;
  X: Mat;
  Y: Mat;
  what: string;
}

function ndCases(): NDCase[] {
  const [X, Y, parameters] = gradientCheckNTestCase();
  const [, cache] = forwardPropagationN(X, Y, parameters);
  const rs = new RandomState(2);
  const X2 = rs.randn(4, 5);
  const Yrow = fromData(new Float64Array([1, 0, 1, 0, 1]), [1, 5]);
  const p2: Parameters = {};
  for (const [k, r, c] of [["W1", 5, 4], ["b1", 5, 1], ["W2", 3, 5], ["b2", 3, 1], ["W3", 1, 3], ["b3", 1, 1]] as const) p2[k] = rs.randn(r, c);
  const [, cache2] = forwardPropagationN(X2, Yrow, p2);
  return [
    { parameters, gradients: backwardPropagationN(X, Y, cache, { dW2x2: true, db1x4: true }), X, Y, what: "the lab's test case with the course's buggy backward pass" },
    { parameters, gradients: backwardPropagationN(X, Y, cache), X, Y, what: "the lab's test case with the fixed backward pass" },
    { parameters: p2, gradients: backwardPropagationN(X2, Yrow, cache2, { dW2x2: true }), X: X2, Y: Yrow, what: "another network (seed 2, m = 5) with dW2 doubled" },
  ];
}

/**
 * gradientCheckN: the two-sided difference of forwardPropagationN for each of the 47 parameters,
 * compared with the gradients by formula (3); prints the verdict (threshold 2e-7), returns the difference.
 * Example: `tsdl.checks.gradientCheckN(gradientCheckN)`.
 */
export function gradientCheckN(fn: unknown, opts: CheckOptions<NDCase> = {}): void {
  runChecks("gradientCheckN", fn, opts.cases ?? ndCases(), (c) => {
    const label = `gradientCheckN(parameters, gradients, X, Y) on ${c.what}`;
    const { value, printed } = call(label, () => (fn as Function)(c.parameters, c.gradients, c.X, c.Y));
    const want = gradientCheckNReference(c.parameters, c.gradients, c.X, c.Y);
    const noise = want < 1e-6;
    expectScalar(label, value, want, {
      rtol: noise ? 5e-2 : 1e-6,
      hint: "for each i: J_plus[i] and J_minus[i] from forwardPropagationN on theta with entry i moved by ±epsilon, gradapprox[i] = (J_plus[i] − J_minus[i]) / (2 · epsilon); then formula (3) with tsdl.norm",
    });
    expectVerdict(label, printed, "works perfectly fine", "There is a mistake in the backward propagation", want <= 2e-7);
  }, opts);
}
