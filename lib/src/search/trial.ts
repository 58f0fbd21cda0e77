/**
 * One trial of a hyperparameter search: the optimization lab's model (Week 2: [2, 5, 2, 1],
 * LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID, He init with seed 3, mini-batches of 64 reshuffled
 * with seed 11, 12, … epoch after epoch, gradient descent with momentum) trained for a short run
 * with the trial's α and β, then scored on the held-out dev set. Everything but α and β is the
 * same in every trial, so a trial's result depends on its hyperparameters alone: a trial gives the
 * same numbers, bit for bit, wherever it runs (one at a time here, or in a worker thread).
 */
import { type Mat } from "../array";
import { computeCost, initializeParameters } from "../course/optUtils";
import { accuracy, backwardPropagationA, crossEntropyNansum, forwardPropagation, optimizer, predictLabels, randomMiniBatches, type Parameters } from "../nn";
import { RandomState } from "../random";
import type { TrainDev } from "./devSplit";
import type { Trial } from "./space";

/** What stays the same across the trials of a search. */
export interface TrialSettings {
  /** epochs per trial (short: the course's model runs 10000) */
  epochs: number;
  miniBatchSize: number;
  /** a 3-layer network's sizes [n_x, n1, n2, 1] */
  layersDims: readonly [number, number, number, number];
  /** the dev cost is recorded every this many epochs (and after the last) */
  recordEvery: number;
}

/** Short trials of the Week 2 model. */
export const DEFAULT_SETTINGS: TrialSettings = { epochs: 1000, miniBatchSize: 64, layersDims: [2, 5, 2, 1], recordEvery: 50 };

/** A trained trial: its hyperparameters and how the model did. */
export interface TrialResult extends Trial {
  /** the last epoch's cost, the lab's cost_avg (Σ over mini-batches of the summed logprobs / m) */
  trainCost: number;
  /** 1/m_dev · nansum(logprobs) on the dev set */
  devCost: number;
  trainAccuracy: number;
  devAccuracy: number;
  /**
   * the cost became NaN or ±Infinity (a3 saturated at exactly 0 or 1 — too large a step — or the
   * parameters overflowed): training stopped after that epoch, and the trial ranks last
   */
  diverged: boolean;
  /** the epoch the run ended after (epochs − 1 unless it diverged) */
  lastEpoch: number;
  /** [epoch, dev cost] every recordEvery epochs: the curve a "panda" babysitter watches */
  devCurve: [number, number][];
}

function checkTrial(t: Trial): void {
  if (typeof t !== "object" || t === null) throw new Error(`runTrial: expected a trial {id, learningRate, beta, …}, got ${String(t)}`);
  if (!(Number.isFinite(t.learningRate) && t.learningRate > 0)) throw new Error(`runTrial: trial ${t.id}: learningRate must be a positive number, got ${t.learningRate}`);
  if (!(t.beta >= 0 && t.beta < 1)) throw new Error(`runTrial: trial ${t.id}: beta must be in [0, 1), got ${t.beta}`);
}

function checkSettings(s: TrialSettings): void {
  for (const k of ["epochs", "miniBatchSize", "recordEvery"] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1) throw new Error(`runTrial: settings.${k} must be a positive integer, got ${s[k]}`);
  }
  const d = s.layersDims;
  if (!Array.isArray(d) || d.length !== 4 || d[3] !== 1) throw new Error(`runTrial: settings.layersDims must be a 3-layer [n_x, n1, n2, 1], got [${String(d)}]`);
}

function devCostOf(parameters: Parameters, devX: Mat, devY: Mat): number {
  const [a3] = forwardPropagation(devX, parameters);
  return crossEntropyNansum(a3, devY);
}

/**
 * Trains the Week 2 model with the trial's α and β and scores it on dev. Uses the course's
 * `initializeParameters`, which re-seeds the global `random` with 3 (as the lab does).
 * Example: `runTrial({id: 0, learningRate: 0.01, beta: 0.9, rAlpha: -2, rBeta: -1}, trainDevSplit(X, Y, 100, 1))`.
 */
export function runTrial(trial: Trial, data: TrainDev, settings: TrialSettings = DEFAULT_SETTINGS): TrialResult {
  checkTrial(trial);
  checkSettings(settings);
  const { trainX, trainY, devX, devY } = data;
  if (trainX.shape[0] !== settings.layersDims[0]) {
    throw new Error(`runTrial: trainX has ${trainX.shape[0]} features (shape (${trainX.shape.join(",")})), layersDims starts with ${settings.layersDims[0]}`);
  }
  const m = trainX.shape[1];
  const parameters = initializeParameters(settings.layersDims);
  const opt = optimizer("momentum", parameters, { beta: trial.beta });
  const shuffler = new RandomState(0); // re-seeded every epoch by randomMiniBatches
  const devCurve: [number, number][] = [];
  let seed = 10;
  let trainCost = NaN;
  let diverged = false;
  let lastEpoch = -1;
  for (let i = 0; i < settings.epochs; i++) {
    seed = seed + 1; // the lab's reshuffle: epoch i uses seed 11 + i
    let costTotal = 0;
    for (const [minibatchX, minibatchY] of randomMiniBatches(trainX, trainY, settings.miniBatchSize, seed, shuffler)) {
      const [a3, caches] = forwardPropagation(minibatchX, parameters);
      costTotal += computeCost(a3, minibatchY);
      const grads = backwardPropagationA(minibatchX, minibatchY, caches);
      opt.step(parameters, grads, trial.learningRate);
    }
    trainCost = costTotal / m;
    lastEpoch = i;
    if (!Number.isFinite(trainCost)) {
      diverged = true; // the course's model would print nan / inf from here on
      break;
    }
    if (i % settings.recordEvery === 0 || i === settings.epochs - 1) devCurve.push([i, devCostOf(parameters, devX, devY)]);
  }
  const devCost = devCostOf(parameters, devX, devY);
  return {
    ...trial,
    trainCost, devCost,
    trainAccuracy: accuracy(predictLabels(trainX, parameters), trainY),
    devAccuracy: accuracy(predictLabels(devX, parameters), devY),
    diverged, lastEpoch, devCurve,
  };
}

/**
 * Results best first: highest dev accuracy, then lowest dev cost, then lowest id (diverged runs last).
 * Example: `rankResults(results)[0]` → the chosen hyperparameters.
 */
export function rankResults(results: readonly TrialResult[]): TrialResult[] {
  const key = (r: TrialResult): [number, number] => (r.diverged ? [-Infinity, Infinity] : [r.devAccuracy, Number.isNaN(r.devCost) ? Infinity : r.devCost]);
  return [...results].sort((a, b) => {
    const [accA, costA] = key(a);
    const [accB, costB] = key(b);
    return accB - accA || costA - costB || a.id - b.id;
  });
}
