// tsdl.optUtils (the course's opt_utils_v1a.py and the lab's test cases) and tsdl.nn.randomMiniBatches
// against numpy: test/fixtures/opt.json, written by tools/fixtures/gen_opt.py (numpy 2.4, libm
// semantics, one OpenBLAS thread). "Exact" is assertClose with rtol = atol = 0.
//
// Where matrix products are involved (the cost and the gradients of a mini-batch, whole training
// runs) tsdl's sums are rounded in another order than OpenBLAS's, so values are compared at a stated
// relative tolerance: 1e-13 for one step, 1e-12 over 10000 epochs (measured: ≤ 1.1e-15 for all
// eight runs of the lab — they are not chaotic); printed lines and accuracies are compared exactly.
import { expect } from "chai";
import { type Mat } from "../../lib/src/array";
import { assertClose } from "../../lib/src/check";
import * as U from "../../lib/src/course/optUtils";
import { setDisplayWriter } from "../../lib/src/display";
import { formatFixed } from "../../lib/src/format";
import { accuracy, optimizer, predictLabels, randomMiniBatches } from "../../lib/src/nn";
import type { Figure } from "../../lib/src/plot/figure";
import { random } from "../../lib/src/random";
import { bitsOf, dict, fixture, labels, mat, num, type Arr, type Enc } from "../helpers/fixtures";

const fx = fixture("opt.json");
const EXACT = { rtol: 0, atol: 0 };

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

interface BatchCase { X: Arr; Y: string; size: number; seed: number; permutation: number[]; batches: { X: Arr; Y: string }[] }

describe("optUtils (opt_utils_v1a.py) and randomMiniBatches", () => {
  const [trainX, trainY] = U.loadDataset();

  describe("loadDataset", () => {
    it("is numpy's moons data set bit for bit (seed 3, make_moons(300, noise .2)), examples as columns", () => {
      expect([trainX.shape, trainY.shape]).to.deep.equal([[2, 300], [1, 300]]);
      assertClose(trainX, mat(fx.dataset.trainX), { ...EXACT, name: "trainX" });
      expect(bitsOf(trainY)).to.equal(fx.dataset.trainY);
    });
    it("starts as LAB_SPEC §4 says: train_X[:,0] = (-0.21687013460912397, 1.0154493742029873), labels 0 1 1 1 0 0 1 1 0 1", () => {
      expect([trainX.get(0, 0), trainX.get(1, 0)]).to.deep.equal([-0.21687013460912397, 1.0154493742029873]);
      expect(bitsOf(trainY).slice(0, 10)).to.equal("0111001101");
    });
  });

  describe("initializeParameters", () => {
    it("is numpy's He initialization with seed(3) inside, whatever the generator's state before", () => {
      random.seed(42);
      random.randn(3); // leaves a cached Gaussian: seed(3) must clear it
      const p = U.initializeParameters([2, 5, 2, 1]);
      expect(Object.keys(p)).to.deep.equal(["W1", "b1", "W2", "b2", "W3", "b3"]);
      const want = dict(fx.dataset.parameters);
      for (const k of Object.keys(want)) assertClose(p[k], want[k], { ...EXACT, name: k });
    });
    it("refuses a layer list that is not positive integers", () => {
      expect(() => U.initializeParameters([2])).to.throw(/at least two positive integer layer sizes, got \[2\]/);
      expect(() => U.initializeParameters([2, 0, 1])).to.throw(/got \[2,0,1\]/);
    });
  });

  describe("computeCost and backwardPropagation on the first mini-batch of epoch 0", () => {
    const s = fx.step;
    const X = mat(s.X), Y = labels(s.Y);
    const p = dict(fx.dataset.parameters);
    const [a3, cache] = U.forwardPropagation(X, p);
    it("computeCost is the plain sum of the 64 losses (v1a), not their mean", () => {
      assertClose(a3, mat(s.a3), { rtol: 1e-13, name: "a3" });
      assertClose(U.computeCost(a3, Y), num(s.cost), { rtol: 1e-13, name: "cost" });
      expect(U.computeCost(a3, Y)).to.be.greaterThan(40); // ≈ 64 · 0.7, a mean would be ≈ 0.7
      const [a3Full] = U.forwardPropagation(trainX, p);
      assertClose(U.computeCost(a3Full, trainY), num(s.costFull), { rtol: 1e-13, name: "cost on all 300" });
    });
    it("backwardPropagation is convention A with m = the mini-batch's size (1/m on dz3 only)", () => {
      const grads = U.backwardPropagation(X, Y, cache);
      for (const [k, v] of Object.entries(s.grads as Record<string, Arr>)) assertClose(grads[k], mat(v), { rtol: 1e-13, atol: 1e-17, name: k });
    });
  });

  describe("randomMiniBatches (numpy's random_mini_batches, same seed)", () => {
    const cases = fx.miniBatches as BatchCase[];
    it("covers sizes that divide m and sizes that do not", () => {
      const kinds = cases.map((c) => [c.X.shape[1] % c.size === 0, c.size > c.X.shape[1]]);
      expect(kinds.some(([divides]) => divides)).to.equal(true);
      expect(kinds.some(([divides]) => !divides)).to.equal(true);
      expect(kinds.some(([, bigger]) => bigger)).to.equal(true);
    });
    for (const c of cases) {
      const m = c.X.shape[1];
      const full = Math.floor(m / c.size);
      const rest = m % c.size;
      it(`m = ${m}, size ${c.size}, seed ${c.seed}: ${full} full mini-batch(es)${rest ? ` + one of ${rest}` : ""}, columns and labels as numpy's`, () => {
        const X = mat(c.X), Y = labels(c.Y);
        const got = randomMiniBatches(X, Y, c.size, c.seed);
        expect(got.map(([bx, by]) => [bx.shape, by.shape])).to.deep.equal(c.batches.map((b) => [b.X.shape, [1, b.Y.length]]));
        expect(got.length).to.equal(full + (rest ? 1 : 0));
        got.forEach(([bx, by], k) => {
          assertClose(bx, mat(c.batches[k].X), { ...EXACT, name: `batch ${k} X` });
          expect(bitsOf(by), `batch ${k} Y`).to.equal(c.batches[k].Y);
        });
        // the shuffle is one permutation(m) right after seed(seed): column j of the shuffled X is X[:, perm[j]]
        const first = got[0][0];
        for (let j = 0; j < first.shape[1]; j++) expect(first.get(0, j), `column ${j}`).to.equal(X.get(0, c.permutation[j]));
      });
    }
    it("re-seeds the generator it is given (default: the global one), so the same seed gives the same batches", () => {
      const c = cases[2];
      const X = mat(c.X), Y = labels(c.Y);
      random.seed(123);
      const a = randomMiniBatches(X, Y, c.size, c.seed);
      random.randn(5);
      const b = randomMiniBatches(X, Y, c.size, c.seed);
      a.forEach(([ax], k) => assertClose(ax, b[k][0], { ...EXACT, name: `batch ${k}` }));
    });
    it("names the shapes when X and Y disagree, and refuses a mini-batch size < 1", () => {
      expect(() => randomMiniBatches(trainX, labels("0101"), 64)).to.throw(/X \(2,300\) and Y \(1,4\) must be 2-D with one column per example/);
      expect(() => randomMiniBatches(trainX, trainY, 0)).to.throw(/miniBatchSize must be a positive integer, got 0/);
    });
  });

  describe("the lab's test cases", () => {
    const tc = fx.testCases;
    it("update_parameters_with_gd/momentum/adam test cases draw numpy's 8 arrays after seed(1), v and s zeros", () => {
      const [p, g, lr] = U.updateParametersWithGdTestCase();
      expect(lr).to.equal(0.01);
      const wantP = dict(tc.inputs.parameters), wantG = dict(tc.inputs.grads);
      for (const k of Object.keys(wantP)) assertClose(p[k], wantP[k], { ...EXACT, name: k });
      for (const k of Object.keys(wantG)) assertClose(g[k], wantG[k], { ...EXACT, name: k });
      const [pm, , v] = U.updateParametersWithMomentumTestCase();
      const [pa, , va, sa] = U.updateParametersWithAdamTestCase();
      const [, , sr] = U.updateParametersWithRmspropTestCase();
      assertClose(pm.W2, wantP.W2, { ...EXACT, name: "momentum W2" });
      assertClose(pa.b2, wantP.b2, { ...EXACT, name: "adam b2" });
      for (const st of [v, va, sa, sr]) {
        expect(Object.keys(st).sort()).to.deep.equal(["dW1", "dW2", "db1", "db2"]);
        for (const k of Object.keys(st)) expect(Array.from(st[k].data).every((x) => x === 0) && st[k].shape.join() === wantG[k].shape.join(), k).to.equal(true);
      }
      assertClose(U.initializeVelocityTestCase().W1, wantP.W1, { ...EXACT, name: "velocity test case W1" });
      assertClose(U.initializeAdamTestCase().b1, wantP.b1, { ...EXACT, name: "adam test case b1" });
    });
    it("random_mini_batches_test_case: X randn(12288,148), Y = randn(1,148) < 0.5, size 64 → the course's sanity check", () => {
      const [X, Y, size] = U.randomMiniBatchesTestCase();
      expect([X.shape, Y.shape, size]).to.deep.equal([[12288, 148], [1, 148], 64]);
      expect(bitsOf(Y)).to.equal(tc.miniBatches.Y);
      const batches = randomMiniBatches(X, Y, size);
      expect(batches.map(([bx, by]) => [bx.shape[1], by.shape[1]])).to.deep.equal([[64, 64], [64, 64], [20, 20]]);
      assertClose([batches[0][0].get(0, 0), batches[0][0].get(0, 1), batches[0][0].get(0, 2)], mat(tc.miniBatches.sanity), { ...EXACT, name: "sanity check" });
      expect(batches.map(([, by]) => bitsOf(by))).to.deep.equal(tc.miniBatches.batchY);
    });
  });

  describe("a whole training run through the lib (tsdl.nn.optimizer, as bench case C runs it)", () => {
    it("Adam, 10000 epochs: the lab's printed costs and accuracy exactly, every kept cost within 1e-12 of numpy's", function () {
      this.timeout(30_000);
      const ref = fx.models.adam;
      const p = U.initializeParameters([2, 5, 2, 1]);
      const opt = optimizer("adam", p);
      const costs: number[] = [];
      const printed: string[] = [];
      let seed = 10;
      for (let i = 0; i < 10000; i++) {
        seed += 1;
        let total = 0;
        for (const [bx, by] of randomMiniBatches(trainX, trainY, 64, seed)) {
          const [a3, cache] = U.forwardPropagation(bx, p);
          total += U.computeCost(a3, by);
          opt.step(p, U.backwardPropagation(bx, by, cache), 0.0007);
        }
        if (i % 1000 === 0) printed.push(`Cost after epoch ${i}: ${formatFixed(total / 300, 6)}`);
        if (i % 100 === 0) costs.push(total / 300);
      }
      expect(printed).to.deep.equal(ref.printed);
      expect(opt.t).to.equal(50000);
      assertClose(costs, (ref.costs as Enc[]).map(num), { rtol: 1e-12, name: "costs every 100 epochs" });
      const pred = predictLabels(trainX, p);
      expect(accuracy(pred, trainY)).to.equal(0.94);
      expect(bitsOf(pred)).to.equal(ref.predictions);
    });
  });

  describe("plots", () => {
    it("plotCosts: one point per 100 epochs, 'Learning rate = 0.0007', 'epochs (per 100)'", () => {
      const [fig] = displayed(() => U.plotCosts([0.7, 0.5, 0.3], 0.0007));
      expect(fig.layout.title?.text).to.equal("Learning rate = 0.0007");
      expect(fig.layout.xaxis?.title?.text).to.equal("epochs (per 100)");
    });
    it("plotDecisionBoundary: the lab's limits [-1.5, 2.5] × [-1, 1.5]", () => {
      const p = U.initializeParameters([2, 5, 2, 1]);
      const [fig] = displayed(() => U.plotDecisionBoundary((x: Mat) => U.predictDec(p, x), trainX, trainY, { title: "t" }));
      expect([fig.layout.xaxis?.range, fig.layout.yaxis?.range]).to.deep.equal([[-1.5, 2.5], [-1, 1.5]]);
    });
    it("plotCostComparison: one named line per run, x in epochs", () => {
      const [fig] = displayed(() => U.plotCostComparison([{ name: "gd", costs: [0.7, 0.6] }, { name: "adam", costs: [0.7, 0.2, 0.1] }]));
      expect(fig.data.map((t) => (t as { name: string }).name)).to.deep.equal(["gd", "adam"]);
      expect((fig.data[1] as { x: number[] }).x).to.deep.equal([0, 100, 200]);
      expect(() => U.plotCostComparison([])).to.throw(/no runs to plot/);
    });
  });
});
