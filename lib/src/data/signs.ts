/**
 * The SIGNS dataset of the TensorFlow lab (tf_utils.load_dataset): train_signs.h5 / test_signs.h5,
 * HDF5 files with `<split>_set_x` (m,64,64,3) uint8, `<split>_set_y` (m,) int64 and `list_classes`.
 * HDF5 is read by jsfive (pure JS, CommonJS, ~190 KB, loaded on first use); h5wasm also reads them but
 * is ESM-only, 15 MB and async to start.
 * train_signs.h5 is not available to this project: when a file is absent, a seeded synthetic stand-in of
 * the same shapes is used, flagged `source: "synthetic"`, and the banner says which file and where it was
 * looked for. A present but truncated or corrupt file is an error.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import ndarray from "ndarray";
import type { NdArray } from "ndarray";
import { RandomState } from "../random";
import { describeSearch, displayPath, findDataFile } from "./paths";

type Mat = NdArray<Float64Array>;
/** An ndarray over a typed or plain JS array (indexable data). */
type NumArray = NdArray<ndarray.TypedArray | number[]>;

/** One split of SIGNS: images (m,64,64,3) uint8, labels (1,m) float64 0…5. */
export interface SignsSet {
  split: "train" | "test";
  x: NdArray<Uint8Array>;
  y: Mat;
  classes: number[];
  source: "course" | "synthetic";
  file?: string;
}

/** Both splits, and the banner to show when any of them is synthetic. */
export interface Signs {
  train: SignsSet;
  test: SignsSet;
  classes: number[];
  banner?: string;
}

/** Options of loadSigns. */
export interface LoadSignsOptions {
  /** a folder holding the .h5 files (or one of the files); must exist when given */
  path?: string;
  /** train_signs.h5 itself (overrides `path` for the training set) */
  trainPath?: string;
  /** test_signs.h5 itself (overrides `path` for the test set) */
  testPath?: string;
  /** seed of the synthetic stand-ins (train uses seed, test seed + 1; default 1) */
  seed?: number;
  /** use stand-ins even when the course files exist */
  synthetic?: boolean;
}

/** The course's sizes (LAB_SPEC §5). */
export const SIGNS_SIZES = { train: 1080, test: 120, height: 64, width: 64, channels: 3, classes: 6 } as const;

// the small part of jsfive's API used here (jsfive ships no types)
interface H5Dataset {
  shape: number[];
  dtype: string;
  value: ArrayLike<number | bigint>;
}
interface H5File {
  keys: string[];
  get(name: string): H5Dataset;
}
interface Jsfive {
  File: new (buffer: ArrayBuffer, filename: string) => H5File;
}

let jsfive: Jsfive | null = null;
function loadJsfive(): Jsfive {
  // loaded on first use so that `import "tsdl"` stays light and works without it
  if (jsfive === null) jsfive = require("jsfive") as Jsfive;
  return jsfive;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Finds the superblock and checks the file is as long as the superblock says (jsfive reads past the end otherwise). */
function checkHdf5(file: string, bytes: Uint8Array): void {
  let at = -1;
  for (let p = 0; p + 8 <= bytes.length && p <= 1 << 20; p = p === 0 ? 512 : p * 2) {
    if (HDF5_SIGNATURE.every((b, i) => bytes[p + i] === b)) {
      at = p;
      break;
    }
  }
  if (at < 0) throw new Error(`${displayPath(file)}: not an HDF5 file (no HDF5 signature at byte 0, 512, 1024, …)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[at + 8];
  // superblock v0/v1: offset size at +13, addresses from +24 (v1: +28); v2/v3: offset size at +9,
  // addresses from +12; either way base address, one more address, then the end-of-file address
  const offsetSize = version <= 1 ? bytes[at + 13] : bytes[at + 9];
  const first = version <= 1 ? at + (version === 0 ? 24 : 28) : at + 12;
  const eofField = first + 2 * offsetSize;
  if (version > 3 || (offsetSize !== 4 && offsetSize !== 8)) throw new Error(`${displayPath(file)}: unsupported HDF5 superblock (version ${version}, offset size ${offsetSize})`);
  if (eofField + offsetSize > bytes.length) throw new Error(`${displayPath(file)}: truncated: ${bytes.length} bytes, the HDF5 superblock is incomplete`);
  const read = (p: number) => (offsetSize === 8 ? Number(view.getBigUint64(p, true)) : view.getUint32(p, true));
  const base = read(first);
  const eof = read(eofField);
  if (at + base + eof > bytes.length) {
    throw new Error(`${displayPath(file)}: truncated: the HDF5 superblock says ${at + base + eof} bytes, the file has ${bytes.length}`);
  }
}

function dataset(file: string, h5: H5File, name: string): H5Dataset {
  if (!h5.keys.includes(name)) throw new Error(`${displayPath(file)}: dataset '${name}' missing (datasets: ${h5.keys.join(", ")})`);
  try {
    const d = h5.get(name);
    return { shape: d.shape.slice(), dtype: d.dtype, value: d.value };
  } catch (e) {
    throw new Error(`${displayPath(file)}: cannot read dataset '${name}': ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Integer values in [0, limit) — labels and class ids; anything else means a corrupt file. */
function integers(file: string, name: string, values: ArrayLike<number | bigint>, limit: number): number[] {
  const out = Array.from(values, Number);
  const bad = out.findIndex((v) => !Number.isSafeInteger(v) || v < 0 || v >= limit);
  if (bad >= 0) throw new Error(`${displayPath(file)}: '${name}' holds ${String(values[bad])} at index ${bad}, expected an integer in [0, ${limit})`);
  return out;
}

/**
 * Reads one SIGNS file (train_signs.h5 or test_signs.h5; the split is told by its dataset names).
 * Example: `readSignsFile("../shared/data/test_signs.h5").x.shape` → [120, 64, 64, 3].
 */
export function readSignsFile(filePath: string): SignsSet {
  const file = path.basename(filePath);
  const bytes = readFileSync(filePath);
  checkHdf5(file, bytes);
  let h5: H5File;
  try {
    h5 = new (loadJsfive().File)(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), file);
  } catch (e) {
    throw new Error(`${displayPath(file)}: cannot read as HDF5: ${e instanceof Error ? e.message : String(e)}`);
  }
  const split = h5.keys.includes("train_set_x") ? "train" : h5.keys.includes("test_set_x") ? "test" : null;
  if (split === null) throw new Error(`${displayPath(file)}: no 'train_set_x' or 'test_set_x' dataset (datasets: ${h5.keys.join(", ")}): not a SIGNS file`);
  const x = dataset(file, h5, `${split}_set_x`);
  const y = dataset(file, h5, `${split}_set_y`);
  const cls = dataset(file, h5, "list_classes");
  const m = x.shape[0];
  if (x.shape.length !== 4 || !/u1$/.test(x.dtype)) {
    throw new Error(`${displayPath(file)}: '${split}_set_x' is (${x.shape.join(",")}) ${x.dtype}, expected (m,64,64,3) uint8`);
  }
  const size = x.shape.reduce((a, b) => a * b, 1);
  if (x.value.length !== size) throw new Error(`${displayPath(file)}: '${split}_set_x' holds ${x.value.length} values, its shape needs ${size}`);
  if (y.shape.length !== 1 || y.shape[0] !== m || y.value.length !== m) {
    throw new Error(`${displayPath(file)}: '${split}_set_y' is (${y.shape.join(",")}), expected (${m},) to match the images`);
  }
  // HDF5 (superblock v0) has no checksums: range checks are what catches corrupt label bytes
  const classes = integers(file, "list_classes", cls.value, cls.value.length);
  if (classes.some((c, i) => c !== i)) throw new Error(`${displayPath(file)}: 'list_classes' is [${classes.join(", ")}], expected 0, 1, …, K-1`);
  const labels = integers(file, `${split}_set_y`, y.value, classes.length);
  return {
    split,
    x: ndarray(Uint8Array.from(x.value as ArrayLike<number>), x.shape.slice()),
    y: ndarray(Float64Array.from(labels), [1, m]),
    classes,
    source: "course",
    file: path.resolve(filePath),
  };
}

/**
 * m synthetic 64×64 RGB "hand signs": a palm with as many raised fingers as the label (0…5), on a
 * random background, with pixel noise; labels balanced (i % 6, shuffled). Deterministic per seed; does
 * not touch the global `random`. Example: `syntheticSigns(120, 2, "test").x.shape` → [120, 64, 64, 3].
 */
export function syntheticSigns(m: number, seed = 1, split: "train" | "test" = "train"): SignsSet {
  if (!Number.isInteger(m) || m < 0) throw new Error(`syntheticSigns: m must be a non-negative integer, got ${m}`);
  const { height: H, width: W, channels: C, classes: K } = SIGNS_SIZES;
  const rng = new RandomState(seed);
  const labels = new Float64Array(m);
  for (let i = 0; i < m; i++) labels[i] = i % K;
  rng.shuffle(labels);
  const x = new Uint8Array(m * H * W * C);
  for (let i = 0; i < m; i++) {
    const bg = [rng.randint(120, 235), rng.randint(120, 235), rng.randint(120, 235)];
    const skin = [rng.randint(170, 240), rng.randint(110, 170), rng.randint(80, 140)];
    const dx = rng.randint(-4, 5);
    const dy = rng.randint(-3, 4);
    let s = rng.randint(1, 2 ** 31) >>> 0; // xorshift32 state for the pixel noise
    const k = labels[i];
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        const pr = r - dy;
        const pc = c - dx;
        let hand = pr >= 36 && pr < 62 && pc >= 18 && pc < 46; // palm
        for (let f = 0; f < k && !hand; f++) {
          const left = 18 + f * 6; // finger f: a 4-px bar above the palm
          hand = pr >= 12 && pr < 36 && pc >= left && pc < left + 4;
        }
        const base = (((i * H + r) * W + c) * C);
        for (let ch = 0; ch < C; ch++) {
          s ^= s << 13;
          s ^= s >>> 17;
          s ^= s << 5;
          const noise = ((s >>> 0) % 17) - 8;
          const v = (hand ? skin[ch] : bg[ch]) + noise;
          x[base + ch] = v < 0 ? 0 : v > 255 ? 255 : v;
        }
      }
    }
  }
  return {
    split,
    x: ndarray(x, [m, H, W, C]),
    y: ndarray(labels, [1, m]),
    classes: Array.from({ length: K }, (_, c) => c),
    source: "synthetic",
  };
}

/**
 * SIGNS as tf_utils.load_dataset gives it: train and test sets from the course's .h5 files where found
 * (explicit path, $TSDL_DATA, ../shared/data, data/), else synthetic stand-ins and a banner saying so.
 * Example: `const s = loadSigns(); if (s.banner) console.log(s.banner)`.
 */
export function loadSigns(options: LoadSignsOptions = {}): Signs {
  const seed = options.seed ?? 1;
  const notes: string[] = [];
  const one = (split: "train" | "test", explicit: string | undefined, m: number, splitSeed: number): SignsSet => {
    const name = `${split}_signs.h5`;
    if (explicit !== undefined && !existsSync(explicit)) throw new Error(`loadSigns: ${explicit}: no such file or folder`);
    const file = options.synthetic ? null : findDataFile(name, explicit);
    if (file !== null) return readSignsFile(file);
    notes.push(
      `${name}: ${options.synthetic ? "not read ({ synthetic: true })" : "NOT FOUND"} — the ${split} set is a SYNTHETIC stand-in ` +
        `(${m} images, seed ${splitSeed}).` + (options.synthetic ? "" : ` Looked in:\n${describeSearch(name, explicit)}`),
    );
    return syntheticSigns(m, splitSeed, split);
  };
  const train = one("train", options.trainPath ?? options.path, SIGNS_SIZES.train, seed);
  const test = one("test", options.testPath ?? options.path, SIGNS_SIZES.test, seed + 1);
  const out: Signs = { train, test, classes: test.source === "course" ? test.classes : train.classes };
  if (notes.length > 0) {
    out.banner =
      `SYNTHETIC DATA in use.\n${notes.join("\n")}\n` +
      "The course's results for this lab (costs, train/test accuracy) need the real files and are shown as " +
      "reference only. To use them, put the .h5 files in the project's data/ folder, or set TSDL_DATA to their folder, or pass { path }.";
  }
  return out;
}

/**
 * Images (m, h, w, c) → (h·w·c, m) float64 divided by 255, pixel order row, col, channel (numpy
 * `X.reshape(m, -1).T / 255.`). Example: `flattenImages(signs.train.x).shape` → [12288, 1080].
 */
export function flattenImages(x: NumArray): Mat {
  const shape = x.shape;
  if (shape.length < 2) throw new Error(`flattenImages: x must be (m, …) with at least 2 axes, got (${shape.join(",")})`);
  const m = shape[0];
  const P = shape.slice(1).reduce((a, b) => a * b, 1);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    if (shape[d] !== 1 && x.stride[d] !== s) throw new Error(`flattenImages: x must be a contiguous row-major array (shape (${shape.join(",")}), strides (${x.stride.join(",")}))`);
    s *= shape[d];
  }
  const src = x.data;
  const o = x.offset;
  const out = new Float64Array(P * m);
  const B = 64; // a transpose: blocks keep both the reads and the strided writes in cache
  for (let i0 = 0; i0 < m; i0 += B) {
    const i1 = Math.min(m, i0 + B);
    for (let p0 = 0; p0 < P; p0 += B) {
      const p1 = Math.min(P, p0 + B);
      for (let p = p0; p < p1; p++) {
        for (let i = i0; i < i1; i++) out[p * m + i] = src[o + i * P + p] / 255;
      }
    }
  }
  return ndarray(out, [P, m]);
}

/**
 * Labels (any shape, read row-major) → one-hot (C, m) float64, numpy `eye(C)[y.reshape(-1)].T`.
 * Example: `oneHot([1, 2, 3, 0, 2, 1], 4)` → (4,6) with a 1 in row y[i] of column i.
 */
export function oneHot(y: NumArray | ArrayLike<number>, C: number): Mat {
  if (!Number.isInteger(C) || C < 1) throw new Error(`oneHot: C must be a positive integer, got ${C}`);
  let labels: ArrayLike<number>;
  if ("shape" in y && "stride" in y) {
    const n = y.shape.reduce((a, b) => a * b, 1);
    labels = Array.from({ length: n }, (_, k) => {
      // row-major walk of any strides
      let rem = k;
      let at = y.offset;
      for (let d = y.shape.length - 1; d >= 0; d--) {
        at += (rem % y.shape[d]) * y.stride[d];
        rem = Math.floor(rem / y.shape[d]);
      }
      return y.data[at];
    });
  } else {
    labels = y;
  }
  const m = labels.length;
  const out = new Float64Array(C * m);
  for (let i = 0; i < m; i++) {
    const v = labels[i];
    if (!Number.isInteger(v) || v < 0 || v >= C) throw new Error(`oneHot: label ${v} at index ${i} is not an integer in [0, ${C})`);
    out[v * m + i] = 1;
  }
  return ndarray(out, [C, m]);
}
