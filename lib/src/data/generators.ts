/**
 * scikit-learn 1.2's `make_circles` / `make_moons`, and the init and optimization labs' loaders built
 * on them. Bit-identical to sklearn called with `random_state=None` after `np.random.seed(s)`: like
 * sklearn they draw from one RandomState (default: tsdl's global `random`, numpy's global stream),
 * in sklearn's order — `idx = arange(n); shuffle(idx)` (sklearn.utils.shuffle → resample(replace=False)),
 * then `X += normal(0, noise, (n, 2))` when a noise is given (noise 0 still draws, None does not).
 * cos/sin are glibc's (../libm), linspace numpy's (../array).
 *
 * Labels are float64 arrays of 0/1 (sklearn returns int labels; float64 mixes with the rest of tsdl
 * and holds 0/1 exactly).
 */
import ndarray from "ndarray";
import type { NdArray } from "ndarray";
import { linspace } from "../array";
import { cos, sin } from "../libm";
import { random, type RandomState } from "../random";

type Mat = NdArray<Float64Array>;

/** Samples as rows: `X` is (n, 2), `y` is (n,) of 0/1 (0 = outer circle / upper moon). */
export interface Samples2D {
  X: Mat;
  y: Mat;
}

/** Options of makeCircles / makeMoons (sklearn's keyword arguments). */
export interface MakeOptions {
  /** standard deviation of the Gaussian noise added to X; undefined/null: none (no draws) */
  noise?: number | null;
  /** shuffle the samples (default true, one legacy `shuffle` of arange(n)) */
  shuffle?: boolean;
  /** the stream to draw from (default: tsdl's global `random`, like sklearn's random_state=None) */
  rng?: RandomState;
}

/** A lab dataset with examples as columns: X (2, m), Y (1, m). */
export interface LabDataset {
  trainX: Mat;
  trainY: Mat;
  testX?: Mat;
  testY?: Mat;
}

function split(op: string, nSamples: number | readonly [number, number]): [number, number] {
  if (typeof nSamples !== "number" && nSamples.length !== 2) {
    throw new Error(`${op}: n_samples must be an integer or a pair [n_out, n_in], got [${nSamples.join(", ")}]`);
  }
  const pair: [number, number] = typeof nSamples === "number"
    ? [Math.floor(nSamples / 2), nSamples - Math.floor(nSamples / 2)]
    : [nSamples[0], nSamples[1]];
  for (const n of pair) {
    if (!Number.isInteger(n) || n < 0) throw new Error(`${op}: n_samples must be non-negative integers, got ${String(nSamples)}`);
  }
  return pair;
}

/** sklearn's common tail: stack outer then inner rows, shuffle rows, add noise. */
function finish(op: string, ox: Float64Array, oy: Float64Array, ix: Float64Array, iy: Float64Array, opts: MakeOptions): Samples2D {
  const { noise = null, shuffle = true, rng = random } = opts;
  if (noise !== null && !(noise >= 0)) throw new Error(`${op}: noise must be >= 0 or null, got ${noise}`);
  const nOut = ox.length;
  const n = nOut + ix.length;
  const X = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < nOut; i++) {
    X[2 * i] = ox[i];
    X[2 * i + 1] = oy[i];
  }
  for (let i = 0; i < ix.length; i++) {
    X[2 * (nOut + i)] = ix[i];
    X[2 * (nOut + i) + 1] = iy[i];
    y[nOut + i] = 1;
  }
  let Xs = X;
  let ys = y;
  if (shuffle) {
    const idx = new Float64Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    rng.shuffle(idx);
    Xs = new Float64Array(2 * n);
    ys = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const k = idx[r];
      Xs[2 * r] = X[2 * k];
      Xs[2 * r + 1] = X[2 * k + 1];
      ys[r] = y[k];
    }
  }
  if (noise !== null) {
    const g = rng.normal(0, noise, [n, 2]).data; // loc + scale*gauss, row-major, as numpy
    for (let i = 0; i < 2 * n; i++) Xs[i] += g[i];
  }
  return { X: ndarray(Xs, [n, 2]), y: ndarray(ys, [n]) };
}

/** f applied to each element, then multiplied by `scale` (sklearn scales after the cosine). */
function apply(a: Float64Array, f: (x: number) => number, scale?: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = scale === undefined ? f(a[i]) : f(a[i]) * scale;
  return out;
}

/**
 * sklearn's `make_circles`: a circle of radius 1 (label 0) around one of radius `factor` (label 1).
 * Example: `random.seed(1); const { X, y } = makeCircles(300, { noise: 0.05 })` → X (300,2).
 */
export function makeCircles(
  nSamples: number | readonly [number, number],
  opts: MakeOptions & { factor?: number } = {},
): Samples2D {
  const [nOut, nIn] = split("makeCircles", nSamples);
  const factor = opts.factor ?? 0.8;
  if (!(factor >= 0 && factor < 1)) throw new Error(`makeCircles: factor must be in [0, 1), got ${factor}`);
  const lo = linspace(0, 2 * Math.PI, nOut, false).data;
  const li = linspace(0, 2 * Math.PI, nIn, false).data;
  return finish("makeCircles", apply(lo, cos), apply(lo, sin), apply(li, cos, factor), apply(li, sin, factor), opts);
}

/**
 * sklearn's `make_moons`: the upper half circle (label 0) and a lower one shifted by (1, 0.5) (label 1).
 * Example: `random.seed(3); const { X, y } = makeMoons(300, { noise: 0.2 })`.
 */
export function makeMoons(nSamples: number | readonly [number, number], opts: MakeOptions = {}): Samples2D {
  const [nOut, nIn] = split("makeMoons", nSamples);
  const to = linspace(0, Math.PI, nOut).data;
  const ti = linspace(0, Math.PI, nIn).data;
  const ix = new Float64Array(nIn);
  const iy = new Float64Array(nIn);
  for (let i = 0; i < nIn; i++) {
    ix[i] = 1 - cos(ti[i]);
    iy[i] = 1 - sin(ti[i]) - 0.5; // (1 - sin) - 0.5, sklearn's order
  }
  return finish("makeMoons", apply(to, cos), apply(to, sin), ix, iy, opts);
}

/** Samples as rows → examples as columns: X (n,2) → (2,n), y (n,) → (1,n). */
function asColumns(s: Samples2D): { X: Mat; Y: Mat } {
  const n = s.y.shape[0];
  const src = s.X.data;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[i] = src[2 * i];
    out[n + i] = src[2 * i + 1];
  }
  return { X: ndarray(out, [2, n]), Y: ndarray(Float64Array.from(s.y.data), [1, n]) };
}

/**
 * The initialization lab's `load_dataset()`: seed(1), circles(300, noise .05) for training; seed(2),
 * circles(100, noise .05) for testing. Re-seeds `rng` (default: the global `random`) like the course.
 * Example: `const { trainX, trainY, testX, testY } = loadInitDataset()` → (2,300), (1,300), (2,100), (1,100).
 */
export function loadInitDataset(rng: RandomState = random): Required<LabDataset> {
  rng.seed(1);
  const train = asColumns(makeCircles(300, { noise: 0.05, rng }));
  rng.seed(2);
  const test = asColumns(makeCircles(100, { noise: 0.05, rng }));
  return { trainX: train.X, trainY: train.Y, testX: test.X, testY: test.Y };
}

/**
 * The optimization lab's `load_dataset()`: seed(3), moons(300, noise .2); training set only.
 * Example: `const { trainX, trainY } = loadMoonsDataset()` → (2,300), (1,300).
 */
export function loadMoonsDataset(rng: RandomState = random): { trainX: Mat; trainY: Mat } {
  rng.seed(3);
  const train = asColumns(makeMoons(300, { noise: 0.2, rng }));
  return { trainX: train.X, trainY: train.Y };
}
