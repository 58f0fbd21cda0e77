/**
 * The SIGNS data of the framework lab in the three situations the project meets:
 * - both course files found (train_signs.h5 1080 images, test_signs.h5 120): the course's split;
 * - one file found (what ../shared/data has: test_signs.h5 only): its images split, stratified by
 *   class with a seed, into a training and a test set — with a banner that says so;
 * - no file: 120 synthetic stand-ins (tsdl.data.syntheticSigns), split the same way — with a banner.
 * A file that is present but truncated or not a SIGNS file is an error naming the file and what is
 * wrong (tsdl.data.readSignsFile), never a silent fallback.
 */
import { existsSync } from "node:fs";
import ndarray from "ndarray";
import type { NdArray } from "ndarray";
import type { Mat } from "../array";
import { RandomState } from "../random";
import { describeSearch, findDataFile } from "../data/paths";
import { readSignsFile, syntheticSigns, type SignsSet } from "../data/signs";

/** Which of the three situations the data come from. */
export type SignsSituation = "course" | "split" | "synthetic";

export interface LabSigns {
  situation: SignsSituation;
  /** images (m, 64, 64, 3) uint8 and labels (1, m) */
  trainX: NdArray<Uint8Array>;
  trainY: Mat;
  testX: NdArray<Uint8Array>;
  testY: Mat;
  classes: number[];
  /** what to show above the data when they are not the course's split (undefined: the course's) */
  banner?: string;
  /** one line: where the images come from */
  description: string;
}

export interface LoadLabSignsOptions {
  /** a folder holding the .h5 files (or one of the files); must exist when given */
  path?: string;
  trainPath?: string;
  testPath?: string;
  /** seed of the stratified split and of the synthetic images (default 1) */
  seed?: number;
  /** test images per class when one file is split (default 4: 96 training / 24 test of 120) */
  testPerClass?: number;
  /** use the synthetic stand-in even when files exist (default: true when $TSDL_SYNTHETIC is "1") */
  synthetic?: boolean;
}

/**
 * Indices of a stratified split: from a `RandomState(seed).permutation(m)` of the examples, the
 * first `testPerClass` of each class go to the test set, the others to the training set; both lists
 * in ascending order. Every class needs more than `testPerClass` examples.
 * Example: `stratifiedSplit([0, 1, 0, 1, 0, 1], 1, 3)` → 2 test indices (one per class), 4 training.
 */
export function stratifiedSplit(labels: ArrayLike<number>, testPerClass: number, seed = 1): { train: number[]; test: number[] } {
  if (!Number.isInteger(testPerClass) || testPerClass < 1) throw new Error(`stratifiedSplit: testPerClass must be a positive integer, got ${testPerClass}`);
  const m = labels.length;
  const count = new Map<number, number>();
  for (let i = 0; i < m; i++) count.set(labels[i], (count.get(labels[i]) ?? 0) + 1);
  for (const [c, n] of count) {
    if (n <= testPerClass) throw new Error(`stratifiedSplit: class ${c} has ${n} example(s), it needs more than testPerClass = ${testPerClass}`);
  }
  const perm = new RandomState(seed).permutation(m).data;
  const taken = new Map<number, number>();
  const train: number[] = [];
  const test: number[] = [];
  for (let k = 0; k < m; k++) {
    const i = perm[k];
    const c = labels[i];
    const t = taken.get(c) ?? 0;
    if (t < testPerClass) {
      taken.set(c, t + 1);
      test.push(i);
    } else train.push(i);
  }
  const asc = (a: number, b: number) => a - b;
  return { train: train.sort(asc), test: test.sort(asc) };
}

/** The images `idx` of x (m, …) as a new contiguous (k, …) array. */
export function pickImages(x: NdArray<Uint8Array>, idx: readonly number[]): NdArray<Uint8Array> {
  const size = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = new Uint8Array(idx.length * size);
  idx.forEach((i, k) => out.set(x.data.subarray(x.offset + i * size, x.offset + (i + 1) * size), k * size));
  return ndarray(out, [idx.length, ...x.shape.slice(1)]);
}

/** Labels `idx` of y (1, m) as a new (1, k). */
function pickLabels(y: Mat, idx: readonly number[]): Mat {
  return ndarray(Float64Array.from(idx, (i) => y.get(0, i)), [1, idx.length]);
}

function split(set: SignsSet, testPerClass: number, seed: number): Pick<LabSigns, "trainX" | "trainY" | "testX" | "testY"> {
  const labels = Array.from({ length: set.y.shape[1] }, (_, i) => set.y.get(0, i));
  const { train, test } = stratifiedSplit(labels, testPerClass, seed);
  return { trainX: pickImages(set.x, train), trainY: pickLabels(set.y, train), testX: pickImages(set.x, test), testY: pickLabels(set.y, test) };
}

/**
 * The lab's SIGNS data (see the module comment for the three situations).
 * Example: `const d = tsdl.framework.loadLabSigns(); if (d.banner) tsdl.regUtils.showBanner(d.banner)`.
 */
export function loadLabSigns(options: LoadLabSignsOptions = {}): LabSigns {
  const seed = options.seed ?? 1;
  options = { ...options, synthetic: options.synthetic ?? process.env.TSDL_SYNTHETIC === "1" };
  const testPerClass = options.testPerClass ?? 4;
  const trainWhere = options.trainPath ?? options.path;
  const testWhere = options.testPath ?? options.path;
  for (const p of [trainWhere, testWhere]) if (p !== undefined && !existsSync(p)) throw new Error(`loadLabSigns: ${p}: no such file or folder`);
  const trainFile = options.synthetic ? null : findDataFile("train_signs.h5", trainWhere);
  const testFile = options.synthetic ? null : findDataFile("test_signs.h5", testWhere);
  if (trainFile !== null && testFile !== null) {
    const train = readSignsFile(trainFile);
    const test = readSignsFile(testFile);
    return {
      situation: "course", trainX: train.x, trainY: train.y, testX: test.x, testY: test.y, classes: test.classes,
      description: `the course's files: ${train.x.shape[0]} training images from train_signs.h5, ${test.x.shape[0]} test images from test_signs.h5`,
    };
  }
  const looked = (name: string, where: string | undefined) => `${name}: NOT FOUND. Looked in:\n${describeSearch(name, where)}`;
  const one = trainFile ?? testFile;
  if (one !== null) {
    const set = readSignsFile(one);
    const parts = split(set, testPerClass, seed);
    const name = set.split === "train" ? "train_signs.h5" : "test_signs.h5";
    const missing = set.split === "train" ? looked("test_signs.h5", testWhere) : looked("train_signs.h5", trainWhere);
    const m = set.x.shape[0], mTest = parts.testX.shape[0];
    const description = `${name} only: its ${m} images split, stratified by class (seed ${seed}), into ${m - mTest} training and ${mTest} test images`;
    return {
      situation: "split", ...parts, classes: set.classes, description,
      banner:
        `ONE COURSE FILE ONLY: ${description} (${testPerClass} test images per class).\n${missing}\n` +
        "The course trains on 1080 images and tests on 120: its costs and accuracies are shown as reference only. " +
        "To use them, put train_signs.h5 beside test_signs.h5 (the project's data/ folder, or $TSDL_DATA), or pass a path.",
    };
  }
  const set = syntheticSigns(120, seed, "test");
  const parts = split(set, testPerClass, seed);
  const mTest = parts.testX.shape[0];
  const description = `SYNTHETIC stand-ins: 120 generated images (seed ${seed}) split, stratified by class, into ${120 - mTest} training and ${mTest} test images`;
  return {
    situation: "synthetic", ...parts, classes: set.classes, description,
    banner:
      `SYNTHETIC DATA in use: ${description}.\n` +
      (options.synthetic ? "(asked for: { synthetic: true } or TSDL_SYNTHETIC=1.)\n" : `${looked("train_signs.h5", trainWhere)}\n${looked("test_signs.h5", testWhere)}\n`) +
      "Every number below is the stand-in's; the course's results need its files. To use them, put the .h5 files in the project's data/ folder, or set TSDL_DATA to their folder, or pass a path.",
  };
}
