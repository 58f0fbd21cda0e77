// tsdl.nn softmax (lib/src/nn/softmax.ts), the spiral data (lib/src/data/spirals.ts) and the
// K-class decision regions (lib/src/plot/regions.ts) of the softmax lab, against numpy
// (tools/fixtures/gen_softmax.py → test/fixtures/softmax.json), a gradient check, and bad input.
import { expect } from "chai";
import fs from "node:fs";
import * as A from "../../lib/src/array";
import { assertClose } from "../../lib/src/check";
import { makeSpirals } from "../../lib/src/data/spirals";
import { gradientCheck } from "../../lib/src/nn/gradientCheck";
import * as sm from "../../lib/src/nn/softmax";
import { pngSize } from "../../lib/src/plot/png";
import { CLASS_COLORS } from "../../lib/src/plot/colors";
import { classColors, classScatter, decisionRegions } from "../../lib/src/plot/regions";
import { renderSvg } from "../../lib/src/plot/svg";
import { random, RandomState } from "../../lib/src/random";
import { mat, num, type Arr, type Enc } from "../helpers/fixtures";

const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/softmax.json", import.meta.url), "utf8"));
const EXACT = { rtol: 0, atol: 0 };

interface Case { seed: number; scale: number; Z: Arr; labels: number[]; A: Arr; logA: Arr; J: Enc; dZ: Arr; naive: Arr }

function oneHot(labels: number[], K: number): A.Mat {
  const Y = A.zeros([K, labels.length]);
  labels.forEach((c, j) => Y.set(c, j, 1));
  return Y;
}

describe("tsdl.nn softmax", () => {
  for (const c of fx.cases as Case[]) {
    const Z = mat(c.Z);
    const [K, m] = Z.shape;
    describe(`logits (${K}, ${m}) × ${c.scale} (seed ${c.seed})`, () => {
      const Y = oneHot(c.labels, K);
      it("softmax and log softmax are numpy's (max subtracted), bit for bit; columns sum to 1", () => {
        const S = sm.softmax(Z);
        assertClose(S, mat(c.A), { ...EXACT, name: "A" });
        assertClose(sm.logSoftmax(Z), mat(c.logA), { ...EXACT, name: "logA" });
        assertClose(A.sum(S, 0), A.ones([m]), { rtol: 1e-15, name: "column sums" });
      });
      it("the cost and dZ = (A − Y)/m are numpy's", () => {
        assertClose(sm.softmaxCrossEntropy(Z, Y), num(c.J), { rtol: 1e-15, name: "J" });
        assertClose(sm.softmaxCrossEntropyBackward(sm.softmax(Z), Y), mat(c.dZ), { ...EXACT, name: "dZ" });
      });
      it("the naive e^Z / Σ e^Z is numpy's too, NaN where e^Z overflows", () => {
        assertClose(sm.softmaxNaive(Z), mat(c.naive), { ...EXACT, name: "naive" });
      });
    });
  }

  it("large logits: the naive formula gives NaN, the stable one finite probabilities; both agree on small ones", () => {
    const Z = A.array([[1000], [1001], [1002]]);
    expect(Array.from(sm.softmaxNaive(Z).data).every(Number.isNaN)).to.equal(true);
    assertClose(sm.softmax(Z), [[0.09003057317038046], [0.24472847105479764], [0.6652409557748218]], { rtol: 1e-15 });
    const small = A.array([[1, -2], [0.5, 3], [0, 0]]);
    assertClose(sm.softmax(small), sm.softmaxNaive(small), { rtol: 1e-15 });
    assertClose(sm.softmaxCrossEntropy(A.array([[1000], [0]]), A.array([[0], [1]])), 1000, { rtol: 1e-15, name: "cost of a confident mistake" });
  });

  it("zero logits over 6 classes cost ln 6 (the SIGNS model at zero parameters)", () => {
    const z = fx.zeros;
    const Y = oneHot(Array.from({ length: z.m }, (_, j) => j % z.K), z.K);
    assertClose(sm.softmaxCrossEntropy(A.zeros([z.K, z.m]), Y), num(z.J), EXACT);
    assertClose(num(z.J), num(z.ln6), { rtol: 1e-15 });
  });

  it("the gradient check passes for dZ (difference < 1e-7) and catches a dZ without the 1/m", () => {
    const rng = new RandomState(21);
    const Z = A.mul(rng.randn(5, 8) as A.Mat, 3);
    const Y = oneHot([0, 4, 2, 2, 1, 3, 0, 4], 5);
    const J = (v: Record<string, A.Mat>): number => sm.softmaxCrossEntropy(v.Z, Y);
    const dZ = sm.softmaxCrossEntropyBackward(sm.softmax(Z), Y);
    expect(gradientCheck(J, { Z }, { dZ }).difference).to.be.below(1e-7);
    const wrong = A.sub(sm.softmax(Z), Y);
    expect(gradientCheck(J, { Z }, { dZ: wrong }).difference).to.be.above(0.5);
  });

  it("names shapes and positions in its errors (no silent NaN)", () => {
    expect(() => sm.softmax(A.zeros([3]) as A.Mat)).to.throw(/softmax: Z must be a 2-D \(classes K, examples m\) array, got \(3\)/);
    const inf = A.zeros([2, 3]);
    inf.set(1, 2, Infinity);
    expect(() => sm.softmax(inf)).to.throw(/softmax: Z\[1,2\] is Infinity: logits must be finite/);
    const nan = A.zeros([2, 3]);
    nan.set(0, 1, NaN);
    expect(() => sm.softmaxCrossEntropy(nan, A.zeros([2, 3]))).to.throw(/Z\[0,1\] is NaN/);
    expect(() => sm.softmaxCrossEntropy(A.zeros([2, 3]), A.zeros([3, 2]))).to.throw(/Y \(3,2\) must be one-hot labels of the shape of Z \(2,3\)/);
    expect(() => sm.softmaxCrossEntropyBackward(A.zeros([2, 3]), A.zeros([2, 2]))).to.throw(/Y \(2,2\)/);
  });
});

describe("tsdl.data.makeSpirals", () => {
  for (const s of fx.spirals as { seed: number; N: number; K: number; noise: number; X: Arr; labels: number[] }[]) {
    it(`seed(${s.seed}), ${s.K} arms of ${s.N}: numpy's points (glibc sin/cos), bit for bit, and labels`, () => {
      random.seed(s.seed);
      const { X, labels } = makeSpirals(s.N, s.K, { noise: s.noise });
      assertClose(X, mat(s.X), { ...EXACT, name: "X" });
      expect(Array.from(labels.data)).to.deep.equal(s.labels);
      expect(labels.shape).to.deep.equal([1, s.N * s.K]);
    });
  }
  it("draws from the RandomState it is given, and checks its arguments", () => {
    const a = makeSpirals(10, 3, { rng: new RandomState(4) });
    const b = makeSpirals(10, 3, { rng: new RandomState(4) });
    assertClose(a.X, b.X, EXACT);
    expect(() => makeSpirals(10, 1)).to.throw(/K \(the number of classes\) must be an integer >= 2, got 1/);
    expect(() => makeSpirals(0, 3)).to.throw(/perClass must be a positive integer, got 0/);
    expect(() => makeSpirals(5, 3, { noise: -1 })).to.throw(/noise must be >= 0/);
  });
});

describe("tsdl.plot.decisionRegions (K classes)", () => {
  const { X, labels } = makeSpirals(30, 3, { rng: new RandomState(1) });
  // a classifier by angle: three 120° sectors
  const sector = (G: A.Mat): number[] =>
    Array.from({ length: G.shape[1] }, (_, k) => Math.floor(((Math.atan2(G.get(1, k), G.get(0, k)) + Math.PI) / (2 * Math.PI)) * 3) % 3);
  it("predicts once on the course's grid and draws it as one PNG under one trace per class", () => {
    let calls = 0;
    let gridShape: number[] = [];
    const fig = decisionRegions((G) => {
      calls++;
      gridShape = G.shape;
      return sector(G);
    }, X, labels, { title: "sectors", h: 0.02 });
    expect(calls).to.equal(1);
    expect(gridShape[0]).to.equal(2);
    expect(fig.data.map((t) => t.name)).to.deep.equal(["class 0", "class 1", "class 2"]);
    expect(fig.data.map((t) => (t.type === "scatter" ? t.x.length : 0))).to.deep.equal([30, 30, 30]);
    expect(fig.layout.images).to.have.length(1);
    const { width, height } = pngSize(fig.layout.images![0].source);
    expect(width * height).to.equal(gridShape[1]);
    const colors = classColors(3);
    expect(fig.data.map((t) => (t.type === "scatter" ? t.marker!.color : null))).to.deep.equal(colors.points);
    expect(renderSvg(fig)).to.include("<image");
  });
  it("classScatter draws the data alone, one trace per class in the same colours", () => {
    const fig = classScatter(X, labels, { title: "spirals" });
    expect(fig.data.map((t) => t.name)).to.deep.equal(["class 0", "class 1", "class 2"]);
    expect(fig.data.map((t) => (t.type === "scatter" ? t.x.length : 0))).to.deep.equal([30, 30, 30]);
    expect(fig.data.map((t) => (t.type === "scatter" ? t.marker!.color : null))).to.deep.equal(classColors(3).points);
    expect(fig.layout.images).to.equal(undefined);
    expect(() => classScatter(X, A.map(labels, (c) => c + 0.5))).to.throw(/classScatter: labels\[0\] = 0.5 is not a class index/);
  });
  it("keeps the course's two-class colours for K = 2, takes class names, and names bad input", () => {
    const two = decisionRegions((G) => Array.from({ length: G.shape[1] }, (_, k) => (G.get(0, k) > 0 ? 1 : 0)), X, A.map(labels, (c) => (c > 0 ? 1 : 0)), {
      classNames: ["left", "right"], h: 0.05,
    });
    expect(two.data.map((t) => t.name)).to.deep.equal(["left", "right"]);
    expect(two.data.map((t) => (t.type === "scatter" ? t.marker!.color : null))).to.deep.equal([...CLASS_COLORS]);
    expect(() => decisionRegions(sector, X, labels, { classNames: ["a", "b"] })).to.throw(/classNames has 2 names for 3 classes/);
    expect(() => decisionRegions(() => new Array(5).fill(0), X, labels)).to.throw(/predict\(grid\) has 5 values for \d+ examples/);
    expect(() => decisionRegions((G) => new Array(G.shape[1]).fill(0.5), X, labels, { h: 0.1 })).to.throw(/predict\(grid\)\[0\] = 0.5 is not a class index 0 … 2/);
    expect(() => decisionRegions(sector, X, labels, { classes: 2 })).to.throw(/labels\[60\] = 2 is not a class index 0 … 1/);
    expect(() => decisionRegions(sector, A.zeros([3, 90]), labels)).to.throw(/X must be \(2, m\), got \(3,90\)/);
    expect(() => classColors(11)).to.throw(/between 2 and 10 classes, got 11/);
  });
});
