/**
 * The regularization lab's `load_2D_dataset()`: data.mat (X (211,2), y (211,1), Xval (200,2),
 * yval (200,1)) → examples as columns. When the course file is absent (see ./paths for where it is
 * looked for) a seeded synthetic stand-in of the same shapes and a similar layout is returned instead,
 * flagged `source: "synthetic"` with a banner; a file that exists but is corrupt is an error.
 */
import ndarray from "ndarray";
import type { NdArray } from "ndarray";
import { existsSync } from "node:fs";
import { cos, sin } from "../libm";
import { RandomState } from "../random";
import { readMat, type MatFile } from "./mat";
import { describeSearch, displayPath, findDataFile } from "./paths";

type Mat = NdArray<Float64Array>;

/** A two-class 2-D dataset, examples as columns, and where it came from. */
export interface Dataset2D {
  trainX: Mat;
  trainY: Mat;
  testX: Mat;
  testY: Mat;
  /** "course": read from the course's file; "synthetic": a seeded stand-in */
  source: "course" | "synthetic";
  /** the file read (source "course") */
  file?: string;
  /** what to tell the learner (source "synthetic"): the course's numbers apply only to the real file */
  banner?: string;
}

/** Options of load2DDataset. */
export interface Load2DOptions {
  /** data.mat itself or a folder holding it; must exist when given */
  path?: string;
  /** the file name looked for (default "data.mat") */
  fileName?: string;
  /** seed of the synthetic stand-in (default 1) */
  seed?: number;
  /** use the stand-in even when the course file exists */
  synthetic?: boolean;
}

const TRAIN_M = 211;
const TEST_M = 200;

/** (m,2) samples as rows and (m,1) labels → X (2,m), Y (1,m); checks shapes and 0/1 labels. */
function columnsOf(mat: MatFile, file: string, xName: string, yName: string): { X: Mat; Y: Mat } {
  const X = mat.variables[xName];
  const y = mat.variables[yName];
  const have = Object.keys(mat.variables).join(", ") || "none";
  if (!X || !y) throw new Error(`${displayPath(file)}: variable '${!X ? xName : yName}' missing (variables: ${have})`);
  const [m, two] = X.shape;
  if (X.shape.length !== 2 || two !== 2) throw new Error(`${displayPath(file)}: '${xName}' has shape (${X.shape.join(",")}), expected (m,2)`);
  if (y.shape.length !== 2 || y.shape[0] !== m || y.shape[1] !== 1) {
    throw new Error(`${displayPath(file)}: '${yName}' has shape (${y.shape.join(",")}), expected (${m},1) to match '${xName}'`);
  }
  const xs = X.data.data;
  const out = new Float64Array(2 * m);
  for (let i = 0; i < m; i++) {
    out[i] = xs[2 * i];
    out[m + i] = xs[2 * i + 1];
  }
  const labels = Float64Array.from(y.data.data);
  const bad = labels.findIndex((v) => v !== 0 && v !== 1);
  if (bad >= 0) throw new Error(`${displayPath(file)}: '${yName}' holds ${labels[bad]} at row ${bad}, expected labels 0/1`);
  return { X: ndarray(out, [2, m]), Y: ndarray(labels, [1, m]) };
}

/** m points of the stand-in's layout: an ellipse of points, split by a wavy diagonal, ~6 % labels flipped. */
function synthetic(rng: RandomState, m: number): { X: Mat; Y: Mat } {
  const X = new Float64Array(2 * m);
  const Y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    // uniform in an ellipse around (-0.13, -0.06) with half-axes 0.45 × 0.62 (the course data's spread)
    const r = Math.sqrt(rng.randomSample());
    const t = 2 * Math.PI * rng.randomSample();
    const x = -0.13 + 0.45 * r * cos(t);
    const y = -0.06 + 0.62 * r * sin(t);
    const above = x < -0.15 + 0.35 * y + 0.06 * sin(9 * y);
    const flip = rng.randomSample() < 0.06;
    X[i] = x;
    X[m + i] = y;
    Y[i] = above !== flip ? 1 : 0;
  }
  return { X: ndarray(X, [2, m]), Y: ndarray(Y, [1, m]) };
}

/**
 * A synthetic stand-in for data.mat: same shapes ((2,211)/(1,211) train, (2,200)/(1,200) test), points
 * in about [-0.6,0.3]×[-0.7,0.6], class 1 upper left of a wavy boundary, some label noise. Deterministic
 * per seed; does not touch the global `random`. Example: `synthetic2DDataset(1).trainX.shape` → [2, 211].
 */
export function synthetic2DDataset(seed = 1): Dataset2D {
  const rng = new RandomState(seed);
  const train = synthetic(rng, TRAIN_M);
  const test = synthetic(rng, TEST_M);
  return {
    trainX: train.X, trainY: train.Y, testX: test.X, testY: test.Y,
    source: "synthetic",
    banner: `SYNTHETIC DATA (seed ${seed}): a stand-in for the course's data.mat with the same shapes.`,
  };
}

/**
 * The regularization lab's dataset: train X (2,211), Y (1,211); test X (2,200), Y (1,200); labels
 * float64 0/1. Reads data.mat (explicit path, $TSDL_DATA, ../shared/data, data/); without it, a
 * synthetic stand-in with a banner. Example: `const d = load2DDataset(); if (d.banner) console.log(d.banner)`.
 */
export function load2DDataset(options: Load2DOptions = {}): Dataset2D {
  const name = options.fileName ?? "data.mat";
  if (options.path !== undefined && !existsSync(options.path)) {
    throw new Error(`load2DDataset: ${options.path}: no such file or folder`);
  }
  const file = options.synthetic ? null : findDataFile(name, options.path);
  if (file === null) {
    const d = synthetic2DDataset(options.seed ?? 1);
    d.banner =
      `${d.banner}\n` +
      (options.synthetic ? "Asked for with { synthetic: true }." : `${name} was not found; looked in:\n${describeSearch(name, options.path)}`) +
      `\nThe course's printed numbers (costs, accuracies, plots) apply only to the real file. To use it, put ${name} ` +
      `in the project's data/ folder, or set TSDL_DATA to the folder holding it, or pass { path }.`;
    return d;
  }
  const mat = readMat(file);
  const train = columnsOf(mat, name, "X", "y");
  const test = columnsOf(mat, name, "Xval", "yval");
  return { trainX: train.X, trainY: train.Y, testX: test.X, testY: test.Y, source: "course", file };
}
