/**
 * Two histograms that share their bins, drawn as overlaid bars with their overlap (the bin-wise
 * minimum, what `histogramIntersection` adds up) on top. `tsdl.plot.histograms` bins raw values
 * over their own extent; this draws counts already binned, so the picture shows exactly the bins
 * the intersection used. A colour histogram is drawn as three blocks (R, G, B) side by side.
 */
import { COLORWAY } from "../plot/colors";
import type { Annotation, BarTrace, Figure } from "../plot/figure";
import { baseLayout } from "../plot/layout";
import type { ColorHistogram } from "./colorHistogram";
import type { Histogram } from "./histogram";
import { binMinimum } from "./intersection";

export interface OverlapSeries {
  name: string;
  hist: Histogram | ColorHistogram;
}

export interface OverlapFigureOptions {
  title?: string;
  xlabel?: string;
  ylabel?: string;
  /** legend name of the overlap bars (default "overlap (min)") */
  overlapName?: string;
  width?: number;
  height?: number;
}

const CHANNEL_NAMES = ["R", "G", "B", "A"];

/** Bar centres and the common bar width; colour channels are laid side by side with a gap. */
function placement(h: Histogram | ColorHistogram): { x: number[]; width: number; blocks: { name: string; centre: number }[] } {
  const e = h.edges;
  const bins = e.length - 1;
  const channels = "channels" in h ? h.channels : 1;
  if (h.counts.length !== channels * bins) throw new Error(`overlapFigure: ${h.counts.length} counts for ${channels} channel(s) of ${bins} bins`);
  const span = e[bins] - e[0];
  const gap = channels > 1 ? span * 0.06 : 0;
  const x: number[] = [];
  const blocks: { name: string; centre: number }[] = [];
  for (let c = 0; c < channels; c++) {
    const shift = c * (span + gap);
    for (let j = 0; j < bins; j++) x.push(shift + (e[j] + e[j + 1]) / 2);
    if (channels > 1) blocks.push({ name: channels <= 4 ? CHANNEL_NAMES[c] : `channel ${c}`, centre: shift + (e[0] + e[bins]) / 2 });
  }
  return { x, width: span / bins, blocks };
}

/**
 * Overlaid bars of two histograms with the same bins, and their bin-wise minimum.
 * Example: `show(overlapFigure({name: "μ = -4", hist: h1}, {name: "μ = 4", hist: h2}, {title: "intersection = 0.04"}))`.
 */
export function overlapFigure(a: OverlapSeries, b: OverlapSeries, opts: OverlapFigureOptions = {}): Figure {
  const common = binMinimum(a.hist, b.hist); // also checks that the bins agree
  const { x, width, blocks } = placement(a.hist);
  const bar = (name: string, y: ArrayLike<number>, color: string, opacity: number): BarTrace => ({
    type: "bar", name, x, y: Array.from(y), width, opacity, marker: { color, line: { color: "#ffffff", width: 0.3 } },
  });
  const traces = [
    bar(a.name, a.hist.counts, COLORWAY[0], 0.55),
    bar(b.name, b.hist.counts, COLORWAY[1], 0.55),
    bar(opts.overlapName ?? "overlap (min)", common, "#333333", 0.75),
  ];
  let top = 1;
  for (const t of traces) for (const v of t.y) if (v > top) top = v;
  const lo = x[0] - width / 2;
  const hi = x[x.length - 1] + width / 2;
  const layout = baseLayout({
    title: opts.title, xlabel: opts.xlabel, ylabel: opts.ylabel ?? "count",
    xrange: [lo, hi], yrange: [0, top * (blocks.length ? 1.12 : 1.05)], width: opts.width, height: opts.height,
    legendNames: traces.map((t) => t.name!),
  });
  layout.barmode = "overlay";
  layout.xaxis!.showgrid = false;
  if (blocks.length) {
    // the blocks' x positions are shifted levels: label each block with its range instead of ticks
    layout.xaxis!.showticklabels = false;
    const [e0, e1] = [a.hist.edges[0], a.hist.edges[a.hist.edges.length - 1]];
    const notes: Annotation[] = blocks.map((k) => ({ text: `${k.name} (${e0}–${e1})`, x: k.centre, y: top * 1.06, xref: "x", yref: "y", showarrow: false, xanchor: "center", yanchor: "middle", font: { size: 13, color: "#444444" } }));
    layout.annotations = notes;
  }
  return { data: traces, layout };
}
