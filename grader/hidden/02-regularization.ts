// Hidden tests of lab 02 (regularization): seeded networks of other sizes, m, λ and keep_prob than
// the notebook's, including an all-ones keep_prob (dropout off) and λ = 0.
import { tsdl } from "../tsdl";
import type { HiddenTests } from "../hidden";

const tests: HiddenTests = {
  lab: "02-regularization",
  setup: ["packages"],
  tests: {
    computeCostWithRegularization: (fn) => {
      const rs = new tsdl.RandomState(21);
      const cases = [[3, 5, 2, 1, 9, 0.3], [2, 2, 2, 1, 4, 2.5], [4, 6, 3, 1, 11, 0]].map(([n0, n1, n2, n3, m, lambd]) => {
        const parameters = tsdl.checks.seededParameters(rs, [n0, n1, n2, n3]);
        const A3 = tsdl.map(rs.rand(1, m), (u) => 0.02 + 0.96 * u);
        const Y = tsdl.map(rs.rand(1, m), (u) => (u < 0.5 ? 1 : 0));
        return { A3, Y, parameters, lambd, what: `a [${n0}, ${n1}, ${n2}, ${n3}] network, m = ${m}` };
      });
      tsdl.checks.computeCostWithRegularization(fn, { quiet: true, cases });
    },
    backwardPropagationWithRegularization: (fn) => {
      const rs = new tsdl.RandomState(22);
      const cases = [[3, 6, 4, 1, 5, 0.9], [2, 3, 3, 1, 12, 0.05]].map(([n0, n1, n2, n3, m, lambd]) => {
        const X = rs.randn(n0, m);
        const [, cache] = tsdl.nn.forwardPropagation(X, tsdl.checks.seededParameters(rs, [n0, n1, n2, n3]));
        const Y = tsdl.map(rs.rand(1, m), (u) => (u < 0.5 ? 1 : 0));
        return { X, Y, cache, h: lambd, what: `a [${n0}, ${n1}, ${n2}, ${n3}] network, m = ${m}` };
      });
      tsdl.checks.backwardPropagationWithRegularization(fn, { quiet: true, cases });
    },
    forwardPropagationWithDropout: (fn) => {
      const rs = new tsdl.RandomState(23);
      const cases = [[3, 6, 4, 1, 5, 0.8], [2, 4, 4, 1, 9, 1], [4, 5, 2, 1, 3, 0.3]].map(([n0, n1, n2, n3, m, keepProb]) => ({
        X: rs.randn(n0, m), parameters: tsdl.checks.seededParameters(rs, [n0, n1, n2, n3]), keepProb,
        what: `a [${n0}, ${n1}, ${n2}, ${n3}] network, m = ${m}, keepProb = ${keepProb}`,
      }));
      tsdl.checks.forwardPropagationWithDropout(fn, { quiet: true, cases });
    },
    backwardPropagationWithDropout: (fn) => {
      const rs = new tsdl.RandomState(24);
      const cases = [[3, 6, 4, 1, 5, 0.8], [2, 4, 4, 1, 9, 0.5]].map(([n0, n1, n2, n3, m, keepProb]) => {
        const X = rs.randn(n0, m);
        const [, cache] = tsdl.checks.dropoutForward(X, tsdl.checks.seededParameters(rs, [n0, n1, n2, n3]), keepProb);
        const Y = tsdl.map(rs.rand(1, m), (u) => (u < 0.5 ? 1 : 0));
        return { X, Y, cache, h: keepProb, what: `a [${n0}, ${n1}, ${n2}, ${n3}] network, m = ${m}, keepProb = ${keepProb}` };
      });
      tsdl.checks.backwardPropagationWithDropout(fn, { quiet: true, cases });
    },
  },
};
export default tests;
