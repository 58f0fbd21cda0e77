/**
 * The held-out dev set a search compares its trials on (lectures: train / dev / test). The
 * examples (columns) are shuffled by one seeded permutation, the last `devSize` go to dev.
 */
import { columns, type Mat } from "../array";
import { RandomState } from "../random";

/** Training and dev examples as columns: trainX (n_x, m_train), trainY (1, m_train), devX, devY. */
export interface TrainDev {
  trainX: Mat;
  trainY: Mat;
  devX: Mat;
  devY: Mat;
}

/**
 * Splits X (n_x, m), Y (k, m) into train and dev: `permutation(m)` of a RandomState seeded with
 * `seed`, the first m − devSize shuffled columns for training, the rest for dev.
 * Example: `trainDevSplit(X, Y, 100, 1)` on the 300 moons → trainX (2,200), devX (2,100).
 */
export function trainDevSplit(X: Mat, Y: Mat, devSize: number, seed: number): TrainDev {
  if (X.shape.length !== 2 || Y.shape.length !== 2 || X.shape[1] !== Y.shape[1]) {
    throw new Error(`trainDevSplit: X (${X.shape.join(",")}) and Y (${Y.shape.join(",")}) must be 2-D with one column per example`);
  }
  const m = X.shape[1];
  if (!Number.isInteger(devSize) || devSize < 1 || devSize >= m) {
    throw new Error(`trainDevSplit: devSize must be an integer in [1, ${m - 1}] for m = ${m}, got ${devSize}`);
  }
  const order = Array.from(new RandomState(seed).permutation(m).data);
  const train = order.slice(0, m - devSize);
  const dev = order.slice(m - devSize);
  return { trainX: columns(X, train), trainY: columns(Y, train), devX: columns(X, dev), devY: columns(Y, dev) };
}
