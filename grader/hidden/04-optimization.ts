// Hidden tests of lab 04 (optimization): other networks, hyperparameters and t than the notebook's;
// several steps in a row with the state carried over (each step's input is the function's own
// previous output), against numpy's values for the lab's test case.
import type { Mat, RandomState } from "../../lib/dist/index.js";
import { tsdl } from "../tsdl";
import type { HiddenTests } from "../hidden";

type Dict = Record<string, Mat>;
const gradsOf = (rs: RandomState, parameters: Dict): Dict => Object.fromEntries(Object.entries(parameters).map(([k, W]) => ["d" + k, rs.randn(W.shape[0], W.shape[1])]));

const tests: HiddenTests = {
  lab: "04-optimization",
  setup: ["packages"],
  tests: {
    updateParametersWithGd: (fn) => {
      const rs = new tsdl.RandomState(41);
      const cases = [[2, 6, 6, 1], [5, 1]].map((dims, i) => {
        const parameters = tsdl.checks.seededParameters(rs, dims);
        return { parameters, grads: gradsOf(rs, parameters), learningRate: [0.3, 1e-4][i], what: `a [${dims.join(", ")}] network` };
      });
      tsdl.checks.updateParametersWithGd(fn, { quiet: true, cases });
    },
    randomMiniBatches: (fn) => {
      const rs = new tsdl.RandomState(42);
      const cases = [[3, 100, 16, 2], [2, 64, 64, 9], [4, 7, 1, 1], [6, 1080, 32, 4]].map(([n, m, size, seed]) => ({
        X: rs.randn(n, m), Y: tsdl.map(rs.rand(1, m), (u) => (u < 0.5 ? 1 : 0)), miniBatchSize: size, seed, what: `m = ${m}, mini-batches of ${size}`,
      }));
      tsdl.checks.randomMiniBatches(fn, { quiet: true, cases });
    },
    initializeVelocity: (fn) => {
      const rs = new tsdl.RandomState(43);
      tsdl.checks.initializeVelocity(fn, { quiet: true, cases: [[7, 5, 3, 2, 1], [1, 1]].map((dims) => tsdl.checks.seededParameters(rs, dims)) });
    },
    updateParametersWithMomentum: (fn) => {
      const rs = new tsdl.RandomState(44);
      const parameters = tsdl.checks.seededParameters(rs, [2, 5, 1]);
      const grads = gradsOf(rs, parameters);
      const v = Object.fromEntries(Object.entries(parameters).map(([k, W]) => ["d" + k, tsdl.mul(0.5, rs.randn(W.shape[0], W.shape[1]))]));
      tsdl.checks.updateParametersWithMomentum(fn, { quiet: true, cases: [
        { parameters, grads, v, learningRate: 0.1, beta: 0.95, what: "a [2, 5, 1] network with a non-zero v" },
        { parameters, grads, v, learningRate: 0.1, beta: 0, what: "beta = 0 (plain gradient descent)" },
      ] });
      // three steps on the lab's test case, v carried over (numpy's values)
      let [p, g, vel] = tsdl.optUtils.updateParametersWithMomentumTestCase();
      for (let i = 0; i < 3; i++) [p, vel] = tsdl.checks.call(`updateParametersWithMomentum(…), step ${i + 1} of 3 on the test case`, () => fn(p, g, vel, 0.9, 0.01)).value;
      tsdl.assertClose(p["W2"].get(1, 1), -0.3185621651658366, { rtol: 1e-13, name: "W2[1][1] after three momentum steps on the test case" });
      tsdl.assertClose(p["b1"].get(1, 0), -0.7559572343689094, { rtol: 1e-13, name: "b1[1][0] after three momentum steps on the test case" });
    },
    updateParametersWithRmsprop: (fn) => {
      const rs = new tsdl.RandomState(45);
      const parameters = tsdl.checks.seededParameters(rs, [3, 2, 2, 1]);
      const grads = gradsOf(rs, parameters);
      const s = Object.fromEntries(Object.entries(parameters).map(([k, W]) => ["d" + k, tsdl.map(rs.randn(W.shape[0], W.shape[1]), (x) => x * x)]));
      tsdl.checks.updateParametersWithRmsprop(fn, { quiet: true, cases: [
        { parameters, grads, v: s, learningRate: 0.003, beta: 0.9, epsilon: 1e-7, what: "a [3, 2, 2, 1] network with a non-zero s" },
      ] });
    },
    initializeAdam: (fn) => {
      const rs = new tsdl.RandomState(46);
      tsdl.checks.initializeAdam(fn, { quiet: true, cases: [[6, 4, 4, 2], [1, 3]].map((dims) => tsdl.checks.seededParameters(rs, dims)) });
    },
    updateParametersWithAdam: (fn) => {
      const rs = new tsdl.RandomState(47);
      const parameters = tsdl.checks.seededParameters(rs, [2, 4, 1]);
      const grads = gradsOf(rs, parameters);
      const state = (square: boolean) => Object.fromEntries(Object.entries(parameters).map(([k, W]) => ["d" + k, tsdl.map(rs.randn(W.shape[0], W.shape[1]), (x) => (square ? x * x : x) / 10)]));
      tsdl.checks.updateParametersWithAdam(fn, { quiet: true, cases: [
        { parameters, grads, v: state(false), s: state(true), t: 3, learningRate: 0.01, beta: 0.9, beta2: 0.999, epsilon: 1e-8, what: "a [2, 4, 1] network, t = 3" },
        { parameters, grads, v: state(false), s: state(true), t: 250, learningRate: 0.001, beta: 0.95, beta2: 0.9999, epsilon: 1e-6, what: "t = 250, beta1 0.95, beta2 0.9999" },
      ] });
      // three steps t = 1, 2, 3 on the lab's test case, lr 0.02, v and s carried over (numpy's values)
      let [p, g, v, s] = tsdl.optUtils.updateParametersWithAdamTestCase();
      for (let t = 1; t <= 3; t++) [p, v, s] = tsdl.checks.call(`updateParametersWithAdam(…, ${t}, 0.02), step ${t} of 3 on the test case`, () => fn(p, g, v, s, t, 0.02)).value;
      tsdl.assertClose(p["W1"].get(0, 0), 1.6843453631180938, { rtol: 1e-13, name: "W1[0][0] after three Adam steps on the test case" });
      tsdl.assertClose(p["b2"].get(2, 0), 0.5228152145243995, { rtol: 1e-13, name: "b2[2][0] after three Adam steps on the test case" });
    },
    updateLr: (fn) => {
      tsdl.checks.updateLr(fn, { quiet: true, cases: [[0.3, 7, 0.2], [1, 1, 1], [0.05, 123, 0.01]] });
      const { value } = tsdl.checks.call("updateLr(0.3, 7, 0.2)", () => fn(0.3, 7, 0.2));
      tsdl.assertClose(value, 0.12499999999999997, { rtol: 0, name: "updateLr(0.3, 7, 0.2) (numpy: 0.3 / (1 + 0.2 * 7))" });
    },
    scheduleLrDecay: (fn) => {
      tsdl.checks.scheduleLrDecay(fn, { quiet: true, cases: [[0.3, 2500, 0.2], [0.3, 99, 0.2, 100], [0.3, 100, 0.2, 100], [1, 0, 5, 10]] });
      const { value } = tsdl.checks.call("scheduleLrDecay(0.3, 2500, 0.2)", () => fn(0.3, 2500, 0.2));
      tsdl.assertClose(value, 0.2142857142857143, { rtol: 0, name: "scheduleLrDecay(0.3, 2500, 0.2) (numpy, timeInterval 1000)" });
    },
  },
};
export default tests;
