/**
 * lib/src/framework: the stratified split (class counts, determinism by seed), the lab's data in its
 * three situations and with broken files, tensors printed as numpy prints float32, the tensor
 * mini-batches (the course's shuffle and cut, nothing leaked inside tf.tidy), and the tsdl model
 * (its cost quirk and that it learns).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import * as tf from "@tensorflow/tfjs";
import { findDataFile, oneHot } from "../../lib/src/data";
import { randomMiniBatches as referenceMiniBatches } from "../../lib/src/nn/miniBatches";
import * as framework from "../../lib/src/framework";
import { RandomState, random } from "../../lib/src/random";
import { valuesOf } from "../../lib/src/checks/core";
import type { Mat } from "../../lib/src/array";

const testFile = findDataFile("test_signs.h5");
const labelsOf = (y: { shape: number[]; get(i: number, j: number): number }) => Array.from({ length: y.shape[1] }, (_, i) => y.get(0, i));
const counts = (labels: number[]) => labels.reduce((c, y) => ((c[y] = (c[y] ?? 0) + 1), c), [] as number[]);

describe("framework: stratifiedSplit", () => {
  const labels = Array.from({ length: 120 }, (_, i) => (i * 7) % 6); // 20 per class, interleaved

  it("puts testPerClass examples of every class in the test set and the rest in the training set", () => {
    const { train, test } = framework.stratifiedSplit(labels, 4, 1);
    expect(counts(test.map((i) => labels[i]))).to.deep.equal([4, 4, 4, 4, 4, 4]);
    expect(counts(train.map((i) => labels[i]))).to.deep.equal([16, 16, 16, 16, 16, 16]);
    expect([...train, ...test].sort((a, b) => a - b)).to.deep.equal(labels.map((_, i) => i)); // a partition
    expect(test).to.deep.equal([...test].sort((a, b) => a - b));
  });
  it("is the same for the same seed, different for another, and leaves the global random stream alone", () => {
    const state = random.getState();
    const a = framework.stratifiedSplit(labels, 4, 1);
    expect(framework.stratifiedSplit(labels, 4, 1)).to.deep.equal(a);
    expect(framework.stratifiedSplit(labels, 4, 2).test).to.not.deep.equal(a.test);
    expect(random.getState()).to.deep.equal(state);
  });
  it("takes the first testPerClass of each class in RandomState(seed).permutation(m) order", () => {
    const perm = Array.from(new RandomState(7).permutation(120).data);
    const want: number[] = [];
    const seen = [0, 0, 0, 0, 0, 0];
    for (const i of perm) if (seen[labels[i]]++ < 2) want.push(i);
    expect(framework.stratifiedSplit(labels, 2, 7).test).to.deep.equal(want.sort((a, b) => a - b));
  });
  it("refuses a class with too few examples, and a bad testPerClass", () => {
    expect(() => framework.stratifiedSplit([0, 0, 1], 1, 1)).to.throw(/class 1 has 1 example\(s\), it needs more than testPerClass = 1/);
    expect(() => framework.stratifiedSplit(labels, 0, 1)).to.throw(/testPerClass must be a positive integer/);
  });
});

describe("framework: loadLabSigns in the three data situations", () => {
  let tmp = "";
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "tsdl-labsigns-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("one file (test_signs.h5): its 120 images split 96 / 24, 16 and 4 per class, with a banner", function () {
    if (testFile === null) this.skip();
    const d = framework.loadLabSigns({ trainPath: path.join(tmp) }); // tmp has no train_signs.h5
    expect(d.situation).to.equal("split");
    expect([d.trainX.shape, d.testX.shape]).to.deep.equal([[96, 64, 64, 3], [24, 64, 64, 3]]);
    expect(counts(labelsOf(d.trainY))).to.deep.equal([16, 16, 16, 16, 16, 16]);
    expect(counts(labelsOf(d.testY))).to.deep.equal([4, 4, 4, 4, 4, 4]);
    expect(d.banner).to.match(/^ONE COURSE FILE ONLY: test_signs\.h5 only: its 120 images split, stratified by class \(seed 1\), into 96 training and 24 test images \(4 test images per class\)\.\ntrain_signs\.h5: NOT FOUND\. Looked in:\n {2}1\. explicit path/);
  });
  it("both files: the course's sets, no banner (a copy of test_signs.h5 stands in for train_signs.h5)", function () {
    if (testFile === null) this.skip();
    copyFileSync(testFile!, path.join(tmp, "train_signs.h5"));
    copyFileSync(testFile!, path.join(tmp, "test_signs.h5"));
    try {
      const d = framework.loadLabSigns({ path: tmp });
      expect(d.situation).to.equal("course");
      expect(d.banner).to.equal(undefined);
      expect([d.trainX.shape[0], d.testX.shape[0]]).to.deep.equal([120, 120]);
      expect(d.description).to.equal("the course's files: 120 training images from train_signs.h5, 120 test images from test_signs.h5");
    } finally {
      rmSync(path.join(tmp, "train_signs.h5"));
      rmSync(path.join(tmp, "test_signs.h5"));
    }
  });
  it("no file (or asked for): 120 synthetic pictures split the same way, with a banner", () => {
    const d = framework.loadLabSigns({ synthetic: true, seed: 3 });
    expect(d.situation).to.equal("synthetic");
    expect([d.trainX.shape, d.testX.shape]).to.deep.equal([[96, 64, 64, 3], [24, 64, 64, 3]]);
    expect(counts(labelsOf(d.testY))).to.deep.equal([4, 4, 4, 4, 4, 4]);
    expect(d.banner).to.match(/^SYNTHETIC DATA in use: SYNTHETIC stand-ins: 120 generated images \(seed 3\)/);
    expect(framework.loadLabSigns({ synthetic: true, seed: 3 }).trainX.data).to.deep.equal(d.trainX.data);
  });
  it("TSDL_SYNTHETIC=1 asks for the synthetic stand-in", () => {
    process.env.TSDL_SYNTHETIC = "1";
    try {
      expect(framework.loadLabSigns().situation).to.equal("synthetic");
    } finally {
      delete process.env.TSDL_SYNTHETIC;
    }
  });
  it("a truncated or foreign file is an error naming the file and what is wrong; a missing path too", function () {
    const junk = path.join(tmp, "test_signs.h5");
    writeFileSync(junk, "not an hdf5 file at all");
    try {
      expect(() => framework.loadLabSigns({ testPath: junk })).to.throw(/^test_signs\.h5: not an HDF5 file/);
      if (testFile !== null) {
        writeFileSync(junk, readFileSync(testFile).subarray(0, 100_000));
        expect(() => framework.loadLabSigns({ testPath: junk })).to.throw(/^test_signs\.h5: truncated: the HDF5 superblock says \d+ bytes, the file has 100000$/);
      }
    } finally {
      rmSync(junk);
    }
    expect(() => framework.loadLabSigns({ path: path.join(tmp, "nowhere") })).to.throw(/no such file or folder/);
  });
});

describe("framework: tensors (cpu backend)", () => {
  before(async () => {
    tf.env().set("PROD", true);
    await framework.useBackend(tf, "cpu");
  });

  it("tensorStr prints as numpy prints the same dtype", () => {
    tf.tidy(() => {
      expect(framework.tensorStr(tf.sigmoid(tf.scalar(12)))).to.equal("0.99999386");
      expect(framework.tensorStr(tf.ones([3]))).to.equal("[1. 1. 1.]");
      expect(framework.tensorStr(tf.scalar(20, "int32"))).to.equal("20");
      expect(framework.tensorStr(tf.tensor([[1, 2], [3, 4]], [2, 2], "int32"))).to.equal("[[1 2]\n [3 4]]");
      expect(framework.tensorStr(tf.tensor([0.1, 1 / 3]))).to.equal("[0.1        0.33333334]");
    });
  });
  it("toMat copies the values into a float64 matrix of the same shape", () => {
    const t = tf.tensor([[0.5, 2], [3, 4], [5, 6]]);
    const M = framework.toMat(t);
    expect(M.shape).to.deep.equal([3, 2]);
    expect(Array.from(M.data)).to.deep.equal([0.5, 2, 3, 4, 5, 6]);
    t.dispose();
  });
  it("randomMiniBatches: the course's shuffle and cut on tensors, and nothing left alive inside tf.tidy", () => {
    const rs = new RandomState(0);
    const X = rs.rand(5, 70), Y = oneHot(Array.from({ length: 70 }, (_, i) => i % 6), 6);
    const Xt = tf.tensor(Float32Array.from(X.data), [5, 70]), Yt = tf.tensor(Float32Array.from(Y.data), [6, 70]);
    const before = tf.memory().numTensors;
    // tf.tidy only returns tensors, so the Mats leave through a variable of the test.
    let got: Mat[][] = [];
    tf.tidy(() => {
      got = framework.randomMiniBatches(tf, Xt, Yt, 32, 4).map(([a, b]) => [framework.toMat(a), framework.toMat(b)]);
    });
    expect(tf.memory().numTensors).to.equal(before);
    const want = referenceMiniBatches(X, Y, 32, 4, new RandomState(0));
    expect(got.map(([a]) => a.shape[1])).to.deep.equal([32, 32, 6]);
    got.forEach(([a, b], k) => {
      expect(valuesOf(a).map(Math.fround)).to.deep.equal(valuesOf(want[k][0]).map(Math.fround));
      expect(valuesOf(b)).to.deep.equal(valuesOf(want[k][1]));
    });
    tf.dispose([Xt, Yt]);
  });
  it("useBackend refuses an unknown backend", async () => {
    let message = "";
    try {
      await framework.useBackend(tf, "webgpu");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal('useBackend: unknown backend "webgpu" (cpu or wasm)');
  });
});

describe("framework: the SIGNS model in tsdl", () => {
  it("keeps the lab's cost quirk: each mini-batch cost divided by ⌊m / 32⌋ over ⌈m / 32⌉ batches", () => {
    const rs = new RandomState(1);
    const X = rs.rand(20, 80);
    const Y = oneHot(Array.from({ length: 80 }, () => rs.randint(0, 6)), 6);
    // zero learning rate: every epoch's cost is the same mean cost of the untrained net over 3 mini-batches, divided by 2
    const r = framework.signsModelTsdl(X, Y, X, Y, { numEpochs: 1, learningRate: 0, printEvery: 0, progress: false });
    const p = framework.glorotParameters([20, 25, 12, 6], 1);
    const batches = referenceMiniBatches(X, Y, 32, 4, new RandomState(0));
    let sum = 0;
    for (const [Xb, Yb] of batches) {
      const Z = framework.signsForward(Xb, p).Z3;
      const m = Xb.shape[1];
      for (let j = 0; j < m; j++) {
        let mx = -Infinity, s = 0, zy = 0;
        for (let i = 0; i < 6; i++) mx = Math.max(mx, Z.get(i, j));
        for (let i = 0; i < 6; i++) {
          s += Math.exp(Z.get(i, j) - mx);
          if (Yb.get(i, j) === 1) zy = Z.get(i, j) - mx;
        }
        sum += (Math.log(s) - zy) / m;
      }
    }
    expect(r.finalCost).to.be.closeTo(sum / 2, 1e-12);
  });
  it("learns: the training cost falls and the accuracy beats chance on a separable problem", () => {
    const rs = new RandomState(2);
    const m = 96;
    const labels = Array.from({ length: m }, (_, i) => i % 6);
    const X = rs.rand(30, m);
    labels.forEach((y, j) => X.set(y, j, X.get(y, j) + 2)); // class y lights up input y
    const Y = oneHot(labels, 6);
    const r = framework.signsModelTsdl(X, Y, X, Y, { numEpochs: 60, learningRate: 0.01, printEvery: 0, progress: false });
    expect(r.costs[r.costs.length - 1]).to.be.below(r.costs[0]);
    expect(r.trainAccuracy).to.be.above(0.9);
  });
});
