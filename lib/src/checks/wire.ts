/**
 * Values as plain JSON data, both ways, for grading outside the learner's process: the grader sends
 * a graded function's arguments into the learner's kernel, the kernel sends back what the function
 * returned (and its arguments afterwards). Bit-exact: numbers incl. NaN, ±Infinity and −0; ndarrays
 * and TF.js tensors as dtype, shape and their bytes in base64. Shared objects stay shared (a repeat
 * is a reference to its first appearance), so "v and s share their arrays" still shows. Anything
 * else (a function, a Promise, a class instance) becomes a description the checks print as it is.
 */
import ndarray from "ndarray";
import type { NdArray } from "ndarray";

/** One encoded value (the JSON tree); see `encode`. */
export type Wire = number | string | boolean | null | { [tag: string]: unknown };

/** A value that could not travel as data, e.g. "a Promise": the checks report "returned a Promise". */
export class Opaque {
  constructor(readonly description: string) {}
  toString(): string {
    return this.description;
  }
}

/** Limits of one encoding: beyond them a value becomes an Opaque description. */
export interface WireLimits {
  /** numbers (array entries, ndarray and tensor elements) in all, default 8 million */
  maxElements?: number;
  /** nesting depth, default 32 */
  maxDepth?: number;
  /** the first n values: their tensors travel without data (TF.js tensors are immutable; the receiver has them) */
  tensorsKnownIn?: number;
}

type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array | Int16Array | Uint16Array | Uint32Array | Int8Array | Uint8ClampedArray;
const TYPED: Record<string, new (n: number | ArrayBuffer) => TypedArray> = {
  float64: Float64Array, float32: Float32Array, int32: Int32Array, uint8: Uint8Array, int16: Int16Array,
  uint16: Uint16Array, uint32: Uint32Array, int8: Int8Array, uint8_clamped: Uint8ClampedArray,
};

function typedName(a: unknown): string | undefined {
  for (const [name, C] of Object.entries(TYPED)) if (a instanceof C) return name;
  return undefined;
}

function isNd(v: unknown): v is NdArray {
  return typeof v === "object" && v !== null && Array.isArray((v as NdArray).shape) && "stride" in v && typeof (v as NdArray).get === "function";
}

interface Tensorish {
  shape: number[];
  dtype: string;
  dataSync(): ArrayLike<number>;
  isDisposed?: boolean;
  trainable?: unknown;
  assign?: unknown;
}

function isTensorish(v: unknown): v is Tensorish {
  return typeof v === "object" && v !== null && Array.isArray((v as Tensorish).shape) && typeof (v as Tensorish).dtype === "string" && typeof (v as Tensorish).dataSync === "function";
}

function base64(a: TypedArray): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

function fromBase64(text: unknown, dtype: string, n: number, where: string): TypedArray {
  const C = TYPED[dtype];
  if (!C || typeof text !== "string") throw new Error(`${where}: bad dtype or data`);
  const bytes = Buffer.from(text, "base64");
  const size = (C as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  if (bytes.length !== n * size) throw new Error(`${where}: ${bytes.length} bytes for ${n} ${dtype} elements`);
  const out = new C(n);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** What a value is, in words, for one that does not travel ("a function", "a Promise", "a Map"). */
export function describe(v: unknown): string {
  if (typeof v === "function") return "a function";
  if (typeof v === "bigint") return "a bigint";
  if (typeof v === "symbol") return "a symbol";
  if (v instanceof Promise || (typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function")) return "a Promise (is the function async? it must return the value itself)";
  const name = (v as object)?.constructor?.name;
  return name ? `an object of class ${name}` : "an object";
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Encodes `values` as one JSON-safe tree (a list, one node per value; repeats of an object are
 * `{"$ref": id}`). Example: `JSON.stringify(encode([[1, NaN], tsdl.zeros([2, 2])]))`.
 */
export function encode(values: readonly unknown[], limits: WireLimits = {}): Wire[] {
  let known = false;
  const maxElements = limits.maxElements ?? 8_000_000, maxDepth = limits.maxDepth ?? 32;
  let elements = 0;
  const ids = new Map<object, number>();
  const buffers = new Map<unknown, number>();
  const spend = (n: number) => (elements += n) <= maxElements;
  const one = (v: unknown, depth: number): Wire => {
    if (typeof v === "number") {
      if (Number.isNaN(v)) return { $num: "NaN" };
      if (!Number.isFinite(v)) return { $num: v > 0 ? "Infinity" : "-Infinity" };
      return Object.is(v, -0) ? { $num: "-0" } : v;
    }
    if (typeof v === "string" || typeof v === "boolean" || v === null) return v;
    if (v === undefined) return { $undefined: true };
    if (typeof v !== "object") return { $opaque: describe(v) };
    if (ids.has(v)) return { $ref: ids.get(v)! };
    if (depth > maxDepth) return { $opaque: `a value nested deeper than ${maxDepth} levels` };
    const id = ids.size;
    ids.set(v, id);
    if (isNd(v)) {
      const n = sizeOf(v.shape);
      if (!spend(n)) return { $opaque: "a matrix too large to grade" };
      const dtype = typedName(v.data) ?? "float64";
      const C = TYPED[dtype];
      const out = new C(n);
      const idx = new Array<number>(v.shape.length).fill(0);
      for (let k = 0; k < n; k++) {
        out[k] = Number(v.get(...idx));
        for (let d = v.shape.length - 1; d >= 0; d--) {
          if (++idx[d] < v.shape[d]) break;
          idx[d] = 0;
        }
      }
      if (!buffers.has(v.data)) buffers.set(v.data, buffers.size);
      // float64 values that are all float32 numbers (a tensor's, copied) travel in half the bytes
      const narrow = dtype === "float64" && n > 64 && (out as Float64Array).every((x) => Object.is(Math.fround(x), x) || Number.isNaN(x));
      const data = narrow ? base64(Float32Array.from(out)) : base64(out);
      return { $nd: { dtype, shape: v.shape.slice(), data, buffer: buffers.get(v.data), ...(narrow ? { float32: true } : {}) }, id };
    }
    if (isTensorish(v)) {
      const n = sizeOf(v.shape);
      if (!spend(n)) return { $opaque: "a tensor too large to grade" };
      if (known) return { $tensor: { dtype: v.dtype, shape: v.shape.slice(), known: true }, id };
      const disposed = Boolean(v.isDisposed);
      const dtype = v.dtype === "int32" || v.dtype === "bool" ? "int32" : "float32";
      const data = disposed ? new TYPED[dtype](0) : TYPED[dtype] === Int32Array ? Int32Array.from(v.dataSync()) : Float32Array.from(v.dataSync());
      const variable = typeof v.assign === "function" && "trainable" in v;
      return { $tensor: { dtype: v.dtype, shape: v.shape.slice(), data: base64(data), disposed, variable }, id };
    }
    if (Array.isArray(v)) {
      if (!spend(v.length)) return { $opaque: "an array too large to grade" };
      return { $array: Array.from(v, (x) => one(x, depth + 1)), id };
    }
    const name = typedName(v);
    if (name) {
      const a = v as TypedArray;
      if (!spend(a.length)) return { $opaque: "a typed array too large to grade" };
      return { $typed: { dtype: name, data: base64(a), length: a.length }, id };
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return { $opaque: describe(v) };
    const entries: [string, Wire][] = [];
    for (const k of Object.keys(v)) {
      if (!spend(1)) return { $opaque: "a dictionary too large to grade" };
      entries.push([k, one((v as Record<string, unknown>)[k], depth + 1)]);
    }
    return { $object: entries, id };
  };
  return values.map((v, i) => {
    known = i < (limits.tensorsKnownIn ?? 0);
    return one(v, 0);
  });
}

/** How decoded tensors are made: the `@tensorflow/tfjs` module of the process decoding. */
export interface TensorMaker {
  tensor(values: ArrayLike<number>, shape: number[], dtype: string): unknown;
  variable(t: unknown, trainable?: boolean): unknown;
  dispose(t: unknown): void;
}

/** Objects decoded so far by their id (refs point at them), and data buffers shared by ndarrays. */
export interface DecodeState {
  byId: Map<number, unknown>;
  buffers: Map<number, TypedArray>;
  tf?: TensorMaker;
}

export function newDecodeState(tf?: TensorMaker): DecodeState {
  return { byId: new Map(), buffers: new Map(), tf };
}

function tagOf(node: Wire, where: string): [string, any, number | undefined] {
  if (typeof node !== "object" || node === null) throw new Error(`${where}: not a value node`);
  const keys = Object.keys(node).filter((k) => k !== "id");
  if (keys.length !== 1 || !keys[0].startsWith("$")) throw new Error(`${where}: not a value node (keys ${keys.join(", ")})`);
  const id = (node as { id?: unknown }).id;
  if (id !== undefined && !(Number.isInteger(id) && (id as number) >= 0)) throw new Error(`${where}: bad id`);
  return [keys[0], (node as Record<string, unknown>)[keys[0]], id as number | undefined];
}

/** Defines an own property whatever its name (`__proto__` included), as JSON.parse does. */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function checkShape(shape: unknown, where: string): number[] {
  if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isInteger(d) && d >= 0 && d <= 1e8)) throw new Error(`${where}: bad shape`);
  if (sizeOf(shape) > 1e8) throw new Error(`${where}: shape too large`);
  return shape as number[];
}

/**
 * Decodes one node into a value (validating it: a malformed node throws, naming `where`).
 * Example: `decode(encode([x])[0], newDecodeState(), "result")`.
 */
export function decode(node: Wire, state: DecodeState, where: string): unknown {
  if (typeof node === "number" || typeof node === "string" || typeof node === "boolean" || node === null) return node;
  const [tag, body, id] = tagOf(node, where);
  const keep = <T>(v: T): T => {
    if (id !== undefined) state.byId.set(id, v);
    return v;
  };
  switch (tag) {
    case "$num":
      if (body === "NaN") return NaN;
      if (body === "Infinity") return Infinity;
      if (body === "-Infinity") return -Infinity;
      if (body === "-0") return -0;
      throw new Error(`${where}: bad number ${JSON.stringify(body)}`);
    case "$undefined":
      return undefined;
    case "$opaque":
      return new Opaque(String(body).slice(0, 200));
    case "$ref":
      if (!state.byId.has(body)) throw new Error(`${where}: reference to unknown object ${body}`);
      return state.byId.get(body);
    case "$array": {
      if (!Array.isArray(body)) throw new Error(`${where}: bad array`);
      const out = keep(new Array<unknown>(body.length));
      body.forEach((x, i) => (out[i] = decode(x as Wire, state, `${where}[${i}]`)));
      return out;
    }
    case "$object": {
      if (!Array.isArray(body)) throw new Error(`${where}: bad dictionary`);
      const out = keep({} as Record<string, unknown>);
      for (const e of body) {
        if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== "string") throw new Error(`${where}: bad dictionary entry`);
        setOwn(out, e[0], decode(e[1] as Wire, state, `${where}.${e[0]}`));
      }
      return out;
    }
    case "$typed":
      return keep(fromBase64(body?.data, body?.dtype, Number(body?.length), where));
    case "$nd": {
      const shape = checkShape(body?.shape, where);
      const n = sizeOf(shape);
      let data = body.float32 === true && body.dtype === "float64" ? Float64Array.from(fromBase64(body.data, "float32", n, where)) : fromBase64(body.data, body.dtype, n, where);
      const buffer = body.buffer;
      if (Number.isInteger(buffer)) {
        const seen = state.buffers.get(buffer);
        // the same buffer whole in both: share it, as the learner's arrays did
        if (seen && seen.length === n && seen.constructor === data.constructor) {
          seen.set(data);
          data = seen;
        } else if (!seen) state.buffers.set(buffer, data);
      }
      return keep(ndarray(data, shape));
    }
    case "$tensor": {
      if (!state.tf) throw new Error(`${where}: a tensor, but no TensorFlow.js to make it`);
      if (body?.known) throw new Error(`${where}: a tensor sent without its data`);
      const shape = checkShape(body?.shape, where);
      const wireType = body.dtype === "int32" || body.dtype === "bool" ? "int32" : "float32";
      const values = fromBase64(body.data, wireType, body.disposed ? 0 : sizeOf(shape), where);
      const t = state.tf.tensor(body.disposed ? new Float32Array(sizeOf(shape)) : values, shape, String(body.dtype));
      if (body.disposed) {
        state.tf.dispose(t);
        return keep(t);
      }
      if (body.variable) {
        const v = state.tf.variable(t, true);
        state.tf.dispose(t);
        return keep(v);
      }
      return keep(t);
    }
    default:
      throw new Error(`${where}: unknown node ${tag}`);
  }
}

/**
 * Makes `target` (an argument the grader passed) what the learner's function left it as: arrays and
 * dictionaries updated in place, ndarrays' values written back; registers it under the node's id so
 * a result that returns the argument itself decodes to the same object. Example: `writeBack(args[0], after[0], state, "argument 1")`.
 */
export function writeBack(target: unknown, node: Wire, state: DecodeState, where: string): void {
  if (typeof node !== "object" || node === null || typeof target !== "object" || target === null) return;
  const [tag, body, id] = tagOf(node, where);
  if (tag === "$ref") return;
  if (id !== undefined) state.byId.set(id, target);
  if (tag === "$array" && Array.isArray(target) && Array.isArray(body)) {
    target.length = body.length;
    body.forEach((x, i) => {
      const old = target[i];
      if (typeof old === "object" && old !== null && typeof x === "object" && x !== null && !("$ref" in x)) writeBack(old, x as Wire, state, `${where}[${i}]`);
      else target[i] = decode(x as Wire, state, `${where}[${i}]`);
    });
  } else if (tag === "$object" && !Array.isArray(target) && !isNd(target) && Array.isArray(body)) {
    const o = target as Record<string, unknown>;
    const keys = new Set<string>();
    for (const e of body) {
      if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== "string") throw new Error(`${where}: bad dictionary entry`);
      keys.add(e[0]);
      const old = Object.prototype.hasOwnProperty.call(o, e[0]) ? o[e[0]] : undefined;
      if (typeof old === "object" && old !== null && typeof e[1] === "object" && e[1] !== null && !("$ref" in e[1])) writeBack(old, e[1], state, `${where}.${e[0]}`);
      else setOwn(o, e[0], decode(e[1], state, `${where}.${e[0]}`));
    }
    for (const k of Object.keys(o)) if (!keys.has(k)) delete o[k];
  } else if (tag === "$nd" && isNd(target)) {
    const shape = checkShape(body?.shape, where);
    if (shape.join() !== target.shape.join()) return; // an ndarray cannot change shape in place
    const values = body.float32 === true && body.dtype === "float64" ? fromBase64(body.data, "float32", sizeOf(shape), where) : fromBase64(body.data, body.dtype, sizeOf(shape), where);
    const idx = new Array<number>(shape.length).fill(0);
    for (let k = 0; k < values.length; k++) {
      target.set(...idx, values[k]);
      for (let d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
  }
}
