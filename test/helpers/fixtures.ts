// Reading the numpy fixtures of test/fixtures/*.json as tools/fixtures/course_ref.py writes them:
// numbers as JSON ("nan", "inf", "-inf", "-0" as strings), arrays as {shape, values} or
// {shape, b64} (little-endian float64 bytes), 0/1 label rows as strings of digits.
import fs from "node:fs";
import ndarray from "ndarray";
import type { Mat } from "../../lib/src/array";

export type Enc = number | "nan" | "inf" | "-inf" | "-0";
export interface Arr { shape: number[]; values?: Enc[]; b64?: string }

/** The fixture test/fixtures/NAME, parsed. Example: `const fx = fixture("opt.json")`. */
export function fixture(name: string): any {
  return JSON.parse(fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"));
}

/** An encoded number. Example: `num("-0")` → -0. */
export function num(v: Enc): number {
  return v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "-0" ? -0 : v;
}

/** An encoded array as a float64 Mat. Example: `mat(fx.dataset.trainX)` → (2,300). */
export function mat(a: Arr): Mat {
  if (a.values) return ndarray(Float64Array.from(a.values, num), a.shape);
  const buf = Buffer.from(a.b64 as string, "base64");
  return ndarray(new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)), a.shape);
}

/** A dictionary of encoded arrays (parameters, grads, v, s). Example: `dict(fx.dataset.parameters).W1`. */
export function dict(d: Record<string, Arr>): Record<string, Mat> {
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, mat(v)]));
}

/** A "0110…" string as a (1, m) 0/1 array. Example: `labels(fx.dataset.trainY)`. */
export function labels(bits: string): Mat {
  return ndarray(Float64Array.from(bits, Number), [1, bits.length]);
}

/** A 0/1 array's elements as a string of digits. Example: `bitsOf(predictions)` → "0111…". */
export function bitsOf(p: Mat): string {
  const out: string[] = [];
  const [r, c] = p.shape;
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out.push(String(p.get(i, j)));
  return out.join("");
}
