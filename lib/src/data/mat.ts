/**
 * A small reader of MATLAB v5 MAT-files (what `save -v6 / -v7` and scipy.io.savemat write): the
 * 128-byte header, top-level miMATRIX and miCOMPRESSED (zlib) elements, numeric and char arrays of any
 * rank, real or complex, both byte orders. Values come back as row-major float64 ndarrays (MATLAB
 * stores column-major), whatever the stored class — `className` says what it was.
 * Cell, struct, object and sparse arrays are listed in `skipped`, not read. v7.3 files are HDF5: not
 * supported (an error says so).
 *
 * Every length is checked against what is left before it is used: a truncated or corrupt file throws
 * an Error naming the file, the byte offset and what is wrong, never returns partial data.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { inflateSync } from "node:zlib";
import ndarray from "ndarray";
import type { NdArray } from "ndarray";
import { displayPath } from "./paths";

/** MATLAB classes of the arrays this reader returns. */
export type MatClass = "double" | "single" | "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64" | "char";

/** One variable of a MAT-file. */
export interface MatVariable {
  name: string;
  /** MATLAB's class (the values are float64 either way) */
  className: MatClass;
  /** the data type the values were stored as, e.g. "uint8" for a double array of small integers
   *  (MATLAB saves them compactly; scipy.io.loadmat returns this type) */
  stored: string;
  /** MATLAB's dims, e.g. [211, 1] for a column — the shape of `data` */
  shape: number[];
  /** the values, row-major (numpy C order), as float64; char arrays: the character codes */
  data: NdArray<Float64Array>;
  /** imaginary part, for complex arrays */
  imag?: NdArray<Float64Array>;
  /** char arrays: the rows as text, joined by "\n" */
  text?: string;
  logical: boolean;
  global: boolean;
}

/** A parsed MAT-file. */
export interface MatFile {
  /** the header's descriptive text, e.g. "MATLAB 5.0 MAT-file, Platform: GLNXA64, …" */
  header: string;
  variables: Record<string, MatVariable>;
  /** variables of classes this reader does not read (cell, struct, object, sparse, …) */
  skipped: { name: string; className: string }[];
}

// data types (miXXX) and array classes (mxXXX_CLASS) of the MAT-file format
const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15, UTF8: 16, UTF16: 17, UTF32: 18 };
const TYPE_NAME: Record<number, string> = { 1: "int8", 2: "uint8", 3: "int16", 4: "uint16", 5: "int32", 6: "uint32", 7: "single", 9: "double", 12: "int64", 13: "uint64", 16: "utf8", 17: "utf16", 18: "utf32" };
const ELEMENT_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8, 16: 1, 17: 2, 18: 4 };
const NUMERIC_CLASS: Record<number, MatClass> = { 6: "double", 7: "single", 8: "int8", 9: "uint8", 10: "int16", 11: "uint16", 12: "int32", 13: "uint32", 14: "int64", 15: "uint64" };
const OTHER_CLASS: Record<number, string> = { 1: "cell", 2: "struct", 3: "object", 5: "sparse", 16: "function", 17: "opaque" };
const CHAR_CLASS = 4;

/** Where we are: the file's name for messages, the bytes, byte order, and the compressed element we are in. */
interface Ctx {
  file: string;
  view: DataView;
  le: boolean;
  inside: string;
}

interface Tag {
  type: number;
  size: number;
  start: number; // first data byte
  next: number; // first byte after the (padded) element
}

function fail(ctx: Ctx, msg: string): never {
  throw new Error(`${displayPath(ctx.file)}: ${msg}${ctx.inside}`);
}

/** The element tag at `pos` (normal 8-byte or small 4+4 form); `pad`: data padded to 8 bytes. */
function readTag(ctx: Ctx, pos: number, end: number, pad: boolean): Tag {
  if (end - pos < 8) fail(ctx, `truncated: element tag at byte ${pos} needs 8 bytes, ${end - pos} left`);
  const w = ctx.view.getUint32(pos, ctx.le);
  if (w >>> 16 !== 0) {
    // small data element: size and type in one word, up to 4 data bytes in the next
    const size = w >>> 16;
    if (size > 4) fail(ctx, `corrupt: small element at byte ${pos} claims ${size} bytes (at most 4)`);
    return { type: w & 0xffff, size, start: pos + 4, next: pos + 8 };
  }
  const size = ctx.view.getUint32(pos + 4, ctx.le);
  const start = pos + 8;
  if (size > end - start) fail(ctx, `truncated: element at byte ${pos} wants ${size} bytes, ${end - start} left`);
  const padded = pad ? start + Math.ceil(size / 8) * 8 : start + size;
  return { type: w, size, start, next: Math.min(padded, end) };
}

function expectType(ctx: Ctx, tag: Tag, pos: number, types: number[], what: string): void {
  if (!types.includes(tag.type)) fail(ctx, `corrupt: ${what} at byte ${pos} has data type ${tag.type}, expected ${types.join(" or ")}`);
}

/** `count` values of data type `type` starting at byte `at`, as float64. */
function readValues(ctx: Ctx, type: number, at: number, count: number, name: string): Float64Array {
  const v = ctx.view;
  const le = ctx.le;
  const out = new Float64Array(count);
  switch (type) {
    case MI.DOUBLE: for (let i = 0; i < count; i++) out[i] = v.getFloat64(at + 8 * i, le); break;
    case MI.SINGLE: for (let i = 0; i < count; i++) out[i] = v.getFloat32(at + 4 * i, le); break;
    case MI.INT8: for (let i = 0; i < count; i++) out[i] = v.getInt8(at + i); break;
    case MI.UINT8: for (let i = 0; i < count; i++) out[i] = v.getUint8(at + i); break;
    case MI.INT16: for (let i = 0; i < count; i++) out[i] = v.getInt16(at + 2 * i, le); break;
    case MI.UINT16: case MI.UTF16: for (let i = 0; i < count; i++) out[i] = v.getUint16(at + 2 * i, le); break;
    case MI.INT32: for (let i = 0; i < count; i++) out[i] = v.getInt32(at + 4 * i, le); break;
    case MI.UINT32: case MI.UTF32: for (let i = 0; i < count; i++) out[i] = v.getUint32(at + 4 * i, le); break;
    case MI.INT64: case MI.UINT64:
      for (let i = 0; i < count; i++) {
        const b = type === MI.INT64 ? v.getBigInt64(at + 8 * i, le) : v.getBigUint64(at + 8 * i, le);
        const x = Number(b);
        if (!Number.isSafeInteger(x)) fail(ctx, `variable '${name}': 64-bit integer ${b} is beyond 2**53, not exact as a float64`);
        out[i] = x;
      }
      break;
    default: fail(ctx, `variable '${name}': unsupported data type ${type}`);
  }
  return out;
}

/** MATLAB's column-major values → numpy's row-major order, any rank. */
function toRowMajor(src: Float64Array, dims: number[]): Float64Array {
  const n = src.length;
  if (dims.filter((d) => d > 1).length <= 1) return src; // vectors and scalars: same order
  const out = new Float64Array(n);
  const nd = dims.length;
  const rowStride = new Array<number>(nd);
  for (let d = nd - 1, s = 1; d >= 0; d--) {
    rowStride[d] = s;
    s *= dims[d];
  }
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let k = 0; k < n; k++) {
    out[off] = src[k];
    for (let d = 0; d < nd; d++) { // first axis fastest: column-major walk
      off += rowStride[d];
      if (++idx[d] < dims[d]) break;
      off -= rowStride[d] * dims[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** One numeric part (real or imaginary) of a matrix: the subelement at `pos`. */
function readPart(ctx: Ctx, pos: number, end: number, count: number, name: string, what: string): { values: Float64Array; next: number; type: number } {
  const tag = readTag(ctx, pos, end, true);
  if (tag.type === MI.UTF8) {
    // char data as UTF-8: `count` characters, not bytes
    const text = new TextDecoder("utf-8", { fatal: true });
    let chars: number[];
    try {
      chars = Array.from(text.decode(new Uint8Array(ctx.view.buffer, ctx.view.byteOffset + tag.start, tag.size)), (c) => c.codePointAt(0) ?? 0);
    } catch {
      fail(ctx, `corrupt: ${what} of '${name}' at byte ${pos} is not valid UTF-8`);
    }
    if (chars.length !== count) fail(ctx, `corrupt: ${what} of '${name}' at byte ${pos} holds ${chars.length} characters, the dims need ${count}`);
    return { values: Float64Array.from(chars), next: tag.next, type: tag.type };
  }
  const size = ELEMENT_SIZE[tag.type];
  if (size === undefined) fail(ctx, `corrupt: ${what} of '${name}' at byte ${pos} has unknown data type ${tag.type}`);
  if (tag.size % size !== 0 || tag.size / size !== count) {
    fail(ctx, `corrupt: ${what} of '${name}' at byte ${pos} holds ${tag.size} bytes = ${tag.size / size} values of data type ${tag.type}, the dims need ${count}`);
  }
  return { values: readValues(ctx, tag.type, tag.start, count, name), next: tag.next, type: tag.type };
}

/** Decodes char codes (UTF-16 units or code points) into rows of text. */
function charText(codes: Float64Array, dims: number[]): string {
  const rows = dims.length === 2 ? dims[0] : 1;
  const cols = codes.length / Math.max(rows, 1);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(String.fromCodePoint(...codes.subarray(r * cols, (r + 1) * cols)));
  return lines.join("\n");
}

/** The miMATRIX element whose data spans [start, end): flags, dims, name, real (and imaginary) part. */
function readMatrix(ctx: Ctx, start: number, end: number, out: MatFile): void {
  if (start === end) return; // an empty miMATRIX (MATLAB writes them inside cells)
  let pos = start;
  const flagsTag = readTag(ctx, pos, end, true);
  expectType(ctx, flagsTag, pos, [MI.UINT32], "array flags");
  if (flagsTag.size < 8) fail(ctx, `corrupt: array flags at byte ${pos} hold ${flagsTag.size} bytes, expected 8`);
  const flags = ctx.view.getUint32(flagsTag.start, ctx.le);
  const cls = flags & 0xff;
  const complex = (flags & 0x800) !== 0;
  pos = flagsTag.next;
  if (cls === 16 || cls === 17) {
    out.skipped.push({ name: "?", className: OTHER_CLASS[cls] }); // function handles / opaque objects: no dims
    return;
  }
  const dimsTag = readTag(ctx, pos, end, true);
  expectType(ctx, dimsTag, pos, [MI.INT32], "dimensions");
  if (dimsTag.size < 8 || dimsTag.size % 4 !== 0) fail(ctx, `corrupt: dimensions at byte ${pos} hold ${dimsTag.size} bytes (need 2 or more int32)`);
  const dims = Array.from(readValues(ctx, MI.INT32, dimsTag.start, dimsTag.size / 4, "?"));
  if (dims.some((d) => d < 0)) fail(ctx, `corrupt: negative dimension in [${dims.join(", ")}] at byte ${pos}`);
  pos = dimsTag.next;
  const nameTag = readTag(ctx, pos, end, true);
  expectType(ctx, nameTag, pos, [MI.INT8, MI.UINT8, MI.UTF8], "array name");
  const name = new TextDecoder().decode(new Uint8Array(ctx.view.buffer, ctx.view.byteOffset + nameTag.start, nameTag.size));
  pos = nameTag.next;
  const className = cls === CHAR_CLASS ? "char" : NUMERIC_CLASS[cls];
  if (className === undefined) {
    out.skipped.push({ name, className: OTHER_CLASS[cls] ?? `class ${cls}` });
    return;
  }
  const count = dims.reduce((a, b) => a * b, 1);
  const re = readPart(ctx, pos, end, count, name, "real part");
  const v: MatVariable = {
    name,
    className,
    stored: TYPE_NAME[re.type],
    shape: dims,
    data: ndarray(toRowMajor(re.values, dims), dims.slice()),
    logical: (flags & 0x200) !== 0,
    global: (flags & 0x400) !== 0,
  };
  if (complex) {
    const im = readPart(ctx, re.next, end, count, name, "imaginary part");
    v.imag = ndarray(toRowMajor(im.values, dims), dims.slice());
  }
  if (className === "char") v.text = charText(v.data.data, dims);
  if (name in out.variables) fail(ctx, `corrupt: variable '${name}' appears twice`);
  out.variables[name] = v;
}

/** The header: text, version, byte order. Returns the byte order (true: little-endian). */
function readHeader(file: string, bytes: Uint8Array): { le: boolean; text: string } {
  const ascii = (a: number, b: number) => String.fromCharCode(...bytes.subarray(a, b));
  if (bytes.length === 0) throw new Error(`${displayPath(file)}: empty file, not a MAT-file`);
  if (ascii(0, 10) === "MATLAB 7.3" || (bytes.length >= 520 && ascii(513, 516) === "HDF")) {
    throw new Error(`${displayPath(file)}: a MAT-file v7.3 (HDF5) is not supported; save it with -v7 (or scipy.io.savemat)`);
  }
  if (bytes.length < 128) throw new Error(`${displayPath(file)}: truncated: ${bytes.length} bytes, shorter than the 128-byte MAT-file header`);
  const endian = ascii(126, 128);
  if (endian !== "IM" && endian !== "MI") {
    throw new Error(`${displayPath(file)}: not a MATLAB v5 MAT-file (endian indicator at byte 126 is ${JSON.stringify(endian)}, expected "IM" or "MI")`);
  }
  const le = endian === "IM";
  const version = new DataView(bytes.buffer, bytes.byteOffset + 124, 2).getUint16(0, le);
  if (version !== 0x0100) throw new Error(`${displayPath(file)}: unsupported MAT-file version 0x${version.toString(16)} (expected 0x0100)`);
  return { le, text: ascii(0, 116).replace(/[\s\0]+$/, "") };
}

/**
 * Reads a MATLAB v5 MAT-file from a path or from bytes (`name` labels errors for bytes).
 * Example: `readMat("data.mat").variables.X.data` → (211,2) float64.
 */
export function readMat(source: string | Uint8Array, options: { name?: string } = {}): MatFile {
  const file = options.name ?? (typeof source === "string" ? path.basename(source) : "<buffer>");
  const bytes = typeof source === "string" ? readFileSync(source) : source;
  const { le, text } = readHeader(file, bytes);
  const out: MatFile = { header: text, variables: {}, skipped: [] };
  const top: Ctx = { file, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), le, inside: "" };
  let pos = 128;
  while (pos < bytes.length) {
    const tag = readTag(top, pos, bytes.length, false); // top-level elements are not padded
    if (tag.type === MI.COMPRESSED) {
      let inner: Buffer;
      try {
        inner = inflateSync(bytes.subarray(tag.start, tag.start + tag.size));
      } catch (e) {
        throw new Error(`${displayPath(file)}: corrupt compressed element at byte ${pos} (${tag.size} bytes): ${(e as Error).message}`);
      }
      const ctx: Ctx = { file, view: new DataView(inner.buffer, inner.byteOffset, inner.byteLength), le, inside: ` (in the compressed element at byte ${pos})` };
      for (let p = 0; p < inner.length;) {
        const t = readTag(ctx, p, inner.length, false);
        if (t.type === MI.MATRIX) readMatrix(ctx, t.start, t.start + t.size, out);
        p = t.next;
      }
    } else if (tag.type === MI.MATRIX) {
      readMatrix(top, tag.start, tag.start + tag.size, out);
    } // other top-level elements (e.g. subsystem data) carry no variables
    pos = tag.next;
  }
  return out;
}
