/**
 * The SIGNS training step with its big arrays kept in a WebAssembly memory of their own (an instance
 * of the compiled kernels, ../kernels/gemm.as.ts): the epoch's mini-batches, all parameters, their
 * gradients and Adam's v and s. W1·X, dZ1·Xᵀ and the Adam update run there in place — nothing of
 * W1's 307k elements or of a 12288-row mini-batch is copied per step, and Adam runs a vector at a
 * time. The small layers run in JavaScript (signsStep.ts) on float64 copies of the few hundred
 * numbers they need.
 *
 * float64: the operations, order and bits of tsdlModel.ts's JavaScript step (a test compares them).
 * float32: the mini-batches, parameters, gradients and Adam's state are float32, W1·X, dZ1·Xᵀ and
 * Adam run in float32 arithmetic; the small layers compute each result in float64 from float32
 * values and round it to float32 (elementwise results are then exactly float32 arithmetic's; the
 * small products' sums and exp/log are more accurate than float32 loops).
 */
import { zeros, type Mat } from "../array";
import { gatherColumnBatches, gatherColumnBatchesHeap, HEAP_GATHER_ROWS } from "../kernels/gather";
import { newWasmHeap } from "../kernels/wasmGemm";
import { power } from "../nn/optimizers";
import { hiddenAndOutput, workspace, type Workspace } from "./signsStep";

/** Inner-size rows per call of W1·X, so a panel of the mini-batch stays in cache while W1's rows pass. */
const PANEL = 256;
const NAMES = ["W1", "b1", "W2", "b2", "W3", "b3"] as const;

/** One epoch's work on the heap; see the head comment. */
export interface HeapStep {
  /** Loads the parameters, runs every mini-batch of the epoch (perm: the epoch's column order), stores the parameters; returns the sum of mini-batch costs / divisor. */
  epoch(X: Float64Array, Y: Float64Array, m: number, perm: Int32Array, divisor: number): number;
}

/** Rounds a float64 array's elements to float32 in place. */
function roundF32(m: Mat): Mat {
  const d = m.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.fround(d[i]);
  return m;
}

/**
 * A heap step for these parameters (layers from their shapes, each a contiguous float64 array,
 * updated at the end of every epoch), mini-batch size and element type, or null without the compiled module.
 */
export function newHeapStep(parameters: Record<string, Mat>, learningRate: number, minibatchSize: number,
  dtype: "float64" | "float32"): HeapStep | null {
  const heap = newWasmHeap();
  if (heap === null) return null;
  const E = dtype === "float32" ? 4 : 8; // bytes per element in the heap
  const f = heap.fns;
  const [gemm, adam] = E === 4 ? [f.gemm32, f.adam32] : [f.gemm, f.adam];
  const round = E === 4 ? roundF32 : (m: Mat) => m;
  const p = parameters;
  const layers = [p.W1.shape[1], p.W1.shape[0], p.W2.shape[0], p.W3.shape[0]];
  const [nx, n1, , K] = layers;
  const sizeOf = (name: string): number => p[name].shape[0] * p[name].shape[1];
  const view = (): Float64Array | Float32Array => (E === 4 ? heap.view32() : heap.view());
  const at = (off: number): number => heap.addr(off, E);
  const small = Object.fromEntries(NAMES.map((n) => [n, zeros(p[n].shape)])); // float64 copies for the small layers
  const spaces = new Map<number, Workspace>();

  // heap layout (elements of E bytes): per parameter the value, gradient, v and s (offsets that never
  // change, so Adam's state survives a new m); then, per m, the scratch and the mini-batches
  let next = 0;
  const place = (n: number): number => {
    const off = next;
    next += n + ((4 - (n % 4)) % 4); // 16-byte alignment for either element size
    return off;
  };
  const slot: Record<string, number> = {};
  for (const n of NAMES) for (const prefix of ["", "d", "v", "s"]) slot[prefix + n] = place(sizeOf(n));
  const fixedEnd = next;
  let layoutM = -1, z1At = 0, tAt = 0, rowAt = 0, idxAt = 0, xAt = 0;
  let batchesY: Mat[] = [];

  const layout = (m: number): void => {
    next = fixedEnd;
    z1At = place(n1 * minibatchSize);
    tAt = place(minibatchSize * n1);
    rowAt = place(HEAP_GATHER_ROWS * Math.max(m, 1));
    idxAt = place(Math.ceil((m * 4) / E)); // m int32
    xAt = place(nx * m); // the mini-batches one right after another, as gatherColumnBatchesHeap stores them
    heap.reserve(next, E);
    batchesY = Array.from({ length: Math.ceil(m / minibatchSize) }, (_, k) => zeros([K, Math.min(minibatchSize, m - k * minibatchSize)]));
    layoutM = m;
  };

  let t = 0;
  const step = (xOff: number, w: number, Y: Mat): number => {
    const H = view();
    let ws = spaces.get(w);
    if (ws === undefined) spaces.set(w, (ws = workspace(layers, w)));
    // Z1 = W1·X in panels of PANEL inner rows, accumulated in Z1
    for (let p0 = 0; p0 < nx; p0 += PANEL) {
      gemm(at(z1At), at(slot.W1 + p0), at(xOff + p0 * w), n1, Math.min(PANEL, nx - p0), w, nx, 1, w, w, 1, p0 > 0 ? 1 : 0);
    }
    ws.Z1.data.set(H.subarray(z1At, z1At + n1 * w));
    const [cost, g] = hiddenAndOutput(small, ws, Y, round);
    // dW1 = dZ1·Xᵀ as (X·dZ1ᵀ)ᵀ: rows of X against the small dZ1ᵀ, each result written down a column of dW1
    const dz = ws.dZ1.data;
    for (let i = 0; i < n1; i++) for (let j = 0; j < w; j++) H[tAt + j * n1 + i] = dz[i * w + j];
    gemm(at(slot.dW1), at(xOff), at(tAt), nx, w, n1, w, 1, n1, 1, nx, 0);
    for (const [name, grad] of [["b1", g.db1], ["W2", g.dW2], ["b2", g.db2], ["W3", g.dW3], ["b3", g.db3]] as const) H.set(grad.data, slot["d" + name]);
    // Adam (β₁ 0.9, β₂ 0.999, ε 1e-8), the update of nn's adamStep, on every parameter
    t += 1;
    const corr1 = 1 - power(0.9, t), corr2 = 1 - power(0.999, t);
    for (const name of NAMES) {
      adam(at(slot[name]), at(slot["d" + name]), at(slot["v" + name]), at(slot["s" + name]), sizeOf(name), learningRate, 0.9, 0.999,
        1 - 0.9, 1 - 0.999, corr1, corr2, 1e-8);
    }
    for (const name of NAMES) if (name !== "W1") small[name].data.set(H.subarray(slot[name], slot[name] + sizeOf(name)));
    return cost;
  };

  return {
    epoch(X: Float64Array, Y: Float64Array, m: number, perm: Int32Array, divisor: number): number {
      if (layoutM !== m) layout(m);
      const H = view();
      for (const name of NAMES) {
        H.set(p[name].data, slot[name]); // rounded to float32 in float32
        if (name !== "W1") small[name].data.set(H.subarray(slot[name], slot[name] + sizeOf(name)));
      }
      gatherColumnBatchesHeap(heap, xAt, rowAt, idxAt, X, nx, m, perm, minibatchSize, E);
      gatherColumnBatches(batchesY.map((y) => y.data), Y, K, m, perm, minibatchSize);
      let total = 0;
      for (let k = 0, off = xAt; k < batchesY.length; off += nx * batchesY[k].shape[1], k++) {
        total += step(off, batchesY[k].shape[1], batchesY[k]) / divisor;
      }
      const V = view();
      for (const name of NAMES) p[name].data.set(V.subarray(slot[name], slot[name] + sizeOf(name)));
      return total;
    },
  };
}
