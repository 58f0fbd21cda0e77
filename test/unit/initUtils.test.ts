// tsdl.initUtils (the course's init_utils.py) against numpy: test/fixtures/init.json, written by
// tools/fixtures/gen_init.py (numpy 2.4 with libm exp/log, one OpenBLAS thread). "Exact" below is
// assertClose with rtol = atol = 0, or string equality of printed text.
import { expect } from "chai";
import fs from "node:fs";
import ndarray from "ndarray";
import { array, type Mat } from "../../lib/src/array";
import { assertClose } from "../../lib/src/check";
import * as U from "../../lib/src/course/initUtils";
import { setDisplayWriter } from "../../lib/src/display";
import { formatFloat } from "../../lib/src/format";
import type { Figure } from "../../lib/src/plot/figure";
import { random } from "../../lib/src/random";

type Enc = number | "nan" | "inf" | "-inf" | "-0";
interface Arr { shape: number[]; values?: Enc[]; b64?: string }
const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/init.json", import.meta.url), "utf8"));
const EXACT = { rtol: 0, atol: 0 };

function num(v: Enc): number {
  return v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "-0" ? -0 : v;
}
function mat(a: Arr): Mat {
  if (a.values) return ndarray(Float64Array.from(a.values, num), a.shape);
  const buf = Buffer.from(a.b64 as string, "base64");
  return ndarray(new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)), a.shape);
}
/** A "0110…" string as a (1, m) 0/1 array. */
function labels(bits: string): Mat {
  return ndarray(Float64Array.from(bits, Number), [1, bits.length]);
}
function params(p: Record<string, Arr>): U.Parameters {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, mat(v)]));
}
function bitsOf(p: Mat): string {
  return Array.from(p.data, String).join("");
}
/** What fn printed with console.log, and what it returned. */
function capture<T>(fn: () => T): [T, string] {
  const lines: string[] = [];
  const orig = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    return [fn(), lines.join("\n")];
  } finally {
    console.log = orig;
  }
}
/** The Plotly figures fn displayed (captured instead of sent to a kernel). */
function displayed(fn: () => void): Figure[] {
  const figs: Figure[] = [];
  setDisplayWriter((c) => void figs.push(c.data["application/vnd.plotly.v1+json"] as Figure));
  try {
    fn();
  } finally {
    setDisplayWriter(null);
  }
  return figs;
}
/** The course's training loop (the notebook's model, without printing). */
function train(p: U.Parameters, X: Mat, Y: Mat, iterations: number): number[] {
  const costs: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const [a3, cache] = U.forwardPropagation(X, p);
    const cost = U.computeLoss(a3, Y);
    p = U.updateParameters(p, U.backwardPropagation(X, Y, cache), 0.01);
    if (i % 1000 === 0) costs.push(cost);
  }
  return costs;
}

describe("initUtils (init_utils.py)", () => {
  const [trainX, trainY, testX, testY] = U.loadDataset();

  describe("loadDataset", () => {
    it("returns the circles data with examples as columns", () => {
      expect([trainX.shape, trainY.shape, testX.shape, testY.shape]).to.deep.equal([[2, 300], [1, 300], [2, 100], [1, 100]]);
    });
    it("is numpy's data set bit for bit (seed 1: 300 training points, seed 2: 100 test points)", () => {
      assertClose(trainX, mat(fx.dataset.trainX), { ...EXACT, name: "trainX" });
      assertClose(testX, mat(fx.dataset.testX), { ...EXACT, name: "testX" });
      expect(bitsOf(trainY)).to.equal(fx.dataset.trainY);
      expect(bitsOf(testY)).to.equal(fx.dataset.testY);
      // LAB_SPEC §1's orientation values
      expect([formatFloat(trainX.get(0, 0)), formatFloat(trainX.get(1, 0))]).to.deep.equal(["-0.07741354010048114", "0.8526022642742742"]);
      expect(bitsOf(trainY).slice(0, 10)).to.equal("1011001011");
    });
    it("re-seeds the global generator itself, so earlier draws do not matter", () => {
      random.seed(123);
      random.randn(7, 3);
      const [X2] = U.loadDataset();
      assertClose(X2, trainX, EXACT);
    });
  });

  describe("sigmoid, relu", () => {
    it("compute 1/(1+exp(-x)) and max(0, x)", () => {
      assertClose(U.sigmoid(array([[0, 2, -800]])), [[0.5, 1 / (1 + Math.exp(-2)), 0]], EXACT);
      assertClose(U.relu(array([[-1, 0, 2.5]])), [[0, 0, 2.5]], EXACT);
    });
  });

  describe("computeLoss", () => {
    it("is 1/m · nansum: 0·log 0 terms are skipped, 1·log 0 makes it inf (numpy's values)", () => {
      for (const c of fx.loss) {
        const Y = labels(c.Y);
        expect(U.computeLoss(mat(c.a3), Y)).to.equal(num(c.loss));
      }
      expect(num(fx.loss[0].loss)).to.be.finite; // the NaN case
      expect(num(fx.loss[1].loss)).to.equal(Infinity);
    });
    it("is ln 2 when every prediction is 0.5", () => {
      const a3 = ndarray(new Float64Array(300).fill(0.5), [1, 300]);
      expect(formatFloat(U.computeLoss(a3, trainY))).to.equal("0.6931471805599453");
    });
  });

  describe("one gradient step (He parameters, training set)", () => {
    const p0 = params(fx.init.find((e: { fn: string; dims: number[] }) => e.fn === "he" && e.dims.join() === "2,10,5,1").parameters);
    const [a3, cache] = U.forwardPropagation(trainX, p0);
    const grads = U.backwardPropagation(trainX, trainY, cache);

    it("forwardPropagation and computeLoss match numpy", () => {
      assertClose(a3, mat(fx.step.a3), { rtol: 1e-14, name: "a3" });
      assertClose(U.computeLoss(a3, trainY), num(fx.step.loss), { rtol: 1e-15, name: "loss" });
      expect(cache.map((c) => c.shape.join("x"))).to.deep.equal(
        ["10x300", "10x300", "10x2", "10x1", "5x300", "5x300", "5x10", "5x1", "1x300", "1x300", "1x5", "1x1"]);
    });
    it("backwardPropagation is convention A (1/m on dz3 only) and matches numpy", () => {
      for (const [k, v] of Object.entries(fx.step.grads as Record<string, Arr>)) {
        // matrix products over m = 300 may round in another order than OpenBLAS: 1e-12
        assertClose(grads[k], mat(v), { rtol: 1e-12, atol: 1e-17, name: k });
      }
      // convention B (1/m again on dW, db) would be 300× smaller
      const dz3 = grads.dz3;
      assertClose(dz3, ndarray(Float64Array.from(a3.data, (a, i) => (1 / 300) * (a - trainY.data[i])), [1, 300]), EXACT);
      let sum = 0;
      for (const v of dz3.data) sum += v;
      assertClose(grads.db3.get(0, 0), sum, { rtol: 1e-12 });
    });
    it("updateParameters takes W − lr·dW, b − lr·db and keeps the input intact", () => {
      const p1 = U.updateParameters(p0, grads, 0.01);
      for (const [k, v] of Object.entries(fx.step.updated as Record<string, Arr>)) {
        assertClose(p1[k], mat(v), { rtol: 1e-13, atol: 1e-18, name: k });
      }
      assertClose(p0.W1, mat(fx.init.find((e: { fn: string; dims: number[] }) => e.fn === "he" && e.dims.join() === "2,10,5,1").parameters.W1), EXACT);
    });
  });

  describe("training with the helpers (the notebook's loop)", function () {
    this.timeout(60_000);
    it("zeros: ln 2 every 1000 iterations, with numpy's last-bit wobble …455 at iteration 10000", () => {
      const p = params(fx.init.find((e: { fn: string; dims: number[] }) => e.fn === "zeros" && e.dims.join() === "2,10,5,1").parameters);
      const costs = train(p, trainX, trainY, 10001);
      expect(costs.map(formatFloat)).to.deep.equal(fx.models.zeros.costText.slice(0, 11));
      expect(costs[10]).to.not.equal(costs[9]);
    });
    it("He: the costs at 0 and 1000 match numpy to 1e-13", () => {
      const p = params(fx.init.find((e: { fn: string; dims: number[] }) => e.fn === "he" && e.dims.join() === "2,10,5,1").parameters);
      const costs = train(p, trainX, trainY, 1001);
      assertClose(costs, fx.models.he.costs.slice(0, 2).map(num), { rtol: 1e-13, name: "He costs" });
    });
  });

  describe("predict, predictDec", () => {
    for (const init of ["he", "random", "zeros"]) {
      const ref = fx.models[init];
      it(`predict prints the accuracy and returns numpy's predictions (${init} model's final parameters)`, () => {
        const p = params(ref.parameters);
        const [ptr, outTrain] = capture(() => U.predict(trainX, trainY, p));
        const [pte, outTest] = capture(() => U.predict(testX, testY, p));
        expect(outTrain).to.equal("Accuracy: " + formatFloat(num(ref.accuracyTrain)));
        expect(outTest).to.equal("Accuracy: " + formatFloat(num(ref.accuracyTest)));
        expect(bitsOf(ptr)).to.equal(ref.predictionsTrain);
        expect(bitsOf(pte)).to.equal(ref.predictionsTest);
      });
    }
    it("prints LAB_SPEC's accuracies for the He and random models", () => {
      const [, he] = capture(() => U.predict(trainX, trainY, params(fx.models.he.parameters)));
      const [, random] = capture(() => U.predict(testX, testY, params(fx.models.random.parameters)));
      expect([he, random]).to.deep.equal(["Accuracy: 0.9933333333333333", "Accuracy: 0.86"]);
    });
    it("predictDec gives the same 0/1 labels without printing", () => {
      const p = params(fx.models.he.parameters);
      const [dec, out] = capture(() => U.predictDec(p, trainX));
      expect(out).to.equal("");
      expect(bitsOf(dec)).to.equal(fx.models.he.predictionsTrain);
    });
  });

  describe("plots", () => {
    it("plotDecisionBoundary draws the boundary map under the data, limits [-1.5, 1.5]", () => {
      expect(U.BOUNDARY_LIMITS).to.deep.equal({ xlim: [-1.5, 1.5], ylim: [-1.5, 1.5] });
      const p = params(fx.models.he.parameters);
      const [fig] = displayed(() => U.plotDecisionBoundary((x) => U.predictDec(p, x), trainX, trainY, { title: "He" }));
      expect(fig.layout.xaxis?.range).to.deep.equal([-1.5, 1.5]);
      expect(fig.layout.yaxis?.range).to.deep.equal([-1.5, 1.5]);
      expect(fig.layout.images).to.have.length(1);
      expect(fig.data.map((t) => t.name)).to.deep.equal(["y = 0", "y = 1"]);
      expect(fig.layout.title?.text).to.equal("He");
    });
    it("plotCosts: the course's cost plot, a readable y range for the zeros run's flat costs and the random run's inf", () => {
      const flat = new Array(15).fill(0.6931471805599453);
      flat[10] = 0.6931471805599455;
      const [f1, f2, f3] = displayed(() => {
        U.plotCosts(flat, 0.01);
        U.plotCosts([Infinity, 0.62, 0.6, 0.38], 0.01);
        U.plotCosts([0.88, 0.69, 0.07], 0.01);
      });
      expect(f1.layout.title?.text).to.equal("Learning rate =0.01");
      expect(f1.layout.xaxis?.title?.text).to.equal("iterations (per hundreds)");
      assertClose(f1.layout.yaxis?.range as number[], [0.6931471805599454 * 0.99, 0.6931471805599454 * 1.01], { rtol: 1e-12 });
      assertClose(f2.layout.yaxis?.range as number[], [0.38 - 0.012, 0.62 + 0.012], { rtol: 1e-12 });
      assertClose(f3.layout.yaxis?.range as number[], [0.07 - 0.0405, 0.88 + 0.0405], { rtol: 1e-12 });
    });
    it("plotDataset draws the two classes", () => {
      const [fig] = displayed(() => U.plotDataset(trainX, trainY));
      expect(fig.data.map((t) => (t.type === "scatter" ? t.x.length : 0))).to.deep.equal([150, 150]);
    });
  });
});
