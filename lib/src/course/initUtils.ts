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
import type { Mat } from "../array";
import { loadInitDataset } from "../data";
import {
  backwardPropagationA, crossEntropyNansum, type Cache, type Grads, type Parameters,
} from "../nn";
import { costCurve, decisionBoundary, show, type DecisionBoundaryOptions } from "../plot";

export type { Cache, Grads, Parameters };
// the same in every lab: the course's helpers by their names
export { sigmoid, relu } from "../array";
export { forwardPropagation, updateParameters, predict, predictDec } from "../nn";
export { plotDataset } from "./plots";

/**
 * init_utils.compute_loss: 1./m · nansum((−log a3)·Y + (−log(1 − a3))·(1 − Y)).
 * Example: `computeLoss(a3, Y)` → 0.6931471805599453 when every a3 is 0.5.
 */
export function computeLoss(a3: Mat, Y: Mat): number {
  return crossEntropyNansum(a3, Y);
}

/**
 * init_utils.backward_propagation (convention A): dz3 = 1./m·(a3 − Y), dW = dz·a_prevᵀ, db = Σ dz.
 * Example: `const grads = backwardPropagation(X, Y, cache)` → dz3, dW3, db3, da2, …, db1.
 */
export function backwardPropagation(X: Mat, Y: Mat, cache: Cache): Grads {
  return backwardPropagationA(X, Y, cache);
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
