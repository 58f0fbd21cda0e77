// Notebook 07-batch-normalization through the real server and kernel: the step-by-step forward pass
// against numpy's printout (tools/fixtures/gen_bn.py → test/fixtures/bn.json), the gradient check of
// the BN layer's dγ, dβ and dZ below 1e-7, the shortcut backward caught, the 5-layer comparison with
// and without batch norm, and training mode against test mode.
import { expect } from "chai";
import fs from "node:fs";
import { expectedPairs, expectPrintedAsExpected } from "../helpers/expectedOutput";
import { commonLabChecks, executeLab, type Executed } from "./harness";

const NAME = "07-batch-normalization";
const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/bn.json", import.meta.url), "utf8"));

function displays(lab: Executed, id: string): Record<string, any>[] {
  return (lab.cell(id).outputs ?? []).filter((o) => o.output_type === "display_data").map((o) => o.data as Record<string, any>);
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
    expect(ids).to.deep.equal(["forward", "identity", "gradient-check", "wrong", "train", "modes"]);
    for (const id of ids) expectPrintedAsExpected(lab.fresh, lab.stdout, id);
  });

  it("the forward pass, step by step, prints numpy's μ, σ², z_norm and z̃ digit for digit", () => {
    expect(lab.stdout("forward")).to.equal(fx.notebook.forwardText);
  });

  it("γ = √(σ² + ε), β = μ give back Z", () => {
    expect(lab.stdout("identity")).to.equal("with γ = √(σ² + ε) and β = μ: largest |Z̃ − Z| = 0.0\n");
  });

  it("the gradient check of dγ, dβ and dZ: every difference below 1e-7 (and above 0: a real comparison), numpy's cost", () => {
    const lines = lab.stdout("gradient-check").trimEnd().split("\n");
    expect(lines[0]).to.equal(`cost J = ${fx.notebook.cost}, 21 entries checked`);
    const diffs = lines.slice(1).map((l) => {
      const m = /difference = (\S+)/.exec(l);
      expect(m, l).to.not.equal(null);
      return Number(m![1]);
    });
    expect(lines.slice(1, 4).map((l) => l.split(" ")[0])).to.deep.equal(["dgamma", "dbeta", "dZ"]);
    for (const d of diffs) {
      expect(d).to.be.below(1e-7);
      expect(d).to.be.above(0);
    }
    expect(lines[4]).to.match(/^all together: difference = \S+ → correct \(< 1e-7\)$/);
  });

  it("the shortcut dZ = γ dz̃ / √(σ² + ε) fails the check", () => {
    const m = /^dZ without the paths through μ and σ²: difference = (\S+) → wrong\n$/.exec(lab.stdout("wrong"));
    expect(m, lab.stdout("wrong")).to.not.equal(null);
    expect(Number(m![1])).to.be.above(0.01);
  });

  it("the batch-norm network has W, γ, β per hidden layer and W5, b5, no hidden b", () => {
    expect(lab.stdout("model")).to.equal("trainX 2x300, testX 2x100; parameters with batch norm: W1 gamma1 beta1 W2 gamma2 beta2 W3 gamma3 beta3 W4 gamma4 beta4 W5 b5\n");
  });

  it("same data, same weights: batch norm learns at α = 0.01 where the plain network stalls, and trains at α = 1 where it collapses", () => {
    const rows = lab.stdout("train").trimEnd().split("\n").slice(1).map((l) => l.trim().split(/\s+/));
    expect(rows.map((r) => r.slice(0, 2))).to.deep.equal([["0.01", "no"], ["0.01", "yes"], ["1", "no"], ["1", "yes"]]);
    const [plainSmall, bnSmall, plainLarge, bnLarge] = rows.map((r) => r.slice(2).map(Number)); // costs at 0, 50, 100, 299; train acc; test acc
    expect(bnSmall[3]).to.be.below(plainSmall[3] - 0.2);
    expect(plainSmall[3]).to.be.above(0.6);
    expect(plainLarge[4]).to.equal(0.5); // one class for everything
    expect(bnLarge[4]).to.be.above(0.9);
    expect(bnSmall[5]).to.be.above(0.9);
  });

  it("draws the two pairs of cost curves, 300 epochs each", () => {
    const figs = displays(lab, "curves");
    expect(figs).to.have.length(2);
    for (const f of figs) {
      const traces = f["application/vnd.plotly.v1+json"].data;
      expect(traces.map((t: any) => t.name)).to.deep.equal(["without", "with batch norm"]);
      for (const t of traces) expect(t.y).to.have.length(300);
    }
  });

  it("training mode and test mode give different outputs; one example alone in training mode loses its input", () => {
    const out = lab.stdout("modes");
    const largest = /largest difference: (\S+)/.exec(out);
    expect(Number(largest![1])).to.be.above(0.01);
    const alone = /examples 0 and 1 alone, training mode: (\S+) and (\S+) \(labels 1 and 0\)/.exec(out);
    expect(alone, out).to.not.equal(null);
    expect(alone![1]).to.equal(alone![2]);
    const test = /examples 0 and 1 alone, test mode: +(\S+) and (\S+)\n/.exec(out);
    expect(Number(test![1])).to.not.equal(Number(test![2]));
  });
});
