/**
 * The `text/html` of a figure for hosts that run output scripts (classic Notebook when trusted,
 * JupyterLab without the plotly extension, nbconvert's HTML export): a div that first holds the
 * static SVG as an <img> (what an untrusted notebook shows: its sanitizer drops scripts but keeps
 * data-URI images), and a script that replaces it with an interactive plotly.js plot.
 *
 * plotly.js (~4.8 MB) goes into the page once: `plotly: "inline"` embeds plotly.min.js in this
 * output (offline, survives export and saving); `"global"` only waits for `window.Plotly`.
 * requirejs (classic Notebook) is hidden while the bundle runs: plotly.js 1.x–2.x's UMD wrapper
 * registers an anonymous AMD module when it sees `define.amd` (requirejs then throws "Mismatched
 * anonymous define()") instead of setting `window.Plotly`. The 4.x bundle we ship always sets
 * `window.Plotly`; hiding `define` keeps any version working.
 */
import fs from "fs";
import { createRequire } from "module";
import path from "path";
import type { Figure } from "./figure";

let plotlyCache: { source: string; version: string } | null | undefined;

/** plotly.min.js (read once) and its version, e.g. `plotlyJs()?.version` → "4.1.2"; null when plotly.js-dist-min is not installed. */
export function plotlyJs(): { source: string; version: string } | null {
  if (plotlyCache !== undefined) return plotlyCache;
  const candidates: (() => string)[] = [
    () => process.env.TSDL_PLOTLY_JS ?? "",
    () => require.resolve("plotly.js-dist-min/plotly.min.js"),
    () => createRequire(path.join(process.cwd(), "index.js")).resolve("plotly.js-dist-min/plotly.min.js"),
  ];
  plotlyCache = null;
  for (const c of candidates) {
    let file = "";
    try {
      file = c();
    } catch {
      continue;
    }
    if (file && fs.existsSync(file)) {
      const source = fs.readFileSync(file, "utf8");
      const version = /plotly\.js v([0-9][^\s*]*)/.exec(source.slice(0, 300))?.[1] ?? "unknown";
      plotlyCache = { source, version };
      break;
    }
  }
  return plotlyCache;
}

/** Makes JS text safe inside <script>…</script>, e.g. `scriptSafe('"</script>"')` → `"\\x3C/script>"`. */
export function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, "\\x3C/$1").replace(/<!--/g, "\\x3C!--");
}

/** JSON for a script: `<`, U+2028 and U+2029 escaped, so it cannot close the <script>. */
function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The one-time loader: plotly.min.js inline with requirejs' `define` hidden, e.g. `plotlyLoaderScript().length` → ~4.8e6. */
export function plotlyLoaderScript(): string {
  const p = plotlyJs();
  if (p === null) return "";
  return (
    `<script type="text/javascript">/* plotly.js v${p.version}, loaded once per notebook by tsdl */\n` +
    `(function () {\n` +
    `if (window.Plotly) return;\n` +
    `var hidden = window.define; window.define = undefined;\n` +
    `try {\n${scriptSafe(p.source)}\n} finally { window.define = hidden; }\n` +
    `})();\n</script>\n`
  );
}

export interface HtmlOptions {
  /** "inline": embed plotly.min.js in this output (the notebook's first plot); "global": use window.Plotly */
  plotly: "inline" | "global";
  /** element id (unique per output in a page) */
  id: string;
}

/**
 * The html of one figure: static fallback image, optional plotly loader, drawing script.
 * Example: `figureHtml(fig, svg, {plotly: "inline", id: "tsdl-plot-1"})`.
 */
export function figureHtml(fig: Figure, svg: string, opts: HtmlOptions): string {
  const w = fig.layout.width ?? 700;
  const h = fig.layout.height ?? 450;
  const alt = fig.layout.title?.text ?? "plot";
  const img = `<img class="tsdl-static" width="${w}" height="${h}" alt="${alt.replace(/[&<>"]/g, "")}" src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}">`;
  const div = `<div id="${opts.id}" class="tsdl-plot" style="width:${w}px;height:${h}px">${img}</div>\n`;
  const loader = opts.plotly === "inline" ? plotlyLoaderScript() : "";
  // waits for both the element (some hosts run scripts before inserting the output) and Plotly;
  // the static image stays if plotly.js never arrives (e.g. the output that embedded it was cleared)
  const draw =
    `<script type="text/javascript">\n(function () {\n` +
    `var id = ${JSON.stringify(opts.id)}, fig = ${jsonForScript(fig)}, t0 = Date.now();\n` +
    `function draw() {\n` +
    `  var el = document.getElementById(id), P = window.Plotly;\n` +
    `  if (!el || !P || !P.newPlot) { if (Date.now() - t0 < 60000) setTimeout(draw, 50); return; }\n` +
    `  if (el.getAttribute("data-drawn")) return;\n` +
    `  el.setAttribute("data-drawn", "1");\n` +
    `  var img = el.querySelector("img.tsdl-static");\n` +
    `  if (img) el.removeChild(img);\n` +
    `  var restore = function (e) { el.innerHTML = ""; if (img) el.appendChild(img); console.error("tsdl plot:", e); };\n` +
    `  try { P.newPlot(el, fig.data, fig.layout, {displaylogo: false, responsive: false}).catch(restore); } catch (e) { restore(e); }\n` +
    `}\n` +
    `draw();\n})();\n</script>`;
  return div + loader + draw;
}
