/**
 * Two-class pictures: the data set scatter and the decision boundary of a classifier, in the
 * course's Spectral colours (see colors.ts).
 *
 * The decision map is evaluated on the course's grid (step h = 0.01 over [min−1, max+1] of each
 * coordinate) and travels as ONE PNG data URI placed under the points as a layout image: a
 * 300×300 two-colour map is ~2 KB of base64, where the same grid as heatmap numbers would be
 * ~180 KB of JSON (or 120 KB as base64 `bdata`, which needs plotly.js ≥ 2.28). Layout images
 * exist since plotly.js 1.x and have no side effects on the axes. The grid and the map are
 * regions.ts's, shared with the K-class decisionRegions.
 */
import { CLASS_COLORS, REGION_COLORS } from "./colors";
import type { Figure, Mat, ScatterTrace } from "./figure";
import { binaryLabels, checkRange, extent, isNdArray, padded, row, series, shapeText } from "./input";
import { baseLayout } from "./layout";
import { predictionGrid, regionImage } from "./regions";

export interface Scatter2dOptions {
  title?: string;
  xlim?: [number, number];
  ylim?: [number, number];
  xlabel?: string;
  ylabel?: string;
  width?: number;
  height?: number;
}

function checkXY(op: string, X: Mat, Y: unknown): { x: Float64Array; y: Float64Array; labels: Uint8Array } {
  if (!isNdArray(X) || X.shape.length !== 2 || X.shape[0] !== 2) throw new Error(`${op}: X must be (2, m), got ${shapeText(X)}`);
  const m = X.shape[1];
  const raw = series(op, "Y", Y as Mat);
  if (raw.length !== m) throw new Error(`${op}: Y has ${raw.length} labels for ${m} examples (X ${shapeText(X)}, Y ${shapeText(Y)})`);
  for (let i = 0; i < m; i++) {
    if (raw[i] !== 0 && raw[i] !== 1) throw new Error(`${op}: labels must be 0 or 1, got Y[${i}] = ${raw[i]}`);
  }
  return { x: row(op, X, 0), y: row(op, X, 1), labels: Uint8Array.from(raw) };
}

function classTraces(x: Float64Array, y: Float64Array, labels: Uint8Array): ScatterTrace[] {
  return [0, 1].map((c) => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] === c) {
        xs.push(x[i]);
        ys.push(y[i]);
      }
    }
    // a thin white rim keeps points visible on the tinted decision regions
    return { type: "scatter", name: `y = ${c}`, mode: "markers", x: xs, y: ys, marker: { color: CLASS_COLORS[c], size: 7, line: { color: "#ffffff", width: 0.6 } } };
  });
}

/**
 * The two classes of a 2-D data set (course: `plt.scatter(X[0], X[1], c=Y, cmap=Spectral)`).
 * Example: `show(scatter2d(trainX, trainY, {title: "training set"}))` with X (2,m), Y (1,m) of 0/1.
 */
export function scatter2d(X: Mat, Y: Mat | ArrayLike<number>, opts: Scatter2dOptions = {}): Figure {
  checkRange("scatter2d", "xlim", opts.xlim);
  checkRange("scatter2d", "ylim", opts.ylim);
  const { x, y, labels } = checkXY("scatter2d", X, Y);
  const traces = classTraces(x, y, labels);
  return {
    data: traces,
    layout: baseLayout({
      title: opts.title, xlabel: opts.xlabel ?? "x1", ylabel: opts.ylabel ?? "x2",
      xrange: opts.xlim ?? padded(extent(x)), yrange: opts.ylim ?? padded(extent(y)),
      width: opts.width, height: opts.height, legendNames: traces.map((t) => t.name!),
    }),
  };
}

export interface DecisionBoundaryOptions extends Scatter2dOptions {
  /** grid step (default 0.01, the course's); larger is coarser and faster */
  h?: number;
  /** the step grows until the grid has at most this many cells (default 250,000) */
  maxCells?: number;
}

/**
 * The course's `plot_decision_boundary`: predictions on a grid over [min−1, max+1] of each
 * coordinate (step h = 0.01), drawn as two colour regions with the data on top. `predict` gets
 * the grid as a (2, k) matrix (one point per column) and returns (1, k) values or booleans;
 * values > 0.5 are class 1.
 * Example: `show(decisionBoundary((G) => predictDec(params, G), trainX, trainY, {xlim: [-1.5, 1.5], ylim: [-1.5, 1.5]}))`.
 */
export function decisionBoundary(
  predict: (X: Mat) => Mat | ArrayLike<number> | ArrayLike<boolean>,
  X: Mat,
  Y: Mat | ArrayLike<number>,
  opts: DecisionBoundaryOptions = {},
): Figure {
  const op = "decisionBoundary";
  if (typeof predict !== "function") throw new Error(`${op}: predict must be a function (X) => predictions, got ${typeof predict}`);
  checkRange(op, "xlim", opts.xlim);
  checkRange(op, "ylim", opts.ylim);
  const { x, y, labels } = checkXY(op, X, Y);
  if (x.length === 0) throw new Error(`${op}: X has no examples`);
  const g = predictionGrid(op, x, y, opts.h ?? 0.01, opts.maxCells ?? 250_000);
  const n = g.grid.shape[1];
  const out = predict(g.grid);
  const pred = binaryLabels(op, "predict(grid)", out as Mat, n);
  const { image, x: gridX, y: gridY } = regionImage(g, pred, REGION_COLORS);
  const layout = baseLayout({
    title: opts.title, xlabel: opts.xlabel ?? "x1", ylabel: opts.ylabel ?? "x2",
    xrange: opts.xlim ?? gridX, yrange: opts.ylim ?? gridY, width: opts.width, height: opts.height,
    legendNames: ["y = 0", "y = 1"],
  });
  layout.xaxis!.showgrid = false;
  layout.yaxis!.showgrid = false;
  layout.images = [image];
  return { data: classTraces(x, y, labels), layout };
}
