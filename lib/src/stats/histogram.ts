/**
 * numpy.histogram with equal-width bins: the same edges (np.linspace: i·step + lo, the last edge
 * exactly hi) and the same counts — half-open bins [e_i, e_{i+1}) except the last, which is
 * closed on the right; values outside the range (and NaN) are not counted; the bin index is
 * computed as numpy does and then corrected by ±1 where rounding put a value on the wrong side
 * of an edge, so a value lying exactly on an edge lands where numpy puts it.
 */
import { flatValues, type Values } from "./values";

/** Bin counts and the bins' edges (`edges.length === counts.length + 1`), numpy's `(hist, bin_edges)`. */
export interface Histogram {
  counts: Float64Array;
  edges: Float64Array;
}

export interface HistogramOptions {
  /** number of equal-width bins (default 10, numpy's) */
  bins?: number;
  /** [lo, hi] of the bins (default: the data's min and max, widened by ±0.5 when they are equal) */
  range?: readonly [number, number];
}

function checkBins(op: string, bins: number): void {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`${op}: bins must be a positive integer, got ${bins}`);
}

function checkRange(op: string, range: readonly [number, number]): void {
  if (!Array.isArray(range) || range.length !== 2 || typeof range[0] !== "number" || typeof range[1] !== "number") {
    throw new Error(`${op}: range must be [lo, hi], got ${JSON.stringify(range)}`);
  }
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) throw new Error(`${op}: range [${lo}, ${hi}] is not finite`);
  if (lo > hi) throw new Error(`${op}: range [${lo}, ${hi}] has max < min`);
}

/**
 * The bins+1 edges numpy uses for `bins` equal bins over [lo, hi] (np.histogram_bin_edges).
 * Example: `binEdges(4, [0, 1])` → [0, 0.25, 0.5, 0.75, 1].
 */
export function binEdges(bins: number, range: readonly [number, number]): Float64Array {
  checkBins("binEdges", bins);
  checkRange("binEdges", range);
  let [lo, hi] = range;
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const step = (hi - lo) / bins;
  const edges = new Float64Array(bins + 1);
  // np.linspace: arange(n) * step, then + start (two roundings, as numpy), last edge = stop
  for (let i = 0; i < bins; i++) edges[i] = i * step + lo;
  edges[bins] = hi;
  return edges;
}

/** numpy's outer edges: the range given, else the data's extent; an empty extent widened by ±0.5. */
function outerEdges(values: Float64Array, range: readonly [number, number] | undefined): [number, number] {
  if (range !== undefined) {
    checkRange("histogram", range);
    return [range[0], range[1]];
  }
  if (values.length === 0) return [0, 1];
  let lo = Infinity;
  let hi = -Infinity;
  let nan = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) nan = true;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (nan || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new Error(`histogram: autodetected range of [${nan ? "nan" : lo}, ${nan ? "nan" : hi}] is not finite: pass { range: [lo, hi] }`);
  }
  return [lo, hi];
}

/**
 * Counts of `values` (every element of an ndarray, or an array) in equal-width bins, as numpy.histogram.
 * Example: `histogram([0, 0.5, 1, 1], { bins: 2, range: [0, 1] }).counts` → [1, 3] (1 is in the last bin).
 */
export function histogram(values: Values, options: HistogramOptions = {}): Histogram {
  const { bins = 10, range } = options;
  checkBins("histogram", bins);
  const x = flatValues("histogram", values);
  const [first, last] = outerEdges(x, range);
  const edges = binEdges(bins, [first, last]);
  const lo = edges[0];
  const hi = edges[bins];
  const denom = hi - lo;
  const counts = new Float64Array(bins);
  for (let k = 0; k < x.length; k++) {
    const v = x[k];
    if (!(v >= lo && v <= hi)) continue; // outside the range, or NaN
    // numpy: ((v - lo) / denom) * bins, truncated; v === hi goes to the last bin
    let i = Math.trunc(((v - lo) / denom) * bins);
    if (i === bins) i--;
    // the quotient can be off by one ulp near an edge: put v where the edges say
    if (v < edges[i]) i--;
    else if (i !== bins - 1 && v >= edges[i + 1]) i++;
    counts[i]++;
  }
  return { counts, edges };
}
