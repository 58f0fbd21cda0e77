/**
 * The framework lab's SIGNS model written with tsdl instead of TensorFlow.js, for the closing
 * comparison of notebook 05: LINEAR → RELU → LINEAR → RELU → LINEAR → SOFTMAX, layers
 * [n_x, 25, 12, 6], Glorot-uniform weights from a seed, zero biases, Adam (β₁ 0.9, β₂ 0.999, ε 1e-8;
 * tsdl's adamStep adds ε to √ŝ, TF to √s before the bias correction — with ε = 1e-8 the two differ
 * far below what training notices), mini-batches of 32 from `randomMiniBatches` with the lab's seed (3,
 * incremented before each epoch), and the lab's cost quirk: each mini-batch cost is divided by
 * ⌊m / 32⌋ although there are ⌈m / 32⌉ mini-batches. Every gradient is written out by hand — what
 * the framework's automatic differentiation does for the learner.
 */
import { addColumn, argmax, copy, getMatmulMode, matmul, matmulTB, relu, zeros, type Mat } from "../array";
import { RandomState } from "../random";
import { optimizer } from "../nn/optimizers";
import { gatherColumnBatches } from "../kernels/gather";
import { newHeapStep } from "./signsHeap";
import { hiddenAndOutput, workspace, type Workspace } from "./signsStep";
import { progress as makeProgress } from "../progress";

/** W1, b1, W2, b2, W3, b3 (float64). */
export type SignsParameters = Record<string, Mat>;

export interface SignsModelOptions {
  learningRate?: number;
  numEpochs?: number;
  minibatchSize?: number;
  /** seed of the Glorot-uniform weights (default 1) */
  initSeed?: number;
  /** the first epoch's mini-batch seed is seed + 1 (default 3, as the lab) */
  seed?: number;
  /** hidden layer sizes (default [25, 12]) */
  hidden?: number[];
  /** print "Cost after epoch i" every this many epochs (default 100; 0: never) */
  printEvery?: number;
  /** show a progress line updated in place (default true) */
  progress?: boolean;
  /** "float64" (default) or "float32" (the course's TensorFlow dtype; see signsTrainer) */
  dtype?: SignsDtype;
}

export interface SignsModelResult {
  parameters: SignsParameters;
  /** the epoch cost every 5 epochs (epochs 0, 5, 10, …), as the lab appends it */
  costs: number[];
  /** the last epoch's cost */
  finalCost: number;
  trainAccuracy: number;
  testAccuracy: number;
  /** wall-clock seconds per epoch of training (mini-batches, forward, backward, Adam) */
  secondsPerEpoch: number;
}

/**
 * Glorot (Xavier) uniform weights U(−r, r), r = √(6 / (n_in + n_out)), zero biases, from
 * `RandomState(seed)` (not TF's generator: the numbers differ from TensorFlow's, the distribution
 * is the same). Example: `glorotParameters([12288, 25, 12, 6], 1).W1.shape` → [25, 12288].
 */
export function glorotParameters(layers: readonly number[], seed = 1): SignsParameters {
  const rng = new RandomState(seed);
  const out: SignsParameters = {};
  for (let l = 1; l < layers.length; l++) {
    const r = Math.sqrt(6 / (layers[l - 1] + layers[l]));
    out["W" + l] = rng.uniform(-r, r, [layers[l], layers[l - 1]]);
    out["b" + l] = zeros([layers[l], 1]);
  }
  return out;
}

/** Z3 = W3·relu(W2·relu(W1·X + b1) + b2) + b3, with the activations for the backward pass. */
export function signsForward(X: Mat, p: SignsParameters): { A1: Mat; A2: Mat; Z3: Mat } {
  const A1 = relu(addColumn(matmul(p.W1, X), p.b1));
  const A2 = relu(addColumn(matmul(p.W2, A1), p.b2));
  const Z3 = addColumn(matmul(p.W3, A2), p.b3);
  return { A1, A2, Z3 };
}

/** Fraction of columns where argmax(Z3) equals argmax(Y). */
export function signsAccuracy(X: Mat, Y: Mat, p: SignsParameters): number {
  const m = X.shape[1];
  if (m === 0) return NaN;
  const pred = argmax(signsForward(X, p).Z3, 0);
  const want = argmax(Y, 0);
  let right = 0;
  for (let i = 0; i < m; i++) if (pred.data[i] === want.data[i]) right++;
  return right / m;
}

/** One epoch of the lab's training at a time, on parameters updated in place (see signsTrainer). */
export interface SignsTrainer {
  readonly parameters: SignsParameters;
  /**
   * "compiled": the step on the compiled kernels' own memory (signsHeap.ts); "js": array helpers and
   * nn's Adam (without the compiled module, with `compiled: false`, or in float64 when
   * setMatmulMode("fma") was chosen before the trainer was made: the compiled kernels never fuse)
   */
  readonly path: "compiled" | "js";
  /** the element type of the step's big arrays and products (the parameters stay float64 arrays, holding float32 values in float32) */
  readonly dtype: SignsDtype;
  /**
   * One epoch: `permutation(m)` right after seeding with `seed` (as randomMiniBatches), then each
   * mini-batch's forward pass, cost, backward pass and Adam step. Returns the epoch cost with the
   * lab's quirk (each mini-batch cost divided by ⌊m / minibatchSize⌋).
   */
  epoch(X: Mat, Y: Mat, seed: number): number;
}

/** float64 (default, numpy's dtype in the course's numpy labs) or float32 (the course's TensorFlow model's; needs the compiled kernels). */
export type SignsDtype = "float64" | "float32";

/** Options of signsTrainer: `compiled: false` keeps to the JavaScript step (float64 only). */
export interface SignsTrainerOptions {
  compiled?: boolean;
  dtype?: SignsDtype;
}

/**
 * The lab's training step for the parameters `parameters` ([n_x, n1, n2, K] layers, updated in
 * place) with Adam (β₁ 0.9, β₂ 0.999, ε 1e-8). Each epoch gathers X's shuffled columns straight
 * into reused mini-batch arrays in one pass (gatherColumnBatches) — the numbers `randomMiniBatches`
 * cuts, without allocating — and every product writes into a reused array. Once the compiled
 * kernels are built the step runs on their memory (signsHeap.ts, `path` "compiled", same bits),
 * else in JavaScript ("js"). `dtype: "float32"` (compiled only) trains in float32: ~1.6× faster,
 * costs within ~1e-7 of float64's over the first epochs on SIGNS-size data.
 * Example: `const tr = signsTrainer(glorotParameters([12288, 25, 12, 6]), 0.0001, 32); tr.epoch(X, Y, 4)`.
 */
export function signsTrainer(parameters: SignsParameters, learningRate: number, minibatchSize: number,
  options: SignsTrainerOptions = {}): SignsTrainer {
  if (!Number.isInteger(minibatchSize) || minibatchSize < 1) throw new Error(`signsTrainer: minibatchSize must be a positive integer, got ${minibatchSize}`);
  const { compiled = true, dtype = "float64" } = options;
  if (dtype !== "float64" && dtype !== "float32") throw new Error(`signsTrainer: dtype must be "float64" or "float32", got ${String(dtype)}`);
  const p = parameters;
  for (const name of ["W1", "b1", "W2", "b2", "W3", "b3"]) p[name] = contiguousMat(p[name]);
  // float64 products keep setMatmulMode's choice: "fma" (numpy's bits, lab 03) runs the JavaScript step
  const heapStep = compiled && (dtype === "float32" || getMatmulMode() === "fast") ? newHeapStep(p, learningRate, minibatchSize, dtype) : null;
  if (heapStep === null && dtype === "float32") {
    throw new Error("signsTrainer: float32 runs on the compiled kernels (lib/dist/kernels/gemm.wasm): run `npm run build`, and leave compiled on");
  }
  const layers = [p.W1.shape[1], p.W1.shape[0], p.W2.shape[0], p.W3.shape[0]];
  const adam = optimizer("adam", p, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  const rng = new RandomState(0); // re-seeded every epoch; the global stream is untouched
  const spaces = new Map<number, Workspace>(); // by mini-batch width: at most two
  const space = (width: number): Workspace => {
    let w = spaces.get(width);
    if (w === undefined) spaces.set(width, (w = workspace(layers, width)));
    return w;
  };
  const dW1 = zeros(p.W1.shape);
  const step = (X: Mat, Y: Mat): number => {
    const w = space(X.shape[1]);
    matmul(p.W1, X, w.Z1);
    const [cost, g] = hiddenAndOutput(p, w, Y);
    adam.step(p, { dW1: matmulTB(w.dZ1, X, dW1), ...g }, learningRate);
    return cost;
  };
  let batches: { X: Mat[]; Y: Mat[] } | null = null; // the epoch's mini-batches, rewritten every epoch
  return {
    parameters: p, path: heapStep === null ? "js" : "compiled", dtype,
    epoch(X: Mat, Y: Mat, seed: number): number {
      const [nx, m] = X.shape, K = Y.shape[0];
      if (Y.shape[1] !== m) throw new Error(`signsTrainer: X has ${m} columns, Y ${Y.shape[1]}`);
      if (nx !== layers[0] || K !== layers[3]) throw new Error(`signsTrainer: X (${X.shape.join(",")}) and Y (${Y.shape.join(",")}) do not fit layers [${layers.join(", ")}]`);
      rng.seed(seed);
      const perm = Int32Array.from(rng.permutation(m).data);
      const numMinibatches = Math.floor(m / minibatchSize); // the lab's int(m / minibatch_size)
      if (heapStep !== null) return heapStep.epoch(contiguous(X), contiguous(Y), m, perm, numMinibatches);
      if (batches === null || batches.X.length * minibatchSize < m || batches.X[0].shape[0] !== nx || sumColumns(batches.X) !== m) {
        const widths = Array.from({ length: Math.ceil(m / minibatchSize) }, (_, k) => Math.min(minibatchSize, m - k * minibatchSize));
        batches = { X: widths.map((w) => zeros([nx, w])), Y: widths.map((w) => zeros([K, w])) };
      }
      gatherColumnBatches(batches.X.map((b) => b.data), contiguous(X), nx, m, perm, minibatchSize);
      gatherColumnBatches(batches.Y.map((b) => b.data), contiguous(Y), K, m, perm, minibatchSize);
      let epochCost = 0;
      for (let k = 0; k < batches.X.length; k++) epochCost += step(batches.X[k], batches.Y[k]) / numMinibatches;
      return epochCost;
    },
  };
}

function sumColumns(ms: Mat[]): number {
  return ms.reduce((s, x) => s + x.shape[1], 0);
}

/** A itself when its elements are one contiguous Float64Array of exactly its size, else a copy that is. */
function contiguousMat(A: Mat): Mat {
  const d = A.data;
  return A.offset === 0 && d instanceof Float64Array && d.length === A.size && A.stride[A.stride.length - 1] === 1 && A.stride[0] === A.shape[1] ? A : copy(A);
}

/** A 2-D array's elements, row-major (a copy when it is a strided view). */
function contiguous(A: Mat): Float64Array {
  const [rows, cols] = A.shape;
  if (A.stride[0] === cols && A.stride[1] === 1 && A.data instanceof Float64Array) return A.data.subarray(A.offset, A.offset + rows * cols);
  return copy(A).data;
}

/**
 * Trains the lab's model with tsdl. X (n_x, m) float64 in [0, 1], Y (6, m) one-hot.
 * Example: `signsModelTsdl(Xtrain, Ytrain, Xtest, Ytest, { numEpochs: 40 }).testAccuracy`.
 */
export function signsModelTsdl(Xtrain: Mat, Ytrain: Mat, Xtest: Mat, Ytest: Mat, opts: SignsModelOptions = {}): SignsModelResult {
  const { learningRate = 0.0001, numEpochs = 1500, minibatchSize = 32, initSeed = 1, hidden = [25, 12], printEvery = 100 } = opts;
  const nx = Xtrain.shape[0];
  const K = Ytrain.shape[0];
  const trainer = signsTrainer(glorotParameters([nx, ...hidden, K], initSeed), learningRate, minibatchSize, { dtype: opts.dtype });
  const costs: number[] = [];
  let seed = opts.seed ?? 3;
  let epochCost = NaN;
  const bar = opts.progress === false ? null : makeProgress({ total: numEpochs, label: "tsdl training" });
  const start = performance.now();
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    seed += 1;
    epochCost = trainer.epoch(Xtrain, Ytrain, seed);
    if (printEvery > 0 && epoch % printEvery === 0) console.log(`Cost after epoch ${epoch}: ${epochCost.toFixed(6)}`);
    if (epoch % 5 === 0) costs.push(epochCost);
    bar?.update(epoch, { cost: epochCost });
  }
  const secondsPerEpoch = (performance.now() - start) / 1000 / Math.max(1, numEpochs);
  bar?.done({ cost: epochCost });
  const parameters = trainer.parameters;
  return {
    parameters, costs, finalCost: epochCost, secondsPerEpoch,
    trainAccuracy: signsAccuracy(Xtrain, Ytrain, parameters),
    testAccuracy: signsAccuracy(Xtest, Ytest, parameters),
  };
}
