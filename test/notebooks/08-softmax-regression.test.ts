// Notebook 08-softmax-regression through the real server and kernel: softmax and the stable /
// naive comparison against numpy's printout (tools/fixtures/gen_softmax.py → test/fixtures/softmax.json),
// the gradient checks below 1e-7, the spiral data, the linear and one-hidden-layer classifiers with
// their K-class decision regions, and the SIGNS link (ln 6 at zero parameters).
import { expect } from "chai";
import fs from "node:fs";
import { expectedPairs, expectPrintedAsExpected } from "../helpers/expectedOutput";
import { commonLabChecks, executeLab, type Executed } from "./harness";

const NAME = "08-softmax-regression";
const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/softmax.json", import.meta.url), "utf8"));

function plot(lab: Executed, id: string, k = 0): { data: any[]; layout: any } {
  const displays = (lab.cell(id).outputs ?? []).filter((o) => o.output_type === "display_data");
  expect(displays.length, `${id}: plots`).to.be.above(k);
  return (displays[k].data as Record<string, any>)["application/vnd.plotly.v1+json"];
}

function accuracies(stdout: string): [number, number] {
  const m = /train accuracy: (\S+), test accuracy: (\S+)\n/.exec(stdout);
  expect(m, stdout).to.not.equal(null);
  return [Number(m![1]), Number(m![2])];
}

describe(`notebook ${NAME} (real kernel)`, function () {
  this.timeout(300_000);
  let lab: Executed;
  before(async () => {
    lab = await executeLab(NAME);
  });
  commonLabChecks(NAME, () => lab);

  it("prints what each Expected output block says", () => {
    const ids = expectedPairs(lab.fresh);
    expect(ids).to.deep.equal(["softmax", "stable", "gradient-check", "data", "linear", "hidden", "signs"]);
    for (const id of ids) {
      if (id === "signs" && lab.stdout("signs").startsWith("SYNTHETIC")) continue; // the block is the course file's
      expectPrintedAsExpected(lab.fresh, lab.stdout, id);
    }
  });

  it("softmax of the lectures' z = (5, 2, −1, 3) as numpy prints it", () => {
    expect(lab.stdout("softmax")).to.equal(fx.notebook.softmax);
  });

  it("large logits: the naive formula gives NaN, the stable one numpy's probabilities", () => {
    expect(lab.stdout("stable")).to.equal(fx.notebook.stable);
    expect(lab.stdout("stable")).to.include("NaN entries: naive 3, stable 0");
  });

  it("the gradient checks of dZ and of dW, db: differences below 1e-7 (and above 0)", () => {
    const lines = lab.stdout("gradient-check").trimEnd().split("\n");
    expect(lines).to.have.length(3);
    for (const l of lines.slice(1)) {
      const m = /difference = (\S+) → correct \(< 1e-7\)$/.exec(l);
      expect(m, l).to.not.equal(null);
      expect(Number(m![1])).to.be.below(1e-7).and.above(0);
    }
    const sum = /largest \|column sum of dZ\| = (\S+)$/.exec(lines[0]);
    expect(Number(sum![1])).to.be.below(1e-15);
  });

  it("the spiral data: 3 classes of 100, numpy's points, drawn one colour per class", () => {
    const lines = lab.stdout("data").split("\n");
    expect(lines[0]).to.equal("X 2x300, labels 1x300, one-hot Y 3x300; test X 2x300");
    expect(lines.slice(1).join("\n")).to.equal(fx.notebook.dataExamples);
    const fig = plot(lab, "data");
    expect(fig.data.map((t) => t.name)).to.deep.equal(["class 0", "class 1", "class 2"]);
    expect(fig.data.map((t) => t.x.length)).to.deep.equal([100, 100, 100]);
  });

  it("a linear softmax classifier gets about half right; one hidden layer nearly all, on the test set too", () => {
    const [linTrain, linTest] = accuracies(lab.stdout("linear"));
    const [hidTrain, hidTest] = accuracies(lab.stdout("hidden"));
    expect(linTrain).to.be.within(0.4, 0.65);
    expect(linTest).to.be.within(0.4, 0.65);
    expect(hidTrain).to.be.above(0.97);
    expect(hidTest).to.be.above(0.95);
    expect(lab.stdout("linear")).to.match(/^Cost after iteration 0: 1\.09\d+\n/); // ≈ ln 3 at small weights
  });

  it("draws the decision regions of both models for the 3 classes (one map under the points)", () => {
    for (const id of ["linear", "hidden"]) {
      const fig = plot(lab, id);
      expect(fig.data.map((t) => t.name)).to.deep.equal(["class 0", "class 1", "class 2"]);
      expect(fig.layout.images).to.have.length(1);
      expect(fig.layout.images[0].source).to.match(/^data:image\/png;base64,/);
    }
    expect(plot(lab, "costs").data.map((t) => t.name)).to.deep.equal(["softmax regression", "one hidden layer"]);
  });

  it("links to SIGNS: 12288 inputs, 6 classes, J = ln 6 at zero parameters", () => {
    const out = lab.stdout("signs");
    expect(out).to.match(/SIGNS test set \((course|synthetic)\): X 12288x120, Y 6x120, examples per class/);
    expect(out).to.include("zero parameters: J = 1.791759469228055 = ln 6 = 1.791759469228055");
    expect(out).to.match(/random weights: Z3 6x120, J = \d\.\d{4}, columns of A3 sum to 1: true/);
    if (out.includes("(course)")) expect(out).to.include("examples per class 20 20 20 20 20 20");
  });
});
