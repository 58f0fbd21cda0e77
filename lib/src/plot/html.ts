/**
 * The `text/html` of a figure for hosts that run output scripts (classic Notebook when trusted,
 * JupyterLab without the plotly extension, nbconvert's HTML export): a div that first holds the
 * static SVG as an <img> (what an untrusted notebook shows: its sanitizer drops scripts but keeps
 * data-URI images), and a script that replaces it with an interactive plotly.js plot.
 *
 * plotly.js (~4.8 MB) is never saved into a notebook. The script takes it from, in order:
 * `window.Plotly` (an HTML export carries it once in its <head>, see `plotlyLoaderScript`); the
 * classic Notebook's requirejs, which loads `nbextensions/tsdl-plotly/plotly.min.js` (kernel-setup
 * installs it where our Jupyter serves nbextensions); the plotly CDN (a machine where the notebook
 * was executed elsewhere and that is online). When none answers, the static image stays. All plot
 * outputs of a page share one load (`window.tsdlPlotly`).
 */
import fs from "fs";
import { createRequire } from "module";
import path from "path";
import type { Figure } from "./figure";

/** The requirejs module id of plotly.min.js under the classic Notebook's nbextensions (file `plotly.min.js`). */
export const PLOTLY_NBEXTENSION = "tsdl-plotly/plotly.min";

interface PlotlyDist {
  file: string;
  version: string;
}
let distCache: PlotlyDist | null | undefined;
let sourceCache: string | undefined;

/** Where plotly.min.js is installed and its version, e.g. `plotlyDist()?.version` → "4.1.2"; null when plotly.js-dist-min is absent. */
export function plotlyDist(): PlotlyDist | null {
  if (distCache !== undefined) return distCache;
  const candidates: (() => string)[] = [
    () => process.env.TSDL_PLOTLY_JS ?? "",
    () => require.resolve("plotly.js-dist-min/plotly.min.js"),
    () => createRequire(path.join(process.cwd(), "index.js")).resolve("plotly.js-dist-min/plotly.min.js"),
  ];
  distCache = null;
  for (const c of candidates) {
    let file = "";
    try {
      file = c();
    } catch {
      continue;
    }
    if (!file || !fs.existsSync(file)) continue;
    let version = "";
    try {
      version = JSON.parse(fs.readFileSync(path.join(path.dirname(file), "package.json"), "utf8")).version ?? "";
    } catch {
      // a plotly.min.js outside its package (TSDL_PLOTLY_JS): its banner names the version
    }
    if (!version) {
      const head = Buffer.alloc(300);
      const fd = fs.openSync(file, "r");
      try {
        fs.readSync(fd, head, 0, 300, 0);
      } finally {
        fs.closeSync(fd);
      }
      version = /plotly\.js v([0-9][^\s*]*)/.exec(head.toString("utf8"))?.[1] ?? "unknown";
    }
    distCache = { file, version };
    break;
  }
  return distCache;
}

/** plotly.min.js's text (read once) and version, e.g. `plotlyJs()?.source.length` → ~4.8e6; null when absent. */
export function plotlyJs(): { source: string; version: string } | null {
  const d = plotlyDist();
  if (d === null) return null;
  sourceCache ??= fs.readFileSync(d.file, "utf8");
  return { source: sourceCache, version: d.version };
}

/** Makes JS text safe inside <script>…</script>, e.g. `scriptSafe('"</script>"')` → `"\\x3C/script>"`. */
export function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, "\\x3C/$1").replace(/<!--/g, "\\x3C!--");
}

/** JSON for a script: `<`, U+2028 and U+2029 escaped, so it cannot close the <script>. */
function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The marker in the script that carries plotly.min.js into a page (an HTML export's <head>). */
export const PLOTLY_LOADER_MARK = "loaded once per page by tsdl";

/**
 * plotly.min.js inline, for a page that must work offline (the HTML export puts it once in its
 * <head>), with requirejs' `define` hidden; "" when plotly.js is not installed.
 * Example: `plotlyLoaderScript().length` → ~4.8e6.
 */
export function plotlyLoaderScript(): string {
  const p = plotlyJs();
  if (p === null) return "";
  return (
    `<script type="text/javascript">/* plotly.js v${p.version}, ${PLOTLY_LOADER_MARK} */\n` +
    `(function () {\n` +
    `if (window.Plotly) return;\n` +
    `var hidden = window.define; window.define = undefined;\n` +
    `try {\n${scriptSafe(p.source)}\n} finally { window.define = hidden; }\n` +
    `})();\n</script>\n`
  );
}

/**
 * The page-wide loader every plot output carries (~1 KB): the first output that runs starts one
 * load, later ones queue on it. `done(P)` gets plotly.js, or null when no source answered.
 */
function loaderJs(cdn: string): string {
  return (
    `function tsdlLoadPlotly(done) {\n` +
    `  var w = window, L = w.tsdlPlotly;\n` +
    `  if (w.Plotly && w.Plotly.newPlot) return done(w.Plotly);\n` +
    `  if (!L) {\n` +
    `    L = w.tsdlPlotly = { queue: [], settled: false, P: null };\n` +
    `    var finish = function (P) {\n` +
    `      P = P && P.newPlot ? P : (w.Plotly && w.Plotly.newPlot ? w.Plotly : null);\n` +
    `      if (P && !w.Plotly) w.Plotly = P;\n` +
    `      L.P = P; L.settled = true;\n` +
    `      var q = L.queue; L.queue = []; for (var i = 0; i < q.length; i++) q[i](P);\n` +
    `    };\n` +
    `    var req = w.requirejs;\n` +
    `    if (typeof req === "function") {\n` +
    `      // classic Notebook: our nbextension, then the CDN; requirejs reports a failure once\n` +
    `      req([${JSON.stringify("nbextensions/" + PLOTLY_NBEXTENSION)}], finish, function () {\n` +
    `        req([${JSON.stringify(cdn)}], finish, function () { finish(null); });\n` +
    `      });\n` +
    `    } else {\n` +
    `      var s = document.createElement("script");\n` +
    `      s.src = ${JSON.stringify(cdn + ".js")}; s.async = true;\n` +
    `      s.onload = function () { finish(w.Plotly); }; s.onerror = function () { finish(null); };\n` +
    `      document.head.appendChild(s);\n` +
    `    }\n` +
    `  }\n` +
    `  if (L.settled) return done(L.P);\n` +
    `  L.queue.push(done);\n` +
    `}\n`
  );
}

export interface HtmlOptions {
  /** element id (unique per output in a page) */
  id: string;
}

/**
 * The html of one figure: static fallback image and the drawing script (no plotly.js in it).
 * Example: `figureHtml(fig, svg, {id: "tsdl-plot-1"})`.
 */
export function figureHtml(fig: Figure, svg: string, opts: HtmlOptions): string {
  const w = fig.layout.width ?? 700;
  const h = fig.layout.height ?? 450;
  const alt = fig.layout.title?.text ?? "plot";
  const img = `<img class="tsdl-static" width="${w}" height="${h}" alt="${alt.replace(/[&<>"]/g, "")}" src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}">`;
  const div = `<div id="${opts.id}" class="tsdl-plot" style="width:${w}px;height:${h}px">${img}</div>\n`;
  // requirejs takes a URL without ".js" as a module path
  const cdn = `https://cdn.plot.ly/plotly-${plotlyDist()?.version ?? "latest"}.min`;
  // waits for the element (some hosts run scripts before inserting the output), then for plotly.js;
  // the static image stays when plotly.js never arrives
  const draw =
    `<script type="text/javascript">\n(function () {\n` +
    `var id = ${JSON.stringify(opts.id)}, fig = ${jsonForScript(fig)}, t0 = Date.now();\n` +
    loaderJs(cdn) +
    `function draw(P) {\n` +
    `  var el = document.getElementById(id);\n` +
    `  if (!el) { if (Date.now() - t0 < 60000) setTimeout(function () { draw(P); }, 50); return; }\n` +
    `  if (!P || el.getAttribute("data-drawn")) return;\n` +
    `  el.setAttribute("data-drawn", "1");\n` +
    `  var img = el.querySelector("img.tsdl-static");\n` +
    `  if (img) el.removeChild(img);\n` +
    `  var restore = function (e) { el.innerHTML = ""; if (img) el.appendChild(img); console.error("tsdl plot:", e); };\n` +
    `  try { P.newPlot(el, fig.data, fig.layout, {displaylogo: false, responsive: false}).catch(restore); } catch (e) { restore(e); }\n` +
    `}\n` +
    `tsdlLoadPlotly(draw);\n})();\n</script>`;
  return div + draw;
}
