/**
 * tsdl.plot — the course's figures as plain Plotly figures, shown in every notebook host.
 * Example: `tsdl.plot.show(tsdl.plot.costCurve(costs, {learningRate: 0.01}))`.
 */
export type {
  Annotation, Axis, BarTrace, Figure, ImageTrace, Layout, LayoutImage, Legend, Margin, Marker, Mat, ScatterTrace, Title, Trace,
} from "./figure";
export { costCurve, histograms, lines } from "./charts";
export type { CostCurveOptions, HistogramOptions, HistogramSeries, LineSeries, LinesOptions } from "./charts";
export { decisionBoundary, scatter2d } from "./classify";
export type { DecisionBoundaryOptions, Scatter2dOptions } from "./classify";
export { imageGrid } from "./images";
export type { ImageGridOptions } from "./images";
export { CLASS_COLORS, COLORWAY, REGION_COLORS, SPECTRAL } from "./colors";
export { renderSvg } from "./svg";
export { bundleFor, describe, PLOTLY_MIME, show } from "./show";
export { PLOTLY_LOADER_MARK, PLOTLY_NBEXTENSION, plotlyDist, plotlyLoaderScript } from "./html";
export type { BundleOptions } from "./show";
export { encodePng, pngDataUri } from "./png";
// the display wrapper and the progress display live beside plot/ (lib/src/display.ts, lib/src/progress.ts)
export { displayBundle, inKernel, newDisplayId, setDisplayWriter } from "../display";
export type { DisplayContent, DisplayOptions, DisplayWriter, MimeBundle } from "../display";
export { formatDuration, progress } from "../progress";
export type { Progress, ProgressOptions } from "../progress";
export { classColors, classScatter, decisionRegions, predictionGrid, regionImage } from "./regions";
export type { ClassScatterOptions, DecisionRegionsOptions, PredictionGrid } from "./regions";
