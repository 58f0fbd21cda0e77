/**
 * The optimization lab's given code: the course's `opt_utils_v1a.py` and the test cases of its
 * `testCases.py`, in camelCase. Notebooks use it as `tsdl.optUtils`:
 * `const { loadDataset, initializeParameters, forwardPropagation, computeCost } = tsdl.optUtils;`
 *
 * Conventions of this lab:
 * - `computeCost` returns the plain sum of the logprobs, not their mean (v1a): the model adds it up
 *   over the mini-batches of an epoch and divides the total by m once;
 * - `backwardPropagation` is convention A, as in init_utils: dz3 = 1/m·(a3 − Y) with m the
 *   mini-batch's size, then dW = dz·a_prevᵀ and db = Σ dz;
 * - `initializeParameters` re-seeds with 3 and scales randn by √(2/n_{l−1}) (He).
 * The optimizers themselves (the lab's graded functions) are in tsdl.nn: gdStep, momentumStep,
 * rmspropStep, adamStep, randomMiniBatches, updateLr, scheduleLrDecay.
 */
import { map, mul, zeros, type Mat } from "../array";
import { loadMoonsDataset } from "../data";
import { formatFloat } from "../format";
import { backwardPropagationA, crossEntropyTotal, type Cache, type Grads, type Parameters } from "../nn";
import { costCurve, decisionBoundary, lines, show, type DecisionBoundaryOptions } from "../plot";
import { random } from "../random";

export type { Cache, Grads, Parameters };
// the same in every lab: the course's helpers by their names
export { sigmoid, relu } from "../array";
export { forwardPropagation, predict, predictDec } from "../nn";
export { plotDataset } from "./plots";

// ------------------------------------------------------------------ opt_utils_v1a.py
/**
 * opt_utils.initialize_parameters: `seed(3)` inside, then for l = 1…L−1 in order
 * `W_l = randn(n_l, n_{l−1}) · √(2 / n_{l−1})` and `b_l = zeros((n_l, 1))`.
 * Example: `initializeParameters([2, 5, 2, 1]).W1` → (5,2).
 */
export function initializeParameters(layerDims: readonly number[]): Parameters {
  if (!Array.isArray(layerDims) || layerDims.length < 2 || !layerDims.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`initializeParameters: layerDims must list at least two positive integer layer sizes, got [${String(layerDims)}]`);
  }
  random.seed(3);
  const parameters: Parameters = {};
  for (let l = 1; l < layerDims.length; l++) {
    parameters[`W${l}`] = mul(random.randn(layerDims[l], layerDims[l - 1]) as Mat, Math.sqrt(2 / layerDims[l - 1]));
    parameters[`b${l}`] = zeros([layerDims[l], 1]);
  }
  return parameters;
}

/**
 * opt_utils_v1a.compute_cost: np.sum((−log a3)·Y + (−log(1 − a3))·(1 − Y)), NOT divided by m.
 * Example: `costTotal += computeCost(a3, minibatchY)`; after the epoch `costAvg = costTotal / m`.
 */
export function computeCost(a3: Mat, Y: Mat): number {
  return crossEntropyTotal(a3, Y);
}

/**
 * opt_utils.backward_propagation (convention A): dz3 = 1./m·(a3 − Y), dW = dz·a_prevᵀ, db = Σ dz.
 * Example: `const grads = backwardPropagation(minibatchX, minibatchY, caches)` → dz3, dW3, db3, …, db1.
 */
export function backwardPropagation(X: Mat, Y: Mat, cache: Cache): Grads {
  return backwardPropagationA(X, Y, cache);
}

/**
 * opt_utils.load_dataset: `seed(3)`, make_moons(300, noise .2), examples as columns → [trainX (2,300),
 * trainY (1,300)]. Re-seeds the global `random`, as the course does. (The course's function also
 * draws the scatter; here `plotDataset` does.) Example: `const [trainX, trainY] = loadDataset()`.
 */
export function loadDataset(): [Mat, Mat] {
  const { trainX, trainY } = loadMoonsDataset();
  return [trainX, trainY];
}

/**
 * The cost plot at the end of the lab's `model`: one cost every 100 epochs (x label "epochs (per
 * 100)", title "Learning rate = 0.0007", as the course has them).
 * Example: `plotCosts(costs, 0.0007)`.
 */
export function plotCosts(costs: readonly number[], learningRate: number): void {
  show(costCurve(costs, { title: `Learning rate = ${formatFloat(learningRate)}`, xlabel: "epochs (per 100)" }));
}

/**
 * Several training runs' costs (one every `every` epochs, default 100) in one chart with a legend,
 * x in epochs. Example: `plotCostComparison([{name: "gd", costs: costsGd}, {name: "adam", costs: costsAdam}])`.
 */
export function plotCostComparison(runs: readonly { name: string; costs: readonly number[] }[], { every = 100, title = "Cost per epoch" } = {}): void {
  if (runs.length === 0) throw new Error("plotCostComparison: no runs to plot");
  show(lines(runs.map((r) => ({ name: r.name, x: r.costs.map((_, k) => k * every), y: r.costs })), { title, xlabel: "epoch", ylabel: "cost" }));
}

/** The lab's axis limits for decision-boundary plots (`axes.set_xlim([-1.5,2.5])`, `set_ylim([-1,1.5])`). */
export const BOUNDARY_LIMITS: { xlim: [number, number]; ylim: [number, number] } = { xlim: [-1.5, 2.5], ylim: [-1, 1.5] };

/**
 * opt_utils.plot_decision_boundary: `model` evaluated on the course's grid (step 0.01 over
 * [min − 1, max + 1]; it gets the grid as (2, k) columns), drawn under the data, within the lab's
 * limits unless `opts` says otherwise.
 * Example: `plotDecisionBoundary((x) => predictDec(parameters, x), trainX, trainY, {title: "Model with Adam optimization"})`.
 */
export function plotDecisionBoundary(model: (X: Mat) => Mat, X: Mat, y: Mat, opts: DecisionBoundaryOptions = {}): void {
  show(decisionBoundary(model, X, y, { ...BOUNDARY_LIMITS, ...opts }));
}

// ------------------------------------------------------------------ testCases.py (this lab's)
type Draws = { W1: Mat; b1: Mat; W2: Mat; b2: Mat };

/** seed(1), then W1 (2,3), b1 (2,1), W2 (3,3), b2 (3,1) by randn, in this order. */
function drawParameters(): Draws {
  random.seed(1);
  const draw = (r: number, c: number): Mat => random.randn(r, c) as Mat;
  const W1 = draw(2, 3), b1 = draw(2, 1), W2 = draw(3, 3), b2 = draw(3, 1);
  return { W1, b1, W2, b2 };
}

/** seed(1), then W1, b1, W2, b2 and after them dW1, db1, dW2, db2 of the same shapes, by randn. */
function drawParametersAndGrads(): [Parameters, Grads] {
  const parameters = drawParameters();
  const draw = (r: number, c: number): Mat => random.randn(r, c) as Mat;
  const dW1 = draw(2, 3), db1 = draw(2, 1), dW2 = draw(3, 3), db2 = draw(3, 1);
  return [{ ...parameters }, { dW1, db1, dW2, db2 }];
}

function zerosFor(parameters: Parameters): Record<string, Mat> {
  return Object.fromEntries(Object.entries(parameters).map(([k, a]) => ["d" + k, zeros(a.shape)]));
}

/**
 * update_parameters_with_gd_test_case(): [parameters, grads, learningRate = 0.01] (seed(1); 8 randn draws).
 * Example: `const [parameters, grads, learningRate] = updateParametersWithGdTestCase()`.
 */
export function updateParametersWithGdTestCase(): [Parameters, Grads, number] {
  const [parameters, grads] = drawParametersAndGrads();
  return [parameters, grads, 0.01];
}

/**
 * random_mini_batches_test_case(): [X (12288,148), Y (1,148) of 0/1 (numpy's `randn < 0.5`), 64] (seed(1)).
 * Example: `const [X, Y, miniBatchSize] = randomMiniBatchesTestCase()`.
 */
export function randomMiniBatchesTestCase(): [Mat, Mat, number] {
  random.seed(1);
  const X = random.randn(12288, 148) as Mat;
  const Y = map(random.randn(1, 148) as Mat, (y) => (y < 0.5 ? 1 : 0));
  return [X, Y, 64];
}

/**
 * initialize_velocity_test_case(): parameters W1, b1, W2, b2 (seed(1)). Example: `initializeVelocity(initializeVelocityTestCase())`.
 */
export function initializeVelocityTestCase(): Parameters {
  return { ...drawParameters() };
}

/**
 * update_parameters_with_momentum_test_case(): [parameters, grads, v] with v all zeros (seed(1)).
 * Example: `const [parameters, grads, v] = updateParametersWithMomentumTestCase()`.
 */
export function updateParametersWithMomentumTestCase(): [Parameters, Grads, Record<string, Mat>] {
  const [parameters, grads] = drawParametersAndGrads();
  return [parameters, grads, zerosFor(parameters)];
}

/**
 * initialize_adam_test_case(): parameters W1, b1, W2, b2 (seed(1)). Example: `initializeAdam(initializeAdamTestCase())`.
 */
export function initializeAdamTestCase(): Parameters {
  return { ...drawParameters() };
}

/**
 * update_parameters_with_adam_test_case(): [parameters, grads, v, s] with v and s all zeros (seed(1)).
 * Example: `const [parameters, grads, v, s] = updateParametersWithAdamTestCase()`.
 */
export function updateParametersWithAdamTestCase(): [Parameters, Grads, Record<string, Mat>, Record<string, Mat>] {
  const [parameters, grads] = drawParametersAndGrads();
  return [parameters, grads, zerosFor(parameters), zerosFor(parameters)];
}

/**
 * Not in the course (its lab has no RMSprop): the Adam test case's draws with s all zeros, for
 * the RMSprop section. Example: `const [parameters, grads, s] = updateParametersWithRmspropTestCase()`.
 */
export function updateParametersWithRmspropTestCase(): [Parameters, Grads, Record<string, Mat>] {
  const [parameters, grads] = drawParametersAndGrads();
  return [parameters, grads, zerosFor(parameters)];
}

