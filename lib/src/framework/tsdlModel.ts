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
import { addColumn, argmax, matmul, matmulTA, matmulTB, relu, reluBackward, sum, zeros, type Mat } from "../array";
import { RandomState } from "../random";
import { randomMiniBatches } from "../nn/miniBatches";
import { optimizer } from "../nn/optimizers";
import { softmax } from "../nn/softmax";
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

/** Mean softmax cross-entropy of logits Z (K, m) against one-hot Y (K, m), and dJ/dZ = (softmax(Z) − Y) / m. */
function costAndGrad(Z: Mat, Y: Mat): [number, Mat] {
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

/**
 * Trains the lab's model with tsdl. X (n_x, m) float64 in [0, 1], Y (6, m) one-hot.
 * Example: `signsModelTsdl(Xtrain, Ytrain, Xtest, Ytest, { numEpochs: 40 }).testAccuracy`.
 */
export function signsModelTsdl(Xtrain: Mat, Ytrain: Mat, Xtest: Mat, Ytest: Mat, opts: SignsModelOptions = {}): SignsModelResult {
  const { learningRate = 0.0001, numEpochs = 1500, minibatchSize = 32, initSeed = 1, hidden = [25, 12], printEvery = 100 } = opts;
  const [nx, m] = Xtrain.shape;
  const K = Ytrain.shape[0];
  const parameters = glorotParameters([nx, ...hidden, K], initSeed);
  const adam = optimizer("adam", parameters, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  const rng = new RandomState(0); // randomMiniBatches re-seeds it every epoch; the global stream is untouched
  const numMinibatches = Math.floor(m / minibatchSize); // the lab's int(m / minibatch_size)
  const costs: number[] = [];
  let seed = opts.seed ?? 3;
  let epochCost = NaN;
  const bar = opts.progress === false ? null : makeProgress({ total: numEpochs, label: "tsdl training" });
  const start = performance.now();
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    epochCost = 0;
    seed += 1;
    for (const [Xb, Yb] of randomMiniBatches(Xtrain, Ytrain, minibatchSize, seed, rng)) {
      const { A1, A2, Z3 } = signsForward(Xb, parameters);
      const [cost, dZ3] = costAndGrad(Z3, Yb);
      const dZ2 = reluBackward(matmulTA(parameters.W3, dZ3), A2);
      const dZ1 = reluBackward(matmulTA(parameters.W2, dZ2), A1);
      const grads = {
        dW1: matmulTB(dZ1, Xb), db1: sum(dZ1, 1, true), dW2: matmulTB(dZ2, A1), db2: sum(dZ2, 1, true),
        dW3: matmulTB(dZ3, A2), db3: sum(dZ3, 1, true),
      };
      adam.step(parameters, grads, learningRate);
      epochCost += cost / numMinibatches;
    }
    if (printEvery > 0 && epoch % printEvery === 0) console.log(`Cost after epoch ${epoch}: ${epochCost.toFixed(6)}`);
    if (epoch % 5 === 0) costs.push(epochCost);
    bar?.update(epoch, { cost: epochCost });
  }
  const secondsPerEpoch = (performance.now() - start) / 1000 / Math.max(1, numEpochs);
  bar?.done({ cost: epochCost });
  return {
    parameters, costs, finalCost: epochCost, secondsPerEpoch,
    trainAccuracy: signsAccuracy(Xtrain, Ytrain, parameters),
    testAccuracy: signsAccuracy(Xtest, Ytest, parameters),
  };
}
