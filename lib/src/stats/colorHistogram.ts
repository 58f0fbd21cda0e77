/**
 * Colour histograms of pictures (h, w, c): one numpy histogram per channel over the same bins,
 * side by side (all R bins, then G, then B), so two pictures compare bin by bin with
 * `histogramIntersection`. Every pixel must fall in the range: a value outside it would vanish
 * from the counts silently and bias the comparison, so it is an error.
 */
import type { NdArray } from "ndarray";
import { histogram } from "./histogram";
import { isNdArray, shapeText } from "./values";

/** Per-channel counts side by side; `edges` are each channel's bins (bins + 1 values). */
export interface ColorHistogram {
  /** channels × bins counts, channel-major: counts[c * bins + j] */
  counts: Float64Array;
  edges: Float64Array;
  channels: number;
  bins: number;
}

export interface ColorHistogramOptions {
  /** bins per channel (default 32: 8 grey levels each for 0–255) */
  bins?: number;
  /** [lo, hi] of the pixel values (default [0, 256], the 8-bit levels) */
  range?: readonly [number, number];
}

/**
 * The colour histogram of one picture (h, w, c) — a SIGNS image `x.pick(i)` is (64, 64, 3) — or (h, w) grey.
 * Example: `colorHistogram(signs.x.pick(0), { bins: 32 }).counts.length` → 96.
 */
export function colorHistogram(image: NdArray, options: ColorHistogramOptions = {}): ColorHistogram {
  const op = "colorHistogram";
  const { bins = 32, range = [0, 256] } = options;
  if (!isNdArray(image) || (image.shape.length !== 2 && image.shape.length !== 3)) {
    throw new Error(`${op}: expected a picture (h, w, c) or (h, w), got ${shapeText(image)}`);
  }
  const channels = image.shape.length === 3 ? image.shape[2] : 1;
  const pixels = image.shape[0] * image.shape[1];
  const counts = new Float64Array(channels * bins);
  let edges = new Float64Array(0);
  for (let c = 0; c < channels; c++) {
    const plane = image.shape.length === 3 ? image.pick(null, null, c) : image;
    const h = histogram(plane, { bins, range });
    let n = 0;
    for (let j = 0; j < bins; j++) n += h.counts[j];
    if (n !== pixels) {
      throw new Error(`${op}: ${pixels - n} of the ${pixels} values of channel ${c} of ${shapeText(image)} lie outside the range [${range[0]}, ${range[1]}] (or are NaN); pass { range } covering every pixel`);
    }
    counts.set(h.counts, c * bins);
    edges = h.edges;
  }
  return { counts, edges, channels, bins };
}
