/**
 * The one numeric-closeness assertion of the project, used by tests and notebooks alike.
 * Passes when |actual - expected| <= atol + rtol * |expected| for every element (numpy's allclose
 * rule); NaN equals NaN only where both are NaN, ±Infinity only itself.
 */
import type { NdArray } from "ndarray";

/** Anything we compare: a number, a (nested) JS array, a typed array or an ndarray. */
export type Numeric = number | boolean | ArrayLike<number> | NdArray | readonly Numeric[];

export interface CloseOptions {
  /** relative tolerance (default 1e-7, numpy.testing.assert_allclose's default) */
  rtol?: number;
  /** absolute tolerance (default 0) */
  atol?: number;
  /** what is compared, for the message */
  name?: string;
}

interface Flat {
  shape: number[];
  values: number[];
}

function isNdArray(x: unknown): x is NdArray {
  return typeof x === "object" && x !== null && "shape" in x && "stride" in x && "get" in x;
}

function flatten(x: Numeric): Flat {
  if (typeof x === "number" || typeof x === "boolean") return { shape: [], values: [Number(x)] };
  if (isNdArray(x)) {
    const shape = x.shape.slice();
    const values: number[] = [];
    const idx = new Array<number>(shape.length).fill(0);
    const n = shape.reduce((a, b) => a * b, 1);
    for (let k = 0; k < n; k++) {
      values.push(Number(x.get(...idx)));
      for (let d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
    return { shape, values };
  }
  const arr = x as ArrayLike<unknown>;
  if (arr.length > 0 && typeof arr[0] === "object" && arr[0] !== null) {
    const parts = Array.from(arr as ArrayLike<Numeric>, flatten);
    const inner = parts[0].shape;
    for (const p of parts) {
      if (p.shape.join(",") !== inner.join(",")) throw new Error(`assertClose: ragged nested array (${p.shape} vs ${inner})`);
    }
    return { shape: [parts.length, ...inner], values: parts.flatMap((p) => p.values) };
  }
  return { shape: [arr.length], values: Array.from(arr as ArrayLike<number>, Number) };
}

/** Index of a flat position as numpy would write it, e.g. `[1, 2]`. */
function position(flat: number, shape: number[]): string {
  const out: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    out.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${out.join(", ")}]`;
}

/**
 * Throws an Error naming the first element that differs (and how many do) unless `actual` and
 * `expected` have the same shape and are close. Example: `assertClose(tsdl.sqrt(x), [1, 2], { rtol: 1e-12 })`.
 */
export function assertClose(actual: Numeric, expected: Numeric, options: CloseOptions = {}): void {
  const { rtol = 1e-7, atol = 0, name = "value" } = options;
  const a = flatten(actual);
  const e = flatten(expected);
  // a scalar against a 1-element array of any shape is fine; otherwise shapes must agree
  const sameShape = a.shape.join(",") === e.shape.join(",") || (a.values.length === 1 && e.values.length === 1);
  if (!sameShape) throw new Error(`assertClose(${name}): shape (${a.shape.join(",")}) ≠ expected (${e.shape.join(",")})`);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i];
    const y = e.values[i];
    const ok = Number.isNaN(x) || Number.isNaN(y) ? Number.isNaN(x) && Number.isNaN(y)
      : !Number.isFinite(x) || !Number.isFinite(y) ? x === y
      : Math.abs(x - y) <= atol + rtol * Math.abs(y);
    if (!ok) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad > 0) {
    const x = a.values[first];
    const y = e.values[first];
    throw new Error(
      `assertClose(${name}): ${bad} of ${a.values.length} elements differ (rtol=${rtol}, atol=${atol}); ` +
        `first at ${position(first, e.shape)}: got ${x}, expected ${y} (|diff| = ${Math.abs(x - y)})`,
    );
  }
}
