// Notebook 01-initialization run through the real server and kernel, checked against LAB_SPEC §1
// and against numpy (test/fixtures/init.json, from tools/fixtures/gen_init.py).
//
// Exact text wherever numpy's output is deterministic: the three initializer printouts, the data,
// the whole zeros run (incl. the last-bit …455 at iteration 10000), every accuracy line and the
// prediction vectors. Tolerances, where the original itself varies (LAB_SPEC §1 "Version notes"):
// - He costs: relative 1e-12 (public runs and numpy builds differ in the last 1–2 digits);
// - large random init: only `Cost after iteration 0: inf` exactly; the later costs loosely, at
//   relative 2e-2, because the trajectory is chaotic — the course's public runs disagree at the
//   3rd–4th digit, numpy 2.4 here is 1.7e-3 off the course's run, and we are 1.0e-2 off it at
//   iteration 7000 (in the middle of the steep drop). Accuracies and predictions are exact.
import { expect } from "chai";
import fs from "node:fs";
import ndarray from "ndarray";
import { sourceText } from "../../runner/notebook";
import * as tsdl from "../../lib/src/index";
import { assertClose } from "../../lib/src/check";
import { cellFunctions } from "../helpers/cells";
import { commonLabChecks, executeLab, inlineCheckCells, type Executed } from "./harness";

const NAME = "01-initialization";
const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/init.json", import.meta.url), "utf8"));

// ---------------------------------------------------------------- LAB_SPEC §1 expected values
const ZEROS_TEST = "W1 = [[0. 0. 0.]\n [0. 0. 0.]]\nb1 = [[0.]\n [0.]]\nW2 = [[0. 0.]]\nb2 = [[0.]]\n";
const RANDOM_TEST = "W1 = [[ 17.88628473   4.36509851   0.96497468]\n [-18.63492703  -2.77388203  -3.54758979]]\n" +
  "b1 = [[0.]\n [0.]]\nW2 = [[-0.82741481 -6.27000677]]\nb2 = [[0.]]\n";
const HE_TEST = "W1 = [[ 1.78862847  0.43650985]\n [ 0.09649747 -1.8634927 ]\n [-0.2773882  -0.35475898]\n [-0.08274148 -0.62700068]]\n" +
  "b1 = [[0.]\n [0.]\n [0.]\n [0.]]\nW2 = [[-0.03098412 -0.33744411 -0.92904268  0.62552248]]\nb2 = [[0.]]\n";
const ZEROS_COSTS = Array.from({ length: 15 }, (_, k) => (k === 10 ? "0.6931471805599455" : "0.6931471805599453"));
const HE_COSTS = [0.8830537463419761, 0.6879825919728063, 0.6751286264523371, 0.6526117768893807, 0.6082958970572938,
  0.5304944491717495, 0.4138645817071794, 0.3117803464844441, 0.23696215330322562, 0.18597287209206836,
  0.15015556280371817, 0.12325079292273552, 0.09917746546525932, 0.08457055954024274, 0.07357895962677362];
const RANDOM_COSTS = [0.6239567039908781, 0.5978043872838292, 0.563595830364618, 0.5500816882570866, 0.5443417928662615,
  0.5373553777823036, 0.4700141958024487, 0.3976617665785177, 0.39344405717719166, 0.39201765232720626,
  0.38910685278803786, 0.38612995897697244, 0.3849735792031832, 0.38275100578285265]; // iterations 1000 … 14000
const GRADED = ["initializeParametersZeros", "initializeParametersRandom", "initializeParametersHe"];

/** "Cost after iteration i: x" lines → x strings; the rest of the output, in order. */
function splitRun(stdout: string): { costs: string[]; rest: string[] } {
  const lines = stdout.trimEnd().split("\n");
  const costs: string[] = [];
  const rest: string[] = [];
  for (const line of lines) {
    const m = /^Cost after iteration (\d+): (\S+)$/.exec(line);
    if (m) {
      expect(Number(m[1]), line).to.equal(costs.length * 1000);
      costs.push(m[2]);
    } else rest.push(line);
  }
  return { costs, rest };
}

/** A graded cell's code compiled to JS and evaluated with `tsdl`: the function the learner wrote. */
function gradedFunction(lab: Executed, id: string): (dims: number[]) => Record<string, tsdl.Mat> {
  return cellFunctions(lab.fresh, ["packages", id], [id]).fns[id];
}

function mat(a: { shape: number[]; values?: number[]; b64?: string }): tsdl.Mat {
  if (a.values) return ndarray(Float64Array.from(a.values), a.shape);
  const buf = Buffer.from(a.b64 as string, "base64");
  return ndarray(new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)), a.shape);
}

/** The display_data bundles of a cell; `plots` keeps those with a Plotly figure (not the progress line). */
function displays(lab: Executed, id: string, plots = true): Record<string, unknown>[] {
  return (lab.cell(id).outputs ?? [])
    .filter((o) => o.output_type === "display_data")
    .map((o) => o.data as Record<string, unknown>)
    .filter((d) => !plots || "application/vnd.plotly.v1+json" in d);
}

/** The fenced block of a markdown cell. */
function fenced(lab: Executed, id: string): string {
  const m = /```\n([\s\S]*?)```/.exec(sourceText(lab.cell(id)));
  if (!m) throw new Error(`${id}: no fenced block`);
  return m[1];
}

describe(`notebook ${NAME} (real kernel)`, function () {
  this.timeout(300_000);
  let lab: Executed;
  before(async () => {
    lab = await executeLab(NAME);
  });
  commonLabChecks(NAME, () => lab);
  inlineCheckCells(() => lab);

  it("loads the circles data: shapes, first example, first labels (numpy's)", () => {
    expect(lab.stdout("data")).to.equal(
      "trainX: (2, 300), trainY: (1, 300), testX: (2, 100), testY: (1, 100)\n" +
      "first example: [-0.07741354  0.85260226]\n" +
      "first ten labels: [[1 0 1 1 0 0 1 0 1 1]]\n");
    expect(displays(lab, "data")).to.have.length(1);
  });

  describe("graded functions", () => {
    it("are tagged graded with ids and points, with the learner's part between START/END CODE HERE", () => {
      for (const id of GRADED) {
        const cell = lab.cell(id);
        expect(cell.metadata.tsdl, id).to.deep.include({ graded: true, grade_id: id });
        expect(cell.metadata.tsdl.points, id).to.be.a("number");
        const src = sourceText(cell);
        expect(src, id).to.match(new RegExp(`^// GRADED FUNCTION: ${id}\\n`));
        expect(src.indexOf("// START CODE HERE"), id).to.be.lessThan(src.indexOf("// END CODE HERE"));
      }
    });
    it("initializeParametersZeros([3,2,1]) prints as the course's", () => {
      expect(lab.stdout("zeros-test")).to.equal(ZEROS_TEST);
    });
    it("initializeParametersRandom([3,2,1]) prints as the course's", () => {
      expect(lab.stdout("random-test")).to.equal(RANDOM_TEST);
    });
    it("initializeParametersHe([2,4,1]) prints as the course's", () => {
      expect(lab.stdout("he-test")).to.equal(HE_TEST);
    });
    it("the Expected output blocks show what the course printed", () => {
      expect(fenced(lab, "zeros-expected")).to.equal(ZEROS_TEST);
      expect(fenced(lab, "random-expected")).to.equal(RANDOM_TEST);
      expect(fenced(lab, "he-expected")).to.equal(HE_TEST);
    });
    it("equal numpy bit for bit on other layer sizes, whatever the generator's state before the call", () => {
      const fns = Object.fromEntries(GRADED.map((id) => [id, gradedFunction(lab, id)]));
      const byName: Record<string, string> = { zeros: GRADED[0], random: GRADED[1], he: GRADED[2] };
      for (const e of fx.init as { fn: string; dims: number[]; parameters: Record<string, never> }[]) {
        tsdl.random.seed(99);
        tsdl.random.randn(3); // leaves a cached Gaussian: seed(3) inside must clear it
        const got = fns[byName[e.fn]](e.dims);
        expect(Object.keys(got), `${e.fn} ${e.dims}`).to.deep.equal(Object.keys(e.parameters));
        for (const [k, v] of Object.entries(e.parameters)) {
          assertClose(got[k], mat(v), { rtol: 0, atol: 0, name: `${e.fn}(${e.dims}).${k}` });
        }
      }
    });
  });

  describe("zeros initialization", () => {
    it("prints ln 2 at every checkpoint, …455 at 10000, exactly as numpy; accuracies 0.5 / 0.5", () => {
      const { costs, rest } = splitRun(lab.stdout("train-zeros"));
      expect(costs).to.deep.equal(ZEROS_COSTS);
      expect(costs).to.deep.equal(fx.models.zeros.costText);
      expect(rest).to.deep.equal(["On the train set:", "Accuracy: 0.5", "On the test set:", "Accuracy: 0.5"]);
    });
    it("predicts 0 everywhere, printed as numpy prints int arrays", () => {
      expect(lab.stdout("zeros-predictions")).to.equal(
        `predictions_train = ${fx.models.zeros.predictionsTrainText}\npredictions_test = ${fx.models.zeros.predictionsTestText}\n`);
      expect(fx.models.zeros.predictionsTrain).to.equal("0".repeat(300));
    });
  });

  describe("large random initialization", () => {
    it("prints `Cost after iteration 0: inf`, then costs near the course's (rel 2e-2, see the header); accuracies 0.83 / 0.86", () => {
      const { costs, rest } = splitRun(lab.stdout("train-random"));
      expect(costs).to.have.length(15);
      expect(costs[0]).to.equal("inf");
      assertClose(costs.slice(1).map(Number), RANDOM_COSTS, { rtol: 2e-2, name: "random-init costs vs the course's run" });
      expect(rest).to.deep.equal(["On the train set:", "Accuracy: 0.83", "On the test set:", "Accuracy: 0.86"]);
    });
    it("prints predictions_train / predictions_test exactly as numpy does", () => {
      const out = lab.stdout("random-predictions");
      expect(out).to.equal(`${fx.models.random.predictionsTrainText}\n${fx.models.random.predictionsTestText}\n`);
      // LAB_SPEC §1: how both vectors begin
      expect(fx.models.random.predictionsTrain.startsWith("1011001111101001")).to.equal(true);
      expect(fx.models.random.predictionsTest.startsWith("1111010110111000")).to.equal(true);
    });
  });

  describe("He initialization", () => {
    it("prints the course's costs to 1e-12 relative; accuracies 0.9933333333333333 / 0.96 exactly", () => {
      const { costs, rest } = splitRun(lab.stdout("train-he"));
      assertClose(costs.map(Number), HE_COSTS, { rtol: 1e-12, name: "He costs vs LAB_SPEC" });
      assertClose(costs.map(Number), fx.models.he.costs, { rtol: 1e-12, name: "He costs vs numpy" });
      expect(rest).to.deep.equal(["On the train set:", "Accuracy: 0.9933333333333333", "On the test set:", "Accuracy: 0.96"]);
    });
  });

  describe("plots", () => {
    it("each training run shows its cost curve (15 points, 'Learning rate =0.01')", () => {
      for (const id of ["train-zeros", "train-random", "train-he"]) {
        const d = displays(lab, id);
        expect(d, id).to.have.length(1);
        const fig = d[0]["application/vnd.plotly.v1+json"] as { data: { y: unknown[] }[]; layout: { title: { text: string } } };
        expect(fig.layout.title.text, id).to.equal("Learning rate =0.01");
        expect(fig.data[0].y, id).to.have.length(15);
        expect(Object.keys(d[0]), id).to.include.members(["text/html", "image/svg+xml"]);
      }
    });
    it("each training run shows a progress line that ends at 15000/15000", () => {
      for (const id of ["train-zeros", "train-random", "train-he"]) {
        const bars = displays(lab, id, false).filter((d) => !("application/vnd.plotly.v1+json" in d));
        expect(bars, id).to.have.length(1);
        expect(String(bars[0]["text/plain"]), id).to.match(/^training \((zeros|random|he)\): 15000\/15000 \(100%\) · cost \S+ · done in /);
      }
    });
    it("each model's decision boundary is drawn on [-1.5, 1.5]²", () => {
      for (const id of ["zeros-boundary", "random-boundary", "he-boundary"]) {
        const d = displays(lab, id);
        expect(d, id).to.have.length(1);
        const fig = d[0]["application/vnd.plotly.v1+json"] as { layout: { xaxis: { range: number[] }; yaxis: { range: number[] }; images: unknown[] } };
        expect([fig.layout.xaxis.range, fig.layout.yaxis.range], id).to.deep.equal([[-1.5, 1.5], [-1.5, 1.5]]);
        expect(fig.layout.images, id).to.have.length(1);
      }
    });
  });

  it("ends with the results table and What to remember", () => {
    const results = sourceText(lab.cell("results"));
    for (const row of [/zeros initialization \| 50%/, /large random initialization \| 83%/, /He initialization \| 99%/]) expect(results).to.match(row);
    expect(sourceText(lab.cell("remember"))).to.match(/^## What to remember/);
    expect(sourceText(lab.cell("train-random-expected"))).to.include("divide by zero encountered in log");
  });
});
