/**
 * The course's cross-entropy costs. logprobs = −log(a3)·Y + −log(1 − a3)·(1 − Y), elementwise, then:
 * - `crossEntropyNansum` (init_utils.compute_loss, reg_utils.compute_cost): 1/m · nansum — a 0·∞ = NaN
 *   term is skipped, an ∞ term is kept (so the cost can print `inf`);
 * - `crossEntropySum` (gradient checking's forward_propagation_n): 1/m · sum;
 * - `crossEntropyTotal` (opt_utils_v1a.compute_cost): the plain sum, the model divides by m later.
 */
import { add, equalShapes, log, mul, nansum, sub, sum, type Mat } from "../array";
import { crossEntropyNansum3 } from "./fused";

/** The elementwise logprobs array, as the course computes it. Example: `logprobs(a3, Y)`. */
export function logprobs(a3: Mat, Y: Mat): Mat {
  if (a3.shape.join() !== Y.shape.join()) throw new Error(`cost: a3 (${a3.shape.join(",")}) and Y (${Y.shape.join(",")}) differ in shape`);
  // −x is exactly x·(−1)
  return add(mul(mul(-1, log(a3)), Y), mul(mul(-1, log(sub(1, a3))), sub(1, Y)));
}

/** 1./m * np.nansum(logprobs). Example: `crossEntropyNansum(a3, Y)` → 0.6931471805599453. */
export function crossEntropyNansum(a3: Mat, Y: Mat): number {
  if (equalShapes(a3, Y)) {
    const fused = crossEntropyNansum3(a3, Y); // the same bits without the intermediate arrays
    if (fused !== null) return fused;
  }
  const m = Y.shape[1];
  return (1 / m) * nansum(logprobs(a3, Y));
}

/** 1./m * np.sum(logprobs). Example: `crossEntropySum(A3, Y)`. */
export function crossEntropySum(a3: Mat, Y: Mat): number {
  const m = Y.shape[1];
  return (1 / m) * sum(logprobs(a3, Y));
}

/** np.sum(logprobs), not averaged. Example: `costTotal += crossEntropyTotal(a3, minibatchY)`. */
export function crossEntropyTotal(a3: Mat, Y: Mat): number {
  return sum(logprobs(a3, Y));
}
