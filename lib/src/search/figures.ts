/**
 * Pictures of a hyperparameter search: trials on a log-scale learning-rate axis against their dev
 * accuracy, trials in the (r_α, r_β) plane coloured by dev accuracy with the coarse-to-fine box,
 * and the dev-cost curves of many models trained side by side. Built from tsdl.plot's pieces
 * (plain Plotly figures with a static SVG twin).
 */
import { COLORWAY } from "../plot/colors";
import type { Figure, ScatterTrace } from "../plot/figure";
import { extent, padded } from "../plot/input";
import { baseLayout } from "../plot/layout";
import type { SearchSpace } from "./space";
import type { TrialResult } from "./trial";

/** A named set of results drawn in one colour, e.g. {name: "random search", results}. */
export interface ResultGroup {
  name: string;
  results: readonly TrialResult[];
}

/** Axis titles: the learning rate is drawn at r_α = log₁₀ α, so equal steps are equal factors. */
export const LOG_ALPHA_TITLE = "learning rate α, log scale: log₁₀ α (−4 = 0.0001, 0 = 1)";
export const LOG_BETA_TITLE = "log₁₀(1 − β)   (−1: β = 0.9, −3: 0.999)";

function checkGroups(op: string, groups: readonly ResultGroup[]): void {
  if (!Array.isArray(groups) || groups.length === 0 || groups.some((g) => !g || !Array.isArray(g.results) || g.results.length === 0)) {
    throw new Error(`${op}: expected a non-empty list of {name, results} groups, each with results`);
  }
}

function markers(name: string, x: number[], y: number[], color: string, size = 9): ScatterTrace {
  return { type: "scatter", name, mode: "markers", x, y, marker: { color, size, opacity: 0.85, line: { color: "#ffffff", width: 0.8 } } };
}

/**
 * Dev accuracy against log₁₀ α, one colour per group (diverged trials are left out and counted in
 * the name). Example: `show(accuracyByLearningRate([{name: "grid", results: grid}, {name: "random", results: rnd}]))`.
 */
export function accuracyByLearningRate(groups: readonly ResultGroup[], opts: { title?: string } = {}): Figure {
  checkGroups("accuracyByLearningRate", groups);
  const traces = groups.map((g, k) => {
    const ok = g.results.filter((r) => !r.diverged);
    const dropped = g.results.length - ok.length;
    const name = dropped ? `${g.name} (${dropped} diverged, not shown)` : g.name;
    return markers(name, ok.map((r) => r.rAlpha), ok.map((r) => r.devAccuracy), COLORWAY[k % COLORWAY.length]);
  });
  return {
    data: traces,
    layout: baseLayout({
      title: opts.title, xlabel: LOG_ALPHA_TITLE, ylabel: "dev accuracy",
      xrange: padded(extent(...traces.map((t) => t.x))), yrange: padded(extent(...traces.map((t) => t.y))),
      legendNames: traces.map((t) => t.name!),
    }),
  };
}

/** Accuracy bands of the plane view, best first, and their colours (Spectral: blue good, red bad). */
const BANDS: readonly { lo: number; label: string; color: string }[] = [
  { lo: 0.95, label: "dev accuracy ≥ 0.95", color: "#3288bd" },
  { lo: 0.9, label: "0.90 – 0.95", color: "#66c2a5" },
  { lo: 0.8, label: "0.80 – 0.90", color: "#fdae61" },
  { lo: -Infinity, label: "< 0.80", color: "#d53e4f" },
];

/**
 * The trials in the (log₁₀ α, log₁₀(1 − β)) plane, coloured by dev accuracy band, with the boxes
 * of `spaces` drawn as outlines (e.g. the coarse space and the zoomed-in one).
 * Example: `show(trialsPlane(coarse.concat(fine), [{name: "fine search box", space: fineSpace}]))`.
 */
export function trialsPlane(results: readonly TrialResult[], boxes: readonly { name: string; space: SearchSpace }[] = [], opts: { title?: string } = {}): Figure {
  checkGroups("trialsPlane", [{ name: "trials", results }]);
  const traces: ScatterTrace[] = [];
  for (const band of BANDS) {
    const upper = BANDS[BANDS.indexOf(band) - 1]?.lo ?? Infinity;
    const inBand = results.filter((r) => !r.diverged && r.devAccuracy >= band.lo && r.devAccuracy < upper);
    if (inBand.length) traces.push(markers(band.label, inBand.map((r) => r.rAlpha), inBand.map((r) => r.rBeta), band.color, 10));
  }
  const diverged = results.filter((r) => r.diverged);
  if (diverged.length) traces.push(markers("diverged", diverged.map((r) => r.rAlpha), diverged.map((r) => r.rBeta), "#444444", 10));
  boxes.forEach((b, k) => {
    const [a0, a1] = b.space.rAlpha;
    const [b0, b1] = b.space.rBeta;
    const color = COLORWAY[(k + 7) % COLORWAY.length];
    traces.push({ type: "scatter", name: b.name, mode: "lines", x: [a0, a1, a1, a0, a0], y: [b0, b0, b1, b1, b0], line: { color, width: 2 } });
  });
  return {
    data: traces,
    layout: baseLayout({
      title: opts.title, xlabel: LOG_ALPHA_TITLE, ylabel: LOG_BETA_TITLE,
      xrange: padded(extent(...traces.map((t) => t.x))), yrange: padded(extent(...traces.map((t) => t.y))),
      legendNames: traces.map((t) => t.name!), width: 980, height: 480,
    }),
  };
}

/**
 * The dev-cost curves of many trials (grey) with the chosen one highlighted: what training many
 * models in parallel ("caviar") gives to choose from. Example: `show(devCurves(results, best.id))`.
 */
export function devCurves(results: readonly TrialResult[], highlightId: number, opts: { title?: string } = {}): Figure {
  checkGroups("devCurves", [{ name: "trials", results }]);
  const chosen = results.find((r) => r.id === highlightId);
  if (!chosen) throw new Error(`devCurves: no trial with id ${highlightId} among the ${results.length} results`);
  const curve = (r: TrialResult, name: string, color: string, width: number, showlegend: boolean): ScatterTrace => ({
    type: "scatter", name, mode: "lines", x: r.devCurve.map(([e]) => e), y: r.devCurve.map(([, c]) => c), line: { color, width }, showlegend,
  });
  const others = results.filter((r) => r !== chosen);
  const traces = [
    ...others.map((r, k) => curve(r, k === 0 ? "other trials" : `trial ${r.id}`, "#bbbbbb", 1, k === 0)),
    curve(chosen, `chosen: trial ${chosen.id}`, COLORWAY[3], 3, true),
  ];
  return {
    data: traces,
    layout: baseLayout({
      title: opts.title, xlabel: "epoch", ylabel: "dev cost",
      xrange: padded(extent(...traces.map((t) => t.x)), 0), yrange: padded(extent(...traces.map((t) => t.y))),
      legendNames: ["other trials", `chosen: trial ${chosen.id}`],
    }),
  };
}
