/**
 * Building float64 ndarrays fast (internal to the lib: array.ts and nn's fused passes).
 * ndarray(data, shape) spends ~100 ns working out what kind of array data is; 1-D and 2-D float64
 * results (nearly all of them) are built with ndarray's own view classes directly (~20 ns). The
 * classes are taken from arrays ndarray() built, and used only if they build the same thing.
 */
import ndarray from "ndarray";
import type { NdArray } from "ndarray";

type Mat = NdArray<Float64Array>;
type View1 = new (data: Float64Array, n: number, stride: number, offset: number) => Mat;
type View2 = new (data: Float64Array, rows: number, cols: number, s0: number, s1: number, offset: number) => Mat;
const [View1, View2] = viewClasses();

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function viewClasses(): [View1 | null, View2 | null] {
  const d = new Float64Array(6);
  const p1 = ndarray(d, [6]);
  const p2 = ndarray(d, [2, 3]);
  const C1 = p1.constructor as unknown as View1;
  const C2 = p2.constructor as unknown as View2;
  const same = (a: Mat, b: Mat): boolean =>
    Object.getPrototypeOf(a) === Object.getPrototypeOf(b) && a.data === b.data && a.offset === b.offset &&
    sameShape(a.shape, b.shape) && sameShape(a.stride, b.stride);
  let v1: View1 | null = null;
  let v2: View2 | null = null;
  try {
    if (same(new C1(d, 6, 1, 0), p1)) v1 = C1;
    if (same(new C2(d, 2, 3, 3, 1, 0), p2)) v2 = C2;
  } catch {
    // another ndarray version: ndarray() for all
  }
  return [v1, v2];
}

/**
 * `data` (rows·cols elements, not checked) as a row-major (rows, cols) array sharing its memory.
 * Example: `wrap2(new Float64Array(6), 2, 3)`.
 */
export function wrap2(data: Float64Array, rows: number, cols: number): Mat {
  return View2 !== null ? new View2(data, rows, cols, cols, 1, 0) : ndarray(data, [rows, cols]);
}

/** `data` (its size not checked) as a row-major array of `shape` sharing its memory. Example: `wrap(d, [6])`. */
export function wrap(data: Float64Array, shape: readonly number[]): Mat {
  if (shape.length === 2) return wrap2(data, shape[0], shape[1]);
  if (shape.length === 1 && View1 !== null) return new View1(data, shape[0], 1, 0);
  return ndarray(data, shape.slice());
}
