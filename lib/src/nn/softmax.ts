/**
 * Softmax regression's output layer (Week 3): for logits Z (K, m), one column per example and one
 * row per class,
 *   A = softmax(Z):  A_kj = e^{Z_kj} / Σ_i e^{Z_ij}        (each column sums to 1)
 *   J = −(1/m) Σ_j Σ_k Y_kj log A_kj                        (Y one-hot (K, m))
 *   dZ = ∂J/∂Z = (1/m)(A − Y)                              (the lectures' dz = ŷ − y, averaged)
 * Computed stably: softmax(Z) = softmax(Z − c) for any c per column, so each column's maximum is
 * subtracted first and no exponent exceeds e^0 = 1; log A = (Z − max) − log Σ e^{Z − max} needs no
 * division or log of a rounded-to-zero probability. `softmaxNaive` is the formula as written, to
 * show why: e^{1000} overflows to Infinity and Infinity / Infinity is NaN.
 *
 * The per-column loops over the row-major (K, m) data are in the "loops" section below; exp and
 * log are the project's libm (glibc's bits), sums are in row order as numpy's axis-0 sum.
 */
import { fromData, mul, sub, sum, type Mat } from "../array";
import { exp as libmExp, log as libmLog } from "../libm";

function shapeText(A: Mat): string {
  return `(${A.shape.join(",")})`;
}

function checkLogits(op: string, Z: Mat): [number, number, Float64Array] {
  if (!Z || !Array.isArray(Z.shape) || Z.shape.length !== 2) throw new Error(`${op}: Z must be a 2-D (classes K, examples m) array, got ${Z ? shapeText(Z) : String(Z)}`);
  const [K, m] = Z.shape;
  if (K < 1 || m < 1) throw new Error(`${op}: Z ${shapeText(Z)} has no classes or no examples`);
  const z = contiguous(Z);
  return [K, m, z];
}

function checkFinite(op: string, z: Float64Array, K: number, m: number): void {
  for (let i = 0; i < z.length; i++) {
    if (!Number.isFinite(z[i])) throw new Error(`${op}: Z[${Math.floor(i / m)},${i % m}] is ${z[i]}: logits must be finite (Z is (${K},${m}))`);
  }
}

function checkLabels(op: string, Z: Mat, Y: Mat): Float64Array {
  if (!Y || !Array.isArray(Y.shape) || Y.shape.length !== 2 || Y.shape[0] !== Z.shape[0] || Y.shape[1] !== Z.shape[1]) {
    throw new Error(`${op}: Y ${Y && Y.shape ? shapeText(Y) : String(Y)} must be one-hot labels of the shape of Z ${shapeText(Z)} (classes, examples)`);
  }
  return contiguous(Y);
}

// ------------------------------------------------------------------ loops
/** A's elements as a row-major Float64Array (a copy unless A already is one). */
function contiguous(A: Mat): Float64Array {
  const [r, c] = A.shape;
  const d = A.data;
  if (d instanceof Float64Array && A.stride[1] === 1 && (r === 1 || A.stride[0] === c)) return d.subarray(A.offset, A.offset + r * c);
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = A.get(i, j);
  return out;
}

/** max over the K rows of each of the m columns. */
function columnMax(z: Float64Array, K: number, m: number): Float64Array {
  const out = z.slice(0, m);
  for (let i = 1; i < K; i++) {
    for (let j = 0; j < m; j++) if (z[i * m + j] > out[j]) out[j] = z[i * m + j];
  }
  return out;
}

/** Σ over the K rows of each column, row after row (numpy's sum along axis 0 of a C array). */
function columnSum(e: Float64Array, K: number, m: number): Float64Array {
  const out = e.slice(0, m);
  for (let i = 1; i < K; i++) for (let j = 0; j < m; j++) out[j] += e[i * m + j];
  return out;
}

/** e^{Z − shift} elementwise, shift one number per column (zeros: the naive formula). */
function expShifted(z: Float64Array, shift: Float64Array | null, K: number, m: number): Float64Array {
  const out = new Float64Array(K * m);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < m; j++) out[i * m + j] = libmExp(shift ? z[i * m + j] - shift[j] : z[i * m + j]);
  }
  return out;
}

/** each column divided by its number. */
function divideColumns(e: Float64Array, s: Float64Array, K: number, m: number): Float64Array {
  const out = new Float64Array(K * m);
  for (let i = 0; i < K; i++) for (let j = 0; j < m; j++) out[i * m + j] = e[i * m + j] / s[j];
  return out;
}

// ------------------------------------------------------------------ the functions
/**
 * Stable softmax of each column of Z (K, m): e^{Z − max} / Σ e^{Z − max}. Throws on a non-finite logit.
 * Example: `softmax(tsdl.array([[1000], [1001], [1002]]))` → [[0.09003057], [0.24472847], [0.66524096]].
 */
export function softmax(Z: Mat): Mat {
  const [K, m, z] = checkLogits("softmax", Z);
  checkFinite("softmax", z, K, m);
  const e = expShifted(z, columnMax(z, K, m), K, m);
  return fromData(divideColumns(e, columnSum(e, K, m), K, m), [K, m]);
}

/**
 * The formula as written, e^Z / Σ e^Z, without the shift: for logits above ~709 e^Z is Infinity and
 * the result NaN. For the demonstration only; use `softmax`.
 * Example: `softmaxNaive(tsdl.array([[1000], [1001], [1002]]))` → [[NaN], [NaN], [NaN]].
 */
export function softmaxNaive(Z: Mat): Mat {
  const [K, m, z] = checkLogits("softmaxNaive", Z);
  const e = expShifted(z, null, K, m);
  return fromData(divideColumns(e, columnSum(e, K, m), K, m), [K, m]);
}

/**
 * log softmax(Z), stably: (Z − max) − log Σ e^{Z − max}, per column.
 * Example: `logSoftmax(tsdl.array([[0], [0]]))` → [[-0.69314718], [-0.69314718]].
 */
export function logSoftmax(Z: Mat): Mat {
  const [K, m, z] = checkLogits("logSoftmax", Z);
  checkFinite("logSoftmax", z, K, m);
  const max = columnMax(z, K, m);
  const logSum = columnSum(expShifted(z, max, K, m), K, m).map(libmLog);
  const out = new Float64Array(K * m);
  for (let i = 0; i < K; i++) for (let j = 0; j < m; j++) out[i * m + j] = z[i * m + j] - max[j] - logSum[j];
  return fromData(out, [K, m]);
}

/**
 * The cross-entropy cost of logits Z (K, m) for one-hot labels Y (K, m):
 * J = −(1/m) Σ_j Σ_k Y_kj log softmax(Z)_kj, from log softmax (finite even when a probability
 * rounds to 0). Example: `softmaxCrossEntropy(tsdl.zeros([6, 120]), Y)` → ln 6 = 1.791759469228055.
 */
export function softmaxCrossEntropy(Z: Mat, Y: Mat): number {
  const y = checkLabels("softmaxCrossEntropy", Z, Y);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new Error(`softmaxCrossEntropy: Y[${Math.floor(i / Z.shape[1])},${i % Z.shape[1]}] is ${y[i]}`);
  }
  const m = Z.shape[1];
  // −(1/m)·np.sum(Y * log A), the sum pairwise over all entries as numpy's
  return (-1 / m) * sum(mul(Y, logSoftmax(Z)));
}

/**
 * The gradient of softmaxCrossEntropy with respect to the logits: dZ = (1/m)(A − Y) with A = softmax(Z).
 * Example: `const dZ = softmaxCrossEntropyBackward(A, Y)` → (K, m), each column summing to 0.
 */
export function softmaxCrossEntropyBackward(A: Mat, Y: Mat): Mat {
  checkLabels("softmaxCrossEntropyBackward", A, Y);
  const m = A.shape[1];
  return mul(1 / m, sub(A, Y));
}
