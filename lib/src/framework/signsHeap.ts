/**
 * The SIGNS training step with its big arrays kept in a WebAssembly memory of their own (an instance
 * of the compiled kernels, ../kernels/gemm.as.ts): the epoch's mini-batches, all parameters, their
 * gradients and Adam's v and s. W1·X, dZ1·Xᵀ and the Adam update then run on them in place —
 * nothing of W1's 307k elements or of a 12288-row mini-batch is copied per step, and Adam runs two
 * lanes at a time. The small layers run in JavaScript on views of the same memory.
 *
 * Same operations, order and bits as the JavaScript step in tsdlModel.ts (a test compares the two);
 * tsdlModel.ts uses this one when the compiled module is built.
 */
import { addColumn, fromData, matmul, matmulTA, matmulTB, relu, reluBackward, sum, type Mat } from "../array";
import { gatherColumnBatchesHeap } from "../kernels/gather";
import { newWasmHeap } from "../kernels/wasmGemm";
import { power } from "../nn/optimizers";

/** Inner-size rows per call of W1·X, so a panel of the mini-batch stays in cache while W1's rows pass. */
const PANEL = 256;
const NAMES = ["W1", "b1", "W2", "b2", "W3", "b3"] as const;

/** An array in the heap: its offset (doubles) and its view as a Mat (rebuilt when the memory grows). */
interface Slot { off: number; shape: [number, number]; mat: Mat }

/** One epoch's work on the heap; see the head comment. */
export interface HeapStep {
  /** Loads the parameters, runs every mini-batch of the epoch (perm: the epoch's column order), stores the parameters; returns the sum of mini-batch costs / divisor. */
  epoch(X: Float64Array, Y: Float64Array, m: number, perm: Int32Array, divisor: number): number;
}

/**
 * A heap step for these parameters (layers from their shapes, each a contiguous float64 array,
 * updated at the end of every epoch) and mini-batch size, or null without the compiled module.
 */
export function newHeapStep(parameters: Record<string, Mat>, learningRate: number, minibatchSize: number,
  costAndGrad: (Z: Mat, Y: Mat) => [number, Mat]): HeapStep | null {
  const heap = newWasmHeap();
  if (heap === null) return null;
  const p = parameters;
  const [n1, nx] = p.W1.shape, n2 = p.W2.shape[0], K = p.W3.shape[0];
  let slots: Record<string, Slot> = {};
  let batchX: Slot[] = [], batchY: Slot[] = [];
  let layoutM = -1;
  let rowAt = 0, idxAt = 0; // gather scratch: one row of X, the column order
  let t = 0;

  /** Places every array for m examples (once per m), or rebuilds the views after the memory grew. */
  const layout = (m: number): void => {
    const widths = Array.from({ length: Math.ceil(m / minibatchSize) }, (_, k) => Math.min(minibatchSize, m - k * minibatchSize));
    const mb = widths[0];
    let next = 0;
    const place = (rows: number, cols: number): Slot => {
      const s = { off: next, shape: [rows, cols] as [number, number], mat: null as unknown as Mat };
      next += rows * cols + (rows * cols) % 2; // keep 16-byte alignment
      return s;
    };
    const s: Record<string, Slot> = {};
    for (const name of NAMES) {
      const [r, c] = p[name].shape as [number, number];
      for (const prefix of ["", "d", "v", "s"]) s[prefix + name] = place(r, c);
    }
    for (const w of new Set(widths)) {
      for (const [name, rows] of [["Z1", n1], ["A1", n1], ["dA1", n1], ["dZ1", n1], ["Z2", n2], ["A2", n2], ["dA2", n2], ["dZ2", n2], ["Z3", K]] as const) {
        s[`${name}/${w}`] = place(rows, w);
      }
      s[`T/${w}`] = place(w, n1); // dZ1ᵀ
    }
    // the mini-batches one right after another, as gatherColumnBatchesHeap stores them
    const allX = place(nx, m).off, allY = place(K, m).off;
    const batch = (at: number, rows: number) => (w: number, k: number): Slot =>
      ({ off: at + k * minibatchSize * rows, shape: [rows, w], mat: null as unknown as Mat });
    batchX = widths.map(batch(allX, nx));
    batchY = widths.map(batch(allY, K));
    rowAt = place(1, Math.max(nx, m)).off;
    idxAt = place(1, Math.ceil(m / 2)).off;
    heap.reserve(next);
    const H = heap.view();
    for (const slot of [...Object.values(s), ...batchX, ...batchY]) {
      slot.mat = fromData(H.subarray(slot.off, slot.off + slot.shape[0] * slot.shape[1]), slot.shape);
    }
    // parameters and Adam's state come first, at offsets that do not depend on m: a new m keeps them
    slots = s;
    layoutM = m;
  };

  const step = (X: Slot, Y: Slot): number => {
    const f = heap.fns, a = (s: Slot) => heap.addr(s.off);
    const w = X.shape[1];
    const S = (name: string): Mat => slots[`${name}/${w}`].mat;
    const P = (name: string): Mat => slots[name].mat;
    // Z1 = W1·X in panels of PANEL inner rows, accumulated in Z1
    const Z1 = slots[`Z1/${w}`];
    for (let p0 = 0; p0 < nx; p0 += PANEL) {
      const rows = Math.min(PANEL, nx - p0);
      f.gemm(a(Z1), heap.addr(slots.W1.off + p0), heap.addr(X.off + p0 * w), n1, rows, w, nx, 1, w, w, 1, p0 > 0 ? 1 : 0);
    }
    relu(addColumn(Z1.mat, P("b1"), Z1.mat), S("A1"));
    relu(addColumn(matmul(P("W2"), S("A1"), S("Z2")), P("b2"), S("Z2")), S("A2"));
    addColumn(matmul(P("W3"), S("A2"), S("Z3")), P("b3"), S("Z3"));
    const [cost, dZ3] = costAndGrad(S("Z3"), Y.mat);
    reluBackward(matmulTA(P("W3"), dZ3, S("dA2")), S("A2"), S("dZ2"));
    reluBackward(matmulTA(P("W2"), S("dZ2"), S("dA1")), S("A1"), S("dZ1"));
    // dW1 = dZ1·Xᵀ as (X·dZ1ᵀ)ᵀ: rows of X against the small dZ1ᵀ, each result written down a column of dW1
    const dz = S("dZ1").data, T = slots[`T/${w}`];
    const tv = T.mat.data;
    for (let i = 0; i < n1; i++) for (let j = 0; j < w; j++) tv[j * n1 + i] = dz[i * w + j];
    f.gemm(a(slots.dW1), a(X), a(T), nx, w, n1, w, 1, n1, 1, nx, 0);
    P("db1").data.set(sum(S("dZ1"), 1, true).data);
    matmulTB(S("dZ2"), S("A1"), P("dW2"));
    P("db2").data.set(sum(S("dZ2"), 1, true).data);
    matmulTB(dZ3, S("A2"), P("dW3"));
    P("db3").data.set(sum(dZ3, 1, true).data);
    // Adam (β₁ 0.9, β₂ 0.999, ε 1e-8), the update of nn's adamStep
    t += 1;
    const corr1 = 1 - power(0.9, t), corr2 = 1 - power(0.999, t);
    for (const name of NAMES) {
      const n = slots[name].shape[0] * slots[name].shape[1];
      f.adam(a(slots[name]), a(slots["d" + name]), a(slots["v" + name]), a(slots["s" + name]), n, learningRate, 0.9, 0.999,
        1 - 0.9, 1 - 0.999, corr1, corr2, 1e-8);
    }
    return cost;
  };

  return {
    epoch(X: Float64Array, Y: Float64Array, m: number, perm: Int32Array, divisor: number): number {
      if (layoutM !== m) layout(m);
      for (const name of NAMES) slots[name].mat.data.set(p[name].data);
      gatherColumnBatchesHeap(heap, batchX[0].off, rowAt, idxAt, X, nx, m, perm, minibatchSize);
      gatherColumnBatchesHeap(heap, batchY[0].off, rowAt, idxAt, Y, K, m, perm, minibatchSize);
      let total = 0;
      for (let k = 0; k < batchX.length; k++) total += step(batchX[k], batchY[k]) / divisor;
      for (const name of NAMES) p[name].data.set(slots[name].mat.data);
      return total;
    },
  };
}
