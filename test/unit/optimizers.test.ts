// tsdl.nn's optimizers (lib/src/nn/optimizers.ts) against numpy: test/fixtures/opt.json, written by
// tools/fixtures/gen_opt.py (the lab's update_parameters_with_gd / _momentum / _adam, the lectures'
// RMSprop, update_lr / schedule_lr_decay; numpy 2.4 with libm semantics). "Exact" is assertClose
// with rtol = atol = 0: an update step is elementwise, so it must give numpy's bits.
import { expect } from "chai";
import ndarray from "ndarray";
import { zeros, type Mat } from "../../lib/src/array";
import { assertClose } from "../../lib/src/check";
import {
  adamStep, gdStep, momentumStep, optimizer, power, rmspropStep, scheduleLrDecay, updateLr, zerosLike, type State,
} from "../../lib/src/nn/optimizers";
import { dict, fixture, num, type Arr, type Enc } from "../helpers/fixtures";

const fx = fixture("opt.json");
const EXACT = { rtol: 0, atol: 0 };
const U = fx.updates;

function expectDict(got: Record<string, Mat>, want: Record<string, Arr>, name: string): void {
  expect(Object.keys(got).sort(), name).to.deep.equal(Object.keys(want).sort());
  const w = dict(want);
  for (const k of Object.keys(w)) assertClose(got[k], w[k], { ...EXACT, name: `${name}.${k}` });
}

describe("nn optimizers (the optimization lab's update rules)", () => {
  describe("power (βᵗ as numpy's np.power)", () => {
    it("equals glibc's pow for β = 0.9 (t = 1…400) and β = 0.999 (t up to 3000), where JavaScript's ** does not", () => {
      let starDiffers = 0;
      for (const { beta, t, power: want } of fx.power as { beta: number; t: number[]; power: Enc[] }[]) {
        const got = t.map((n) => power(beta, n));
        assertClose(got, want.map(num), { ...EXACT, name: `power(${beta}, t)` });
        starDiffers += t.filter((n, k) => beta ** n !== num(want[k])).length;
      }
      expect(starDiffers, "t where ** differs from numpy (so this test can fail)").to.be.greaterThan(10);
    });
    it("handles t = 0 and 1 and refuses non-integer or negative exponents", () => {
      expect(power(0.9, 0)).to.equal(1);
      expect(power(0.9, 1)).to.equal(0.9);
      expect(() => power(0.9, 1.5)).to.throw(/integer >= 0, got 1.5/);
      expect(() => power(0.9, -1)).to.throw(/integer >= 0/);
    });
  });

  describe("zerosLike (initialize_velocity / initialize_adam)", () => {
    it("gives zeros keyed dW1, db1, … shaped like W1, b1, …", () => {
      const p = dict(U.start);
      const v = zerosLike(p);
      expect(Object.keys(v)).to.deep.equal(["dW1", "db1", "dW2", "db2", "dW3", "db3"]);
      for (const k of Object.keys(p)) {
        expect(v["d" + k].shape, k).to.deep.equal(p[k].shape);
        expect(Array.from(v["d" + k].data).every((x) => x === 0), k).to.equal(true);
      }
    });
  });

  describe("the steps, on a [3,4,2,1] network with numpy's gradients, step after step", () => {
    const grads = (U.grads as Record<string, Arr>[]).map(dict);
    it("gdStep: W = W − lr·dW, numpy's bits after each of 7 steps", () => {
      const p = dict(U.start);
      grads.forEach((g, k) => {
        gdStep(p, g, U.hyper.gd.learningRate);
        expectDict(p, U.gd[k].parameters, `gd step ${k}`);
      });
    });
    it("momentumStep: v = βv + (1 − β)dW, W = W − lr·v, numpy's bits", () => {
      const p = dict(U.start);
      const v = zerosLike(p);
      grads.forEach((g, k) => {
        momentumStep(p, g, v, U.hyper.momentum.beta, U.hyper.momentum.learningRate);
        expectDict(p, U.momentum[k].parameters, `momentum step ${k}`);
        expectDict(v, U.momentum[k].v, `momentum step ${k} v`);
      });
    });
    it("rmspropStep: s = β₂s + (1 − β₂)dW², W = W − lr·dW/(√s + ε), numpy's bits", () => {
      const p = dict(U.start);
      const s = zerosLike(p);
      const h = U.hyper.rmsprop;
      grads.forEach((g, k) => {
        rmspropStep(p, g, s, h.beta2, h.learningRate, h.epsilon);
        expectDict(p, U.rmsprop[k].parameters, `rmsprop step ${k}`);
        expectDict(s, U.rmsprop[k].s, `rmsprop step ${k} s`);
      });
    });
    it("adamStep at t = 1, 2, 3, 4, 16, 37, 1000: bias correction and ε outside the sqrt, numpy's bits", () => {
      const p = dict(U.start);
      const v = zerosLike(p), s = zerosLike(p);
      const h = U.hyper.adam;
      grads.forEach((g, k) => {
        adamStep(p, g, v, s, U.t[k], h.learningRate, h.beta1, h.beta2, h.epsilon);
        expectDict(p, U.adam[k].parameters, `adam t=${U.t[k]}`);
        expectDict(v, U.adam[k].v, `adam t=${U.t[k]} v`);
        expectDict(s, U.adam[k].s, `adam t=${U.t[k]} s`);
      });
    });
  });

  describe("the lab's test cases (seed(1) draws)", () => {
    const inputs = (): [Record<string, Mat>, Record<string, Mat>] => [dict(fx.testCases.inputs.parameters), dict(fx.testCases.inputs.grads)];
    it("gd with lr 0.01", () => {
      const [p, g] = inputs();
      gdStep(p, g, 0.01);
      expectDict(p, fx.testCases.gd, "gd");
    });
    it("momentum with β = 0.9, lr 0.01", () => {
      const [p, g] = inputs();
      const v = zerosLike(p);
      momentumStep(p, g, v, 0.9, 0.01);
      expectDict(p, fx.testCases.momentum.parameters, "momentum");
      expectDict(v, fx.testCases.momentum.v, "momentum v");
    });
    it("RMSprop with β₂ = 0.999, lr 0.01", () => {
      const [p, g] = inputs();
      const s = zerosLike(p);
      rmspropStep(p, g, s, 0.999, 0.01, 1e-8);
      expectDict(p, fx.testCases.rmsprop.parameters, "rmsprop");
      expectDict(s, fx.testCases.rmsprop.s, "rmsprop s");
    });
    it("Adam at t = 2 gives the canonical W2[2,1] = -1.09244991 and b2[0] = -0.88529979 (ε outside)", () => {
      const [p, g] = inputs();
      const v = zerosLike(p), s = zerosLike(p);
      adamStep(p, g, v, s, 2, 0.01, 0.9, 0.999, 1e-8);
      expectDict(p, fx.testCases.adam.parameters, "adam");
      expectDict(s, fx.testCases.adam.s, "adam s");
      expect(p.W2.get(2, 1).toFixed(8)).to.equal("-1.09244991");
      expect(p.b2.get(0, 0).toFixed(8)).to.equal("-0.88529979");
      // the lab's markdown digits are those of √(ŝ + ε): numpy's reference with ε inside shows them
      expect(fx.testCases.printed.adamEpsilonInside).to.include("-1.09245036").and.include("[[-0.88529978]");
    });
  });

  describe("optimizer(): one object per training run", () => {
    it("counts Adam's t from 1 and equals adamStep with t = 1, 2, …", () => {
      const grads = (U.grads as Record<string, Arr>[]).map(dict);
      const a = dict(U.start), b = dict(U.start);
      const opt = optimizer("adam", a);
      const v = zerosLike(b), s = zerosLike(b);
      grads.forEach((g, k) => {
        opt.step(a, g, 0.01);
        adamStep(b, g, v, s, k + 1, 0.01, 0.9, 0.999, 1e-8);
      });
      expect(opt.t).to.equal(grads.length);
      for (const key of Object.keys(a)) assertClose(a[key], b[key], { ...EXACT, name: key });
      for (const key of Object.keys(v)) assertClose((opt.v as State)[key], v[key], { ...EXACT, name: "v." + key });
    });
    it("holds v for momentum, s for RMSprop, both for Adam, none for gd; takes β, β₂, ε from its options", () => {
      const p = dict(U.start);
      expect([optimizer("gd", p).v, optimizer("gd", p).s]).to.deep.equal([null, null]);
      expect(optimizer("momentum", p).v).to.not.equal(null);
      expect(optimizer("rmsprop", p).s).to.not.equal(null);
      const q = dict(U.start), r = dict(U.start);
      const g = dict(U.grads[0]);
      optimizer("momentum", q, { beta: 0.5 }).step(q, g, 0.05);
      momentumStep(r, g, zerosLike(r), 0.5, 0.05);
      assertClose(q.W1, r.W1, { ...EXACT, name: "momentum beta option" });
    });
    it("refuses an unknown optimizer by name", () => {
      expect(() => optimizer("sgd" as never, dict(U.start))).to.throw(/unknown optimizer "sgd" \(gd, momentum, rmsprop or adam\)/);
    });
  });

  describe("clear errors", () => {
    it("name the array and both shapes when a gradient does not fit its parameter", () => {
      const p = dict(U.start);
      const g = dict(U.grads[0]);
      g.dW2 = zeros([4, 2]);
      expect(() => gdStep(p, g, 0.1)).to.throw(/gdStep: grads\["dW2"\] has shape \(4,2\), expected \(2,4\)/);
    });
    it("name a missing gradient or state entry", () => {
      const p = dict(U.start);
      const g = dict(U.grads[0]);
      delete g.db3;
      expect(() => momentumStep(p, g, zerosLike(p), 0.9, 0.1)).to.throw(/grads has no "db3"/);
      const v = zerosLike(p);
      delete v.dW1;
      expect(() => momentumStep(p, dict(U.grads[0]), v, 0.9, 0.1)).to.throw(/state has no "dW1"/);
    });
    it("refuse to update a non-contiguous view in place, and Adam's t < 1", () => {
      const p = dict(U.start);
      p.W1 = ndarray(new Float64Array(12), [3, 4]).transpose(1, 0) as Mat; // (4,3) view, column-major
      const g = dict(U.grads[0]);
      g.dW1 = zeros([4, 3]);
      expect(() => gdStep(p, g, 0.1)).to.throw(/parameters\["W1"\] must be a contiguous row-major array/);
      const q = dict(U.start);
      expect(() => adamStep(q, dict(U.grads[0]), zerosLike(q), zerosLike(q), 0, 0.01, 0.9, 0.999, 1e-8)).to.throw(/t counts the updates from 1, got 0/);
    });
  });

  describe("learning-rate decay", () => {
    it("updateLr and scheduleLrDecay equal numpy's on a grid of 480 argument lists", () => {
      for (const c of fx.decay as { fn: string; args: number[]; value: Enc }[]) {
        const [lr0, epoch, rate, interval] = c.args;
        const got = c.fn === "updateLr" ? updateLr(lr0, epoch, rate) : scheduleLrDecay(lr0, epoch, rate, interval);
        expect(got, `${c.fn}(${c.args})`).to.equal(num(c.value));
      }
      expect((fx.decay as unknown[]).length).to.equal(480);
    });
    it("gives the lab's values; the schedule defaults to 1000 epochs and refuses timeInterval ≤ 0", () => {
      expect(updateLr(0.5, 2, 1)).to.equal(0.16666666666666666);
      expect(scheduleLrDecay(0.5, 10, 0.3, 100)).to.equal(0.5);
      expect(scheduleLrDecay(0.5, 100, 0.3, 100)).to.equal(0.3846153846153846);
      expect(scheduleLrDecay(0.1, 999, 1)).to.equal(0.1);
      expect(scheduleLrDecay(0.1, 1000, 1)).to.equal(0.05);
      expect(() => scheduleLrDecay(0.1, 10, 1, 0)).to.throw(/timeInterval must be > 0/);
    });
  });
});
