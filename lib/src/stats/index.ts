/**
 * tsdl.stats — histograms as numpy.histogram counts them, histogram intersection (Swain & Ballard)
 * and colour histograms of pictures. Example:
 * `tsdl.stats.histogramIntersection(tsdl.stats.histogram(a, {bins: 100, range: [-15, 15]}), tsdl.stats.histogram(b, {bins: 100, range: [-15, 15]}))`.
 */
export { binEdges, histogram } from "./histogram";
export type { Histogram, HistogramOptions } from "./histogram";
export { binMinimum, histogramIntersection } from "./intersection";
export type { Counts } from "./intersection";
export { colorHistogram } from "./colorHistogram";
export type { ColorHistogram, ColorHistogramOptions } from "./colorHistogram";
export { overlapFigure } from "./overlapFigure";
export type { OverlapFigureOptions, OverlapSeries } from "./overlapFigure";
export type { Values } from "./values";
