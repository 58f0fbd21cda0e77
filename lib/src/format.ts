/**
 * numpy's printing, as text: `format(x)` returns exactly what numpy 2.x prints for `print(x)` /
 * `str(x)` with default print options, so a notebook's output can be compared with the course's
 * "Expected output" character for character.
 *
 * - A JS number is a Python float (`repr`: `0.5`, `1.0`, `1e-05`, `-0.0`, `inf`, `nan`); a bigint
 *   is a Python int; a boolean is a Python bool (`True`).
 * - An ndarray prints like numpy's `array_str`. Its dtype comes from its data: Float64Array or a
 *   plain number[] → float64, Float32Array → float32, Int*Array / Uint*Array / BigInt64Array →
 *   integer, a boolean[] → bool. `{ dtype }` overrides that, e.g. `format(mask, { dtype: "bool" })`
 *   for a Uint8Array of 0/1, or `format(9, { dtype: "int" })` for a Python int.
 *
 * Float arrays switch to scientific notation when the largest nonzero |x| >= 1e8 (1e6 for float32:
 * numpy 2.x's cutoff is 10**min(8, finfo.precision), not the 1e16 of numpy 1.x), or the smallest is
 * < 1e-4, or their ratio > 1e3. Python-side helpers: `formatFloat` (repr), `formatInt`, `formatBool`,
 * `formatFixed` ('%.6f', ties to even unlike toFixed), `named("W1", W1)` → "W1 = [[...".
 *
 * The digits come from a port of numpy's Dragon4 (numpy/_core/src/multiarray/dragon4.c, itself
 * Ryan Juckett's) on exact BigInt arithmetic; the layout from numpy/_core/arrayprint.py
 * (FloatingFormat, IntegerFormat, BoolFormat, _formatArray, _extendLine), legacy=False.
 */
import type { NdArray } from "ndarray";

/** The numpy dtypes we print. "int" covers every integer width. */
export type DType = "float64" | "float32" | "int" | "bool";

/** Any ndarray we can print (number, bigint or boolean elements). */
export type AnyNdArray = NdArray<any>;

/** What `format` accepts. */
export type Printable = number | bigint | boolean | AnyNdArray;

/** numpy's print options (defaults: numpy's). */
export interface FormatOptions {
  /** dtype to print as; default: inferred from the value (see the module comment) */
  dtype?: DType;
  /** digits after the point for floats (numpy `precision`, default 8) */
  precision?: number;
  /** summarise arrays with more elements than this (default 1000) */
  threshold?: number;
  /** items kept at each edge when summarising (default 3) */
  edgeitems?: number;
  /** characters per line (default 75) */
  linewidth?: number;
  /** print tiny floats as 0 instead of switching to scientific notation (default false) */
  suppress?: boolean;
}

/** numpy's trim modes: keep zeros, trim to "1.", trim to "1.0", trim to "1". */
export type Trim = "k" | "." | "0" | "-";

/** Arguments of numpy's format_float_positional / format_float_scientific. */
export interface FloatFormatOptions {
  /** maximum digits (after the point, or in total when `fractional` is false); -1 = no limit */
  precision?: number;
  /** shortest round-trip digits (true) or exact digits up to `precision` (false) */
  unique?: boolean;
  /** positional only: precision counts digits after the point (default true) */
  fractional?: boolean;
  trim?: Trim;
  /** always print a sign */
  sign?: boolean;
  /** pad with spaces to this many characters left of the point */
  padLeft?: number;
  /** positional only: pad with spaces to this many characters right of the point */
  padRight?: number;
  /** scientific only: at least this many exponent digits (default 2) */
  expDigits?: number;
  /** at least this many digits (unique mode only) */
  minDigits?: number;
  /** the value is a float32 (digits unique among float32s) */
  float32?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Dragon4 (exact digit generation)

/** A finite binary float as mantissa * 2^exponent, as dragon4.c's Dragon4_PrintFloat_* split it. */
interface Decomposed {
  negative: boolean;
  special: "" | "inf" | "nan";
  mantissa: bigint;
  exponent: number;
  mantissaBit: number;
  unequalMargins: boolean;
}

const bits = new DataView(new ArrayBuffer(8));

function decompose(x: number, float32: boolean): Decomposed {
  let negative: boolean;
  let expField: number;
  let frac: bigint;
  let fracBits: number;
  let bias: number;
  let maxExp: number;
  if (float32) {
    bits.setFloat32(0, x);
    const w = bits.getUint32(0);
    negative = w >>> 31 === 1;
    expField = (w >>> 23) & 0xff;
    frac = BigInt(w & 0x7fffff);
    fracBits = 23;
    bias = 127;
    maxExp = 0xff;
  } else {
    bits.setFloat64(0, x);
    const hi = bits.getUint32(0);
    negative = hi >>> 31 === 1;
    expField = (hi >>> 20) & 0x7ff;
    frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(bits.getUint32(4));
    fracBits = 52;
    bias = 1023;
    maxExp = 0x7ff;
  }
  if (expField === maxExp) {
    return { negative, special: frac === 0n ? "inf" : "nan", mantissa: 0n, exponent: 0, mantissaBit: 0, unequalMargins: false };
  }
  if (expField !== 0) {
    return {
      negative,
      special: "",
      mantissa: (1n << BigInt(fracBits)) | frac,
      exponent: expField - bias - fracBits,
      mantissaBit: fracBits,
      // the gap below a power of two is half the gap above it
      unequalMargins: expField !== 1 && frac === 0n,
    };
  }
  const mantissaBit = frac === 0n ? 0 : frac.toString(2).length - 1;
  return { negative, special: "", mantissa: frac, exponent: 1 - bias - fracBits, mantissaBit, unequalMargins: false };
}

const LOG10_2 = 0.30102999566398119521373889472449;
/** dragon4.c's scratch buffer (16384) less the NUL: the default digit limit. */
const BUFFER_SIZE = 16383;

interface Digits {
  digits: number[];
  /** base-10 exponent of the first digit */
  exponent: number;
}

/**
 * Dragon4 of dragon4.c: digits of mantissa*2^exponent, either the shortest that round-trip
 * (`unique`) or exact ones, cut after `cutoffMax` digits (in total or after the point), at least
 * `cutoffMin`, the last one rounded half to even. -1 means no cutoff.
 */
function dragon4(d: Decomposed, unique: boolean, fractionMode: boolean, cutoffMax: number, cutoffMin: number, bufferSize: number): Digits {
  const { mantissa, exponent, mantissaBit, unequalMargins } = d;
  if (mantissa === 0n) return { digits: [0], exponent: 0 };
  const isEven = (mantissa & 1n) === 0n;
  // value = scaledValue / scale; margins are half the gaps to the neighbouring floats
  let scaledValue: bigint;
  let scale: bigint;
  let marginLow: bigint;
  if (unequalMargins) {
    if (exponent > 0) {
      scaledValue = mantissa << BigInt(exponent + 2);
      scale = 4n;
      marginLow = 1n << BigInt(exponent);
    } else {
      scaledValue = mantissa << 2n;
      scale = 1n << BigInt(-exponent + 2);
      marginLow = 1n;
    }
  } else if (exponent > 0) {
    scaledValue = mantissa << BigInt(exponent + 1);
    scale = 2n;
    marginLow = 1n << BigInt(exponent);
  } else {
    scaledValue = mantissa << 1n;
    scale = 1n << BigInt(-exponent + 1);
    marginLow = 1n;
  }
  const highFactor = unequalMargins ? 2n : 1n;

  // estimate floor(log10(v)) + 1, correct or one too low (Burger & Dybvig; the 0.69 is Juckett's)
  let digitExponent = Math.ceil((mantissaBit + exponent) * LOG10_2 - 0.69);
  if (cutoffMax >= 0 && fractionMode && digitExponent <= -cutoffMax) digitExponent = -cutoffMax + 1;
  if (digitExponent > 0) {
    scale *= 10n ** BigInt(digitExponent);
  } else if (digitExponent < 0) {
    const pow10 = 10n ** BigInt(-digitExponent);
    scaledValue *= pow10;
    marginLow *= pow10;
  }
  if (scaledValue >= scale) {
    digitExponent += 1;
  } else {
    scaledValue *= 10n;
    marginLow *= 10n;
  }

  let cutoffMaxExponent = digitExponent - bufferSize;
  if (cutoffMax >= 0) {
    const desired = fractionMode ? -cutoffMax : digitExponent - cutoffMax;
    if (desired > cutoffMaxExponent) cutoffMaxExponent = desired;
  }
  let cutoffMinExponent = digitExponent;
  if (cutoffMin >= 0) {
    const desired = fractionMode ? -cutoffMin : digitExponent - cutoffMin;
    if (desired < cutoffMinExponent) cutoffMinExponent = desired;
  }
  let outExponent = digitExponent - 1;

  const digits: number[] = [];
  let low = false;
  let high = false;
  let digit = 0;
  if (unique) {
    for (;;) {
      digitExponent -= 1;
      digit = Number(scaledValue / scale);
      scaledValue %= scale;
      const valueHigh = scaledValue + marginLow * highFactor;
      low = isEven ? scaledValue <= marginLow : scaledValue < marginLow;
      high = isEven ? valueHigh >= scale : valueHigh > scale;
      if (((low || high) && digitExponent <= cutoffMinExponent) || digitExponent === cutoffMaxExponent) break;
      digits.push(digit);
      scaledValue *= 10n;
      marginLow *= 10n;
    }
  } else {
    for (;;) {
      digitExponent -= 1;
      digit = Number(scaledValue / scale);
      scaledValue %= scale;
      if (scaledValue === 0n || digitExponent === cutoffMaxExponent) break;
      digits.push(digit);
      scaledValue *= 10n;
    }
  }

  // round the last digit: down if only that is unique, else to nearest, ties to even
  let roundDown = low;
  if (low === high) {
    const twice = scaledValue * 2n;
    roundDown = twice < scale || (twice === scale && (digit & 1) === 0);
  }
  if (roundDown) {
    digits.push(digit);
  } else if (digit === 9) {
    for (;;) {
      if (digits.length === 0) {
        digits.push(1);
        outExponent += 1;
        break;
      }
      const prev = digits.pop() as number;
      if (prev !== 9) {
        digits.push(prev + 1);
        break;
      }
    }
  } else {
    digits.push(digit + 1);
  }
  return { digits, exponent: outExponent };
}

function checkTrim(trim: string, op: string): Trim {
  if (trim === "k" || trim === "." || trim === "0" || trim === "-") return trim;
  throw new RangeError(`${op}: trim must be one of 'k', '.', '0', '-' (got '${trim}')`);
}

function signOf(d: Decomposed, sign: boolean): string {
  return d.negative ? "-" : sign ? "+" : "";
}

/** dragon4.c's PrintInfNan: nan never shows a sign. */
function infNan(d: Decomposed, sign: boolean): string {
  return d.special === "inf" ? signOf(d, sign) + "inf" : "nan";
}

/**
 * numpy's `format_float_positional` (Dragon4, "ddd.ddd"), same arguments and defaults.
 * Example: `formatFloatPositional(0.125, { precision: 2 })` → `"0.12"` (ties to even).
 */
export function formatFloatPositional(x: number, options: FloatFormatOptions = {}): string {
  const { precision = -1, unique = true, fractional = true, sign = false, padLeft = -1, padRight = -1, minDigits = -1 } = options;
  const trim = checkTrim(options.trim ?? "k", "formatFloatPositional");
  if (!unique && precision < 0) throw new RangeError("formatFloatPositional: unique=false needs a precision >= 0");
  if (!fractional && precision === 0) throw new RangeError("formatFloatPositional: precision must be greater than 0 if fractional=false");
  const d = decompose(x, options.float32 === true);
  if (d.special) return infNan(d, sign);
  const signChar = signOf(d, sign);
  const hasSign = signChar.length;
  const { digits, exponent: printExponent } = dragon4(d, unique, fractional, precision, minDigits, BUFFER_SIZE - hasSign);
  const numDigits = digits.length;
  const text = digits.join("");
  let body: string;
  let numWholeDigits: number;
  let numFractionDigits = 0;
  if (printExponent >= 0) {
    numWholeDigits = printExponent + 1;
    if (numDigits <= numWholeDigits) {
      body = text + "0".repeat(numWholeDigits - numDigits);
    } else {
      numFractionDigits = numDigits - numWholeDigits;
      body = text.slice(0, numWholeDigits) + "." + text.slice(numWholeDigits);
    }
  } else {
    const zeros = -(printExponent + 1);
    body = "0." + "0".repeat(zeros) + text;
    numFractionDigits = numDigits + zeros;
    numWholeDigits = 1;
  }
  if (trim !== "-" && numFractionDigits === 0) body += ".";

  const addDigits = unique ? minDigits : precision;
  const desiredFraction = fractional ? Math.max(addDigits, 0) : addDigits - numWholeDigits;
  if (trim === "0") {
    if (numFractionDigits === 0) {
      body += "0";
      numFractionDigits++;
    }
  } else if (trim === "k" && desiredFraction > numFractionDigits) {
    body += "0".repeat(desiredFraction - numFractionDigits);
    numFractionDigits = desiredFraction;
  }
  // rounding may still leave trailing zeros
  if (trim !== "k" && numFractionDigits > 0) {
    while (body.endsWith("0")) {
      body = body.slice(0, -1);
      numFractionDigits--;
    }
    if (body.endsWith(".")) {
      if (trim === "0") {
        body += "0";
        numFractionDigits++;
      } else if (trim === "-") {
        body = body.slice(0, -1);
      }
    }
  }
  if (padRight >= numFractionDigits) {
    // a trimmed point still takes its column
    if (trim === "-" && numFractionDigits === 0) body += " ";
    body += " ".repeat(padRight - numFractionDigits);
  }
  body = signChar + body;
  if (padLeft > numWholeDigits + hasSign) body = " ".repeat(padLeft - numWholeDigits - hasSign) + body;
  return body;
}

/**
 * numpy's `format_float_scientific` (Dragon4, "d.ddde+XX"), same arguments and defaults.
 * Example: `formatFloatScientific(1.5e-5, { precision: 8, minDigits: 8 })` → `"1.50000000e-05"`.
 */
export function formatFloatScientific(x: number, options: FloatFormatOptions = {}): string {
  const { precision = -1, unique = true, sign = false, padLeft = -1, minDigits = -1 } = options;
  let expDigits = options.expDigits ?? -1;
  const trim = checkTrim(options.trim ?? "k", "formatFloatScientific");
  if (!unique && precision < 0) throw new RangeError("formatFloatScientific: unique=false needs a precision >= 0");
  const d = decompose(x, options.float32 === true);
  if (d.special) return infNan(d, sign);
  const signChar = signOf(d, sign);
  const leftChars = 1 + signChar.length;
  let out = padLeft > leftChars ? " ".repeat(padLeft - leftChars) : "";
  out += signChar;
  const { digits, exponent } = dragon4(
    d, unique, false, precision < 0 ? -1 : precision + 1, minDigits < 0 ? -1 : minDigits + 1, BUFFER_SIZE - out.length,
  );
  let body = String(digits[0]);
  let numFractionDigits = digits.length - 1;
  if (numFractionDigits > 0) body += "." + digits.slice(1).join("");
  if (trim !== "-" && numFractionDigits === 0) body += ".";
  const addDigits = Math.max(unique ? minDigits : precision, 0);
  if (trim === "0") {
    if (numFractionDigits === 0) {
      body += "0";
      numFractionDigits++;
    }
  } else if (trim === "k" && addDigits > numFractionDigits) {
    body += "0".repeat(addDigits - numFractionDigits);
    numFractionDigits = addDigits;
  }
  if (trim !== "k" && numFractionDigits > 0) {
    // like dragon4.c, trimming stops at the point and keeps it (only '0' mode adds the zero back)
    while (body.endsWith("0")) body = body.slice(0, -1);
    if (trim === "0" && body.endsWith(".")) body += "0";
  }
  if (expDigits > 5) expDigits = 5;
  if (expDigits < 0) expDigits = 2;
  // as dragon4.c: no leading zeros beyond expDigits, so exponent 0 with expDigits 0 prints no digit
  const expText = (exponent === 0 ? "" : String(Math.abs(exponent))).padStart(expDigits, "0");
  return out + body + "e" + (exponent >= 0 ? "+" : "-") + expText;
}

// ---------------------------------------------------------------------------------------------
// Python / numpy scalars

/**
 * Python's `repr(float)` / `str(float)`: shortest round-trip digits, `1.0`, `1e-05`, `1e+16`.
 * Example: `formatFloat(1 / 3)` → `"0.3333333333333333"`.
 */
export function formatFloat(x: number): string {
  return scalarFloat(x, false);
}

/**
 * numpy's `str(np.float32(x))`: shortest digits that identify the float32 nearest to x.
 * Example: `formatFloat32(0.1)` → `"0.1"`, `formatFloat32(1 / 3)` → `"0.33333334"`.
 */
export function formatFloat32(x: number): string {
  return scalarFloat(Math.fround(x), true);
}

// numpy's scalar str: positional for 0 and 1e-4 <= |x| < 1e16 as Python's repr; numpy >= 2.3
// lowers the upper cutoff to 1e6 for float32 (numpy gh-28679)
function scalarFloat(x: number, float32: boolean): string {
  const a = Math.abs(x);
  if (a === 0 || (a >= 1e-4 && a < (float32 ? 1e6 : 1e16))) return formatFloatPositional(x, { trim: "0", float32 });
  return formatFloatScientific(x, { trim: "-", float32 });
}

/**
 * Python's `str(int)`. Example: `formatInt(-8)` → `"-8"`, `formatInt(2n ** 70n)` → `"1180591620717411303424"`.
 */
export function formatInt(x: number | bigint): string {
  if (typeof x === "bigint") return x.toString();
  if (!Number.isInteger(x)) throw new RangeError(`formatInt: ${x} is not an integer`);
  return Object.is(x, -0) ? "0" : BigInt(x).toString();
}

/**
 * Python's `str(bool)`. Example: `formatBool(true)` → `"True"`.
 */
export function formatBool(x: boolean | number): string {
  return truthy(x) ? "True" : "False";
}

/**
 * Python's `"%.Nf" % x` (exact digits, ties to even, as Python rounds).
 * Example: `formatFixed(0.0078125, 6)` → `"0.007812"` (JS toFixed gives `"0.007813"`).
 */
export function formatFixed(x: number, digits: number = 6): string {
  if (!Number.isInteger(digits) || digits < 0) throw new RangeError(`formatFixed: digits must be an integer >= 0 (got ${digits})`);
  const d = decompose(x, false);
  if (d.special) return infNan(d, false);
  return formatFloatPositional(x, { precision: digits, unique: false, trim: digits === 0 ? "-" : "k" });
}

// ---------------------------------------------------------------------------------------------
// Arrays (arrayprint.py)

type Elem = number | bigint | boolean;
type ElemFormatter = (x: Elem) => string;

interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  suppress: boolean;
}

function checkCount(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`format: ${name} must be an integer >= ${min} (got ${value})`);
  return value;
}

function printOptions(o: FormatOptions): PrintOptions {
  return {
    precision: checkCount(o.precision ?? 8, "precision", 0),
    threshold: o.threshold ?? 1000,
    edgeitems: checkCount(o.edgeitems ?? 3, "edgeitems", 0),
    linewidth: checkCount(o.linewidth ?? 75, "linewidth", 1),
    suppress: o.suppress ?? false,
  };
}

/** numpy's FloatingFormat (floatmode 'maxprec', sign '-'): one width and notation for all elements. */
function floatingFormat(values: number[], float32: boolean, opts: PrintOptions): ElemFormatter {
  const f = float32 ? Math.fround : (v: number) => v;
  const data = values.map(f);
  const finite = data.filter(Number.isFinite);
  let expFormat = false;
  let maxVal = 0;
  let minVal = Infinity;
  for (const v of finite) {
    const a = Math.abs(v);
    if (a === 0) continue;
    if (a > maxVal) maxVal = a;
    if (a < minVal) minVal = a;
  }
  if (maxVal > 0) {
    // numpy compares in the array's dtype: float32 cutoffs 1e6 and float32(1e-4), float32 division
    const cutoff = float32 ? 1e6 : 1e8;
    expFormat = maxVal >= cutoff || (!opts.suppress && (minVal < f(0.0001) || f(maxVal / minVal) > 1000));
  }

  let padLeft: number;
  let padRight: number;
  let precision = opts.precision;
  let minDigits = -1;
  let trim: Trim = ".";
  let expSize = -1;
  if (finite.length === 0) {
    padLeft = 0;
    padRight = 0;
  } else if (expFormat) {
    let intLen = 0;
    let fracLen = 0;
    for (const v of finite) {
      const s = formatFloatScientific(v, { precision, unique: true, trim: ".", float32 });
      const [mant, exp] = s.split("e");
      const [intPart, fracPart] = mant.split(".");
      intLen = Math.max(intLen, intPart.length);
      fracLen = Math.max(fracLen, fracPart.length);
      expSize = Math.max(expSize, exp.length - 1);
    }
    trim = "k";
    precision = fracLen;
    minDigits = fracLen;
    padLeft = intLen;
    padRight = expSize + 2 + precision;
  } else {
    let intLen = 0;
    let fracLen = 0;
    for (const v of finite) {
      const s = formatFloatPositional(v, { precision, unique: true, fractional: true, trim: ".", float32 });
      const [intPart, fracPart] = s.split(".");
      intLen = Math.max(intLen, intPart.length);
      fracLen = Math.max(fracLen, fracPart.length);
    }
    padLeft = intLen;
    padRight = fracLen;
    minDigits = 0;
  }
  if (finite.length !== data.length) {
    const negInf = data.some((v) => v === -Infinity) ? 1 : 0;
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + negInf - offset);
  }

  const width = padLeft + padRight + 1;
  return (x: Elem): string => {
    const v = Number(x);
    if (!Number.isFinite(v)) {
      const s = Number.isNaN(v) ? "nan" : v < 0 ? "-inf" : "inf";
      return " ".repeat(Math.max(width - s.length, 0)) + s;
    }
    if (expFormat) return formatFloatScientific(v, { precision, minDigits, unique: true, trim, padLeft, expDigits: expSize, float32 });
    return formatFloatPositional(v, { precision, minDigits, unique: true, fractional: true, trim, padLeft, padRight, float32 });
  };
}

function intText(x: Elem): string {
  return typeof x === "bigint" ? x.toString() : formatInt(Number(x));
}

/** numpy's IntegerFormat: right-aligned to the widest of str(max), str(min). */
function integerFormat(data: Elem[]): ElemFormatter {
  let width = 0;
  for (const v of data) width = Math.max(width, intText(v).length);
  return (x: Elem) => intText(x).padStart(width);
}

/** numpy's BoolFormat: " True" lines up with "False", except in 0-d arrays. */
function boolFormat(zeroD: boolean): ElemFormatter {
  const trueText = zeroD ? "True" : " True";
  return (x: Elem) => (truthy(x) ? trueText : "False");
}

/** numpy's bool(x): NaN is true. */
function truthy(x: Elem): boolean {
  return typeof x === "number" ? x !== 0 : Boolean(x);
}

function isNdArray(x: unknown): x is AnyNdArray {
  return typeof x === "object" && x !== null && "shape" in x && "stride" in x && "get" in x && "data" in x;
}

/**
 * The numpy dtype an ndarray prints as: Float32Array → "float32", integer typed arrays → "int",
 * boolean[] → "bool", anything else → "float64". Example: `dtypeOf(ndarray(new Int32Array(3)))` → `"int"`.
 */
export function dtypeOf(a: AnyNdArray): DType {
  const data: unknown = a.data;
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Float32Array) return "float32";
  if (
    data instanceof Int8Array || data instanceof Int16Array || data instanceof Int32Array ||
    data instanceof Uint8Array || data instanceof Uint8ClampedArray || data instanceof Uint16Array ||
    data instanceof Uint32Array || data instanceof BigInt64Array || data instanceof BigUint64Array
  ) return "int";
  if (Array.isArray(data)) {
    if (data.length > 0 && typeof data[0] === "boolean") return "bool";
    if (data.length > 0 && typeof data[0] === "bigint") return "int";
  }
  return "float64";
}

/** Scalars in their dtype's `str`, as numpy prints a 0-d array. */
function scalarText(x: Elem, dtype: DType): string {
  switch (dtype) {
    case "bool":
      return formatBool(truthy(x));
    case "int":
      return intText(x);
    case "float32":
      return formatFloat32(Number(x));
    default:
      return formatFloat(Number(x));
  }
}

/** Index lists numpy's _leading_trailing keeps along one axis. */
function keptIndices(n: number, edge: number, summarise: boolean): number[] {
  if (summarise && n > 2 * edge) {
    const out: number[] = [];
    for (let i = 0; i < edge; i++) out.push(i);
    for (let i = n - edge; i < n; i++) out.push(i);
    return out;
  }
  return Array.from({ length: n }, (_, i) => i);
}

/** The elements numpy formats widths from: all of them, or the corners of a summarised array. */
function leadingTrailing(a: AnyNdArray, edge: number, summarise: boolean): Elem[] {
  const kept = a.shape.map((n: number) => keptIndices(n, edge, summarise));
  const out: Elem[] = [];
  const idx = new Array<number>(a.shape.length).fill(0);
  const walk = (axis: number): void => {
    if (axis === a.shape.length) {
      out.push(a.get(...idx) as Elem);
      return;
    }
    for (const i of kept[axis]) {
      idx[axis] = i;
      walk(axis + 1);
    }
  };
  walk(0);
  return out;
}

/** arrayprint._extendLine (legacy=False): wrap before a word that would pass the line width. */
function extendLine(s: string, line: string, word: string, lineWidth: number, nextLinePrefix: string): [string, string] {
  let needsWrap = line.length + word.length > lineWidth;
  // don't wrap lines if it won't help
  if (line.length <= nextLinePrefix.length) needsWrap = false;
  if (needsWrap) {
    s += line.trimEnd() + "\n";
    line = nextLinePrefix;
  }
  return [s, line + word];
}

/** arrayprint._formatArray with separator " ", legacy=False. Our words are single-line. */
function formatArrayBody(a: AnyNdArray, fmt: ElemFormatter, lineWidth: number, edgeItems: number, summarise: boolean): string {
  const separator = " ";
  const ndim = a.shape.length;
  const index: number[] = [];
  const recurse = (hangingIndent: string, currWidth: number): string => {
    const axis = index.length;
    const axesLeft = ndim - axis;
    if (axesLeft === 0) return fmt(a.get(...index) as Elem);
    const nextHangingIndent = hangingIndent + " ";
    const nextWidth = currWidth - 1; // len(']')
    const aLen = a.shape[axis];
    const showSummary = summarise && 2 * edgeItems < aLen;
    const leading = showSummary ? edgeItems : 0;
    const trailing = showSummary ? edgeItems : aLen;
    const child = (i: number): string => {
      index.push(i < 0 ? aLen + i : i);
      const out = recurse(nextHangingIndent, nextWidth);
      index.pop();
      return out;
    };
    let s = "";
    if (axesLeft === 1) {
      const elemWidth = currWidth - Math.max(separator.trimEnd().length, 1);
      let line = hangingIndent;
      for (let i = 0; i < leading; i++) {
        [s, line] = extendLine(s, line, child(i), elemWidth, hangingIndent);
        line += separator;
      }
      if (showSummary) {
        [s, line] = extendLine(s, line, "...", elemWidth, hangingIndent);
        line += separator;
      }
      for (let i = trailing; i > 1; i--) {
        [s, line] = extendLine(s, line, child(-i), elemWidth, hangingIndent);
        line += separator;
      }
      [s, line] = extendLine(s, line, child(-1), elemWidth, hangingIndent);
      s += line;
    } else {
      const lineSep = separator.trimEnd() + "\n".repeat(axesLeft - 1);
      for (let i = 0; i < leading; i++) s += hangingIndent + child(i) + lineSep;
      if (showSummary) s += hangingIndent + "..." + lineSep;
      for (let i = trailing; i > 1; i--) s += hangingIndent + child(-i) + lineSep;
      s += hangingIndent + child(-1);
    }
    return "[" + s.slice(hangingIndent.length) + "]";
  };
  return recurse(" ", lineWidth);
}

/** numpy's array_str for an ndarray. */
function formatArray(a: AnyNdArray, dtype: DType, opts: PrintOptions): string {
  const shape = a.shape;
  if (shape.length === 0) return scalarText(a.get() as Elem, dtype);
  const size = shape.reduce((p: number, n: number) => p * n, 1);
  if (size === 0) return "[]";
  const summarise = size > opts.threshold;
  const data = leadingTrailing(a, opts.edgeitems, summarise);
  let fmt: ElemFormatter;
  if (dtype === "bool") fmt = boolFormat(false);
  else if (dtype === "int") fmt = integerFormat(data);
  else fmt = floatingFormat(data.map(Number), dtype === "float32", opts);
  return formatArrayBody(a, fmt, opts.linewidth, opts.edgeitems, summarise);
}

/**
 * What numpy prints for `print(x)` / `str(x)`: a number as a Python float, a bigint as a Python
 * int, a boolean as a Python bool, an ndarray like numpy (dtype from its data, or `options.dtype`).
 * Example: `format(ndarray(new Float64Array([1.5, -0.25, 0]), [3, 1]))` → `"[[ 1.5 ]\n [-0.25]\n [ 0.  ]]"`.
 */
export function format(x: Printable, options: FormatOptions = {}): string {
  const opts = printOptions(options);
  if (isNdArray(x)) return formatArray(x, options.dtype ?? dtypeOf(x), opts);
  if (typeof x === "number" || typeof x === "bigint" || typeof x === "boolean") {
    const dtype = options.dtype ?? (typeof x === "bigint" ? "int" : typeof x === "boolean" ? "bool" : "float64");
    return scalarText(x, dtype);
  }
  throw new TypeError(`format: cannot print ${x === null ? "null" : typeof x} (expected a number, bigint, boolean or ndarray)`);
}

/**
 * The course's `print("W1 = " + str(W1))`: the name, " = ", then `format(x)`; later lines of a
 * multi-line array are not indented. Example: `named("b1", b1)` → `"b1 = [[0.]\n [0.]]"`.
 */
export function named(name: string, x: Printable, options: FormatOptions = {}): string {
  return `${name} = ${format(x, options)}`;
}
