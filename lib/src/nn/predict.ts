/** Predictions and accuracy of the course's 3-layer network (init_utils / reg_utils `predict`). */
import { mean, zip, type Mat } from "../array";
import { formatFloat } from "../format";
import { forwardPropagation, type Parameters } from "./threeLayer";

/** 1 where a3 > 0.5 (strictly), else 0, shape (1, m). Example: `predictLabels(X, parameters)`. */
export function predictLabels(X: Mat, parameters: Parameters): Mat {
  const [a3] = forwardPropagation(X, parameters);
  return zip(a3, a3, (a) => (a > 0.5 ? 1 : 0));
}

/** np.mean(p[0,:] == y[0,:]). Example: `accuracy(p, Y)` → 0.9478672985781991. */
export function accuracy(p: Mat, Y: Mat): number {
  if (p.shape.join() !== Y.shape.join()) throw new Error(`accuracy: predictions (${p.shape.join(",")}) and labels (${Y.shape.join(",")}) differ in shape`);
  return mean(zip(p, Y, (a, b) => (a === b ? 1 : 0)));
}

/**
 * The course's `predict(X, y, parameters)`: prints "Accuracy: …" as Python's str(float) and returns
 * the 0/1 predictions (1, m). Example: `const predictionsTrain = predict(trainX, trainY, parameters)`.
 */
export function predict(X: Mat, Y: Mat, parameters: Parameters): Mat {
  const p = predictLabels(X, parameters);
  console.log("Accuracy: " + formatFloat(accuracy(p, Y)));
  return p;
}

/** The course's `predict_dec`: a3 > 0.5 as 0/1, for decision-boundary plots. Example: `predictDec(parameters, grid)`. */
export function predictDec(parameters: Parameters, X: Mat): Mat {
  return predictLabels(X, parameters);
}
