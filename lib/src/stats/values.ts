/**
 * Reading the numbers a histogram counts: every element of an ndarray of any shape (as numpy
 * flattens it, row-major, strides honoured) or of a JS / typed array, into one Float64Array.
 */
import type { NdArray } from "ndarray";

/** What `histogram` counts: any ndarray (all its elements) or an array of numbers. */
export type Values = NdArray | ArrayLike<number>;

/** True for an ndarray, e.g. `isNdArray(ndarray(new Float64Array(2)))` → true. */
export function isNdArray(x: unknown): x is NdArray {
  return typeof x === "object" && x !== null && "shape" in x && "stride" in x && "offset" in x && "data" in x;
}

/** A value's shape for messages, e.g. `shapeText(image)` → "(64,64,3)". */
export function shapeText(x: unknown): string {
  if (isNdArray(x)) return `(${x.shape.join(",")})`;
  if (typeof x === "object" && x !== null && "length" in x) return `array of ${(x as ArrayLike<unknown>).length}`;
  return x === null ? "null" : typeof x;
}

/** All elements in row-major order, e.g. `flatValues("histogram", X).length` → X.size. */
export function flatValues(op: string, x: Values): Float64Array {
  if (isNdArray(x)) {
    const shape = x.shape;
    const n = shape.reduce((a, b) => a * b, 1);
    const out = new Float64Array(n);
    if (n === 0) return out;
    const d = x.data as ArrayLike<number>;
    if (!ArrayBuffer.isView(d) && !Array.isArray(d)) throw new Error(`${op}: ndarray ${shapeText(x)} must be backed by a typed or plain array`);
    // an odometer over the index, so views (x.pick(i), transposes) read the right elements
    const idx = new Array<number>(shape.length).fill(0);
    let at = x.offset;
    for (let k = 0; k < n; k++) {
      out[k] = Number(d[at]);
      for (let a = shape.length - 1; a >= 0; a--) {
        if (++idx[a] < shape[a]) {
          at += x.stride[a];
          break;
        }
        at -= (shape[a] - 1) * x.stride[a];
        idx[a] = 0;
      }
    }
    return out;
  }
  if (x == null || typeof (x as ArrayLike<number>).length !== "number") throw new Error(`${op}: expected an ndarray or an array of numbers, got ${shapeText(x)}`);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== "number") throw new Error(`${op}: element ${i} is ${v === null ? "null" : typeof v}, not a number`);
    out[i] = v;
  }
  return out;
}
