/**
 * The gradient-checking lab's given helpers: the course's gc_utils.py and its test case
 * (testCases.gradient_check_n_test_case), exposed as `tsdl.gcUtils`.
 *
 * Parameters are laid out in one column vector in the order W1, b1, W2, b2, W3, b3, each
 * flattened row-major (numpy's `reshape(-1, 1)`), so `theta[i]` names one entry of one matrix.
 * `vectorToDictionary` hard-codes the slices of the lab's 4→5→3→1 network, as the course does.
 */
import ndarray from "ndarray";
import { relu as reluArr, reshape, sigmoid as sigmoidArr, type ArrayIn, type Mat } from "../array";
import { random } from "../random";

/** Parameters by name: W1, b1, W2, b2, W3, b3. */
export type Parameters = Record<string, Mat>;
/** Gradients by name: dW1, db1, … (other entries, such as dZ3, are ignored here). */
export type Gradients = Record<string, Mat>;

const PARAM_KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"] as const;
const GRAD_KEYS = ["dW1", "db1", "dW2", "db2", "dW3", "db3"] as const;

// the lab network's shapes, in vector order: [key, rows, cols]; 20 + 5 + 15 + 3 + 3 + 1 = 47 entries
const LAYOUT: readonly (readonly [string, number, number])[] = [
  ["W1", 5, 4], ["b1", 5, 1], ["W2", 3, 5], ["b2", 3, 1], ["W3", 1, 3], ["b3", 1, 1],
];
const THETA_SIZE = 47;

/** 1/(1+exp(-x)) elementwise (gc_utils.sigmoid). Example: `sigmoid(Z3)`. */
export function sigmoid(x: ArrayIn): Mat {
  return sigmoidArr(x);
}

/** max(0, x) elementwise (gc_utils.relu). Example: `relu(Z1)`. */
export function relu(x: ArrayIn): Mat {
  return reluArr(x);
}

/** Stacks the arrays named by `keys`, each flattened row-major, into one new (n, 1) column. */
function stack(dict: Record<string, Mat>, keys: readonly string[], op: string, what: string): [Mat, string[]] {
  const parts = keys.map((k) => {
    const a = dict[k];
    if (!a) throw new Error(`${op}: ${what} has no "${k}" (has ${Object.keys(dict).join(", ") || "nothing"})`);
    return reshape(a, [-1]).data;
  });
  const n = parts.reduce((s, p) => s + p.length, 0);
  const theta = new Float64Array(n);
  const names: string[] = [];
  let at = 0;
  parts.forEach((p, i) => {
    theta.set(p, at);
    at += p.length;
    for (let j = 0; j < p.length; j++) names.push(keys[i]);
  });
  return [ndarray(theta, [n, 1]), names];
}

/**
 * W1, b1, W2, b2, W3, b3 flattened row-major and stacked into one column `theta` (n, 1), plus
 * `keys`: the name of the parameter each entry comes from (gc_utils.dictionary_to_vector).
 * Example: `const [theta, keys] = dictionaryToVector(parameters)` → theta (47,1), keys[0] = "W1".
 */
export function dictionaryToVector(parameters: Parameters): [Mat, string[]] {
  return stack(parameters, PARAM_KEYS, "dictionaryToVector", "parameters");
}

/**
 * The inverse of dictionaryToVector for the lab's network: theta[0:20] → W1 (5,4), [20:25] → b1
 * (5,1), [25:40] → W2 (3,5), [40:43] → b2 (3,1), [43:46] → W3 (1,3), [46:47] → b3 (1,1)
 * (gc_utils.vector_to_dictionary). Like numpy's slices, the arrays share theta's memory.
 * Example: `forwardPropagationN(X, Y, vectorToDictionary(thetaplus))`.
 */
export function vectorToDictionary(theta: ArrayIn): Parameters {
  const size = theta.shape.reduce((a, b) => a * b, 1);
  if (size !== THETA_SIZE) {
    throw new Error(`vectorToDictionary: theta has shape (${theta.shape.join(",")}) = ${size} entries; the lab's network needs 47 (W1 5x4, b1 5x1, W2 3x5, b2 3x1, W3 1x3, b3 1x1)`);
  }
  const d = reshape(theta, [-1]).data;
  const parameters: Parameters = {};
  let at = 0;
  for (const [key, rows, cols] of LAYOUT) {
    parameters[key] = ndarray(d.subarray(at, at + rows * cols), [rows, cols]);
    at += rows * cols;
  }
  return parameters;
}

/**
 * dW1, db1, dW2, db2, dW3, db3 flattened row-major and stacked into one (n, 1) column, in the same
 * order as dictionaryToVector (gc_utils.gradients_to_vector). Example: `const grad = gradientsToVector(gradients)`.
 */
export function gradientsToVector(gradients: Gradients): Mat {
  return stack(gradients, GRAD_KEYS, "gradientsToVector", "gradients")[0];
}

/**
 * The course's gradient_check_n_test_case: seed(1); X = randn(4,3); Y = [[1, 1, 0]] (the course's
 * 1-D y, here as the (1,3) row it broadcasts to); W1 randn(5,4), b1 randn(5,1), W2 randn(3,5),
 * b2 randn(3,1), W3 randn(1,3), b3 randn(1,1), drawn in that order from the global tsdl.random.
 * Example: `const [X, Y, parameters] = gradientCheckNTestCase()`.
 */
export function gradientCheckNTestCase(): [Mat, Mat, Parameters] {
  random.seed(1);
  const X = random.randn(4, 3);
  const Y = ndarray(new Float64Array([1, 1, 0]), [1, 3]);
  const parameters: Parameters = {};
  for (const [key, rows, cols] of LAYOUT) parameters[key] = random.randn(rows, cols);
  return [X, Y, parameters];
}
