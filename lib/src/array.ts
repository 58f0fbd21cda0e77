/**
 * Named array helpers on scijs ndarrays, numpy-flavoured: what notebooks and lib code call.
 * Arrays are float64, row-major (numpy C order); any ndarray is accepted as input, contiguous
 * row-major Float64Array ones without a copy.
 *
 * Output convention (everywhere in this file): an optional `out` array comes LAST, e.g.
 * `matmul(W, X, Z)`, `relu(Z, A)`, `add(A, B, A)`; it must be a contiguous row-major float64
 * array of the result's shape, and is returned. Without `out` a new array is allocated.
 * Elementwise ops may write in place (`out` = an input); matmul may not.
 * Reductions (sum, mean, argmax, norm) always allocate (their results are small).
 *
 * Memory: a new result of up to 1024 elements is cut from a shared block (kernels.newF64: an own
 * buffer costs ~0.7 µs, more than the labs' small ops themselves), so its `.data.buffer` may hold
 * other arrays too; use `.data` (its offset and length) rather than `.data.buffer`.
 *
 * The loops themselves live in kernels.ts.
 */
import ndarray from "ndarray";
import type { NdArray } from "ndarray";
import * as K from "./kernels";
import { wrap, wrap2 } from "./views";

/** A float64 ndarray, the array type of tsdl. */
export type Mat = NdArray<Float64Array>;
/** Any numeric ndarray accepted as input. */
export type ArrayIn = NdArray<ndarray.Data<number>>;
/** A shape: one size per axis; a bare number means a 1-D shape. */
export type Shape = number | readonly number[];
/** JS nested arrays of numbers, as `[[1, 2], [3, 4]]`. */
export type Nested = number | boolean | readonly Nested[];

// ------------------------------------------------------------------ shapes and data access
/** numpy's way to write a shape, e.g. `(5,3)`; a 1-D shape is `(5)` (numpy writes `(5,)`). */
function fmt(shape: readonly number[]): string {
  return `(${shape.join(",")})`;
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function checkShape(shape: Shape, op: string): number[] {
  const s = typeof shape === "number" ? [shape] : Array.from(shape);
  for (const d of s) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`${op}: invalid shape ${fmt(s)}: sizes must be non-negative integers`);
  }
  return s;
}

/** True when A's elements sit in row-major order, back to back (size-1 axes may have any stride). */
function isRowMajor(A: ArrayIn): boolean {
  let expect = 1;
  for (let d = A.shape.length - 1; d >= 0; d--) {
    const n = A.shape[d];
    if (n !== 1 && A.stride[d] !== expect) return false;
    expect *= n;
  }
  return true;
}

/** A's elements as a row-major Float64Array starting at index 0: A's own memory when possible, else a copy. */
function dataOf(A: ArrayIn): Float64Array {
  const d = A.data;
  if (d instanceof Float64Array) {
    const s = A.shape;
    let size = -1;
    if (s.length === 2) {
      // the common case, without the general loops: a contiguous row-major matrix
      const r = s[0], c = s[1];
      if ((c === 1 || A.stride[1] === 1) && (r === 1 || A.stride[0] === c)) size = r * c;
    } else if (isRowMajor(A)) size = sizeOf(s);
    if (size >= 0) return A.offset === 0 && d.length === size ? d : d.subarray(A.offset, A.offset + size);
  }
  const size = sizeOf(A.shape);
  const out = new Float64Array(size);
  const shape = A.shape;
  const nd = shape.length;
  if (size === 0) return out;
  const idx = new Array<number>(nd).fill(0);
  for (let k = 0; k < size; k++) {
    out[k] = Number(A.get(...idx));
    for (let ax = nd - 1; ax >= 0; ax--) {
      if (++idx[ax] < shape[ax]) break;
      idx[ax] = 0;
    }
  }
  return out;
}

/** The array to write a result of `shape` into: out (validated) or a new one; its memory is dataOf(res). */
function target(shape: readonly number[], out: Mat | undefined, op: string): Mat {
  if (out === undefined) return wrap(K.newF64(sizeOf(shape)), shape);
  if (!sameShape(out.shape, shape)) throw new Error(`${op}: out has shape ${fmt(out.shape)}, the result is ${fmt(shape)}`);
  if (!(out.data instanceof Float64Array) || !isRowMajor(out)) {
    throw new Error(`${op}: out must be a contiguous row-major float64 array`);
  }
  return out;
}

/** target() for a (rows, cols) result. */
function target2(rows: number, cols: number, out: Mat | undefined, op: string): Mat {
  if (out === undefined) return wrap2(K.newF64(rows * cols), rows, cols);
  return target([rows, cols], out, op);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isArray(x: unknown): x is ArrayIn {
  return typeof x === "object" && x !== null && "shape" in x && "stride" in x && "data" in x;
}

/**
 * `data` seen as a row-major array of `shape`, sharing its memory (no copy, like np.frombuffer +
 * reshape); data.length must equal the shape's size. Example: `fromData(new Float64Array([1, 2, 3, 4]), [2, 2])`.
 */
export function fromData(data: Float64Array, shape: Shape): Mat {
  if (!(data instanceof Float64Array)) throw new Error(`fromData: data must be a Float64Array, got ${Object.prototype.toString.call(data)}`);
  const s = typeof shape === "number" ? [shape] : shape;
  for (let i = 0; i < s.length; i++) {
    const d = s[i];
    if (!Number.isInteger(d) || d < 0) throw new Error(`fromData: invalid shape ${fmt(s)}: sizes must be non-negative integers`);
  }
  if (sizeOf(s) !== data.length) throw new Error(`fromData: ${data.length} elements cannot have shape ${fmt(s)}`);
  return wrap(data, s);
}

/** A copy of A's shape. Example: `shapeOf(X)` → `[2, 300]`. */
export function shapeOf(A: ArrayIn): number[] {
  return A.shape.slice();
}

/** Whether A and B have the same shape. Example: `equalShapes(dW1, W1)` → `true`. */
export function equalShapes(A: ArrayIn, B: ArrayIn): boolean {
  return sameShape(A.shape, B.shape);
}

// ------------------------------------------------------------------ creation
/** A new array of `shape` filled with v. Example: `full([2, 3], 0.5)`. */
export function full(shape: Shape, v: number): Mat {
  const s = checkShape(shape, "full");
  const data = K.newF64(sizeOf(s));
  if (v !== 0 || Object.is(v, -0)) data.fill(v);
  return wrap(data, s);
}

/** A new array of zeros (np.zeros). Example: `zeros([5, 1])`. */
export function zeros(shape: Shape): Mat {
  const s = checkShape(shape, "zeros");
  return wrap(K.newF64(sizeOf(s)), s);
}

/** A new array of ones (np.ones). Example: `ones([1, 300])`. */
export function ones(shape: Shape): Mat {
  const s = checkShape(shape, "ones");
  return wrap(K.newF64(sizeOf(s)).fill(1), s);
}

/**
 * An array from JS nested arrays (np.array), checking that every level is rectangular.
 * Example: `fromNested([[1, 2, 3], [4, 5, 6]])` → shape (2,3).
 */
export function fromNested(nested: Nested): Mat {
  const shape: number[] = [];
  let level: Nested = nested;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const out = K.newF64(sizeOf(shape));
  let k = 0;
  const path: number[] = []; // index of the element being visited, for error messages
  const where = (): string => `[${path.join(", ")}]`;
  const walk = (x: Nested, depth: number): void => {
    if (depth === shape.length) {
      if (typeof x === "number") out[k++] = x;
      else if (typeof x === "boolean") out[k++] = x ? 1 : 0;
      else if (Array.isArray(x)) throw new Error(`fromNested: ragged nested array: element ${where()} is an array, expected a number at depth ${depth}`);
      else throw new Error(`fromNested: element ${where()} is ${typeof x}, expected a number`);
      return;
    }
    if (!Array.isArray(x)) {
      const what = typeof x === "number" || typeof x === "boolean" ? "a number" : typeof x;
      throw new Error(`fromNested: ragged nested array: element ${where()} is ${what}, expected an array of length ${shape[depth]}`);
    }
    if (x.length !== shape[depth]) {
      throw new Error(`fromNested: ragged nested array: ${where()} has length ${x.length}, expected ${shape[depth]}`);
    }
    path.push(0);
    for (let i = 0; i < x.length; i++) {
      path[depth] = i;
      walk(x[i], depth + 1);
    }
    path.pop();
  };
  walk(nested, 0);
  return wrap(out, shape);
}

/** Alias of fromNested, numpy's spelling. Example: `array([[1], [0]])`. */
export function array(nested: Nested): Mat {
  return fromNested(nested);
}

/** A's elements as JS nested arrays (a number for a 0-d array). Example: `toNested(zeros([2, 1]))` → `[[0], [0]]`. */
export function toNested(A: ArrayIn): Nested {
  const d = dataOf(A);
  const shape = A.shape;
  if (shape.length === 0) return d[0];
  let k = 0;
  const build = (depth: number): Nested[] => {
    const n = shape[depth];
    const res: Nested[] = new Array(n);
    if (depth === shape.length - 1) for (let i = 0; i < n; i++) res[i] = d[k++];
    else for (let i = 0; i < n; i++) res[i] = build(depth + 1);
    return res;
  };
  return build(0);
}

/**
 * np.arange(start, stop, step) for float arguments: ceil((stop-start)/step) values
 * start + i*((start+step)-start), numpy's fill rule. `arange(n)` counts 0 … n-1.
 * Example: `arange(0, 1, 0.25)` → [0, 0.25, 0.5, 0.75].
 */
export function arange(start: number, stop?: number, step = 1): Mat {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step)) throw new Error(`arange: step must be a finite nonzero number, got ${step}`);
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw new Error(`arange: start and stop must be finite, got ${start}, ${stop}`);
  const len = Math.max(0, Math.ceil((stop - start) / step));
  const out = new Float64Array(len);
  const delta = start + step - start;
  for (let i = 0; i < len; i++) out[i] = start + i * delta;
  return wrap(out, [len]);
}

/**
 * np.linspace(a, b, n, endpoint): i*step + a with step = (b-a)/div (div = n-1, or n without the
 * endpoint), the last value set to b exactly when endpoint; numpy's arithmetic order, bit for bit.
 * Example: `linspace(0, 2 * Math.PI, 150, false)`.
 */
export function linspace(a: number, b: number, n: number, endpoint = true): Mat {
  if (!Number.isInteger(n) || n < 0) throw new Error(`linspace: number of samples must be a non-negative integer, got ${n}`);
  const div = endpoint ? n - 1 : n;
  const delta = b - a;
  const out = new Float64Array(n);
  if (div > 0) {
    const step = delta / div;
    if (step === 0) for (let i = 0; i < n; i++) out[i] = (i / div) * delta + a; // denormal step, numpy gh-5437
    else for (let i = 0; i < n; i++) out[i] = i * step + a;
  } else {
    for (let i = 0; i < n; i++) out[i] = i * delta + a;
  }
  if (endpoint && n > 1) out[n - 1] = b;
  return wrap(out, [n]);
}

// ------------------------------------------------------------------ matrix products
/** "fast": plain multiply-adds. "fma": exact fused multiply-adds like OpenBLAS (≈15x slower). */
export type MatmulMode = "fast" | "fma";
let matmulMode: MatmulMode = "fast";

/**
 * Chooses how matmul/matmulTA/matmulTB round: "fast" (default) or "fma", which reproduces numpy's
 * (OpenBLAS's) bits for small inner sizes. Returns the previous mode. Example: `setMatmulMode("fma")`.
 */
export function setMatmulMode(mode: MatmulMode): MatmulMode {
  if (mode !== "fast" && mode !== "fma") throw new Error(`setMatmulMode: mode must be "fast" or "fma", got ${String(mode)}`);
  const prev = matmulMode;
  matmulMode = mode;
  return prev;
}

/** The current matmul mode (see setMatmulMode). Example: `getMatmulMode()` → "fast". */
export function getMatmulMode(): MatmulMode {
  return matmulMode;
}

/** The operands' shapes as an error message shows them, e.g. `(5,3)·(3,4)ᵀ` (built only for errors). */
function signature(A: ArrayIn, B: ArrayIn, op: string): string {
  const ta = op === "matmulTA" ? "ᵀ" : "";
  const tb = op === "matmulTB" ? "ᵀ" : "";
  return `${fmt(A.shape)}${ta}·${fmt(B.shape)}${tb}`;
}

/** [rows, cols] of op(A)·op(B)'s operands and result, checked: [m, k, n]. */
function productSizes(A: ArrayIn, B: ArrayIn, op: "matmul" | "matmulTA" | "matmulTB"): [number, number, number] {
  if (A.shape.length !== 2 || B.shape.length !== 2) throw new Error(`${op}: ${signature(A, B, op)}: both operands must be 2-D`);
  const m = op === "matmulTA" ? A.shape[1] : A.shape[0];
  const k = op === "matmulTA" ? A.shape[0] : A.shape[1];
  const k2 = op === "matmulTB" ? B.shape[1] : B.shape[0];
  const n = op === "matmulTB" ? B.shape[0] : B.shape[1];
  if (k !== k2) throw new Error(`${op}: ${signature(A, B, op)}: inner sizes ${k} ≠ ${k2}`);
  return [m, k, n];
}

/** Throws when out's memory overlaps an operand's (a product cannot be written over its inputs). */
function noAlias(out: Mat | undefined, A: ArrayIn, B: ArrayIn, op: string): void {
  if (out === undefined) return;
  const o = out.data;
  const oEnd = o.byteOffset + o.byteLength;
  for (let i = 0; i < 2; i++) {
    const d = (i === 0 ? A : B).data as { buffer?: unknown; byteOffset?: number; byteLength?: number };
    if (d.buffer !== o.buffer) continue;
    const start = d.byteOffset ?? 0;
    const end = start + (d.byteLength ?? Infinity);
    // arrays cut from one block (kernels.newF64) share a buffer without sharing memory
    if (start < oEnd && o.byteOffset < end) throw new Error(`${op}: out must not share memory with an operand`);
  }
}

/** A·B for A (m,k), B (k,n) → (m,n). Example: `matmul(W1, X)`; `matmul(W1, X, Z1)` writes into Z1. */
export function matmul(A: ArrayIn, B: ArrayIn, out?: Mat): Mat {
  const [m, k, n] = productSizes(A, B, "matmul");
  noAlias(out, A, B, "matmul");
  const res = target2(m, n, out, "matmul");
  if (matmulMode === "fma") K.gemmNNFma(dataOf(res), dataOf(A), dataOf(B), m, k, n);
  else K.gemmNN(dataOf(res), dataOf(A), dataOf(B), m, k, n);
  return res;
}

/** Aᵀ·B for A (k,m), B (k,n) → (m,n), without forming Aᵀ. Example: `matmulTA(W2, dZ2)` (= W2ᵀ·dZ2). */
export function matmulTA(A: ArrayIn, B: ArrayIn, out?: Mat): Mat {
  const [m, k, n] = productSizes(A, B, "matmulTA");
  noAlias(out, A, B, "matmulTA");
  const res = target2(m, n, out, "matmulTA");
  if (matmulMode === "fma") K.gemmTNFma(dataOf(res), dataOf(A), dataOf(B), m, k, n);
  else K.gemmTN(dataOf(res), dataOf(A), dataOf(B), m, k, n);
  return res;
}

/** A·Bᵀ for A (m,k), B (n,k) → (m,n), without forming Bᵀ. Example: `matmulTB(dZ1, X)` (= dZ1·Xᵀ). */
export function matmulTB(A: ArrayIn, B: ArrayIn, out?: Mat): Mat {
  const [m, k, n] = productSizes(A, B, "matmulTB");
  noAlias(out, A, B, "matmulTB");
  const res = target2(m, n, out, "matmulTB");
  if (matmulMode === "fma") K.gemmNTFma(dataOf(res), dataOf(A), dataOf(B), m, k, n);
  else K.gemmNT(dataOf(res), dataOf(A), dataOf(B), m, k, n);
  return res;
}

/** A (n,m) plus the column b (n,1) added to every column (np: A + b). Example: `addColumn(matmul(W1, X), b1)`. */
export function addColumn(A: ArrayIn, b: ArrayIn, out?: Mat): Mat {
  if (A.shape.length !== 2 || b.shape.length !== 2 || b.shape[0] !== A.shape[0] || b.shape[1] !== 1) {
    const want = A.shape.length === 2 ? `(${A.shape[0]},1)` : "(n,1) with A 2-D";
    throw new Error(`addColumn: ${fmt(A.shape)} + ${fmt(b.shape)}: b must be ${want}`);
  }
  const [rows, cols] = A.shape;
  const res = target2(rows, cols, out, "addColumn");
  K.addColumnInto(dataOf(res), dataOf(A), dataOf(b), rows, cols);
  return res;
}

// ------------------------------------------------------------------ elementwise
type Binary = (out: Float64Array, a: Float64Array, b: Float64Array, n: number) => void;
type WithScalar = (out: Float64Array, a: Float64Array, s: number, n: number) => void;

function binary(op: string, sym: string, a: ArrayIn | number, b: ArrayIn | number, out: Mat | undefined,
  both: Binary, arrScalar: WithScalar, scalarArr: WithScalar): Mat {
  if (isArray(a) && isArray(b)) {
    if (!sameShape(a.shape, b.shape)) throw new Error(`${op}: ${fmt(a.shape)} ${sym} ${fmt(b.shape)}: shapes differ`);
    const res = target(a.shape, out, op);
    const o = dataOf(res);
    both(o, dataOf(a), dataOf(b), o.length);
    return res;
  }
  if (isArray(a) && typeof b === "number") {
    const res = target(a.shape, out, op);
    const o = dataOf(res);
    arrScalar(o, dataOf(a), b, o.length);
    return res;
  }
  if (typeof a === "number" && isArray(b)) {
    const res = target(b.shape, out, op);
    const o = dataOf(res);
    scalarArr(o, dataOf(b), a, o.length);
    return res;
  }
  throw new Error(`${op}: expected arrays or numbers with at least one array, got ${typeof a} and ${typeof b}`);
}

/** Elementwise a + b (same shapes, or one side a number). Example: `add(W, 1)`, `add(A, B, A)`. */
export function add(a: ArrayIn | number, b: ArrayIn | number, out?: Mat): Mat {
  return binary("add", "+", a, b, out, K.addInto, K.addScalarInto, K.addScalarInto);
}

/** Elementwise a - b. Example: `sub(W1, mul(lr, dW1))`, `sub(1, Y)`. */
export function sub(a: ArrayIn | number, b: ArrayIn | number, out?: Mat): Mat {
  return binary("sub", "-", a, b, out, K.subInto, K.subScalarInto, K.rsubScalarInto);
}

/** Elementwise a * b. Example: `mul(dA2, D2)`, `mul(1 / m, dZ)`. */
export function mul(a: ArrayIn | number, b: ArrayIn | number, out?: Mat): Mat {
  return binary("mul", "*", a, b, out, K.mulInto, K.mulScalarInto, K.mulScalarInto);
}

/** Elementwise a / b. Example: `div(A2, keepProb)`, `div(1, x)`. */
export function div(a: ArrayIn | number, b: ArrayIn | number, out?: Mat): Mat {
  return binary("div", "/", a, b, out, K.divInto, K.divScalarInto, K.rdivScalarInto);
}

function unary(op: string, A: ArrayIn, out: Mat | undefined, f: (o: Float64Array, a: Float64Array, n: number) => void): Mat {
  if (!isArray(A)) throw new Error(`${op}: expected an ndarray, got ${typeof A}`);
  const res = target(A.shape, out, op);
  const o = dataOf(res);
  f(o, dataOf(A), o.length);
  return res;
}

/**
 * Elementwise a < b as 1 and 0 (numpy's `a < b`, whose booleans count as 1. and 0. in arithmetic;
 * NaN compares false). Example: `less(tsdl.random.rand(20, 211), keepProb)` (a dropout mask).
 */
export function less(a: ArrayIn | number, b: ArrayIn | number, out?: Mat): Mat {
  return binary("less", "<", a, b, out, K.lessInto, K.lessScalarInto, K.rlessScalarInto);
}

/** Elementwise f(x). Example: `map(A, (x) => (x > 0 ? 1 : 0))`. */
export function map(A: ArrayIn, f: (x: number) => number, out?: Mat): Mat {
  return unary("map", A, out, (o, a, n) => K.mapInto(o, a, f, n));
}

/** Elementwise f(x, y) of two same-shape arrays. Example: `zip(dA, A, (d, a) => d * (a > 0 ? 1 : 0))`. */
export function zip(A: ArrayIn, B: ArrayIn, f: (x: number, y: number) => number, out?: Mat): Mat {
  if (!sameShape(A.shape, B.shape)) throw new Error(`zip: ${fmt(A.shape)} and ${fmt(B.shape)}: shapes differ`);
  const res = target(A.shape, out, "zip");
  const o = dataOf(res);
  K.zipInto(o, dataOf(A), dataOf(B), f, o.length);
  return res;
}

/** Elementwise √x. Example: `sqrt(s)`. */
export function sqrt(A: ArrayIn, out?: Mat): Mat {
  return unary("sqrt", A, out, K.sqrtInto);
}
/** Elementwise eˣ (project libm, glibc bits). Example: `exp(Z)`. */
export function exp(A: ArrayIn, out?: Mat): Mat {
  return unary("exp", A, out, K.expInto);
}
/** Elementwise natural log (project libm, glibc bits). Example: `log(A3)`. */
export function log(A: ArrayIn, out?: Mat): Mat {
  return unary("log", A, out, K.logInto);
}
/** Elementwise tanh. Example: `tanh(Z1)`. */
export function tanh(A: ArrayIn, out?: Mat): Mat {
  return unary("tanh", A, out, K.tanhInto);
}
/** np.maximum(0, x): negatives → 0, NaN and -0 kept as numpy keeps them. Example: `relu(Z1)`. */
export function relu(A: ArrayIn, out?: Mat): Mat {
  return unary("relu", A, out, K.reluInto);
}
/**
 * The ReLU backward dA * int(A > 0) with the mask from the post-activation A, as the course writes
 * it (np.multiply(dA, np.int64(A > 0))). Example: `reluBackward(dA2, A2)`.
 */
export function reluBackward(dA: ArrayIn, A: ArrayIn, out?: Mat): Mat {
  if (!sameShape(dA.shape, A.shape)) throw new Error(`reluBackward: dA ${fmt(dA.shape)} and A ${fmt(A.shape)}: shapes differ`);
  const res = target(A.shape, out, "reluBackward");
  const o = dataOf(res);
  K.reluBackwardInto(o, dataOf(dA), dataOf(A), o.length);
  return res;
}
/** 1/(1+exp(-x)) in numpy's order. Example: `sigmoid(Z3)`. */
export function sigmoid(A: ArrayIn, out?: Mat): Mat {
  return unary("sigmoid", A, out, K.sigmoidInto);
}
/** Elementwise x*x (np.square). Example: `square(W1)`. */
export function square(A: ArrayIn, out?: Mat): Mat {
  return unary("square", A, out, K.squareInto);
}

// ------------------------------------------------------------------ reductions
function normAxis(axis: number, nd: number, op: string, shape: readonly number[]): number {
  if (!Number.isInteger(axis) || axis < -nd || axis >= nd) throw new Error(`${op}: axis ${axis} is out of bounds for ${fmt(shape)}`);
  return axis < 0 ? axis + nd : axis;
}

function reduceSum(op: string, A: ArrayIn, axis: number | null | undefined, keepdims: boolean, skipNaN: boolean, divide: boolean): number | Mat {
  const shape = A.shape;
  const d = dataOf(A);
  if (axis === undefined || axis === null) {
    const o = K.newF64(1);
    K.sumAxis(o, d, 1, d.length, 1, skipNaN);
    if (divide) o[0] /= d.length;
    return keepdims ? wrap(o, shape.map(() => 1)) : o[0];
  }
  const ax = normAxis(axis, shape.length, op, shape);
  const outer = sizeOf(shape.slice(0, ax));
  const n = shape[ax];
  const inner = sizeOf(shape.slice(ax + 1));
  const o = K.newF64(outer * inner);
  K.sumAxis(o, d, outer, n, inner, skipNaN);
  if (divide) for (let i = 0; i < o.length; i++) o[i] /= n;
  const outShape = keepdims ? shape.map((s, i) => (i === ax ? 1 : s)) : shape.filter((_, i) => i !== ax);
  return wrap(o, outShape);
}

/**
 * np.sum with numpy's pairwise summation (same bits as numpy for row-major input). A number
 * without axis; an array with axis (keepdims keeps it as size 1). Example: `sum(dZ3, 1, true)` → (1,1).
 */
export function sum(A: ArrayIn): number;
export function sum(A: ArrayIn, axis: number | null, keepdims?: boolean): Mat;
export function sum(A: ArrayIn, axis?: number | null, keepdims = false): number | Mat {
  return reduceSum("sum", A, axis, keepdims, false, false);
}

/** np.nansum: NaN counted as 0, then np.sum. Example: `nansum(logprobs)`. */
export function nansum(A: ArrayIn): number;
export function nansum(A: ArrayIn, axis: number | null, keepdims?: boolean): Mat;
export function nansum(A: ArrayIn, axis?: number | null, keepdims = false): number | Mat {
  return reduceSum("nansum", A, axis, keepdims, true, false);
}

/** np.mean: np.sum divided by the count. Example: `mean(eq)` (accuracy), `mean(X, 1, true)`. */
export function mean(A: ArrayIn): number;
export function mean(A: ArrayIn, axis: number | null, keepdims?: boolean): Mat;
export function mean(A: ArrayIn, axis?: number | null, keepdims = false): number | Mat {
  return reduceSum("mean", A, axis, keepdims, false, true);
}

/**
 * np.linalg.norm(A) for a vector or matrix: sqrt(x·x) over all elements, x·x in OpenBLAS's ddot
 * order with fmas (numpy's bits for single-threaded OpenBLAS SkylakeX, or n ≤ 10000).
 * Example: `norm(sub(grad, gradapprox))`.
 */
export function norm(A: ArrayIn): number {
  const d = dataOf(A);
  return Math.sqrt(0 + K.ddot(d, d, d.length));
}

/**
 * np.argmax: index of the first maximum (a NaN counts as the maximum). Without axis the index into
 * the row-major flattened array; with axis an array of indices (as float64). Example: `argmax(Z3, 0)`.
 */
export function argmax(A: ArrayIn): number;
export function argmax(A: ArrayIn, axis: number, keepdims?: boolean): Mat;
export function argmax(A: ArrayIn, axis?: number, keepdims = false): number | Mat {
  const shape = A.shape;
  const d = dataOf(A);
  if (axis === undefined) {
    if (d.length === 0) throw new Error(`argmax: attempt to get argmax of an empty array ${fmt(shape)}`);
    return K.argmaxStrided(d, 0, d.length, 1);
  }
  const ax = normAxis(axis, shape.length, "argmax", shape);
  const outer = sizeOf(shape.slice(0, ax));
  const n = shape[ax];
  const inner = sizeOf(shape.slice(ax + 1));
  if (n === 0) throw new Error(`argmax: attempt to get argmax of an empty axis ${ax} of ${fmt(shape)}`);
  const o = K.newF64(outer * inner);
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < inner; j++) o[a * inner + j] = K.argmaxStrided(d, a * n * inner + j, n, inner);
  }
  const outShape = keepdims ? shape.map((s, i) => (i === ax ? 1 : s)) : shape.filter((_, i) => i !== ax);
  return wrap(o, outShape);
}

// ------------------------------------------------------------------ selection and layout
function check2dOne(A: ArrayIn, op: string): [number, number] {
  if (A.shape.length !== 2) throw new Error(`${op}: expected a 2-D array, got ${fmt(A.shape)}`);
  return [A.shape[0], A.shape[1]];
}

/**
 * A[:, indices] as a new (rows, indices.length) array; negative indices count from the end.
 * Example: `columns(X, permutation.slice(0, 64))`.
 */
export function columns(A: ArrayIn, indices: ArrayLike<number>, out?: Mat): Mat {
  const [rows, cols] = check2dOne(A, "columns");
  const n = indices.length;
  const idx = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const c = indices[j];
    if (!Number.isInteger(c) || c < -cols || c >= cols) throw new Error(`columns: index ${c} is out of bounds for ${cols} columns of ${fmt(A.shape)}`);
    idx[j] = c < 0 ? c + cols : c;
  }
  const src = dataOf(A);
  const res = target2(rows, n, out, "columns");
  const o = dataOf(res);
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    const t = r * n;
    for (let j = 0; j < n; j++) o[t + j] = src[s + idx[j]];
  }
  return res;
}

/**
 * A[:, start:end] as a new array, with Python slice rules (negative counts from the end, out of
 * range clamps). Example: `sliceColumns(X, k * 64, (k + 1) * 64)`.
 */
export function sliceColumns(A: ArrayIn, start: number, end?: number): Mat {
  const [rows, cols] = check2dOne(A, "sliceColumns");
  const clamp = (v: number): number => (v < 0 ? Math.max(0, v + cols) : Math.min(v, cols));
  if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
    throw new Error(`sliceColumns: start and end must be integers, got ${start}, ${end}`);
  }
  const s = clamp(start);
  const e = Math.max(s, end === undefined ? cols : clamp(end));
  const n = e - s;
  const src = dataOf(A);
  const o = K.newF64(rows * n);
  for (let r = 0; r < rows; r++) o.set(src.subarray(r * cols + s, r * cols + e), r * n);
  return wrap(o, [rows, n]);
}

/**
 * A with a new shape, elements in row-major order; one size may be -1 (inferred). Shares A's
 * memory when A is contiguous (like numpy's view), else copies. Example: `reshape(Y, [1, -1])`.
 */
export function reshape(A: ArrayIn, shape: Shape): Mat {
  const want = typeof shape === "number" ? [shape] : Array.from(shape);
  const size = sizeOf(A.shape);
  const free = want.filter((d) => d === -1).length;
  for (const d of want) {
    if (!Number.isInteger(d) || d < -1) throw new Error(`reshape: invalid shape ${fmt(want)}`);
  }
  if (free > 1) throw new Error(`reshape: can only specify one unknown dimension, got ${fmt(want)}`);
  const known = sizeOf(want.filter((d) => d !== -1));
  const s = want.slice();
  if (free === 1) {
    if (known === 0 || size % known !== 0) throw new Error(`reshape: cannot reshape ${fmt(A.shape)} (${size} elements) into ${fmt(want)}`);
    s[s.indexOf(-1)] = size / known;
  } else if (known !== size) throw new Error(`reshape: cannot reshape ${fmt(A.shape)} (${size} elements) into ${fmt(want)}`);
  return wrap(dataOf(A), s);
}

/** A as a new 1-D array in row-major order (np.ndarray.flatten, always a copy). Example: `flatten(W1)`. */
export function flatten(A: ArrayIn): Mat {
  return wrap(copyOf(dataOf(A)), [sizeOf(A.shape)]);
}

/** Aᵀ materialised as a new row-major array (axes reversed for N-D). Example: `transpose(X)` → (300,2). */
export function transpose(A: ArrayIn): Mat {
  const shape = A.shape;
  if (shape.length === 2) {
    const [r, c] = shape;
    const src = dataOf(A);
    const o = K.newF64(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) o[j * r + i] = src[i * c + j];
    return wrap(o, [c, r]);
  }
  const axes = shape.map((_, i) => shape.length - 1 - i);
  return copy(A.transpose(...axes));
}

/** A new row-major float64 copy of A. Example: `copy(W1)`. */
export function copy(A: ArrayIn): Mat {
  return wrap(copyOf(dataOf(A)), A.shape);
}

function copyOf(d: Float64Array): Float64Array {
  const o = K.newF64(d.length);
  o.set(d);
  return o;
}
