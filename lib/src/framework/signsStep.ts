/**
 * The part of the SIGNS training step both trainers share (tsdlModel.ts's JavaScript step and
 * signsHeap.ts's compiled one): from Z1 = W1·X to dZ1 and the small layers' gradients, on reused
 * arrays. Only W1·X, dZ1·Xᵀ and the Adam update differ between the two.
 */
import { addColumn, matmul, matmulTA, matmulTB, relu, reluBackward, sum, zeros, type Mat } from "../array";
import { softmax } from "../nn/softmax";

/** The arrays of one mini-batch width, reused by every mini-batch of that width (nothing big is allocated per step). */
export interface Workspace {
  Z1: Mat; A1: Mat; Z2: Mat; A2: Mat; Z3: Mat;
  dA1: Mat; dZ1: Mat; dA2: Mat; dZ2: Mat; dW2: Mat; dW3: Mat;
}

/** A workspace for layers [n_x, n1, n2, K] and mini-batches of `width` columns. Example: `workspace([12288, 25, 12, 6], 32)`. */
export function workspace(layers: readonly number[], width: number): Workspace {
  const [, n1, n2, K] = layers;
  const z = (rows: number, cols: number): Mat => zeros([rows, cols]);
  return {
    Z1: z(n1, width), A1: z(n1, width), Z2: z(n2, width), A2: z(n2, width), Z3: z(K, width),
    dA1: z(n1, width), dZ1: z(n1, width), dA2: z(n2, width), dZ2: z(n2, width), dW2: z(n2, n1), dW3: z(K, n2),
  };
}

/** Mean softmax cross-entropy of logits Z (K, m) against one-hot Y (K, m), and dJ/dZ = (softmax(Z) − Y) / m. */
export function costAndGrad(Z: Mat, Y: Mat): [number, Mat] {
  const P = softmax(Z);
  const [K, m] = Z.shape;
  const p = P.data, y = Y.data;
  let cost = 0;
  for (let i = 0; i < K * m; i++) {
    if (y[i] !== 0) cost -= y[i] * Math.log(p[i]);
    p[i] = (p[i] - y[i]) / m;
  }
  return [cost / m, P];
}

/** The small layers' gradients of one step (dW1 is the caller's). */
export interface SmallGrads { db1: Mat; dW2: Mat; db2: Mat; dW3: Mat; db3: Mat }

/**
 * With w.Z1 = W1·X filled in: the rest of the forward pass, the cost against Y, and the backward
 * pass down to w.dZ1 (in place in w); returns the mini-batch cost and the small layers' gradients.
 * `round` is applied to every result as it is made (identity in float64; float32 rounding in the
 * float32 step). Example: `const [cost, g] = hiddenAndOutput(p, w, Yb)`.
 */
export function hiddenAndOutput(p: Record<string, Mat>, w: Workspace, Y: Mat, round: (m: Mat) => Mat = (m) => m): [number, SmallGrads] {
  round(relu(round(addColumn(w.Z1, p.b1, w.Z1)), w.A1));
  round(relu(round(addColumn(round(matmul(p.W2, w.A1, w.Z2)), p.b2, w.Z2)), w.A2));
  round(addColumn(round(matmul(p.W3, w.A2, w.Z3)), p.b3, w.Z3));
  const [cost, dZ3] = costAndGrad(w.Z3, Y);
  round(dZ3);
  round(reluBackward(round(matmulTA(p.W3, dZ3, w.dA2)), w.A2, w.dZ2));
  round(reluBackward(round(matmulTA(p.W2, w.dZ2, w.dA1)), w.A1, w.dZ1));
  return [cost, {
    db1: round(sum(w.dZ1, 1, true)), dW2: round(matmulTB(w.dZ2, w.A1, w.dW2)), db2: round(sum(w.dZ2, 1, true)),
    dW3: round(matmulTB(dZ3, w.A2, w.dW3)), db3: round(sum(dZ3, 1, true)),
  }];
}
