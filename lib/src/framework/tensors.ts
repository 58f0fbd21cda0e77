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
