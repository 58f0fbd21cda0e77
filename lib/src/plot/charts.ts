/**
 * Line charts and histograms: the course's cost curve, several series with a legend, and
 * overlaid histograms (pre-binned bars, so a histogram of 300,000 weights stays a few KB).
 */
import { COLORWAY } from "./colors";
import type { BarTrace, Figure, ScatterTrace } from "./figure";
import { extent, padded, series, type Series } from "./input";
import { baseLayout } from "./layout";

export interface CostCurveOptions {
  /** plot title; default "Learning rate =<learningRate>" like the course, else "cost" */
  title?: string;
  learningRate?: number;
  xlabel?: string;
  ylabel?: string;
  /** x distance between two recorded costs (default 1: x is the index, "per hundreds") */
  xstep?: number;
  width?: number;
  height?: number;
}

/**
 * The course's cost plot: `costs` against their index, "iterations (per hundreds)".
 * Example: `show(costCurve(costs, {learningRate: 0.01}))`.
 */
export function costCurve(costs: Series, opts: CostCurveOptions = {}): Figure {
  const y = series("costCurve", "costs", costs);
  if (y.length === 0) throw new Error("costCurve: costs is empty");
  const xstep = opts.xstep ?? 1;
  if (!(xstep > 0)) throw new Error(`costCurve: xstep must be > 0, got ${xstep}`);
  const x = Array.from(y, (_, i) => i * xstep);
  const title = opts.title ?? (opts.learningRate !== undefined ? `Learning rate =${opts.learningRate}` : "cost");
  const trace: ScatterTrace = {
    type: "scatter", name: "cost", mode: y.length === 1 ? "markers" : "lines",
    x, y: Array.from(y), line: { color: COLORWAY[0], width: 2 }, marker: { color: COLORWAY[0], size: 6 },
  };
  const xr: [number, number] = y.length === 1 ? [-0.5 * xstep, 0.5 * xstep] : [0, x[x.length - 1]];
  return {
    data: [trace],
    layout: baseLayout({
      title, xlabel: opts.xlabel ?? "iterations (per hundreds)", ylabel: opts.ylabel ?? "cost",
      xrange: xr, yrange: padded(extent(y)), width: opts.width, height: opts.height,
    }),
  };
}

export interface LineSeries {
  name: string;
  /** x values (default 0, 1, 2, …) */
  x?: Series;
  y: Series;
}

export interface LinesOptions {
  title?: string;
  xlabel?: string;
  ylabel?: string;
  width?: number;
  height?: number;
}

/**
 * Several line series with a legend, e.g. train and test accuracy per epoch.
 * Example: `lines([{name: "train", y: trainAcc}, {name: "test", y: testAcc}], {xlabel: "epoch"})`.
 */
export function lines(list: LineSeries[], opts: LinesOptions = {}): Figure {
  if (!Array.isArray(list) || list.length === 0) throw new Error("lines: expected a non-empty list of {name, y} series");
  const traces: ScatterTrace[] = list.map((s, k) => {
    const y = series("lines", `series ${k} (${s.name}) y`, s.y);
    const x = s.x === undefined ? Array.from(y, (_, i) => i) : Array.from(series("lines", `series ${k} (${s.name}) x`, s.x));
    if (x.length !== y.length) throw new Error(`lines: series ${k} (${s.name}) has ${x.length} x values for ${y.length} y values`);
    const color = COLORWAY[k % COLORWAY.length];
    return { type: "scatter", name: s.name, mode: y.length === 1 ? "markers" : "lines", x, y: Array.from(y), line: { color, width: 2 }, marker: { color, size: 6 } };
  });
  const yrange = padded(extent(...traces.map((t) => t.y)));
  unhideOverlaps(traces, COVERED * (yrange[1] - yrange[0]));
  const names = traces.map((t) => t.name!);
  return {
    data: traces,
    layout: baseLayout({
      title: opts.title, xlabel: opts.xlabel, ylabel: opts.ylabel,
      xrange: padded(extent(...traces.map((t) => t.x)), 0), yrange,
      width: opts.width, height: opts.height, legendNames: names.length > 1 ? names : undefined,
    }),
  };
}

/** Two lines closer than this fraction of the y range (~3 px of the default plot) draw over each other. */
const COVERED = 0.01;

/** True when line `b` covers line `a`: the same x values and y within `tol` everywhere (NaN gaps alike). */
function covers(a: ScatterTrace, b: ScatterTrace, tol: number): boolean {
  if (a.x.length !== b.x.length) return false;
  for (let i = 0; i < a.x.length; i++) {
    if (a.x[i] !== b.x[i]) return false;
    const [ya, yb] = [a.y[i], b.y[i]];
    if (!(ya === yb || Math.abs(ya - yb) <= tol || (Number.isNaN(ya) && Number.isNaN(yb)))) return false;
  }
  return true;
}

/**
 * A line drawn over an earlier, (nearly) equal one would hide it (lab 04: gd under momentum). The
 * earlier line becomes a wide band, the later one is dashed over it and its legend name says
 * "≈ <the earlier one>", so both stay visible.
 */
function unhideOverlaps(traces: ScatterTrace[], tol: number): void {
  traces.forEach((t, k) => {
    if (t.mode !== "lines") return;
    const under = traces.slice(0, k).find((u) => u.mode === "lines" && covers(u, t, tol));
    if (!under) return;
    under.line = { ...under.line, width: 6 };
    t.line = { ...t.line, dash: "dash" };
    t.name = `${t.name} (\u2248 ${under.name})`;
  });
}

export interface HistogramSeries {
  name: string;
  values: Series;
}

export interface HistogramOptions {
  /** number of bins, shared by all series (default 30) */
  bins?: number;
  title?: string;
  xlabel?: string;
  ylabel?: string;
  width?: number;
  height?: number;
}

/**
 * Overlaid histograms with common bins, e.g. the weights of two initializations.
 * Example: `histograms([{name: "W1 (he)", values: W1}, {name: "W1 (random)", values: W1r}], {bins: 40})`.
 */
export function histograms(list: HistogramSeries[], opts: HistogramOptions = {}): Figure {
  if (!Array.isArray(list) || list.length === 0) throw new Error("histograms: expected a non-empty list of {name, values} series");
  const bins = opts.bins ?? 30;
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`histograms: bins must be a positive integer, got ${bins}`);
  const vals = list.map((s, k) => series("histograms", `series ${k} (${s.name}) values`, s.values));
  let [lo, hi] = extent(...vals);
  if (Number.isNaN(lo)) throw new Error("histograms: no finite values to count");
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const width = (hi - lo) / bins;
  const centres = Array.from({ length: bins }, (_, b) => lo + (b + 0.5) * width);
  let top = 0;
  const traces: BarTrace[] = vals.map((v, k) => {
    const counts = new Array<number>(bins).fill(0);
    let skipped = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (!Number.isFinite(x)) {
        skipped++;
        continue;
      }
      // the last bin is closed on the right, like numpy.histogram
      counts[Math.min(bins - 1, Math.floor((x - lo) / width))]++;
    }
    top = Math.max(top, ...counts);
    const name = skipped > 0 ? `${list[k].name} (${skipped} non-finite skipped)` : list[k].name;
    return { type: "bar", name, x: centres, y: counts, width, opacity: 0.6, marker: { color: COLORWAY[k % COLORWAY.length], line: { color: "#ffffff", width: 0.5 } } };
  });
  const layout = baseLayout({
    title: opts.title, xlabel: opts.xlabel, ylabel: opts.ylabel ?? "count",
    xrange: [lo, hi], yrange: [0, Math.max(1, top) * 1.05], width: opts.width, height: opts.height,
    legendNames: traces.length > 1 ? traces.map((t) => t.name!) : undefined,
  });
  layout.barmode = "overlay";
  layout.xaxis!.showgrid = false; // plotly draws no x grid under bars either
  return { data: traces, layout };
}
