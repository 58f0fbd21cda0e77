/**
 * The course's 3-layer network LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID (init_utils, reg_utils,
 * opt_utils, gc_utils), written operation for operation as the course's numpy code so results
 * keep numpy's bits. Examples are columns: X is (n_x, m), Y is (1, m).
 *
 * Two backward conventions exist in the course and give bit-different results; both are kept:
 * - `backwardPropagationA` (init_utils, opt_utils): dz3 = 1/m·(a3 − Y); dW = dz·a_prevᵀ; db = Σ dz.
 * - `backwardPropagationB` (reg_utils, gradient checking): dZ3 = A3 − Y; dW = 1/m·dZ·A_prevᵀ; db = 1/m·Σ dZ.
 *
 * The functions below are that op-by-op code; for contiguous float64 inputs they run ./fused
 * instead, which computes the same operations in the same order without the per-call overhead of
 * the array helpers (same bits, checked by test/unit/nn.test.ts).
 */
import { addColumn, matmul, matmulTA, matmulTB, mul, relu, reluBackward as reluBackwardArray, sigmoid, sub, sum, type Mat } from "../array";
import { backward3, forward3, update3 } from "./fused";

/** Parameters by name: W1, b1, W2, b2, … (W_l is (n_l, n_{l-1}), b_l is (n_l, 1)). */
export type Parameters = Record<string, Mat>;
/** Gradients by name: dW1, db1, … (and the intermediate dz / da the course returns too). */
export type Grads = Record<string, Mat>;

/** The forward pass's cache, in the course's tuple order (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3). */
export type Cache = [Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat];

/** Parameter by name, with an error naming what is missing. */
export function param(parameters: Parameters, name: string): Mat {
  const p = parameters[name];
  if (!p) throw new Error(`parameters has no "${name}" (has ${Object.keys(parameters).join(", ") || "nothing"})`);
  return p;
}

/** dA · 1[A > 0]: the course's ReLU backward, masked by the post-activation A (np.int64(A > 0)). */
export function reluBackward(dA: Mat, A: Mat): Mat {
  return reluBackwardArray(dA, A);
}

/**
 * LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID. Example: `const [a3, cache] = forwardPropagation(X, parameters)`.
 */
export function forwardPropagation(X: Mat, parameters: Parameters): [Mat, Cache] {
  const W1 = param(parameters, "W1"), b1 = param(parameters, "b1");
  const W2 = param(parameters, "W2"), b2 = param(parameters, "b2");
  const W3 = param(parameters, "W3"), b3 = param(parameters, "b3");
  const fused = forward3(X, W1, b1, W2, b2, W3, b3);
  if (fused) return fused;
  const z1 = addColumn(matmul(W1, X), b1);
  const a1 = relu(z1);
  const z2 = addColumn(matmul(W2, a1), b2);
  const a2 = relu(z2);
  const z3 = addColumn(matmul(W3, a2), b3);
  const a3 = sigmoid(z3);
  return [a3, [z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3]];
}

/** Columns of X: the course's `m = X.shape[1]`. */
function examples(X: Mat): number {
  if (X.shape.length !== 2) throw new Error(`expected X of shape (n_x, m), got (${X.shape.join(",")})`);
  return X.shape[1];
}

/**
 * Backward pass of init_utils / opt_utils (convention A: the 1/m sits on dz3 only).
 * Example: `const grads = backwardPropagationA(X, Y, cache)` → dz3, dW3, db3, da2, …, db1.
 */
export function backwardPropagationA(X: Mat, Y: Mat, cache: Cache): Grads {
  const fused = backward3(X, Y, cache, true);
  if (fused) return fused;
  const m = examples(X);
  const [, a1, , , , a2, W2, , , a3, W3] = cache;
  const dz3 = mul(1 / m, sub(a3, Y));
  const dW3 = matmulTB(dz3, a2);
  const db3 = sum(dz3, 1, true);
  const da2 = matmulTA(W3, dz3);
  const dz2 = reluBackward(da2, a2);
  const dW2 = matmulTB(dz2, a1);
  const db2 = sum(dz2, 1, true);
  const da1 = matmulTA(W2, dz2);
  const dz1 = reluBackward(da1, a1);
  const dW1 = matmulTB(dz1, X);
  const db1 = sum(dz1, 1, true);
  return { dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1 };
}

/**
 * Backward pass of reg_utils (convention B: dZ3 = A3 − Y, the 1/m on every dW and db).
 * Example: `const grads = backwardPropagationB(X, Y, cache)` → dZ3, dW3, db3, dA2, …, db1.
 */
export function backwardPropagationB(X: Mat, Y: Mat, cache: Cache): Grads {
  const fused = backward3(X, Y, cache, false);
  if (fused) return fused;
  const m = examples(X);
  const [, A1, , , , A2, W2, , , A3, W3] = cache;
  const dZ3 = sub(A3, Y);
  const dW3 = mul(1 / m, matmulTB(dZ3, A2));
  const db3 = mul(1 / m, sum(dZ3, 1, true));
  const dA2 = matmulTA(W3, dZ3);
  const dZ2 = reluBackward(dA2, A2);
  const dW2 = mul(1 / m, matmulTB(dZ2, A1));
  const db2 = mul(1 / m, sum(dZ2, 1, true));
  const dA1 = matmulTA(W2, dZ2);
  const dZ1 = reluBackward(dA1, A1);
  const dW1 = mul(1 / m, matmulTB(dZ1, X));
  const db1 = mul(1 / m, sum(dZ1, 1, true));
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

/**
 * One gradient-descent step for l = 1…L (L = number of W's): W = W − lr·dW, b = b − lr·db.
 * Returns a new dictionary. Example: `parameters = updateParameters(parameters, grads, 0.01)`.
 */
export function updateParameters(parameters: Parameters, grads: Grads, learningRate: number): Parameters {
  const fused = update3(parameters, grads, learningRate);
  if (fused) return fused;
  const L = Math.floor(Object.keys(parameters).length / 2);
  const next: Parameters = { ...parameters };
  for (let l = 1; l <= L; l++) {
    for (const p of ["W", "b"]) {
      const g = grads[`d${p}${l}`];
      if (!g) throw new Error(`updateParameters: grads has no "d${p}${l}"`);
      next[`${p}${l}`] = sub(param(parameters, `${p}${l}`), mul(learningRate, g));
    }
  }
  return next;
}
