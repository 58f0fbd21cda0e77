/**
 * Where hyperparameters are drawn from, as the lectures teach it (Week 3, "Using an appropriate
 * scale to pick hyperparameters"): the learning rate on a log scale, α = 10^r with r uniform in
 * [−4, 0]; momentum's β through 1 − β on a log scale, β = 1 − 10^r with r uniform in [−3, −1]
 * (β from 0.9 to 0.999, as finely near 0.999 as near 0.9). A search space is those two ranges of r;
 * grid search, random search and coarse-to-fine zooming all work on r.
 */
import { RandomState } from "../random";

/** A closed interval [lo, hi] of an exponent r. */
export type Interval = readonly [number, number];

/** The ranges of r_α (α = 10^r_α) and r_β (β = 1 − 10^r_β). */
export interface SearchSpace {
  rAlpha: Interval;
  rBeta: Interval;
}

/** One hyperparameter setting to try: its number, α and β (and the exponents they came from). */
export interface Trial {
  id: number;
  learningRate: number;
  beta: number;
  rAlpha: number;
  rBeta: number;
}

/** The lectures' space: α from 1e-4 to 1 and β from 0.9 to 0.999. */
export const LECTURE_SPACE: SearchSpace = { rAlpha: [-4, 0], rBeta: [-3, -1] };

function checkInterval(op: string, name: string, r: Interval): void {
  if (!Array.isArray(r) || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || r[0] > r[1]) {
    throw new Error(`${op}: ${name} must be [lo, hi] with finite lo <= hi, got ${JSON.stringify(r)}`);
  }
}

function checkSpace(op: string, space: SearchSpace): void {
  if (typeof space !== "object" || space === null) throw new Error(`${op}: expected a search space {rAlpha, rBeta}, got ${String(space)}`);
  checkInterval(op, "rAlpha", space.rAlpha);
  checkInterval(op, "rBeta", space.rBeta);
  if (space.rBeta[1] >= 0) throw new Error(`${op}: rBeta must stay below 0 (β = 1 − 10^r must be > 0), got ${JSON.stringify(space.rBeta)}`);
}

/** α = 10^r. Example: `learningRateOf(-2)` → 0.01. */
export function learningRateOf(r: number): number {
  return Math.pow(10, r);
}

/** β = 1 − 10^r. Example: `betaOf(-1)` → 0.9. */
export function betaOf(r: number): number {
  return 1 - Math.pow(10, r);
}

function trial(id: number, rAlpha: number, rBeta: number): Trial {
  return { id, learningRate: learningRateOf(rAlpha), beta: betaOf(rBeta), rAlpha, rBeta };
}

/**
 * `n` random settings: for each, r_α then r_β uniform in their ranges (rand() from a RandomState
 * seeded with `seed`, so the same seed gives the same trials). Ids count from `firstId`.
 * Example: `randomSearch(LECTURE_SPACE, 25, 1)` → 25 trials, α in [1e-4, 1], β in [0.9, 0.999].
 */
export function randomSearch(space: SearchSpace, n: number, seed: number, firstId = 0): Trial[] {
  checkSpace("randomSearch", space);
  if (!Number.isInteger(n) || n < 1) throw new Error(`randomSearch: n must be a positive integer, got ${n}`);
  const rng = new RandomState(seed);
  const [a0, a1] = space.rAlpha;
  const [b0, b1] = space.rBeta;
  const trials: Trial[] = [];
  for (let i = 0; i < n; i++) {
    const rAlpha = a0 + (a1 - a0) * rng.rand();
    const rBeta = b0 + (b1 - b0) * rng.rand();
    trials.push(trial(firstId + i, rAlpha, rBeta));
  }
  return trials;
}

/**
 * A k × k grid: k evenly spaced values of r_α (ends included) times k of r_β, r_α varying slowest.
 * Example: `gridSearch(LECTURE_SPACE, 5)` → 25 trials but only 5 distinct learning rates.
 */
export function gridSearch(space: SearchSpace, k: number, firstId = 0): Trial[] {
  checkSpace("gridSearch", space);
  if (!Number.isInteger(k) || k < 2) throw new Error(`gridSearch: k must be an integer >= 2, got ${k}`);
  const at = ([lo, hi]: Interval, i: number): number => lo + ((hi - lo) * i) / (k - 1);
  const trials: Trial[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) trials.push(trial(firstId + i * k + j, at(space.rAlpha, i), at(space.rBeta, j)));
  }
  return trials;
}

/**
 * Coarse to fine: the smallest box (in r) around `best`, widened on each side by `margin` times
 * the width of `space` and clipped to it.
 * Example: `zoomIn(LECTURE_SPACE, top5, 0.05)` → a smaller {rAlpha, rBeta} holding the five.
 */
export function zoomIn(space: SearchSpace, best: readonly Trial[], margin = 0.05): SearchSpace {
  checkSpace("zoomIn", space);
  if (!Array.isArray(best) || best.length === 0) throw new Error("zoomIn: needs at least one trial to zoom in on");
  if (!(margin >= 0)) throw new Error(`zoomIn: margin must be >= 0, got ${margin}`);
  const box = (values: number[], [lo, hi]: Interval): Interval => {
    const pad = margin * (hi - lo);
    return [Math.max(lo, Math.min(...values) - pad), Math.min(hi, Math.max(...values) + pad)];
  };
  return { rAlpha: box(best.map((t) => t.rAlpha), space.rAlpha), rBeta: box(best.map((t) => t.rBeta), space.rBeta) };
}

/**
 * How many different values of each hyperparameter a set of trials tries.
 * Example: `distinctValues(gridSearch(LECTURE_SPACE, 5))` → {learningRate: 5, beta: 5}.
 */
export function distinctValues(trials: readonly Trial[]): { learningRate: number; beta: number } {
  return { learningRate: new Set(trials.map((t) => t.learningRate)).size, beta: new Set(trials.map((t) => t.beta)).size };
}
