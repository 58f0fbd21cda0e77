/**
 * TensorFlow.js tensors seen through tsdl: as tsdl matrices (float64 copies of their values) and
 * printed as numpy prints the same dtype (float32 digits for float32 tensors: `0.9999939`,
 * `[[0. 1.]]`). Only a tensor's `shape`, `dtype` and `dataSync()` are used, so tsdl needs no
 * TensorFlow.js import.
 */
import ndarray from "ndarray";
import type { NdArray } from "ndarray";
import type { Mat } from "../array";
import { formatFloat32, formatInt } from "../format";
import { str } from "../print";
import { random } from "../random";

/** The part of a tf.Tensor read here. */
export interface TensorLike {
  shape: number[];
  dtype: string;
  dataSync(): ArrayLike<number>;
}

/** True for a TF.js tensor (duck-typed: shape, dtype, dataSync). */
export function isTensor(v: unknown): v is TensorLike {
  return typeof v === "object" && v !== null && Array.isArray((v as TensorLike).shape) && typeof (v as TensorLike).dtype === "string" && typeof (v as TensorLike).dataSync === "function";
}

/**
 * The tensor's values as a float64 tsdl matrix of the same shape (a copy; the tensor is untouched).
 * Example: `toMat(tf.ones([2, 3])).shape` → [2, 3].
 */
export function toMat(t: TensorLike): Mat {
  return ndarray(Float64Array.from(t.dataSync()), t.shape.slice());
}

/**
 * Each tensor of a dictionary as a float64 tsdl matrix (copies), e.g. the trained parameters.
 * Example: `toMats({ W1: tf.ones([2, 3]) }).W1.shape` → [2, 3].
 */
export function toMats<K extends string>(tensors: Record<K, TensorLike>): Record<K, Mat> {
  const out = {} as Record<K, Mat>;
  for (const k of Object.keys(tensors) as K[]) out[k] = toMat(tensors[k]);
  return out;
}

/** The tensor as an ndarray of its own dtype (Float32Array, Int32Array, Uint8Array for bool). */
function asNdArray(t: TensorLike): NdArray {
  const d = t.dataSync();
  const data = t.dtype === "float32" ? Float32Array.from(d) : t.dtype === "bool" ? Uint8Array.from(d) : Int32Array.from(d);
  return ndarray(data, t.shape.slice());
}

/**
 * numpy's `str()` of the tensor's value: float32 tensors with float32 digits, int32 as integers.
 * Example: `tensorStr(tf.sigmoid(tf.scalar(12)))` → "0.9999939"; `tensorStr(tf.ones([3]))` → "[1. 1. 1.]".
 */
export function tensorStr(t: TensorLike): string {
  if (t.shape.length === 0) {
    const v = t.dataSync()[0];
    if (t.dtype === "float32") return formatFloat32(v);
    if (t.dtype === "bool") return v ? "True" : "False";
    return formatInt(v);
  }
  return str(asNdArray(t));
}

/** The part of the `@tensorflow/tfjs` module randomMiniBatches uses. */
export interface TfGather {
  // typed loosely so that the real module (whose signatures are wider) fits
  tensor1d(...args: any[]): any;
  gather(...args: any[]): any;
  dispose(...args: any[]): void;
}

/**
 * The lab's `random_mini_batches(X, Y, mini_batch_size, seed)` (tf_utils) on tensors: `seed(seed)`
 * of the global `tsdl.random` (as the course re-seeds np.random), one `permutation(m)` of the
 * columns, then ⌊m / size⌋ mini-batches of `size` columns and a last one with the rest; Y keeps its
 * rows (6 one-hot rows here). The pairs are new tensors (tf.gather): create them inside tf.tidy, or
 * dispose them. Example: `tf.tidy(() => randomMiniBatches(tf, X, Y, 32, 4).length)` → 34 for m = 1080.
 */
export function randomMiniBatches<T extends TensorLike>(tf: TfGather, X: T, Y: T, miniBatchSize = 64, seed = 0): [T, T][] {
  if (X.shape.length !== 2 || Y.shape.length !== 2 || X.shape[1] !== Y.shape[1]) {
    throw new Error(`randomMiniBatches: X (${X.shape.join(",")}) and Y (${Y.shape.join(",")}) must be 2-D with one column per example`);
  }
  if (!Number.isInteger(miniBatchSize) || miniBatchSize < 1) throw new Error(`randomMiniBatches: miniBatchSize must be a positive integer, got ${miniBatchSize}`);
  random.seed(seed);
  const m = X.shape[1];
  const perm = Array.from(random.permutation(m).data);
  const out: [T, T][] = [];
  for (let from = 0; from < m; from += miniBatchSize) {
    const idx = tf.tensor1d(perm.slice(from, from + miniBatchSize), "int32");
    out.push([tf.gather(X, idx, 1) as T, tf.gather(Y, idx, 1) as T]);
    tf.dispose(idx);
  }
  return out;
}
