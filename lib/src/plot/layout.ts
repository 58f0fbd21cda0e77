/**
 * The layout every builder starts from: explicit size, margins and axis ranges, so plotly.js and
 * our SVG renderer place everything in the same spot (no autorange or automargin differences).
 */
import type { Axis, Layout } from "./figure";
import { siExponent } from "./ticks";

export interface BaseLayoutOptions {
  title?: string;
  xlabel?: string;
  ylabel?: string;
  xrange: [number, number];
  yrange: [number, number];
  width?: number;
  height?: number;
  /** legend entries' names: room is made on the right for them */
  legendNames?: string[];
}

/** Rough width in px of text in plotly's default font, e.g. `textWidth("train")` → 34.8. */
export function textWidth(text: string, size = 12): number {
  return text.length * size * 0.58;
}

function axis(label: string | undefined, range: [number, number]): Axis {
  // "SI" writes an axis to 9900 as 2k, 4k (with "e" plotly writes 0.2e+4); "e" labels small
  // values 3e-7 like the static SVG, not plotly's SI "300n"
  const exponentformat = siExponent(range) > 0 ? "SI" : "e";
  const a: Axis = { range: [range[0], range[1]], autorange: false, zeroline: false, exponentformat };
  if (label) a.title = { text: label };
  return a;
}

/** A layout with title, axis labels, fixed ranges and a legend on the right when names are given, e.g. `baseLayout({xrange: [0, 1], yrange: [0, 1]})`. */
export function baseLayout(o: BaseLayoutOptions): Layout {
  const legend = o.legendNames !== undefined && o.legendNames.length > 0;
  // plotly puts the legend 2 % of the plot's width right of it and widens the margin (automargin)
  // when the legend does not fit: leave enough room that it never has to
  const legendRoom = legend ? Math.ceil(80 + 1.1 * Math.max(...o.legendNames!.map((n) => textWidth(n)))) : 0;
  const layout: Layout = {
    width: o.width ?? (legend ? 610 + legendRoom : 640), // a 540 px wide plot either way
    height: o.height ?? 420,
    margin: { l: 70, r: legend ? legendRoom : 30, t: o.title ? 50 : 20, b: 60 },
    xaxis: axis(o.xlabel, o.xrange),
    yaxis: axis(o.ylabel, o.yrange),
    showlegend: legend,
    plot_bgcolor: "#ffffff",
    paper_bgcolor: "#ffffff",
  };
  if (o.title) layout.title = { text: o.title };
  if (legend) layout.legend = { x: 1.02, y: 1, xanchor: "left", yanchor: "top" };
  return layout;
}
