// Arrays as the numpy fixture generators store them (tools/fixtures/course_ref.py: enc / arr):
// numbers as JSON or "nan" / "inf" / "-inf" / "-0", arrays as {shape, values} or {shape, b64}
// (little-endian float64, row-major).
import ndarray from "ndarray";
import type { Mat } from "../../lib/src/array";

export type Enc = number | "nan" | "inf" | "-inf" | "-0";
export interface Arr {
  shape: number[];
  values?: Enc[];
  b64?: string;
}

/** One stored number. Example: `num("nan")` → NaN. */
export function num(v: Enc): number {
  return v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "-0" ? -0 : v;
}

/** One stored array as a float64 ndarray. Example: `mat(fx.layers[0].Z)` → (4, 6). */
export function mat(a: Arr): Mat {
  if (a.values) return ndarray(Float64Array.from(a.values, num), a.shape);
  const buf = Buffer.from(a.b64 as string, "base64");
  return ndarray(new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)), a.shape);
}
