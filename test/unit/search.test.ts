// tsdl.search (lib/src/search): log-scale sampling, grid / random / coarse-to-fine, the dev split and
// one trial against numpy (tools/fixtures/gen_search.py → test/fixtures/search.json), and the
// worker-thread runner: same results as one at a time, every worker gone after success, a trial's
// error, and a timeout.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import * as A from "../../lib/src/array";
import { assertClose } from "../../lib/src/check";
import { loadMoonsDataset } from "../../lib/src/data/generators";
import { trainDevSplit } from "../../lib/src/search/devSplit";
import { runTrialsParallel, runTrialsSerial, workerScript } from "../../lib/src/search/parallel";
import { betaOf, distinctValues, gridSearch, LECTURE_SPACE, learningRateOf, randomSearch, zoomIn, type Trial } from "../../lib/src/search/space";
import { DEFAULT_SETTINGS, rankResults, runTrial, type TrialResult, type TrialSettings } from "../../lib/src/search/trial";
import { num, type Enc } from "../helpers/fixtures";

const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/search.json", import.meta.url), "utf8"));
const EXACT = { rtol: 0, atol: 0 };
const { trainX: X, trainY: Y } = loadMoonsDataset();
const split = trainDevSplit(X, Y, fx.split.devSize, fx.split.seed);
const SHORT: TrialSettings = { ...DEFAULT_SETTINGS, epochs: 40, recordEvery: 10 };

/** Starts watching workers: the list, and how many have emitted "exit". */
function watcher(): { onWorker: (w: Worker) => void; workers: Worker[]; exited: () => number } {
  const workers: Worker[] = [];
  let exits = 0;
  return {
    workers,
    onWorker: (w) => {
      workers.push(w);
      w.on("exit", () => exits++);
    },
    exited: () => exits,
  };
}

describe("tsdl.search space", () => {
  it("samples on the lectures' log scales: α = 10^r, β = 1 − 10^r", () => {
    expect(learningRateOf(-2)).to.equal(0.01);
    expect(betaOf(-1)).to.equal(0.9);
    expect(betaOf(-3)).to.be.closeTo(0.999, 1e-15);
    expect(LECTURE_SPACE).to.deep.equal({ rAlpha: [-4, 0], rBeta: [-3, -1] });
  });
  it("randomSearch draws numpy's exponents from RandomState(seed) (r_α then r_β per trial)", () => {
    const trials = randomSearch(LECTURE_SPACE, 25, fx.random.seed);
    expect(trials.map((t) => t.id)).to.deep.equal(Array.from({ length: 25 }, (_, i) => i));
    (fx.random.trials as Record<string, Enc>[]).forEach((ref, i) => {
      assertClose(trials[i].rAlpha, num(ref.rAlpha), { ...EXACT, name: `rAlpha ${i}` });
      assertClose(trials[i].rBeta, num(ref.rBeta), { ...EXACT, name: `rBeta ${i}` });
      // Math.pow and Python's ** (glibc pow) may differ in the last bit
      assertClose(trials[i].learningRate, num(ref.learningRate), { rtol: 4e-16, name: `alpha ${i}` });
      assertClose(trials[i].beta, num(ref.beta), { rtol: 4e-16, name: `beta ${i}` });
    });
  });
  it("randomSearch is reproducible by seed and differs between seeds", () => {
    expect(randomSearch(LECTURE_SPACE, 10, 7)).to.deep.equal(randomSearch(LECTURE_SPACE, 10, 7));
    expect(randomSearch(LECTURE_SPACE, 10, 7)[0].rAlpha).to.not.equal(randomSearch(LECTURE_SPACE, 10, 8)[0].rAlpha);
    const ids = randomSearch(LECTURE_SPACE, 3, 7, 100).map((t) => t.id);
    expect(ids).to.deep.equal([100, 101, 102]);
  });
  it("a k × k grid tries only k learning rates; random trials try as many as there are trials", () => {
    const grid = gridSearch(LECTURE_SPACE, 5);
    expect(grid).to.have.length(25);
    expect(distinctValues(grid)).to.deep.equal({ learningRate: 5, beta: 5 });
    expect([...new Set(grid.map((t) => t.rAlpha))]).to.deep.equal([-4, -3, -2, -1, 0]);
    expect(distinctValues(randomSearch(LECTURE_SPACE, 25, 1))).to.deep.equal({ learningRate: 25, beta: 25 });
  });
  it("zoomIn boxes the given trials with a margin, inside the space", () => {
    const some: Trial[] = [
      { id: 0, rAlpha: -1, rBeta: -2, learningRate: 0.1, beta: 0.99 },
      { id: 1, rAlpha: -0.1, rBeta: -1.5, learningRate: 10 ** -0.1, beta: 1 - 10 ** -1.5 },
    ];
    const box = zoomIn(LECTURE_SPACE, some, 0.05);
    assertClose(box.rAlpha, [-1.2, 0], { rtol: 1e-15 });
    assertClose(box.rBeta, [-2.1, -1.4], { rtol: 1e-15 });
    for (const t of randomSearch(box, 50, 3)) {
      expect(t.rAlpha).to.be.within(-1.2, 0);
      expect(t.rBeta).to.be.within(-2.1, -1.4);
    }
    expect(() => zoomIn(LECTURE_SPACE, [])).to.throw(/needs at least one trial/);
  });
  it("names bad spaces", () => {
    expect(() => randomSearch({ rAlpha: [0, -4], rBeta: [-3, -1] }, 3, 1)).to.throw(/rAlpha must be \[lo, hi\] with finite lo <= hi/);
    expect(() => randomSearch({ rAlpha: [-4, 0], rBeta: [-3, 0] }, 3, 1)).to.throw(/rBeta must stay below 0/);
    expect(() => randomSearch(LECTURE_SPACE, 0, 1)).to.throw(/n must be a positive integer/);
    expect(() => gridSearch(LECTURE_SPACE, 1)).to.throw(/k must be an integer >= 2/);
  });
});

describe("tsdl.search trials", () => {
  it("trainDevSplit keeps the last 100 columns of numpy's RandomState(1).permutation(300) for dev", () => {
    const order: number[] = fx.split.order;
    assertClose(split.devX, A.columns(X, order.slice(200)), EXACT);
    assertClose(split.trainY, A.columns(Y, order.slice(0, 200)), EXACT);
    expect(split.trainX.shape).to.deep.equal([2, 200]);
    expect(() => trainDevSplit(X, Y, 300, 1)).to.throw(/devSize must be an integer in \[1, 299\] for m = 300, got 300/);
  });
  for (const [k, ref] of (fx.trials as Record<string, Enc>[]).entries()) {
    it(`runTrial gives numpy's model (α ${num(ref.learningRate).toPrecision(3)}, β ${num(ref.beta).toPrecision(4)}, ${ref.epochs} epochs): accuracies exact, costs to 1e-10`, () => {
      const trial: Trial = { id: k, learningRate: num(ref.learningRate), beta: num(ref.beta), rAlpha: Math.log10(num(ref.learningRate)), rBeta: Math.log10(1 - num(ref.beta)) };
      const r = runTrial(trial, split, { ...DEFAULT_SETTINGS, epochs: ref.epochs as number });
      expect(r.diverged).to.equal(false);
      expect(r.devAccuracy).to.equal(num(ref.devAccuracy));
      expect(r.trainAccuracy).to.equal(num(ref.trainAccuracy));
      assertClose(r.trainCost, num(ref.trainCost), { rtol: 1e-10, name: "train cost" });
      assertClose(r.devCost, num(ref.devCost), { rtol: 1e-10, name: "dev cost" });
      expect(r.devCurve[r.devCurve.length - 1]).to.deep.equal([(ref.epochs as number) - 1, r.devCost]);
    });
  }
  it("a trial whose cost becomes NaN or infinite is marked diverged and stops there", () => {
    for (const learningRate of [1e4, 1e200]) {
      const r = runTrial({ id: 9, learningRate, beta: 0.9, rAlpha: Math.log10(learningRate), rBeta: -1 }, split, SHORT);
      expect(r.diverged, `α = ${learningRate}`).to.equal(true);
      expect(r.lastEpoch).to.be.below(SHORT.epochs - 1);
      expect(Number.isFinite(r.trainCost)).to.equal(false);
      expect(r.devCurve.every(([, c]) => Number.isFinite(c))).to.equal(true);
    }
    expect(runTrial({ id: 8, learningRate: 2, beta: 0.9, rAlpha: Math.log10(2), rBeta: -1 }, split, SHORT).diverged).to.equal(false);
  });
  it("rankResults: highest dev accuracy, then lowest dev cost, then id; diverged last", () => {
    const base = { learningRate: 0.1, beta: 0.9, rAlpha: -1, rBeta: -1, trainCost: 0, trainAccuracy: 0, lastEpoch: 0, devCurve: [] };
    const rs: TrialResult[] = [
      { ...base, id: 0, devAccuracy: 0.9, devCost: 0.3, diverged: false },
      { ...base, id: 1, devAccuracy: 0.95, devCost: 0.4, diverged: false },
      { ...base, id: 2, devAccuracy: 0.95, devCost: 0.2, diverged: false },
      { ...base, id: 3, devAccuracy: 0.99, devCost: NaN, diverged: true },
      { ...base, id: 4, devAccuracy: 0.95, devCost: 0.2, diverged: false },
    ];
    expect(rankResults(rs).map((r) => r.id)).to.deep.equal([2, 4, 1, 0, 3]);
  });
  it("names bad trials", () => {
    expect(() => runTrial({ id: 5, learningRate: -1, beta: 0.9, rAlpha: 0, rBeta: -1 }, split)).to.throw(/trial 5: learningRate must be a positive number, got -1/);
    expect(() => runTrial({ id: 6, learningRate: 0.1, beta: 1, rAlpha: -1, rBeta: 0 }, split)).to.throw(/trial 6: beta must be in \[0, 1\), got 1/);
    expect(() => runTrial({ id: 7, learningRate: 0.1, beta: 0.9, rAlpha: -1, rBeta: -1 }, split, { ...SHORT, layersDims: [3, 5, 2, 1] })).to.throw(/trainX has 2 features/);
  });
});

describe("tsdl.search on worker threads", function () {
  this.timeout(60_000);
  const trials = randomSearch(LECTURE_SPACE, 6, 3);

  it("finds the compiled worker script beside the module (from the sources: lib/dist/search/worker.js)", () => {
    expect(workerScript()).to.equal(path.resolve(__dirname, "..", "..", "lib", "dist", "search", "worker.js"));
  });
  it("gives the same results as one at a time, in the trials' order, and leaves no worker behind", async () => {
    const w = watcher();
    const serial = runTrialsSerial(trials, split, SHORT);
    const parallel = await runTrialsParallel(trials, split, SHORT, { workers: 2, onWorker: w.onWorker });
    expect(parallel.workers).to.equal(2);
    expect(parallel.results).to.deep.equal(serial.results);
    expect(parallel.results.map((r) => r.id)).to.deep.equal(trials.map((t) => t.id));
    expect(w.workers).to.have.length(2);
    expect(w.exited()).to.equal(2);
    for (const worker of w.workers) expect(worker.threadId).to.equal(-1);
  });
  it("the same results in fma matmul mode too (the workers take the caller's mode)", async () => {
    const previous = A.setMatmulMode("fma");
    try {
      const serial = runTrialsSerial(trials.slice(0, 2), split, SHORT);
      const parallel = await runTrialsParallel(trials.slice(0, 2), split, SHORT, { workers: 2 });
      expect(parallel.results).to.deep.equal(serial.results);
    } finally {
      A.setMatmulMode(previous);
    }
  });
  it("a trial that throws rejects the run, naming the trial, and every worker is terminated", async () => {
    const w = watcher();
    const bad = [...trials.slice(0, 3), { ...trials[3], id: 42, learningRate: NaN }, ...trials.slice(4)];
    let error: Error | null = null;
    await runTrialsParallel(bad, split, SHORT, { workers: 2, onWorker: w.onWorker }).catch((e: Error) => (error = e));
    expect(error, "rejected").to.not.equal(null);
    expect(error!.message).to.match(/runTrialsParallel: trial 42 failed in worker \d: runTrial: trial 42: learningRate must be a positive number, got NaN/);
    expect(w.exited()).to.equal(w.workers.length);
    for (const worker of w.workers) expect(worker.threadId).to.equal(-1);
  });
  it("a trial over its time limit rejects the run and every worker is terminated", async () => {
    const w = watcher();
    let error: Error | null = null;
    await runTrialsParallel(trials, split, { ...DEFAULT_SETTINGS, epochs: 100_000 }, { workers: 2, timeoutMs: 300, onWorker: w.onWorker }).catch((e: Error) => (error = e));
    expect(error!.message).to.match(/runTrialsParallel: trial \d+ did not finish within 300 ms \(worker \d\)/);
    expect(w.exited()).to.equal(2);
  });
  it("names bad options", async () => {
    let e: Error | null = null;
    await runTrialsParallel([], split).catch((x: Error) => (e = x));
    expect(e!.message).to.match(/expected a non-empty list of trials/);
    await runTrialsParallel(trials, split, SHORT, { workers: 0 }).catch((x: Error) => (e = x));
    expect(e!.message).to.match(/workers must be a positive integer, got 0/);
  });
});
