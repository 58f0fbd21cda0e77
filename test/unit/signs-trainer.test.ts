/**
 * The framework lab's tsdl training step (lib/src/framework/tsdlModel.ts signsTrainer) and its
 * mini-batch gather (lib/src/kernels/gather.ts): the same bits as the straightforward path —
 * randomMiniBatches (shuffle all of X, then slice) and allocating array helpers, Adam in place.
 */
import { expect } from "chai";
import { gatherColumnBatches, gatherColumnBatchesHeap, HEAP_GATHER_ROWS } from "../../lib/src/kernels/gather";
import { newWasmHeap } from "../../lib/src/kernels/wasmGemm";
import { addColumn, columns, getMatmulMode, matmul, matmulTA, matmulTB, relu, reluBackward, setMatmulMode, sliceColumns, sum, type Mat } from "../../lib/src/array";
import { oneHot } from "../../lib/src/data";
import * as framework from "../../lib/src/framework";
import { randomMiniBatches } from "../../lib/src/nn/miniBatches";
import { optimizer } from "../../lib/src/nn/optimizers";
import { softmax } from "../../lib/src/nn/softmax";
import { RandomState } from "../../lib/src/random";

const bitsOf = (a: Float64Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2));

describe("kernels/gather: gatherColumnBatches", () => {
  it("cuts the columns idx into batches of b (the last one shorter), each (rows, w) row-major", () => {
    const rs = new RandomState(3);
    for (const [rows, cols, b] of [[1, 1, 1], [3, 7, 2], [5, 70, 32], [4, 64, 32], [2, 5, 8]]) {
      const X = rs.randn(rows, cols) as Mat;
      const idx = Int32Array.from(rs.permutation(cols).data);
      const widths = Array.from({ length: Math.ceil(cols / b) }, (_, k) => Math.min(b, cols - k * b));
      const outs = widths.map((w) => new Float64Array(rows * w));
      gatherColumnBatches(outs, X.data, rows, cols, idx, b);
      const shuffled = columns(X, idx);
      widths.forEach((w, k) => expect(bitsOf(outs[k])).to.deep.equal(bitsOf(sliceColumns(shuffled, k * b, k * b + w).data)));
    }
  });
  it("gatherColumnBatchesHeap (compiled) stores the same batches one after another", () => {
    const rs = new RandomState(4);
    const heap = newWasmHeap();
    if (heap === null) throw new Error("lib/dist/kernels/gemm.wasm is missing: run `npm run build` first");
    for (const [rows, cols, b] of [[1, 1, 1], [3, 7, 2], [5, 71, 32], [7, 9, 3], [37, 11, 4]]) {
      const X = rs.randn(rows, cols) as Mat;
      const idx = Int32Array.from(rs.permutation(cols).data);
      const outs = Array.from({ length: Math.ceil(cols / b) }, (_, k) => new Float64Array(rows * Math.min(b, cols - k * b)));
      gatherColumnBatches(outs, X.data, rows, cols, idx, b);
      const at = 3, rowAt = at + rows * cols, idxAt = rowAt + HEAP_GATHER_ROWS * cols;
      heap.reserve(idxAt + cols);
      gatherColumnBatchesHeap(heap, at, rowAt, idxAt, X.data, rows, cols, idx, b);
      const H = heap.view();
      let off = at;
      for (const o of outs) {
        expect(bitsOf(H.slice(off, off + o.length))).to.deep.equal(bitsOf(o));
        off += o.length;
      }
    }
  });
  it("rejects a column out of range and a wrong number of outputs", () => {
    expect(() => gatherColumnBatches([new Float64Array(2)], new Float64Array(4), 2, 2, Int32Array.from([0, 2]), 2)).to.throw(/out of range/);
    expect(() => gatherColumnBatches([new Float64Array(2)], new Float64Array(4), 2, 2, Int32Array.from([0, 1]), 1)).to.throw(/outputs/);
  });
});

/** One epoch the plain way: randomMiniBatches, allocating helpers, Adam in place; returns the epoch cost. */
function referenceEpoch(X: Mat, Y: Mat, p: framework.SignsParameters, adam: ReturnType<typeof optimizer>, seed: number, lr: number, b: number): number {
  const batches = randomMiniBatches(X, Y, b, seed, new RandomState(0));
  let total = 0;
  for (const [Xb, Yb] of batches) {
    const A1 = relu(addColumn(matmul(p.W1, Xb), p.b1));
    const A2 = relu(addColumn(matmul(p.W2, A1), p.b2));
    const Z3 = addColumn(matmul(p.W3, A2), p.b3);
    const P = softmax(Z3);
    const [K, m] = Z3.shape;
    let cost = 0;
    for (let i = 0; i < K * m; i++) {
      if (Yb.data[i] !== 0) cost -= Yb.data[i] * Math.log(P.data[i]);
      P.data[i] = (P.data[i] - Yb.data[i]) / m;
    }
    const dZ2 = reluBackward(matmulTA(p.W3, P), A2);
    const dZ1 = reluBackward(matmulTA(p.W2, dZ2), A1);
    adam.step(p, {
      dW1: matmulTB(dZ1, Xb), db1: sum(dZ1, 1, true), dW2: matmulTB(dZ2, A1), db2: sum(dZ2, 1, true),
      dW3: matmulTB(P, A2), db3: sum(P, 1, true),
    }, lr);
    total += cost / m / Math.floor(X.shape[1] / b);
  }
  return total;
}

describe("framework: signsTrainer", () => {
  it("float32 (opt-in): parameters hold float32 values and track the float64 run (costs within 1e-5 relative over 3 epochs)", () => {
    const rs = new RandomState(9);
    const [nx, m] = [300, 70];
    const X = rs.rand(nx, m) as Mat;
    const Y = oneHot(Array.from({ length: m }, () => rs.randint(0, 6)), 6);
    const t64 = framework.signsTrainer(framework.glorotParameters([nx, 25, 12, 6], 1), 0.001, 32);
    const t32 = framework.signsTrainer(framework.glorotParameters([nx, 25, 12, 6], 1), 0.001, 32, { dtype: "float32" });
    expect([t32.dtype, t32.path, t64.dtype]).to.deep.equal(["float32", "compiled", "float64"]);
    for (let seed = 4; seed < 7; seed++) {
      const c64 = t64.epoch(X, Y, seed), c32 = t32.epoch(X, Y, seed);
      expect(Math.abs(c32 - c64) / c64, `epoch cost, seed ${seed}`).to.be.below(1e-5);
      expect(c32).to.not.equal(c64); // it really ran in float32
    }
    for (const k of Object.keys(t32.parameters)) {
      const a = t32.parameters[k].data, b = t64.parameters[k].data;
      for (let i = 0; i < a.length; i++) {
        expect(Math.fround(a[i]), `${k}[${i}] is a float32 value`).to.equal(a[i]);
        expect(Math.abs(a[i] - b[i]), `${k}[${i}]`).to.be.below(1e-5 + 1e-4 * Math.abs(b[i]));
      }
    }
    expect(() => framework.signsTrainer(framework.glorotParameters([nx, 25, 12, 6], 1), 0.001, 32, { dtype: "float32", compiled: false }))
      .to.throw(/float32 runs on the compiled kernels/);
  });

  let mode: ReturnType<typeof getMatmulMode>;
  beforeEach(() => { mode = setMatmulMode("fast"); }); // other tests may leave "fma" set (lab 03's cells)
  afterEach(() => { setMatmulMode(mode); });

  for (const [compiled, fma] of [[true, false], [false, false], [true, true]]) it(`trains to the same bits as randomMiniBatches + allocating helpers (${compiled ? "compiled heap step" : "JavaScript step"}${fma ? ", matmul mode fma: the JavaScript step" : ""}; 3 epochs, m not a multiple of the batch)`, () => {
    if (fma) setMatmulMode("fma");
    for (const [nx, m, b] of [[40, 70, 32], [300, 64, 32], [17, 9, 4], [17, 10, 3], [5, 3, 7]]) {
      const rs = new RandomState(nx);
      const X = rs.rand(nx, m) as Mat;
      const Y = oneHot(Array.from({ length: m }, () => rs.randint(0, 6)), 6);
      const mine = framework.glorotParameters([nx, 25, 12, 6], 1);
      const ref = framework.glorotParameters([nx, 25, 12, 6], 1);
      const trainer = framework.signsTrainer(mine, 0.01, b, { compiled });
      expect(trainer.path).to.equal(compiled && !fma ? "compiled" : "js");
      const adam = optimizer("adam", ref, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
      for (let seed = 4; seed < 7; seed++) {
        const c = trainer.epoch(X, Y, seed);
        expect(c).to.equal(referenceEpoch(X, Y, ref, adam, seed, 0.01, b));
      }
      for (const k of Object.keys(ref)) expect(bitsOf(mine[k].data), `${k} after 3 epochs`).to.deep.equal(bitsOf(ref[k].data));
      expect(trainer.parameters).to.equal(mine); // updated in place
    }
  });
});
