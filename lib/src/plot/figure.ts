/**
 * The plain Plotly figure `{data, layout}` our builders return: a minimal typed subset of
 * plotly.js's schema, enough for the course's charts. Everything here is valid input for
 * plotly.js 1.x–4.x (no typed-array `bdata`), so JupyterLab's own plotly renderer draws it too.
 */
import type { NdArray } from "ndarray";

/** A float64 matrix, row-major; examples are columns (X is (n_x, m)). */
export type Mat = NdArray<Float64Array>;

export interface Font {
  size?: number;
  color?: string;
  family?: string;
}

export interface Title {
  text: string;
  font?: Font;
}

export interface Axis {
  title?: Title;
  range?: [number, number];
  autorange?: boolean | "reversed";
  visible?: boolean;
  showgrid?: boolean;
  zeroline?: boolean;
  showticklabels?: boolean;
  /** how tick labels write powers of ten: "e" (3e-7, as the static SVG does) or plotly's SI "300n" */
  exponentformat?: "e" | "E" | "power" | "SI" | "B" | "none";
  /** ties this axis's scale to another axis ("y") for square pixels; false turns it off */
  scaleanchor?: "x" | "y" | false;
  constrain?: "range" | "domain";
}

export interface MarkerLine {
  color?: string;
  width?: number;
}

export interface Marker {
  color?: string | string[];
  size?: number;
  opacity?: number;
  line?: MarkerLine;
}

export interface LineStyle {
  color?: string;
  width?: number;
  /** plotly's dash patterns (the static SVG draws them with the same lengths) */
  dash?: "solid" | "dot" | "dash" | "longdash" | "dashdot";
}

export interface ScatterTrace {
  type: "scatter";
  name?: string;
  mode: "lines" | "markers" | "lines+markers";
  x: number[];
  y: number[];
  marker?: Marker;
  line?: LineStyle;
  showlegend?: boolean;
  hoverinfo?: string;
}

/** Pre-binned bars (our histograms): x = bin centres, y = counts, width = bin width. */
export interface BarTrace {
  type: "bar";
  name?: string;
  x: number[];
  y: number[];
  width?: number;
  opacity?: number;
  marker?: Marker;
  showlegend?: boolean;
}

/** An RGB(A) picture given as a PNG data URI; pixel (0,0) is centred at (x0, y0). */
export interface ImageTrace {
  type: "image";
  name?: string;
  source: string;
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  hoverinfo?: string;
  showlegend?: boolean;
}

export type Trace = ScatterTrace | BarTrace | ImageTrace;

/** A picture placed in data coordinates (top-left corner at x, y), stretched to sizex × sizey. */
export interface LayoutImage {
  source: string;
  xref: "x";
  yref: "y";
  x: number;
  y: number;
  sizex: number;
  sizey: number;
  sizing: "stretch";
  layer: "below" | "above";
  xanchor?: "left";
  yanchor?: "top";
}

export interface Annotation {
  text: string;
  x: number;
  y: number;
  xref: "x" | "paper";
  yref: "y" | "paper";
  showarrow: false;
  xanchor?: "left" | "center" | "right";
  yanchor?: "top" | "middle" | "bottom";
  font?: Font;
}

export interface Legend {
  x?: number;
  y?: number;
  xanchor?: "left" | "center" | "right";
  yanchor?: "top" | "middle" | "bottom";
  bgcolor?: string;
}

export interface Margin {
  l: number;
  r: number;
  t: number;
  b: number;
}

export interface Layout {
  title?: Title;
  width?: number;
  height?: number;
  margin?: Margin;
  xaxis?: Axis;
  yaxis?: Axis;
  showlegend?: boolean;
  legend?: Legend;
  barmode?: "overlay" | "group";
  images?: LayoutImage[];
  annotations?: Annotation[];
  plot_bgcolor?: string;
  paper_bgcolor?: string;
  font?: Font;
}

/** What every builder returns and `show()` takes. */
export interface Figure {
  data: Trace[];
  layout: Layout;
}

/** plotly.js's default font, used by the SVG renderer too so both look alike. */
export const FONT_FAMILY = `"Open Sans", verdana, arial, sans-serif`;

/** Plotly's default size of a figure without width/height. */
export const DEFAULT_SIZE = { width: 700, height: 450 } as const;

/** plotly.js's default margins. */
export const DEFAULT_MARGIN: Margin = { l: 80, r: 80, t: 100, b: 80 };
