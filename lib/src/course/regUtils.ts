/**
 * The regularization lab's given code: the course's `reg_utils.py` and the four test cases of its
 * `testCases.py`, in camelCase. Notebooks use it as `tsdl.regUtils`:
 * `const { initializeParameters, computeCost, forwardPropagation } = tsdl.regUtils;`
 *
 * Conventions of this lab (they differ from the initialization lab's on purpose):
 * - `initializeParameters` divides `randn` by √n_{l−1} (the init lab multiplies by √(2/n_{l−1}));
 * - `backwardPropagation` is convention B: dZ3 = A3 − Y and the 1/m on every dW and db
 *   (init_utils puts the 1/m on dz3 only, see `tsdl.nn.backwardPropagationA`).
 */
import { array, div, zeros, type Mat } from "../array";
import { random } from "../random";
import {
  backwardPropagationB, crossEntropyNansum, type Cache, type Grads, type Parameters,
} from "../nn";
import { load2DDataset as loadDataMat, type Load2DOptions } from "../data";
import { displayBundle, inKernel } from "../display";
import { textDiv } from "../htmlText";
import { costCurve, decisionBoundary, show, type DecisionBoundaryOptions } from "../plot";

export type { Cache, Grads, Parameters };
// the same in every lab: the course's helpers by their names
export { sigmoid, relu } from "../array";
export { forwardPropagation, updateParameters, predict, predictDec } from "../nn";
export { plotDataset } from "./plots";

/** The dropout forward pass's cache: (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3); D1/D2 hold 0/1. */
export type DropoutCache = [Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat, Mat];

// ------------------------------------------------------------------ reg_utils.py
/**
 * reg_utils.initialize_parameters: `seed(3)` inside, then for l = 1…L−1 in order
 * `W_l = randn(n_l, n_{l−1}) / √n_{l−1}` (a division) and `b_l = zeros((n_l, 1))`.
 * Example: `initializeParameters([2, 20, 3, 1]).W1` → (20,2).
 */
export function initializeParameters(layerDims: readonly number[]): Parameters {
  if (!Array.isArray(layerDims) || layerDims.length < 2 || !layerDims.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`initializeParameters: layerDims must list at least two positive integer layer sizes, got [${String(layerDims)}]`);
  }
  random.seed(3);
  const parameters: Parameters = {};
  for (let l = 1; l < layerDims.length; l++) {
    parameters[`W${l}`] = div(random.randn(layerDims[l], layerDims[l - 1]) as Mat, Math.sqrt(layerDims[l - 1]));
    parameters[`b${l}`] = zeros([layerDims[l], 1]);
  }
  return parameters;
}

/**
 * reg_utils.compute_cost: 1./m · nansum((−log a3)·Y + (−log(1 − a3))·(1 − Y)).
 * Example: `computeCost(a3, Y)` → 0.6557412523481002 at the lab's first iteration.
 */
export function computeCost(a3: Mat, Y: Mat): number {
  return crossEntropyNansum(a3, Y);
}

/**
 * reg_utils.backward_propagation (convention B): dZ3 = A3 − Y, dW = 1./m·dZ·A_prevᵀ, db = 1./m·Σ dZ.
 * Example: `const grads = backwardPropagation(X, Y, cache)` → dZ3, dW3, db3, dA2, …, db1.
 */
export function backwardPropagation(X: Mat, Y: Mat, cache: Cache): Grads {
  return backwardPropagationB(X, Y, cache);
}

/**
 * reg_utils.load_2D_dataset: data.mat's X, y, Xval, yval as columns → [trainX (2,211), trainY (1,211),
 * testX (2,200), testY (1,200)], labels 0/1 as float64. The file is looked for as the data policy says
 * (an explicit `path`, $TSDL_DATA, ../shared/data, data/). Without it a seeded synthetic stand-in of the
 * same shapes is returned and a warning banner is shown (the course's numbers then do not apply); a
 * corrupt file is an error naming it. (The course's function also draws the scatter; here `plotDataset` does.)
 * Example: `const [trainX, trainY, testX, testY] = load2DDataset()`.
 */
export function load2DDataset(options: Load2DOptions = {}): [Mat, Mat, Mat, Mat] {
  const d = loadDataMat(options);
  if (d.source !== "course") showBanner(d.banner ?? "SYNTHETIC DATA: the course's data.mat was not found.");
  return [d.trainX, d.trainY, d.testX, d.testY];
}

/**
 * Shows a data warning so that nobody misses it: an orange box in a notebook (text/html) and the full
 * text as text/plain. Example: `showBanner("SYNTHETIC DATA (seed 1): …")`.
 */
export function showBanner(text: string): void {
  const html = textDiv(
    text,
    "border:2px solid #d9822b;background:#fff4e5;color:#5c3a00;padding:8px 12px;margin:4px 0;font-family:monospace;white-space:pre-wrap",
    "<b>⚠ </b>",
  );
  // outside a notebook displayBundle would print only the first line: print it all
  if (inKernel()) displayBundle({ "text/plain": `⚠ ${text}`, "text/html": html });
  else console.log(`⚠ ${text}`);
}

/**
 * The model's cost plot (the course's `plt.plot(costs)`, "iterations (x1,000)", title "Learning rate =0.3").
 * Example: `plotCosts(costs, 0.3)` with one cost kept every 1000 iterations.
 */
export function plotCosts(costs: readonly number[], learningRate: number): void {
  show(costCurve(costs, { learningRate, xlabel: "iterations (x1,000)" }));
}

/** The lab's axis limits for decision-boundary plots (`axes.set_xlim([-0.75,0.40])`, `set_ylim([-0.75,0.65])`). */
export const BOUNDARY_LIMITS: { xlim: [number, number]; ylim: [number, number] } = { xlim: [-0.75, 0.4], ylim: [-0.75, 0.65] };

/**
 * reg_utils.plot_decision_boundary: `model` evaluated on the course's grid (step 0.01 over
 * [min−1, max+1]), drawn with the data on top, within the lab's limits unless `opts` says otherwise.
 * Example: `plotDecisionBoundary((G) => predictDec(parameters, G), trainX, trainY, {title: "Model with L2-regularization"})`.
 */
export function plotDecisionBoundary(model: (X: Mat) => Mat, X: Mat, y: Mat, opts: DecisionBoundaryOptions = {}): void {
  show(decisionBoundary(model, X, y, { ...BOUNDARY_LIMITS, ...opts }));
}

// ------------------------------------------------------------------ testCases.py (this lab's four)
const Y_ASSESS = [[1, 1, 0, 1, 0]];

/** seed(1), then W1, b1, W2, b2, W3, b3 drawn with randn in this order (testCases.py). */
function assessParameters(): Parameters {
  const draw = (r: number, c: number): Mat => random.randn(r, c) as Mat;
  const W1 = draw(2, 3), b1 = draw(2, 1), W2 = draw(3, 2), b2 = draw(3, 1), W3 = draw(1, 3), b3 = draw(1, 1);
  return { W1, b1, W2, b2, W3, b3 };
}

/**
 * compute_cost_with_regularization_test_case(): [a3, Y, parameters] (seed(1); parameters by randn).
 * Example: `const [A3, Y, parameters] = computeCostWithRegularizationTestCase()`.
 */
export function computeCostWithRegularizationTestCase(): [Mat, Mat, Parameters] {
  random.seed(1);
  const Y = array(Y_ASSESS);
  const parameters = assessParameters();
  const a3 = array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]);
  return [a3, Y, parameters];
}

// The literal 8-decimal arrays of testCases.py (what numpy printed of one forward pass)
const Z1 = [[-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115], [-1.98043538, 4.1600994, 0.79051021, 1.46493512, -0.45506242]];
const W1 = [[-1.09989127, -0.17242821, -0.87785842], [0.04221375, 0.58281521, -1.10061918]];
const B1 = [[1.14472371], [0.90159072]];
const W2 = [[0.50249434, 0.90085595], [-0.68372786, -0.12289023], [-0.93576943, -0.26788808]];
const B2 = [[0.53035547], [-0.69166075], [-0.39675353]];
const W3 = [[-0.6871727, -0.84520564, -0.67124613]];
const B3 = [[-0.0126646]];

/**
 * backward_propagation_with_regularization_test_case(): [X, Y, cache] (seed(1); X = randn(3,5);
 * the cache is the literal 12-tuple of testCases.py). Example: `const [X, Y, cache] = backwardPropagationWithRegularizationTestCase()`.
 */
export function backwardPropagationWithRegularizationTestCase(): [Mat, Mat, Cache] {
  random.seed(1);
  const X = random.randn(3, 5) as Mat;
  const Y = array(Y_ASSESS);
  const cache: Cache = [
    array(Z1),
    array([[0, 3.32524635, 2.13994541, 2.60700654, 0], [0, 4.1600994, 0.79051021, 1.46493512, 0]]),
    array(W1),
    array(B1),
    array([[0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547], [-0.69166075, -3.47645987, -2.25194702, -2.65416996, -0.69166075], [-0.39675353, -4.62285846, -2.61101729, -3.22874921, -0.39675353]]),
    array([[0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]),
    array(W2),
    array(B2),
    array([[-0.3771104, -4.10060224, -1.60539468, -2.18416951, -0.3771104]]),
    array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]),
    array(W3),
    array(B3),
  ];
  return [X, Y, cache];
}

/**
 * forward_propagation_with_dropout_test_case(): [X, parameters] (seed(1); X = randn(3,5), then
 * W1…b3 by randn as in the cost test case). Example: `const [X, parameters] = forwardPropagationWithDropoutTestCase()`.
 */
export function forwardPropagationWithDropoutTestCase(): [Mat, Parameters] {
  random.seed(1);
  const X = random.randn(3, 5) as Mat;
  return [X, assessParameters()];
}

/**
 * backward_propagation_with_dropout_test_case(): [X, Y, cache] (seed(1); X = randn(3,5); the
 * literal 14-tuple of testCases.py, masks D1/D2 as 0/1). Example: `const [X, Y, cache] = backwardPropagationWithDropoutTestCase()`.
 */
export function backwardPropagationWithDropoutTestCase(): [Mat, Mat, DropoutCache] {
  random.seed(1);
  const X = random.randn(3, 5) as Mat;
  const Y = array(Y_ASSESS);
  const T = true, F = false;
  const cache: DropoutCache = [
    array(Z1),
    array([[T, F, T, T, T], [T, T, T, T, F]]),
    array([[0, 0, 4.27989081, 5.21401307, 0], [0, 8.32019881, 1.58102041, 2.92987024, 0]]),
    array(W1),
    array(B1),
    array([[0.53035547, 8.02565606, 4.10524802, 5.78975856, 0.53035547], [-0.69166075, -1.71413186, -3.81223329, -4.61667916, -0.69166075], [-0.39675353, -2.62563561, -4.82528105, -6.0607449, -0.39675353]]),
    array([[T, F, T, F, T], [F, T, F, T, T], [F, F, T, F, F]]),
    array([[1.06071093, 0, 8.21049603, 0, 1.06071093], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]),
    array(W2),
    array(B2),
    array([[-0.7415562, -0.0126646, -5.65469333, -0.0126646, -0.7415562]]),
    array([[0.32266394, 0.49683389, 0.00348883, 0.49683389, 0.32266394]]),
    array(W3),
    array(B3),
  ];
  return [X, Y, cache];
}
