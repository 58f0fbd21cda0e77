/**
 * Reading the builders' inputs (ndarrays, JS arrays) with clear errors. Minimal loops over
 * `data`/`stride`/`offset`, so the plot module depends on nothing but the `ndarray` types.
 */
import type { NdArray } from "ndarray";

/** Anything 1-D we plot: a JS or typed array, or an ndarray of shape (n), (1,n) or (n,1). */
export type Series = ArrayLike<number> | NdArray;

/** True for an ndarray, e.g. `isNdArray(ndarray(new Float64Array(2)))` → true. */
export function isNdArray(x: unknown): x is NdArray {
  return typeof x === "object" && x !== null && "shape" in x && "stride" in x && "offset" in x && "data" in x;
}

/** A shape for messages, e.g. `shapeText(X)` → "(2,300)". */
export function shapeText(x: unknown): string {
  if (isNdArray(x)) return `(${x.shape.join(",")})`;
  if (typeof x === "object" && x !== null && "length" in x) return `array of ${(x as ArrayLike<unknown>).length}`;
  return typeof x;
}

/** Storage element k of an ndarray (typed or JS array; ndarray's GenericArray through get). */
function el(x: NdArray, k: number): number {
  const d = x.data as unknown;
  if (ArrayBuffer.isView(d) || Array.isArray(d)) return Number((d as ArrayLike<number>)[k]);
  return Number((d as { get(k: number): unknown }).get(k));
}

/** Element (i, j) of a 2-D ndarray, straight from its storage. */
function at2(x: NdArray, i: number, j: number): number {
  return el(x, x.offset + i * x.stride[0] + j * x.stride[1]);
}

/** Row r of a 2-D ndarray as a Float64Array, e.g. `row("scatter2d", X, 0)` → the x coordinates. */
export function row(op: string, x: NdArray, r: number): Float64Array {
  if (x.shape.length !== 2) throw new Error(`${op}: expected a 2-D array, got shape ${shapeText(x)}`);
  const n = x.shape[1];
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = at2(x, r, j);
  return out;
}

/** A 1-D series as a Float64Array from (n), (1,n), (n,1) ndarrays or array-likes, e.g. `series("op", "costs", [1, 2])`. */
export function series(op: string, name: string, v: Series): Float64Array {
  if (isNdArray(v)) {
    const s = v.shape;
    if (s.length === 1) {
      const out = new Float64Array(s[0]);
      for (let i = 0; i < s[0]; i++) out[i] = el(v, v.offset + i * v.stride[0]);
      return out;
    }
    if (s.length === 2 && (s[0] === 1 || s[1] === 1)) {
      const n = s[0] * s[1];
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = s[0] === 1 ? at2(v, 0, i) : at2(v, i, 0);
      return out;
    }
    throw new Error(`${op}: ${name} must be 1-D, (1,n) or (n,1), got shape ${shapeText(v)}`);
  }
  if (v == null || typeof (v as ArrayLike<number>).length !== "number") throw new Error(`${op}: ${name} must be an array or ndarray, got ${shapeText(v)}`);
  return Float64Array.from(v as ArrayLike<number>, Number);
}

/** Binary labels as 0/1 bytes, values > 0.5 (or true) are class 1, e.g. `binaryLabels("op", "Y", [0.2, true], 2)` → [0, 1]. */
export function binaryLabels(op: string, name: string, v: Series | ArrayLike<boolean>, m: number): Uint8Array {
  const vals = series(op, name, v as Series);
  if (vals.length !== m) throw new Error(`${op}: ${name} has ${vals.length} values for ${m} examples (shape ${shapeText(v)})`);
  const out = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    if (Number.isNaN(vals[i])) throw new Error(`${op}: ${name}[${i}] is NaN`);
    out[i] = vals[i] > 0.5 ? 1 : 0;
  }
  return out;
}

/** Smallest and largest finite value of all arrays, e.g. `extent([3, NaN, 1], [2])` → [1, 3]; [NaN, NaN] when none. */
export function extent(...arrays: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v)) continue; // an inf cost (log(0)) must not hide the others' range
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi && Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : [NaN, NaN];
}

/**
 * [lo, hi] widened by a fraction of its span, e.g. `padded([0, 10])` → [-0.5, 10.5]. A flat range
 * (span below 1e-9 of its magnitude, e.g. costs that differ only in the last bit) gets ±1 % of
 * its value (±0.5 around 0), so ticks stay representable.
 */
export function padded([lo, hi]: [number, number], frac = 0.05): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  const span = hi - lo;
  const size = Math.max(Math.abs(lo), Math.abs(hi));
  if (span <= size * 1e-9) return size === 0 ? [lo - 0.5, hi + 0.5] : [lo - size * 0.01, hi + size * 0.01];
  return [lo - span * frac, hi + span * frac];
}

/** Checks an optional [lo, hi] option, e.g. `checkRange("scatter2d", "xlim", [1, -1])` throws. */
export function checkRange(op: string, name: string, r: [number, number] | undefined): void {
  if (r === undefined) return;
  if (!Array.isArray(r) || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || r[0] >= r[1]) {
    throw new Error(`${op}: ${name} must be [lo, hi] with lo < hi, got ${JSON.stringify(r)}`);
  }
}
