/** Mini-batches as the course makes them (random_mini_batches of the optimization lab and tf_utils). */
import { columns, sliceColumns, type Mat } from "../array";
import { random, type RandomState } from "../random";

/**
 * Shuffles the examples (columns) of X and Y with one `permutation(m)` drawn right after
 * `seed(seed)`, then cuts ⌊m / miniBatchSize⌋ complete mini-batches and, when miniBatchSize does
 * not divide m, a last one with the m % miniBatchSize examples left. Re-seeds `rng` (default: the
 * global `random`), as the course does. Y is (1, m) — or (k, m), e.g. one-hot columns.
 * Example: `randomMiniBatches(X, Y, 64, 11)` on m = 300 → 5 pairs [X_k, Y_k] of 64, 64, 64, 64, 44 columns.
 */
export function randomMiniBatches(X: Mat, Y: Mat, miniBatchSize = 64, seed = 0, rng: RandomState = random): [Mat, Mat][] {
  if (X.shape.length !== 2 || Y.shape.length !== 2 || X.shape[1] !== Y.shape[1]) {
    throw new Error(`randomMiniBatches: X (${X.shape.join(",")}) and Y (${Y.shape.join(",")}) must be 2-D with one column per example`);
  }
  if (!Number.isInteger(miniBatchSize) || miniBatchSize < 1) {
    throw new Error(`randomMiniBatches: miniBatchSize must be a positive integer, got ${miniBatchSize}`);
  }
  rng.seed(seed);
  const m = X.shape[1];
  const permutation = rng.permutation(m).data;
  const shuffledX = columns(X, permutation);
  const shuffledY = columns(Y, permutation);
  const miniBatches: [Mat, Mat][] = [];
  const numCompleteMinibatches = Math.floor(m / miniBatchSize);
  for (let k = 0; k < numCompleteMinibatches; k++) {
    const from = k * miniBatchSize, to = (k + 1) * miniBatchSize;
    miniBatches.push([sliceColumns(shuffledX, from, to), sliceColumns(shuffledY, from, to)]);
  }
  if (m % miniBatchSize !== 0) {
    const from = numCompleteMinibatches * miniBatchSize;
    miniBatches.push([sliceColumns(shuffledX, from, m), sliceColumns(shuffledY, from, m)]);
  }
  return miniBatches;
}
