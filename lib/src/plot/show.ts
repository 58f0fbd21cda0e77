/**
 * A figure as ONE display bundle for every host: `application/vnd.plotly.v1+json` (JupyterLab's
 * plotly renderer), `text/html` (plotly.js in trusted classic Notebook / HTML export, static
 * image when untrusted), `image/svg+xml` (GitHub, nbviewer) and `text/plain`. No output carries
 * plotly.js itself (see ./html.ts for where the page gets it), so a saved notebook stays light.
 */
import { randomBytes } from "crypto";
import { displayBundle, type DisplayOptions, type MimeBundle } from "../display";
import type { Figure } from "./figure";
import { figureHtml } from "./html";
import { renderSvg } from "./svg";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export interface BundleOptions {
  /** id of the html element (default random) */
  id?: string;
}

/** A one-line description, e.g. `plot "Learning rate =0.01": 1 line (15 points)`. */
export function describe(fig: Figure): string {
  const kinds = new Map<string, number>();
  let points = 0;
  for (const t of fig.data) {
    const kind = t.type === "scatter" ? (t.mode === "markers" ? "scatter" : "line") : t.type === "bar" ? "histogram" : "image";
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if (t.type !== "image") points += t.x.length;
  }
  const parts = [...kinds].map(([k, c]) => `${c} ${k}${c > 1 ? "s" : ""}`);
  if (fig.layout.images?.length) parts.push("background map");
  const title = fig.layout.title?.text ? ` "${fig.layout.title.text}"` : "";
  return `plot${title}: ${parts.join(", ") || "empty"}${points ? ` (${points} points)` : ""}`;
}

/**
 * The MIME bundle of a figure (pure: nothing is displayed).
 * Example: `Object.keys(bundleFor(costCurve([0.7, 0.5, 0.4])))` → plotly json, html, svg, text.
 */
export function bundleFor(fig: Figure, opts: BundleOptions = {}): MimeBundle {
  const svg = renderSvg(fig);
  const id = opts.id ?? "tsdl-plot-" + randomBytes(6).toString("hex");
  return {
    [PLOTLY_MIME]: { data: fig.data, layout: fig.layout },
    "text/html": figureHtml(fig, svg, { id }),
    "image/svg+xml": svg,
    "text/plain": describe(fig),
  };
}

/**
 * Shows a figure in the notebook. Outside a kernel it prints the one-line description. Returns
 * nothing, so a cell ending in `show(fig)` prints no object.
 * Example: `show(costCurve(costs, {learningRate: 0.01}))`.
 */
export function show(fig: Figure, opts: DisplayOptions = {}): void {
  if (!fig || !Array.isArray(fig.data) || typeof fig.layout !== "object") {
    throw new Error(`show: expected a figure {data: [...], layout: {...}}, got ${fig === null ? "null" : typeof fig}`);
  }
  displayBundle(bundleFor(fig), opts);
}
