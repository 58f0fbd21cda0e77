/**
 * Decision regions of a classifier with any number of classes, and the pieces every decision map
 * shares (classify.ts's two-class decisionBoundary uses them too):
 * - `predictionGrid`: the course's grid, step h = 0.01 over [min−1, max+1] of each coordinate,
 *   as a (2, k) matrix of points (one per column), the step grown until it has at most maxCells;
 * - `regionImage`: the predicted class of every grid cell as ONE PNG placed under the points
 *   (a few KB, where the grid as heatmap numbers would be hundreds of KB of JSON).
 * `classScatter` draws a K-class data set alone. Classes 0 and 1 of a two-class map keep the course's Spectral colours; three or more classes
 * take plotly's category colours (points) and their tints (regions).
 */
import ndarray from "ndarray";
import { CLASS_COLORS, COLORWAY, REGION_COLORS, mix, rgb } from "./colors";
import type { Figure, LayoutImage, Mat, ScatterTrace } from "./figure";
import { checkRange, extent, isNdArray, padded, row, series, shapeText } from "./input";
import { baseLayout } from "./layout";
import { encodePng, pngDataUri } from "./png";
import type { Scatter2dOptions } from "./classify";

/** The grid a decision map is evaluated on. */
export interface PredictionGrid {
  /** the points, one per column: column k = (xs[k % nx], ys[⌊k / nx⌋]) (np.c_[xx.ravel(), yy.ravel()].T) */
  grid: Mat;
  xs: Float64Array;
  ys: Float64Array;
  /** the step used (h, or larger when the grid had more than maxCells cells) */
  h: number;
}

/** numpy's arange(start, stop, step): ceil((stop − start) / step) values start + k·step. */
function arange(start: number, stop: number, step: number): Float64Array {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = start + k * step;
  return out;
}

/**
 * The course's grid around the data's coordinates x, y: step h over [min−1, max+1], h × 1.25
 * until there are at most maxCells points. Example: `predictionGrid("op", x, y, 0.01, 250_000).grid` → (2, k).
 */
export function predictionGrid(op: string, x: Float64Array, y: Float64Array, h: number, maxCells: number): PredictionGrid {
  if (!(h > 0)) throw new Error(`${op}: h must be > 0, got ${h}`);
  if (!(maxCells >= 1)) throw new Error(`${op}: maxCells must be >= 1, got ${maxCells}`);
  if (x.length === 0) throw new Error(`${op}: X has no examples`);
  const [x0, x1] = extent(x);
  const [y0, y1] = extent(y);
  if (Number.isNaN(x0) || Number.isNaN(y0)) throw new Error(`${op}: X has no finite coordinates`);
  while (Math.ceil((x1 - x0 + 2) / h) * Math.ceil((y1 - y0 + 2) / h) > maxCells) h *= 1.25;
  const xs = arange(x0 - 1, x1 + 1, h);
  const ys = arange(y0 - 1, y1 + 1, h);
  const nx = xs.length;
  const ny = ys.length;
  const n = nx * ny;
  const grid = ndarray(new Float64Array(2 * n), [2, n]);
  const g = grid.data;
  for (let iy = 0, k = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++, k++) {
      g[k] = xs[ix];
      g[n + k] = ys[iy];
    }
  }
  return { grid, xs, ys, h };
}

/**
 * The class of every grid cell (row-major over the grid, class c drawn in colors[c]) as a layout
 * image under the points, and the x / y extent it covers.
 * Example: `regionImage(g, classes, ["#e58a97", "#8fbcdf"])`.
 */
export function regionImage(g: PredictionGrid, classes: Uint8Array, colors: readonly string[]): { image: LayoutImage; x: [number, number]; y: [number, number] } {
  const { xs, ys, h } = g;
  const nx = xs.length;
  const ny = ys.length;
  const rgbs = colors.map(rgb);
  const px = new Uint8Array(nx * ny * 3);
  // PNG rows go top (largest y) to bottom
  for (let r = 0; r < ny; r++) {
    const iy = ny - 1 - r;
    for (let ix = 0; ix < nx; ix++) {
      const c = rgbs[classes[iy * nx + ix]];
      const o = (r * nx + ix) * 3;
      px[o] = c[0];
      px[o + 1] = c[1];
      px[o + 2] = c[2];
    }
  }
  const x: [number, number] = [xs[0] - h / 2, xs[nx - 1] + h / 2];
  const y: [number, number] = [ys[0] - h / 2, ys[ny - 1] + h / 2];
  const image: LayoutImage = {
    source: pngDataUri(encodePng(nx, ny, 3, px)),
    xref: "x", yref: "y", x: x[0], y: y[1], sizex: x[1] - x[0], sizey: y[1] - y[0],
    sizing: "stretch", layer: "below", xanchor: "left", yanchor: "top",
  };
  return { image, x, y };
}

/** Point and region colours of K classes. Example: `classColors(3).points` → 3 colours. */
export function classColors(K: number): { points: string[]; regions: string[] } {
  if (!Number.isInteger(K) || K < 2 || K > COLORWAY.length) throw new Error(`classColors: between 2 and ${COLORWAY.length} classes, got ${K}`);
  if (K === 2) return { points: [...CLASS_COLORS], regions: [...REGION_COLORS] };
  const points = COLORWAY.slice(0, K);
  return { points, regions: points.map((c) => mix(c, "#ffffff", 0.6)) };
}

/** Class indices 0 … K−1 as bytes, with an error naming the first bad one. */
function classIndices(op: string, name: string, v: Mat | ArrayLike<number>, m: number, K: number): Uint8Array {
  const vals = series(op, name, v);
  if (vals.length !== m) throw new Error(`${op}: ${name} has ${vals.length} values for ${m} examples (shape ${shapeText(v)})`);
  const out = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const c = vals[i];
    if (!(Number.isInteger(c) && c >= 0 && c < K)) throw new Error(`${op}: ${name}[${i}] = ${c} is not a class index 0 … ${K - 1}`);
    out[i] = c;
  }
  return out;
}

/** One marker trace per class: the points of class c in points[c]. */
function classTraces(x0: Float64Array, x1: Float64Array, y: Uint8Array, names: readonly string[], points: readonly string[]): ScatterTrace[] {
  return names.map((name, c) => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < y.length; i++) {
      if (y[i] === c) {
        xs.push(x0[i]);
        ys.push(x1[i]);
      }
    }
    return { type: "scatter", name, mode: "markers", x: xs, y: ys, marker: { color: points[c], size: 7, line: { color: "#ffffff", width: 0.6 } } };
  });
}

/** Checks X (2, m) and labels 0 … K−1 and picks K, the names and the colours. */
function classData(op: string, X: Mat, labels: Mat | ArrayLike<number>, opts: { classes?: number; classNames?: string[] }) {
  if (!isNdArray(X) || X.shape.length !== 2 || X.shape[0] !== 2) throw new Error(`${op}: X must be (2, m), got ${shapeText(X)}`);
  const m = X.shape[1];
  const raw = series(op, "labels", labels);
  const bad = raw.findIndex((c) => !(Number.isInteger(c) && c >= 0));
  if (bad >= 0) throw new Error(`${op}: labels[${bad}] = ${raw[bad]} is not a class index 0, 1, …`);
  const K = opts.classes ?? (raw.length ? Math.max(...raw) + 1 : 0);
  const colors = classColors(K);
  const names = opts.classNames ?? Array.from({ length: K }, (_, c) => `class ${c}`);
  if (names.length !== K) throw new Error(`${op}: classNames has ${names.length} names for ${K} classes`);
  return { m, K, names, colors, y: classIndices(op, "labels", labels, m, K), x0: row(op, X, 0), x1: row(op, X, 1) };
}

export interface ClassScatterOptions extends Scatter2dOptions {
  /** number of classes K (default: 1 + the largest label) */
  classes?: number;
  /** legend names, one per class (default "class 0", "class 1", …) */
  classNames?: string[];
}

/**
 * A 2-D data set of K classes, one colour per class. Example: `show(classScatter(X, labels, {title: "spirals"}))`
 * with X (2, m) and labels (1, m) of 0 … K−1.
 */
export function classScatter(X: Mat, labels: Mat | ArrayLike<number>, opts: ClassScatterOptions = {}): Figure {
  const op = "classScatter";
  checkRange(op, "xlim", opts.xlim);
  checkRange(op, "ylim", opts.ylim);
  const { names, colors, y, x0, x1 } = classData(op, X, labels, opts);
  return {
    data: classTraces(x0, x1, y, names, colors.points),
    layout: baseLayout({
      title: opts.title, xlabel: opts.xlabel ?? "x1", ylabel: opts.ylabel ?? "x2",
      xrange: opts.xlim ?? padded(extent(x0)), yrange: opts.ylim ?? padded(extent(x1)),
      width: opts.width, height: opts.height, legendNames: names,
    }),
  };
}

export interface DecisionRegionsOptions extends Scatter2dOptions {
  /** number of classes K (default: 1 + the largest label) */
  classes?: number;
  /** legend names, one per class (default "class 0", "class 1", …) */
  classNames?: string[];
  /** grid step (default 0.01, the course's) */
  h?: number;
  /** the step grows until the grid has at most this many cells (default 250,000) */
  maxCells?: number;
}

/**
 * The regions where a K-class classifier predicts each class, with the data on top. `predict`
 * gets the grid as a (2, k) matrix (one point per column) and returns k class indices, e.g.
 * `argmax(A, 0)`; `labels` are the data's classes 0 … K−1 ((1, m) or (m)).
 * Example: `show(decisionRegions((G) => tsdl.argmax(predictProba(G), 0), X, labels, {title: "softmax regression"}))`.
 */
export function decisionRegions(
  predict: (X: Mat) => Mat | ArrayLike<number>,
  X: Mat,
  labels: Mat | ArrayLike<number>,
  opts: DecisionRegionsOptions = {},
): Figure {
  const op = "decisionRegions";
  if (typeof predict !== "function") throw new Error(`${op}: predict must be a function (X) => class indices, got ${typeof predict}`);
  checkRange(op, "xlim", opts.xlim);
  checkRange(op, "ylim", opts.ylim);
  const { K, names, colors, y, x0, x1 } = classData(op, X, labels, opts);
  const g = predictionGrid(op, x0, x1, opts.h ?? 0.01, opts.maxCells ?? 250_000);
  const n = g.grid.shape[1];
  const predicted = classIndices(op, "predict(grid)", predict(g.grid) as Mat, n, K);
  const { image, x, y: yr } = regionImage(g, predicted, colors.regions);
  const traces = classTraces(x0, x1, y, names, colors.points);
  const layout = baseLayout({
    title: opts.title, xlabel: opts.xlabel ?? "x1", ylabel: opts.ylabel ?? "x2",
    xrange: opts.xlim ?? x, yrange: opts.ylim ?? yr, width: opts.width, height: opts.height, legendNames: names,
  });
  layout.xaxis!.showgrid = false;
  layout.yaxis!.showgrid = false;
  layout.images = [image];
  return { data: traces, layout };
}
