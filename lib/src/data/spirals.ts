/**
 * A K-class 2-D data set for softmax: K spiral arms around the origin (the CS231n spiral data).
 * Class j's N points have radius r = linspace(0, 1, N) and angle t = linspace(4j, 4(j+1), N) +
 * noise·randn(N), at (r·sin t, r·cos t). No straight line separates two arms, so a linear softmax
 * classifier does poorly and one hidden layer does well. Drawn from one RandomState (default:
 * tsdl's global `random`, numpy's global stream), so `seed(s)` first gives numpy's points.
 */
import ndarray from "ndarray";
import { linspace, type Mat } from "../array";
import { cos, sin } from "../libm";
import { random, type RandomState } from "../random";

/** Examples as columns: X (2, N·K), labels (1, N·K) of class indices 0 … K−1 (class j in columns jN … (j+1)N − 1). */
export interface Spirals {
  X: Mat;
  labels: Mat;
}

/**
 * K spiral arms of `perClass` points each, angle noise `noise` (default 0.2). Per class j, in order:
 * linspace radius, linspace angle + noise·randn(perClass), as the CS231n numpy code draws them.
 * Example: `random.seed(1); const { X, labels } = makeSpirals(100, 3)` → X (2,300), labels (1,300).
 */
export function makeSpirals(perClass: number, K: number, opts: { noise?: number; rng?: RandomState } = {}): Spirals {
  const { noise = 0.2, rng = random } = opts;
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error(`makeSpirals: perClass must be a positive integer, got ${perClass}`);
  if (!Number.isInteger(K) || K < 2) throw new Error(`makeSpirals: K (the number of classes) must be an integer >= 2, got ${K}`);
  if (!(noise >= 0)) throw new Error(`makeSpirals: noise must be >= 0, got ${noise}`);
  const N = perClass;
  const m = N * K;
  const X = new Float64Array(2 * m);
  const labels = new Float64Array(m);
  for (let j = 0; j < K; j++) {
    const r = linspace(0, 1, N).data;
    const t = linspace(j * 4, (j + 1) * 4, N).data;
    const g = (rng.randn(N) as Mat).data;
    for (let i = 0; i < N; i++) {
      const ti = t[i] + g[i] * noise; // numpy: linspace(...) + randn(N)*0.2
      const col = j * N + i;
      X[col] = r[i] * sin(ti);
      X[m + col] = r[i] * cos(ti);
      labels[col] = j;
    }
  }
  return { X: ndarray(X, [2, m]), labels: ndarray(labels, [1, m]) };
}
