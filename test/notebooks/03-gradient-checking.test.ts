// Lab 03 (gradient checking): the notebook through the real kernel against LAB_SPEC §3, then its
// graded functions run again in Node on other inputs and against broken backward passes, with
// numpy's values from test/fixtures/gc.json (tools/fixtures/gen_gc.py).
import { expect } from "chai";
import fs from "node:fs";
import * as tsdl from "../../lib/src/index";
import { sourceText } from "../../runner/notebook";
import { cellFunctions, type Edits } from "../helpers/cells";
import { commonLabChecks, executeLab, inlineCheckCells, type Executed } from "./harness";

const NAME = "03-gradient-checking";
const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/gc.json", import.meta.url), "utf8"));
const YELLOW = "\x1b[93m", GREEN = "\x1b[92m", RESET = "\x1b[0m";
const MISTAKE = "There is a mistake in the backward propagation! difference = ";
const FINE = "Your backward propagation works perfectly fine! difference = ";


const ND_CELLS = ["forwardPropagationN", "backwardPropagationN", "backwardPropagationNFixed", "gradientCheckN"];

/** Each of the course's mistakes alone, and a 1/m dropped, swapped into the fixed backward's source. */
const ONE_BUG: Record<string, Edits[string]> = {
  dW2x2: ["const dW2 = tsdl.mul(1 / m, tsdl.matmulTB(dZ2, A1));", "const dW2 = tsdl.mul(tsdl.mul(1 / m, tsdl.matmulTB(dZ2, A1)), 2);"],
  db1x4: ["const db1 = tsdl.mul(1 / m, tsdl.sum(dZ1, 1, true));", "const db1 = tsdl.mul(4 / m, tsdl.sum(dZ1, 1, true));"],
  dW1NoOneOverM: ["const dW1 = tsdl.mul(1 / m, tsdl.matmulTB(dZ1, X));", "const dW1 = tsdl.matmulTB(dZ1, X);"],
};

/** The difference printed by gradientCheckN, checking the message, its colour and nothing else around it. */
function printedDifference(stdout: string, colour: string, message: string): number {
  const m = new RegExp(`^${escape(colour + message)}(\\S+)${escape(RESET)}\\n$`).exec(stdout);
  expect(m, `expected ${JSON.stringify(colour + message + "…" + RESET)}, got ${JSON.stringify(stdout)}`).to.not.equal(null);
  return Number(m![1]);
}
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe(`notebook ${NAME} (real kernel)`, function () {
  this.timeout(180_000);
  let lab: Executed;
  before(async () => {
    lab = await executeLab(NAME);
  });
  commonLabChecks(NAME, () => lab);
  inlineCheckCells(() => lab);

  describe("1-D gradient checking", () => {
    it("forwardPropagation(2, 4) prints J = 8", () => {
      expect(lab.stdout("forward-test")).to.equal("J = 8\n");
    });
    it("backwardPropagation(2, 4) prints dtheta = 2", () => {
      expect(lab.stdout("backward-test")).to.equal("dtheta = 2\n");
    });
    it("gradientCheck(2, 4) is correct with difference = 2.919335883291695e-10 exactly", () => {
      expect(lab.stdout("gradient-check-test")).to.equal("The gradient is correct!\ndifference = 2.919335883291695e-10\n");
    });
  });

  describe("N-D gradient checking", () => {
    it("prints the test case drawn from seed(1) as numpy does", () => {
      expect(lab.stdout("test-case")).to.equal(TEST_CASE_EXPECTED);
    });
    it("finds the course's deliberate mistakes: yellow message, difference ≈ 0.2850931567761624 (rel 1e-9)", () => {
      const d = printedDifference(lab.stdout("gradient-check-n-test"), YELLOW, MISTAKE);
      tsdl.assertClose(d, 0.2850931567761624, { rtol: 1e-9, name: "difference, buggy backward" });
    });
    it("accepts the fixed backward: green message, difference < 2e-7 and ≈ 1.1890913024229996e-07 (rel 1e-2)", () => {
      const d = printedDifference(lab.stdout("gradient-check-n-fixed"), GREEN, FINE);
      expect(d).to.be.below(2e-7);
      tsdl.assertClose(d, 1.1890913024229996e-7, { rtol: 1e-2, name: "difference, fixed backward" });
    });
    it("shows the gaps of dW2 and db1 standing out, the others at noise level, with a plot", () => {
      const gaps = largestGaps(lab.stdout("where-bugs"));
      expect(Object.keys(gaps)).to.deep.equal(["dW1", "db1", "dW2", "db2", "dW3", "db3"]);
      for (const [k, v] of Object.entries(gaps)) {
        if (k === "dW2" || k === "db1") expect(v, k).to.be.above(0.5);
        else expect(v, k).to.be.below(1e-6); // rounding noise of (J+ - J-)/2ε
      }
      // numpy's per-entry gaps for the course's backward, largest per parameter
      const keys: string[] = fx.keys;
      const ref: number[] = fx.checks[0].courseGradMinusApprox;
      for (const k of ["W2", "b1"]) {
        const refMax = Math.max(...ref.filter((_, i) => keys[i] === k).map(Math.abs));
        tsdl.assertClose(gaps["d" + k], refMax, { rtol: 1e-6, name: `largest gap of d${k}` });
      }
      expectPlot("where-bugs");
    });
    it("shows every gap at noise level once the backward is fixed", () => {
      const gaps = largestGaps(lab.stdout("where-fixed"));
      expect(Object.keys(gaps)).to.have.length(6);
      for (const [k, v] of Object.entries(gaps)) expect(v, k).to.be.below(1e-6);
      expectPlot("where-fixed");
    });
    it("sums the three checks up in the results table", () => {
      const lines = lab.stdout("results").split("\n");
      expect(lines[0]).to.match(/^check\s+difference\s+verdict$/);
      expect(lines[1]).to.equal("1-D model J = θx".padEnd(36) + "2.919335883291695e-10".padEnd(24) + "correct (< 1e-7)");
      expect(lines[2]).to.match(/^3-layer net, the course's backward\s+0\.28509315677\d*\s+mistake \(> 2e-7\)$/);
      expect(lines[3]).to.match(/^3-layer net, fixed backward\s+1\.18\d*e-07\s+fine \(≤ 2e-7\)$/);
    });
  });

  describe("graded cells", () => {
    for (const [id, points] of [["forwardPropagation", 1], ["backwardPropagation", 1], ["gradientCheck", 2], ["gradientCheckN", 4]] as const) {
      it(`${id}: tagged as graded, with the learner's part between START and END CODE HERE`, () => {
        const cell = lab.cell(id);
        expect(cell.metadata.tsdl).to.deep.equal({ graded: true, grade_id: id, points });
        const src = sourceText(cell);
        expect(src.startsWith(`// GRADED FUNCTION: ${id}\n`)).to.equal(true);
        const starts = src.match(/^\s*\/\/ START CODE HERE$/gm) ?? [];
        const ends = src.match(/^\s*\/\/ END CODE HERE$/gm) ?? [];
        expect(starts.length).to.be.above(0);
        expect(ends.length).to.equal(starts.length);
      });
    }
  });

  // The notebook's own cells, run again in Node (same tsdl sources), on inputs the notebook does not use.
  describe("the graded functions on other inputs and against broken backward passes (vs numpy)", () => {
    let previousMode: tsdl.MatmulMode;
    before(() => {
      previousMode = tsdl.setMatmulMode("fma"); // as the notebook's packages cell
    });
    after(() => {
      tsdl.setMatmulMode(previousMode);
    });

    it("gradientCheck on other (x, theta) gives numpy's difference, bit for bit", () => {
      const { fns } = notebookFunctions(lab, ["forwardPropagation", "backwardPropagation", "gradientCheck"]);
      for (const { x, theta, difference } of fx.oneD) {
        tsdl.assertClose(fns.gradientCheck(x, theta), difference, { rtol: 0, atol: 0, name: `gradientCheck(${x}, ${theta})` });
      }
    });
    it("gradientCheck says 'wrong' when the backward returns theta instead of x", () => {
      const { fns, printed } = notebookFunctions(lab, ["forwardPropagation", "backwardPropagation", "gradientCheck"], {
        backwardPropagation: ["const dtheta = x;", "const dtheta = theta;"],
      });
      const d = fns.gradientCheck(2, 4);
      expect(printed).to.deep.equal(["The gradient is wrong!"]);
      expect(d).to.be.above(0.1);
    });

    for (const check of fx.checks as { seed: number; cost: number; difference: Record<string, number> }[]) {
      describe(`network drawn with seed ${check.seed}`, () => {
        it("forwardPropagationN gives numpy's cost", () => {
          const { fns } = notebookFunctions(lab, ND_CELLS);
          const [X, Y, parameters] = testCase(check.seed);
          tsdl.assertClose(fns.forwardPropagationN(X, Y, parameters)[0], check.cost, { rtol: 1e-12, name: "cost" });
        });
        it("the fixed backward passes the check (difference < 2e-7, ≈ numpy's)", () => {
          const { d, printed } = runCheck(check.seed, {});
          expect(printed).to.have.length(1);
          expect(printed[0].startsWith(GREEN + FINE)).to.equal(true, printed[0]);
          expect(d).to.be.below(2e-7);
          tsdl.assertClose(d, check.difference.fixed, { rtol: 1e-2, name: "difference, fixed" });
        });
        it("the course's backward (both bugs) fails it with numpy's difference (rel 1e-9)", () => {
          const { d, printed } = runCheck(check.seed, {}, "backwardPropagationN");
          expect(printed[0].startsWith(YELLOW + MISTAKE)).to.equal(true, printed[0]);
          tsdl.assertClose(d, check.difference.course, { rtol: 1e-9, name: "difference, course" });
        });
        for (const [variant, edit] of Object.entries(ONE_BUG)) {
          it(`one mistake alone (${variant}) fails it with numpy's difference (rel 1e-9)`, () => {
            const { d, printed } = runCheck(check.seed, { backwardPropagationNFixed: edit });
            expect(printed[0].startsWith(YELLOW + MISTAKE)).to.equal(true, printed[0]);
            expect(d).to.be.above(2e-7);
            tsdl.assertClose(d, check.difference[variant], { rtol: 1e-9, name: `difference, ${variant}` });
          });
        }
      });
    }

    it("in fma mode every difference is numpy's (libm exp/log) bit for bit", () => {
      for (const check of fx.checks as { seed: number; difference: Record<string, number> }[]) {
        tsdl.assertClose(runCheck(check.seed, {}).d, check.difference.fixed, { rtol: 0, atol: 0, name: `seed ${check.seed} fixed` });
        tsdl.assertClose(runCheck(check.seed, {}, "backwardPropagationN").d, check.difference.course, { rtol: 0, atol: 0, name: `seed ${check.seed} course` });
      }
    });
  });

  function expectPlot(id: string): void {
    const displays = (lab.cell(id).outputs ?? []).filter((o) => o.output_type === "display_data");
    expect(displays, `${id}: one plot`).to.have.length(1);
    expect(Object.keys(displays[0].data as object)).to.include.members(["application/vnd.plotly.v1+json", "image/svg+xml"]);
  }

  /** Runs gradientCheckN on the seed's network with the fixed backward (edited) or another backward cell. */
  function runCheck(seed: number, edits: Edits, backward = "backwardPropagationNFixed"): { d: number; printed: string[] } {
    const { fns, printed } = notebookFunctions(lab, ND_CELLS, edits);
    const [X, Y, parameters] = testCase(seed);
    const [, cache] = fns.forwardPropagationN(X, Y, parameters);
    const gradients = fns[backward](X, Y, cache);
    return { d: fns.gradientCheckN(parameters, gradients, X, Y), printed };
  }
});

/** The course's test case with another seed: X randn(4,3), Y [[1,1,0]], then W1, b1, …, b3 (tsdl.gcUtils' order). */
function testCase(seed: number): [tsdl.Mat, tsdl.Mat, Record<string, tsdl.Mat>] {
  if (seed === 1) return tsdl.gcUtils.gradientCheckNTestCase();
  tsdl.random.seed(seed);
  const X = tsdl.random.randn(4, 3);
  const Y = tsdl.array([[1, 1, 0]]);
  const shapes: [string, number, number][] = [["W1", 5, 4], ["b1", 5, 1], ["W2", 3, 5], ["b2", 3, 1], ["W3", 1, 3], ["b3", 1, 1]];
  const parameters: Record<string, tsdl.Mat> = {};
  for (const [k, r, c] of shapes) parameters[k] = tsdl.random.randn(r, c);
  return [X, Y, parameters];
}

/** The functions defined by the notebook cells `ids` (optionally edited), after its packages cell (test/helpers/cells.ts). */
function notebookFunctions(lab: Executed, ids: string[], edits: Edits = {}): { fns: Record<string, any>; printed: string[] } {
  return cellFunctions(lab.fresh, ["packages", ...ids], ids, edits);
}

/** "dW2  largest |grad - gradapprox| = 0.1…" lines → {dW2: 0.1…}. */
function largestGaps(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of stdout.trimEnd().split("\n")) {
    const m = /^(d[Wb]\d)\s+largest \|grad - gradapprox\| = (\S+)$/.exec(line);
    expect(m, `unexpected line ${JSON.stringify(line)}`).to.not.equal(null);
    out[m![1]] = Number(m![2]);
  }
  return out;
}

// numpy: np.random.seed(1); x = np.random.randn(4, 3); print("X =", x); y as a float (1,3) row; shapes
const TEST_CASE_EXPECTED = `X = [[ 1.62434536 -0.61175641 -0.52817175]
 [-1.07296862  0.86540763 -2.3015387 ]
 [ 1.74481176 -0.7612069   0.3190391 ]
 [-0.24937038  1.46210794 -2.06014071]]
Y = [[1. 1. 0.]]
W1.shape = (5, 4)
b1.shape = (5, 1)
W2.shape = (3, 5)
b2.shape = (3, 1)
W3.shape = (1, 3)
b3.shape = (1, 1)
`;
