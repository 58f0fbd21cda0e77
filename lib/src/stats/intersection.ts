/**
 * Histogram intersection (Swain & Ballard, "Color Indexing", 1991): the part of a model's
 * histogram that an input's histogram covers, bin by bin, as a fraction of the model:
 *
 *     intersection(I, M) = Σ_j min(I_j, M_j) / Σ_j M_j
 *
 * 1 when the input has at least the model's count in every bin (identical histograms), 0 when no
 * bin is shared. Counts are summed exactly (integers below 2^53), then divided once, as numpy's
 * `np.sum(np.minimum(I, M)) / np.sum(M)` on integer counts.
 */
import { shapeText } from "./values";

/** Bin counts, or anything holding them with its bins' edges (a `Histogram`, a `ColorHistogram`). */
export type Counts = ArrayLike<number> | { counts: ArrayLike<number>; edges?: ArrayLike<number> };

function countsOf(op: string, name: string, h: Counts): { counts: ArrayLike<number>; edges?: ArrayLike<number> } {
  const c = h !== null && typeof h === "object" && "counts" in h ? h : { counts: h as ArrayLike<number> };
  if (c.counts == null || typeof c.counts.length !== "number") throw new Error(`${op}: ${name} must be bin counts or a histogram, got ${shapeText(h)}`);
  for (let j = 0; j < c.counts.length; j++) {
    const v = c.counts[j];
    if (!(typeof v === "number" && Number.isFinite(v) && v >= 0)) throw new Error(`${op}: ${name} bin ${j} holds ${v}; counts must be finite and ≥ 0`);
  }
  return c;
}

function sameBins(op: string, a: ReturnType<typeof countsOf>, b: ReturnType<typeof countsOf>): void {
  if (a.counts.length !== b.counts.length) {
    throw new Error(`${op}: the histograms have ${a.counts.length} and ${b.counts.length} bins; they must share their bins`);
  }
  if (a.edges && b.edges) {
    if (a.edges.length !== b.edges.length) throw new Error(`${op}: the histograms have ${a.edges.length} and ${b.edges.length} bin edges`);
    for (let i = 0; i < a.edges.length; i++) {
      if (a.edges[i] !== b.edges[i]) {
        throw new Error(`${op}: the histograms' bins differ: edge ${i} is ${a.edges[i]} in the first, ${b.edges[i]} in the second`);
      }
    }
  }
}

/**
 * min(a_j, b_j) for every bin j: the overlap drawn under two histograms.
 * Example: `binMinimum([3, 1, 0], [1, 2, 5])` → [1, 1, 0].
 */
export function binMinimum(a: Counts, b: Counts): Float64Array {
  const A = countsOf("binMinimum", "first histogram", a);
  const B = countsOf("binMinimum", "second histogram", b);
  sameBins("binMinimum", A, B);
  const out = new Float64Array(A.counts.length);
  for (let j = 0; j < out.length; j++) out[j] = Math.min(A.counts[j], B.counts[j]);
  return out;
}

/**
 * Σ min(input_j, model_j) / Σ model_j, in [0, 1] when both histograms count the same number of values.
 * Example: `histogramIntersection([2, 2, 0], [1, 1, 2])` → 0.5 (2 of the model's 4 counts are matched).
 */
export function histogramIntersection(input: Counts, model: Counts): number {
  const op = "histogramIntersection";
  const I = countsOf(op, "input", input);
  const M = countsOf(op, "model", model);
  sameBins(op, I, M);
  let common = 0;
  let total = 0;
  for (let j = 0; j < M.counts.length; j++) {
    const i = I.counts[j];
    const m = M.counts[j];
    common += i < m ? i : m;
    total += m;
  }
  if (total === 0) throw new Error(`${op}: the model histogram is empty (all ${M.counts.length} bins are 0): nothing to intersect with`);
  return common / total;
}
