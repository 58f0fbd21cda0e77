/**
 * Allocation-light forward pass, cost, backward passes and update of the course's 3-layer network,
 * behind nn's public functions. Each computes exactly the floating-point operations of the op-by-op
 * code in threeLayer.ts / cost.ts, in the same order (so the same bits; test/unit/nn.test.ts checks
 * it), but allocates one block for all its results and calls the kernels directly: the op-by-op path
 * costs ~1 µs of checks and allocation per array helper call, more than the arithmetic of the labs'
 * small layers. Each returns null when its inputs are not contiguous row-major float64 arrays whose
 * shapes chain; the caller then takes the op-by-op path, which also gives the usual error messages.
 */
import { getMatmulMode, type Mat } from "../array";
import * as K from "../kernels";
import { wrap2 } from "../views";

type Cache = [Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat];

/** A's elements when A is a contiguous row-major float64 array of shape (rows, cols), else null. */
function data2(A: Mat | undefined, rows: number, cols: number): Float64Array | null {
  if (A === undefined || A === null || A.shape.length !== 2 || A.shape[0] !== rows || A.shape[1] !== cols) return null;
  const d = A.data;
  if (!(d instanceof Float64Array)) return null;
  if (!((cols === 1 || A.stride[1] === 1) && (rows === 1 || A.stride[0] === cols))) return null;
  const size = rows * cols;
  return A.offset === 0 && d.length === size ? d : d.subarray(A.offset, A.offset + size);
}

/** Consecutive (rows, cols) arrays cut from one new block. */
class Block {
  readonly buf: Float64Array;
  private at = 0;
  constructor(size: number) {
    this.buf = K.newF64(size);
  }
  take(rows: number, cols: number): [Mat, Float64Array] {
    const d = this.buf.subarray(this.at, this.at + rows * cols);
    this.at += rows * cols;
    return [wrap2(d, rows, cols), d];
  }
}

type Gemm = (C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number) => void;

/** The gemm kernels matmul / matmulTA / matmulTB use in the current matmul mode. */
function gemms(): [Gemm, Gemm, Gemm] {
  return getMatmulMode() === "fma" ? [K.gemmNNFma, K.gemmTNFma, K.gemmNTFma] : [K.gemmNN, K.gemmTN, K.gemmNT];
}

/**
 * threeLayer's forwardPropagation: z = W·a_prev + b, relu, relu, sigmoid. Example:
 * `forward3(X, W1, b1, W2, b2, W3, b3)` → [a3, cache] or null.
 */
export function forward3(X: Mat, W1: Mat, b1: Mat, W2: Mat, b2: Mat, W3: Mat, b3: Mat): [Mat, Cache] | null {
  if (X.shape.length !== 2 || W1.shape.length !== 2 || W2.shape.length !== 2 || W3.shape.length !== 2) return null;
  const [n0, m] = X.shape;
  const n1 = W1.shape[0], n2 = W2.shape[0], n3 = W3.shape[0];
  const x = data2(X, n0, m), w1 = data2(W1, n1, n0), c1 = data2(b1, n1, 1);
  const w2 = data2(W2, n2, n1), c2 = data2(b2, n2, 1), w3 = data2(W3, n3, n2), c3 = data2(b3, n3, 1);
  if (!x || !w1 || !c1 || !w2 || !c2 || !w3 || !c3) return null;
  const block = new Block(2 * m * (n1 + n2 + n3));
  const [z1, z1d] = block.take(n1, m), [a1, a1d] = block.take(n1, m);
  const [z2, z2d] = block.take(n2, m), [a2, a2d] = block.take(n2, m);
  const [z3, z3d] = block.take(n3, m), [a3, a3d] = block.take(n3, m);
  const S = getMatmulMode() === "fast" ? K.simdHeap() : null;
  if (S !== null) {
    // everything up to z3 in the SIMD module's memory, laid out like the block, then one copy out
    const at = offsets([n0 * m, n1 * n0, n1, n2 * n1, n2, n3 * n2, n3, 2 * m * (n1 + n2) + n3 * m]);
    const [oX, oW1, oB1, oW2, oB2, oW3, oB3, oZ1] = at;
    const oA1 = oZ1 + n1 * m, oZ2 = oA1 + n1 * m, oA2 = oZ2 + n2 * m, oZ3 = oA2 + n2 * m;
    const H = S.heap(at[at.length - 1]);
    H.set(x, oX); H.set(w1, oW1); H.set(c1, oB1); H.set(w2, oW2); H.set(c2, oB2); H.set(w3, oW3); H.set(c3, oB3);
    S.gemm(oZ1, oW1, oX, n1, n0, m, n0, 1, m, m, 1, false);
    S.biasAct(oZ1, oA1, oB1, n1, m, true);
    S.gemm(oZ2, oW2, oA1, n2, n1, m, n1, 1, m, m, 1, false);
    S.biasAct(oZ2, oA2, oB2, n2, m, true);
    S.gemm(oZ3, oW3, oA2, n3, n2, m, n2, 1, m, m, 1, false);
    S.biasAct(oZ3, oZ3, oB3, n3, m, false);
    block.buf.set(H.subarray(oZ1, oZ3 + n3 * m)); // z1, a1, z2, a2, z3: the block's first five arrays
    K.sigmoidInto(a3d, z3d, n3 * m);
  } else {
    const [gemmNN] = gemms();
    gemmNN(z1d, w1, x, n1, n0, m);
    K.addColumnReluInto(z1d, a1d, c1, n1, m);
    gemmNN(z2d, w2, a1d, n2, n1, m);
    K.addColumnReluInto(z2d, a2d, c2, n2, m);
    gemmNN(z3d, w3, a2d, n3, n2, m);
    K.addColumnSigmoidInto(z3d, a3d, c3, n3, m);
  }
  return [a3, [z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3]];
}

/** Start offsets of consecutive regions of the given sizes, and the end: `offsets([2, 3])` → [0, 2, 5]. */
function offsets(sizes: number[]): number[] {
  const at = [0];
  for (const s of sizes) at.push(at[at.length - 1] + s);
  return at;
}

/**
 * C (m,n) = A (m,k) · B (n,k)ᵀ inside the SIMD module's memory (offsets in doubles), the smaller
 * operand transposed into the scratch region t (k · min(m, n) doubles) so that SIMD lanes run along rows.
 */
function gemmNTHeap(S: K.SimdHeap, c: number, a: number, b: number, m: number, k: number, n: number, t: number): void {
  if (m <= n) {
    S.transpose(t, a, m, k); // Aᵀ (k, m); C[i,j] = Σ_p B[j,p]·Aᵀ[p,i], row j of B at a time, written transposed
    S.gemm(c, b, t, n, k, m, k, 1, m, 1, n, false);
  } else {
    S.transpose(t, b, n, k);
    S.gemm(c, a, t, m, k, n, k, 1, n, n, 1, false);
  }
}

/** cost.ts's crossEntropyNansum: 1/m · nansum(logprobs). Example: `crossEntropyNansum3(a3, Y)` → a number or null. */
export function crossEntropyNansum3(a3: Mat, Y: Mat): number | null {
  if (a3.shape.length !== 2) return null;
  const [r, m] = a3.shape;
  const a = data2(a3, r, m), y = data2(Y, r, m);
  if (!a || !y) return null;
  return (1 / m) * K.crossEntropyNansumOf(a, y, r * m);
}

/**
 * threeLayer's backward passes: convention A (`conventionA`: dz3 = 1/m·(a3 − Y), dW = dz·a_prevᵀ,
 * db = Σ dz) or B (dZ3 = A3 − Y, dW = 1/m·(dZ·A_prevᵀ), db = 1/m·Σ dZ). Returns the gradients in the
 * course's order with A's or B's names, or null. Example: `backward3(X, Y, cache, true)`.
 */
export function backward3(X: Mat, Y: Mat, cache: Cache, conventionA: boolean): Record<string, Mat> | null {
  const [, A1, , , , A2, W2, , , A3, W3] = cache;
  if (X.shape.length !== 2 || !A1 || !A2 || !A3 || A1.shape.length !== 2 || A2.shape.length !== 2 || A3.shape.length !== 2) return null;
  const [n0, m] = X.shape;
  const n1 = A1.shape[0], n2 = A2.shape[0], n3 = A3.shape[0];
  const x = data2(X, n0, m), y = data2(Y, n3, m), a1 = data2(A1, n1, m), a2 = data2(A2, n2, m), a3 = data2(A3, n3, m);
  const w2 = data2(W2, n2, n1), w3 = data2(W3, n3, n2);
  if (!x || !y || !a1 || !a2 || !a3 || !w2 || !w3) return null;
  const s = 1 / m;
  const outSize = m * (n3 + 2 * n2 + 2 * n1) + n3 * (n2 + 1) + n2 * (n1 + 1) + n1 * (n0 + 1);
  const block = new Block(outSize);
  const [dZ3, dz3] = block.take(n3, m), [dW3, dw3] = block.take(n3, n2), [db3, db3d] = block.take(n3, 1);
  const [dA2, da2] = block.take(n2, m), [dZ2, dz2] = block.take(n2, m), [dW2, dw2] = block.take(n2, n1), [db2, db2d] = block.take(n2, 1);
  const [dA1, da1] = block.take(n1, m), [dZ1, dz1] = block.take(n1, m), [dW1, dw1] = block.take(n1, n0), [db1, db1d] = block.take(n1, 1);
  const S = getMatmulMode() === "fast" ? K.simdHeap() : null;
  if (S !== null) {
    // inputs, a transpose scratch and the results (laid out like the block) in the SIMD module's memory
    const at = offsets([n0 * m, n3 * m, n1 * m, n2 * m, n3 * m, n2 * n1, n3 * n2, m * Math.max(n0, n1, n2, n3), outSize]);
    const [oX, oY, oA1, oA2, oA3, oW2, oW3, oT, out] = at;
    // the results in the block's order (dz3, dW3, db3, da2, …), as offsets from `out`
    const oDz3 = out, oDw3 = oDz3 + n3 * m, oDb3 = oDw3 + n3 * n2, oDa2 = oDb3 + n3, oDz2 = oDa2 + n2 * m;
    const oDw2 = oDz2 + n2 * m, oDb2 = oDw2 + n2 * n1, oDa1 = oDb2 + n2, oDz1 = oDa1 + n1 * m, oDw1 = oDz1 + n1 * m, oDb1 = oDw1 + n1 * n0;
    const H = S.heap(at[at.length - 1]);
    H.set(x, oX); H.set(y, oY); H.set(a1, oA1); H.set(a2, oA2); H.set(a3, oA3); H.set(w2, oW2); H.set(w3, oW3);
    for (let i = 0; i < n3 * m; i++) H[oDz3 + i] = conventionA ? (H[oA3 + i] - H[oY + i]) * s : H[oA3 + i] - H[oY + i];
    gemmNTHeap(S, oDw3, oDz3, oA2, n3, m, n2, oT);
    S.rowSums(oDb3, oDz3, n3, m);
    S.gemm(oDa2, oW3, oDz3, n2, n3, m, 1, n2, m, m, 1, false);
    S.reluBackward(oDz2, oDa2, oA2, n2 * m);
    gemmNTHeap(S, oDw2, oDz2, oA1, n2, m, n1, oT);
    S.rowSums(oDb2, oDz2, n2, m);
    S.gemm(oDa1, oW2, oDz2, n1, n2, m, 1, n1, m, m, 1, false);
    S.reluBackward(oDz1, oDa1, oA1, n1 * m);
    gemmNTHeap(S, oDw1, oDz1, oX, n1, m, n0, oT);
    S.rowSums(oDb1, oDz1, n1, m);
    block.buf.set(H.subarray(out, out + outSize));
  } else {
    const [, gemmTN, gemmNT] = gemms();
    K.subInto(dz3, a3, y, n3 * m);
    if (conventionA) K.mulScalarInto(dz3, dz3, s, n3 * m);
    gemmNT(dw3, dz3, a2, n3, m, n2);
    K.sumAxis(db3d, dz3, n3, m, 1, false);
    gemmTN(da2, w3, dz3, n2, n3, m);
    K.reluBackwardInto(dz2, da2, a2, n2 * m);
    gemmNT(dw2, dz2, a1, n2, m, n1);
    K.sumAxis(db2d, dz2, n2, m, 1, false);
    gemmTN(da1, w2, dz2, n1, n2, m);
    K.reluBackwardInto(dz1, da1, a1, n1 * m);
    gemmNT(dw1, dz1, x, n1, m, n0);
    K.sumAxis(db1d, dz1, n1, m, 1, false);
  }
  if (conventionA) {
    return { dz3: dZ3, dW3, db3, da2: dA2, dz2: dZ2, dW2, db2, da1: dA1, dz1: dZ1, dW1, db1 };
  }
  for (const g of [dw3, db3d, dw2, db2d, dw1, db1d]) K.mulScalarInto(g, g, s, g.length);
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

/**
 * threeLayer's updateParameters: W_l − lr·dW_l and b_l − lr·db_l (as W − (dW·lr)) for l = 1…L,
 * into one new block. Returns the new dictionary, or null. Example: `update3(parameters, grads, 0.01)`.
 */
export function update3(parameters: Record<string, Mat>, grads: Record<string, Mat>, learningRate: number): Record<string, Mat> | null {
  const names = layerNames(parameters);
  let total = 0;
  for (let i = 0; i < names.length; i += 2) {
    const w = parameters[names[i]], g = grads[names[i + 1]];
    if (!w || !g || w.shape.length !== 2) return null;
    const r = w.shape[0], c = w.shape[1];
    if (!data2(w, r, c) || !data2(g, r, c)) return null;
    total += r * c;
  }
  const buf = K.newF64(total);
  const next: Record<string, Mat> = { ...parameters };
  let at = 0;
  for (let i = 0; i < names.length; i += 2) {
    const w = parameters[names[i]];
    const r = w.shape[0], c = w.shape[1], n = r * c;
    const o = buf.subarray(at, at + n);
    at += n;
    K.subScaledInto(o, data2(w, r, c)!, data2(grads[names[i + 1]], r, c)!, learningRate, n);
    next[names[i]] = wrap2(o, r, c);
  }
  return next;
}

const namesByL: string[][] = [];

/** ["W1", "dW1", "b1", "db1", …, "bL", "dbL"] for L = half the parameters' count, built once per L. */
function layerNames(parameters: Record<string, Mat>): string[] {
  let count = 0;
  for (const _ in parameters) count++; // for-in: no keys array per call
  const L = count >> 1;
  let names = namesByL[L];
  if (names === undefined) {
    names = [];
    for (let l = 1; l <= L; l++) names.push("W" + l, "dW" + l, "b" + l, "db" + l);
    namesByL[L] = names;
  }
  return names;
}
