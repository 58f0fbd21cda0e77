// Notebook 06-hyperparameter-search through the real server and kernel: every deterministic line
// against the same search recomputed here in Node from the same seeds (one trial at a time, the
// library's sources), the chosen hyperparameters against their known values, the parallel run
// (worker threads started from inside the kernel) against the one-at-a-time run it printed next
// to, and the plots' content.
import { expect } from "chai";
import os from "node:os";
import * as tsdl from "../../lib/src/index";
import { expectedPairs, expectPrintedAsExpected } from "../helpers/expectedOutput";
import { commonLabChecks, executeLab, type Executed } from "./harness";

const NAME = "06-hyperparameter-search";
const S = tsdl.search;
type TrialResult = tsdl.search.TrialResult;

/** The notebook's describeTrial: α, β and the dev results of a trial on one line. */
function describeTrial(r: TrialResult): string {
  const flag = r.diverged ? "  (diverged)" : "";
  return `trial ${String(r.id).padStart(3)}: α = ${r.learningRate.toPrecision(4).padEnd(9)} β = ${r.beta.toFixed(5)}  dev accuracy ${r.devAccuracy.toFixed(2)}  dev cost ${r.devCost.toFixed(4)}${flag}`;
}

/** The plotly traces of the one plot a cell shows. */
function plotTraces(lab: Executed, id: string): { name: string; x: number[]; y: number[]; mode: string }[] {
  const displays = (lab.cell(id).outputs ?? []).filter((o) => o.output_type === "display_data");
  expect(displays, `${id}: one plot`).to.have.length(1);
  const data = displays[0].data as Record<string, any>;
  expect(Object.keys(data)).to.include.members(["application/vnd.plotly.v1+json", "image/svg+xml", "text/html", "text/plain"]);
  return data["application/vnd.plotly.v1+json"].data;
}

describe(`notebook ${NAME} (real kernel)`, function () {
  this.timeout(300_000);
  let lab: Executed;
  // the notebook's search, recomputed here one trial at a time from the same seeds
  let randomResults: TrialResult[];
  let fineSpace: tsdl.search.SearchSpace;
  let ranked: TrialResult[];
  before(async () => {
    lab = await executeLab(NAME);
    const [X, Y] = tsdl.optUtils.loadDataset();
    const split = S.trainDevSplit(X, Y, 100, 1);
    randomResults = S.runTrialsSerial(S.randomSearch(S.LECTURE_SPACE, 25, 1), split).results;
    fineSpace = S.zoomIn(S.LECTURE_SPACE, S.rankResults(randomResults).slice(0, 5), 0.05);
    const fine = S.runTrialsSerial(S.randomSearch(fineSpace, 15, 2, 200), split).results;
    ranked = S.rankResults([...randomResults, ...fine]);
  });
  commonLabChecks(NAME, () => lab);

  it("prints what each Expected output block says", () => {
    const ids = expectedPairs(lab.fresh);
    expect(ids).to.deep.equal(["data", "panda", "scale", "random-trials", "same-results", "grid", "fine", "chosen"]);
    for (const id of ids) expectPrintedAsExpected(lab.fresh, lab.stdout, id);
  });

  it("splits the 300 moons into 200 training and 100 dev examples", () => {
    expect(lab.stdout("data").split("\n")[0]).to.equal("trainX (2, 200), trainY (1, 200), devX (2, 100), devY (1, 100)");
  });

  it("the babysat model (α = 0.0007, β = 0.9) is the Week 2 model run here for 1000 epochs", () => {
    const [X, Y] = tsdl.optUtils.loadDataset();
    const r = S.runTrial({ id: 0, learningRate: 0.0007, beta: 0.9, rAlpha: Math.log10(0.0007), rBeta: -1 }, S.trainDevSplit(X, Y, 100, 1));
    expect(lab.stdout("panda")).to.equal(`${describeTrial(r)}\ntrain accuracy ${r.trainAccuracy.toFixed(3)}, last epoch's cost ${r.trainCost.toFixed(4)}\n`);
    expect(plotTraces(lab, "panda")[0].x).to.have.length(21); // epochs 0, 50, …, 950 and 999
  });

  it("log-scale sampling gives each decade of α a quarter of the draws; uniform sampling 90 % to [0.1, 1]", () => {
    const lines = lab.stdout("scale").split("\n");
    const shares = lines.slice(1, 5).map((l) => l.trim().split(/\s+/).slice(-2).map(Number));
    expect(shares[3][0]).to.be.closeTo(0.9, 0.015);
    for (const [, logShare] of shares) expect(logShare).to.be.closeTo(0.25, 0.015);
    expect(lines[6]).to.equal("β = 0.9005: averages over about 1/(1 − β) = 10.1 steps");
    expect(lines[8]).to.equal("β = 0.9995: averages over about 1/(1 − β) = 2000.0 steps");
  });

  it("the 25 random trials are randomSearch(LECTURE_SPACE, 25, 1): numpy's RandomState(1) exponents", () => {
    const trials = S.randomSearch(S.LECTURE_SPACE, 25, 1);
    const lines = lab.stdout("random-trials").trimEnd().split("\n");
    expect(lines[0]).to.equal("25 trials; first three:");
    trials.slice(0, 3).forEach((t, i) => {
      expect(lines[i + 1]).to.equal(`  trial ${t.id}: r_α = ${t.rAlpha.toFixed(4)} → α = ${t.learningRate.toPrecision(4)},  r_β = ${t.rBeta.toFixed(4)} → β = ${t.beta.toFixed(5)}`);
    });
    expect(lines[1]).to.match(/r_α = -2\.3319 .* r_β = -1\.5594/); // numpy: -4 + 4·rand(), -3 + 2·rand() (test/fixtures/search.json)
  });

  it("ran the trials on worker threads from inside the kernel and printed the measured speed-up (output not compared)", () => {
    expect(lab.cell("speedup").metadata.tags).to.deep.equal(["nbval-ignore-output"]);
    const m = /^one at a time: +(\d+\.\d\d) s\n(\d+) worker threads: +(\d+\.\d\d) s\nspeed-up: (\d+\.\d\d)x on (\d+) cores \(load average over the last minute: \d+\.\d\)\n$/.exec(lab.stdout("speedup"));
    expect(m, lab.stdout("speedup")).to.not.equal(null);
    const [serial, workers, parallel, speedup, cores] = [Number(m![1]), Number(m![2]), Number(m![3]), Number(m![4]), Number(m![5])];
    expect(cores).to.equal(os.availableParallelism());
    expect(workers).to.equal(Math.min(cores, 25));
    expect(serial).to.be.above(0);
    expect(parallel).to.be.above(0);
    expect(speedup).to.be.closeTo(serial / parallel, 0.02 + speedup * 0.01);
  });

  it("the parallel results equal the one-at-a-time ones (asserted in the kernel), and the five best are the search rerun here", () => {
    const lines = lab.stdout("same-results").trimEnd().split("\n");
    expect(lines[0]).to.equal("25 trials: the same results one at a time and on worker threads");
    expect(lines.slice(1)).to.deep.equal(S.rankResults(randomResults).slice(0, 5).map(describeTrial));
  });

  it("a 5 × 5 grid tries 5 learning rates, the random search 25 — in the printout and in the plot", () => {
    const lines = lab.stdout("grid").trimEnd().split("\n");
    expect(lines[0]).to.match(/^grid: {3}25 trials, 5 distinct learning rates; best trial 1\d\d: α = /);
    expect(lines[1]).to.equal(`random: 25 trials, 25 distinct learning rates; best ${describeTrial(S.rankResults(randomResults)[0])}`);
    const [grid, random] = plotTraces(lab, "grid");
    expect(grid.x).to.have.length(25);
    expect(new Set(grid.x).size).to.equal(5);
    expect([...new Set(grid.x)].sort((a, b) => a - b)).to.deep.equal([-4, -3, -2, -1, 0]);
    expect(new Set(random.x).size).to.equal(25);
    expect(random.y).to.deep.equal(randomResults.map((r) => r.devAccuracy));
  });

  it("the plane view shows all 25 random trials in accuracy bands, and the search space", () => {
    const traces = plotTraces(lab, "plane");
    const points = traces.filter((t) => t.mode === "markers");
    expect(points.reduce((n, t) => n + t.x.length, 0)).to.equal(25);
    expect(traces.map((t) => t.name)).to.include("search space");
  });

  it("coarse to fine: the box around the five best, then 15 trials in it, as rerun here", () => {
    const lines = lab.stdout("fine").trimEnd().split("\n");
    const fmt = ([lo, hi]: readonly [number, number]) => `[${lo.toFixed(3)}, ${hi.toFixed(3)}]`;
    expect(lines[0]).to.equal(`fine box: r_α in ${fmt(fineSpace.rAlpha)} (α from ${Math.pow(10, fineSpace.rAlpha[0]).toPrecision(3)} to ${Math.pow(10, fineSpace.rAlpha[1]).toPrecision(3)}), r_β in ${fmt(fineSpace.rBeta)}`);
    expect(lines.slice(3)).to.deep.equal(ranked.slice(0, 3).map(describeTrial));
    const traces = plotTraces(lab, "fine");
    expect(traces.filter((t) => t.mode === "markers").reduce((n, t) => n + t.x.length, 0)).to.equal(40);
    expect(traces.map((t) => t.name)).to.include.members(["coarse space", "fine box"]);
  });

  it("chooses α = 0.151335, β = 0.996639 (trial 200), reproducible by seed: the same as the search rerun here", () => {
    const best = ranked[0];
    const lines = lab.stdout("chosen").split("\n");
    expect(lines[0]).to.equal("chosen: α = 0.151335, β = 0.996639 (trial 200, fine search)");
    expect(lines[0]).to.equal(`chosen: α = ${best.learningRate.toPrecision(6)}, β = ${best.beta.toPrecision(6)} (trial ${best.id}, fine search)`);
    expect(lines[1]).to.equal(`dev accuracy ${best.devAccuracy.toFixed(2)}, dev cost ${best.devCost.toFixed(4)}, train accuracy ${best.trainAccuracy.toFixed(3)}`);
    const curves = plotTraces(lab, "chosen");
    expect(curves).to.have.length(40);
    expect(curves[39].name).to.equal("chosen: trial 200");
  });
});
