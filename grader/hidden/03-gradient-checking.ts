// Hidden tests of lab 03 (gradient checking): other (x, θ) and ε for the 1-D functions; for the
// N-dimensional check, another seeded network with the course's db1 bug alone and with none.
import type { Mat, RandomState } from "../../lib/dist/index.js";
import { tsdl } from "../tsdl";
import type { HiddenTests } from "../hidden";

const tests: HiddenTests = {
  lab: "03-gradient-checking",
  setup: ["packages", "forwardPropagationN"],
  matmulMode: "fma", // its packages cell calls tsdl.setMatmulMode("fma")
  tests: {
    forwardPropagation: (fn) => {
      tsdl.checks.forwardPropagation(fn, { quiet: true, cases: [{ x: -7, theta: 3 }, { x: 0, theta: 5 }, { x: 1.25, theta: -0.5 }] });
    },
    backwardPropagation: (fn) => {
      tsdl.checks.backwardPropagation(fn, { quiet: true, cases: [{ x: -7, theta: 3 }, { x: 4.5, theta: 4.5 }, { x: 1e-3, theta: 2 }] });
    },
    gradientCheck: (fn) => {
      tsdl.checks.gradientCheck(fn, { quiet: true, cases: [{ x: 3, theta: 7 }, { x: -1.5, theta: 0.5, epsilon: 1e-5 }, { x: 10, theta: -2, epsilon: 1e-3 }] });
    },
    gradientCheckN: (fn) => {
      const rs = new tsdl.RandomState(31);
      const X = rs.randn(4, 6);
      const Y = tsdl.array([[0, 1, 1, 0, 1, 0]]);
      const parameters: Record<string, Mat> = {};
      for (const [k, r, c] of [["W1", 5, 4], ["b1", 5, 1], ["W2", 3, 5], ["b2", 3, 1], ["W3", 1, 3], ["b3", 1, 1]] as const) parameters[k] = rs.randn(r, c);
      const [, cache] = tsdl.checks.forwardPropagationN(X, Y, parameters);
      const backward = (bugs: { dW2x2?: boolean; db1x4?: boolean }) => tsdl.checks.backwardPropagationN(X, Y, cache, bugs);
      tsdl.checks.gradientCheckN(fn, {
        quiet: true,
        cases: [
          { parameters, gradients: backward({ db1x4: true }), X, Y, what: "a seed-31 network, m = 6, with db1 four times too large" },
          { parameters, gradients: backward({}), X, Y, what: "a seed-31 network, m = 6, with the right gradients" },
        ],
      });
    },
  },
};
export default tests;
