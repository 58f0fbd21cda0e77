// Hidden tests of lab 01 (initialization): other layer lists than the notebook's, and numpy's own values.
import { tsdl } from "../tsdl";
import type { HiddenTests } from "../hidden";

const tests: HiddenTests = {
  lab: "01-initialization",
  setup: ["packages"],
  tests: {
    initializeParametersZeros: (fn) => {
      tsdl.checks.initializeParametersZeros(fn, { quiet: true, cases: [[5, 3, 2, 1], [1, 1], [7, 6, 5, 4, 3, 2, 1]] });
    },
    initializeParametersRandom: (fn) => {
      tsdl.checks.initializeParametersRandom(fn, { quiet: true, cases: [[3, 4, 1], [6, 2, 2, 3], [1, 1]] });
      // numpy: np.random.seed(3); (np.random.randn(4, 3) * 10)[3, 2]
      const { value } = tsdl.checks.call("initializeParametersRandom([3, 4, 1])", () => fn([3, 4, 1]));
      tsdl.assertClose(value["W1"].get(3, 2), 8.846223804995846, { rtol: 1e-15, name: "initializeParametersRandom([3, 4, 1]) W1[3][2]" });
    },
    initializeParametersHe: (fn) => {
      tsdl.checks.initializeParametersHe(fn, { quiet: true, cases: [[3, 7, 2], [10, 1], [4, 8, 8, 8, 1]] });
      const { value: p } = tsdl.checks.call("initializeParametersHe([3, 7, 2])", () => fn([3, 7, 2]));
      // numpy: seed(3); W1 = randn(7, 3) * sqrt(2 / 3); W2 = randn(2, 7) * sqrt(2 / 7)
      tsdl.assertClose(p["W1"].get(0, 0), 1.4604090331058333, { rtol: 1e-15, name: "initializeParametersHe([3, 7, 2]) W1[0][0]" });
      tsdl.assertClose(p["W2"].get(1, 6), -0.42963104928727, { rtol: 1e-14, name: "initializeParametersHe([3, 7, 2]) W2[1][6]" });
    },
  },
};
export default tests;
