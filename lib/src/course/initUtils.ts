/**
 * The initialization lab's given code: the course's `init_utils.py`, in camelCase. Notebooks use it
 * as `tsdl.initUtils`: `const { forwardPropagation, computeLoss, loadDataset } = tsdl.initUtils;`
 *
 * Conventions of this lab (they differ from the regularization lab's on purpose):
 * - `backwardPropagation` is convention A: dz3 = 1/m·(a3 − Y), then dW = dz·a_prevᵀ and db = Σ dz
 *   with no further 1/m (reg_utils puts the 1/m on every dW and db, see `tsdl.regUtils`);
 * - `computeLoss` is 1./m · nansum(logprobs): a 0·∞ = NaN term is skipped, an ∞ term is kept, so
 *   the loss prints `inf` when some a3 is exactly 0 or 1 on the wrong side (the large random init).
 */
import { relu as reluArray, sigmoid as sigmoidArray, type Mat } from "../array";
import { loadInitDataset } from "../data";
import {
  backwardPropagationA, crossEntropyNansum, forwardPropagation as forward3, predict as predict3,
  predictDec as predictDec3, updateParameters as update3, type Cache, type Grads, type Parameters,
} from "../nn";
import { costCurve, decisionBoundary, scatter2d, show, type DecisionBoundaryOptions, type Scatter2dOptions } from "../plot";

export type { Cache, Grads, Parameters };

/** 1/(1+exp(−x)) elementwise. Example: `sigmoid(array([[0]]))` → [[0.5]]. */
export function sigmoid(x: Mat): Mat {
  return sigmoidArray(x);
}

/** max(0, x) elementwise. Example: `relu(array([[-1, 2]]))` → [[0, 2]]. */
export function relu(x: Mat): Mat {
  return reluArray(x);
}

/**
 * init_utils.compute_loss: 1./m · nansum((−log a3)·Y + (−log(1 − a3))·(1 − Y)).
 * Example: `computeLoss(a3, Y)` → 0.6931471805599453 when every a3 is 0.5.
 */
export function computeLoss(a3: Mat, Y: Mat): number {
  return crossEntropyNansum(a3, Y);
}

/**
 * LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID; returns [a3, cache], the cache in the course's order
 * (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3). Example: `const [a3, cache] = forwardPropagation(X, parameters)`.
 */
export function forwardPropagation(X: Mat, parameters: Parameters): [Mat, Cache] {
  return forward3(X, parameters);
}

/**
 * init_utils.backward_propagation (convention A): dz3 = 1./m·(a3 − Y), dW = dz·a_prevᵀ, db = Σ dz.
 * Example: `const grads = backwardPropagation(X, Y, cache)` → dz3, dW3, db3, da2, …, db1.
 */
export function backwardPropagation(X: Mat, Y: Mat, cache: Cache): Grads {
  return backwardPropagationA(X, Y, cache);
}

/** W_l −= lr·dW_l, b_l −= lr·db_l; returns a new dictionary. Example: `parameters = updateParameters(parameters, grads, 0.01)`. */
export function updateParameters(parameters: Parameters, grads: Grads, learningRate: number): Parameters {
  return update3(parameters, grads, learningRate);
}

/**
 * Predictions a3 > 0.5 (strictly) as 0/1 (1, m); prints "Accuracy: " + str(mean(p == y)).
 * Example: `const predictionsTrain = predict(trainX, trainY, parameters)` prints `Accuracy: 0.9933333333333333`.
 */
export function predict(X: Mat, y: Mat, parameters: Parameters): Mat {
  return predict3(X, y, parameters);
}

/** a3 > 0.5 as 0/1 (1, m), for decision-boundary plots. Example: `predictDec(parameters, grid)`. */
export function predictDec(parameters: Parameters, X: Mat): Mat {
  return predictDec3(parameters, X);
}

/**
 * init_utils.load_dataset: `seed(1)`, make_circles(300, noise .05) for training; `seed(2)`,
 * make_circles(100, noise .05) for testing; examples as columns. Re-seeds the global `random`, as
 * the course does. (The course's function also draws the training scatter; here `plotDataset` does.)
 * Example: `const [trainX, trainY, testX, testY] = loadDataset()` → (2,300), (1,300), (2,100), (1,100).
 */
export function loadDataset(): [Mat, Mat, Mat, Mat] {
  const { trainX, trainY, testX, testY } = loadInitDataset();
  return [trainX, trainY, testX, testY];
}

/** The scatter load_dataset draws: the two classes in the course's Spectral colours. Example: `plotDataset(trainX, trainY)`. */
export function plotDataset(X: Mat, y: Mat, opts: Scatter2dOptions = {}): void {
  show(scatter2d(X, y, opts));
}

/**
 * The cost plot at the end of the course's `model`: the costs kept every 1000 iterations against
 * their index (x label "iterations (per hundreds)", title "Learning rate =0.01", as the course has them).
 * Example: `plotCosts(costs, 0.01)`.
 */
export function plotCosts(costs: readonly number[], learningRate: number): void {
  show(costCurve(costs, { learningRate }));
}

/** The lab's axis limits for decision-boundary plots (`axes.set_xlim([-1.5,1.5])`, `set_ylim([-1.5,1.5])`). */
export const BOUNDARY_LIMITS: { xlim: [number, number]; ylim: [number, number] } = { xlim: [-1.5, 1.5], ylim: [-1.5, 1.5] };

/**
 * init_utils.plot_decision_boundary: `model` evaluated on the course's grid (step 0.01 over
 * [min − 1, max + 1] of each coordinate; it gets the grid as (2, k) columns), drawn as two colour
 * regions under the data, with the lab's limits [-1.5, 1.5] unless `opts` says otherwise.
 * Example: `plotDecisionBoundary((x) => predictDec(parameters, x), trainX, trainY, {title: "Model with He initialization"})`.
 */
export function plotDecisionBoundary(model: (X: Mat) => Mat, X: Mat, y: Mat, opts: DecisionBoundaryOptions = {}): void {
  show(decisionBoundary(model, X, y, { ...BOUNDARY_LIMITS, ...opts }));
}
