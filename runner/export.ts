// HTML export of executed notebooks with nbconvert (`jupyter nbconvert --to html`), for learners who
// read a lab in a plain browser. The page is self-contained and works offline: our template
// (nbconvert/tsdl-page.html.j2) drops nbconvert's requirejs and MathJax links (on Debian they point
// at /usr/share/javascript on the exporting machine); we put plotly.js into its <head> (once per
// page, when it has plots) and typeset the math here (runner/math.ts: MathJax in Node, SVG in the
// page), so formulas read the same with scripts off as on and the page carries no MathJax.
// Files appear atomically: nbconvert writes into a temporary folder beside the target, then each
// page is finished and renamed into place, so a reader never sees half a page and a failed export
// leaves none.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { jupyterEnv, readSetup } from "../kernel-setup/jupyter-env.mjs";
import { plotlyLoaderScript } from "../lib/src/plot/html";
import { typesetMath } from "./math";

const TEMPLATE = fileURLToPath(new URL("./nbconvert/tsdl-page.html.j2", import.meta.url));
const MARKS = { plotly: "<!-- tsdl:plotly -->", mathjax: "<!-- tsdl:mathjax -->" };
/** marks the <style> of the typeset math (MathJax's SVG rules), e.g. to count it in a page */
export const MATH_STYLE_MARK = "tsdl: math typeset at export";

/** A finished page and what its math came to. */
export interface FinishedPage {
  html: string;
  /** math expressions typeset as SVG */
  math: number;
  /** TeX errors (MathJax's messages); the page shows them in place, as the Notebook would */
  mathErrors: string[];
}

/** Puts plotly.js (when the page has plots) and the typeset math in; throws when a mark is missing. */
export async function finishPage(html: string, page: string): Promise<FinishedPage> {
  for (const mark of Object.values(MARKS)) {
    if (html.split(mark).length !== 2) throw new Error(`${page}: nbconvert did not use the template ${TEMPLATE} (mark ${mark} missing or repeated)`);
  }
  const plotly = html.includes('class="tsdl-plot"') ? plotlyLoaderScript() : "";
  if (html.includes('class="tsdl-plot"') && plotly === "") throw new Error(`${page} has plots, but plotly.js-dist-min is not installed (npm ci)`);
  const tex = await typesetMath(html, page);
  const style = tex.css ? `<style type="text/css">/* ${MATH_STYLE_MARK} */\n${tex.css}\n</style>` : "";
  // function replacers: the inserted scripts hold "$&"-like text that a string replacement would expand
  return { html: tex.html.replace(MARKS.plotly, () => plotly).replace(MARKS.mathjax, () => style), math: tex.math, mathErrors: tex.errors };
}

export interface ExportOptions {
  /** kill nbconvert after this long (ms); default 120 s */
  timeoutMs?: number;
}

export interface ExportResult {
  notebook: string;
  html: string;
  bytes: number;
  /** math expressions typeset as SVG in the page */
  math: number;
  mathErrors: string[];
}

/** The page nbconvert makes for a notebook, e.g. `htmlName("notebooks/00-a.ipynb")` → "00-a.html". */
export function htmlName(notebook: string): string {
  return path.basename(notebook).replace(/\.ipynb$/i, "") + ".html";
}

/**
 * Exports notebooks to `<outDir>/<name>.html` in one nbconvert run; throws with nbconvert's log on failure.
 * Example: `await exportHtml(["notebooks/00-getting-started.ipynb"], "out/html")`.
 */
export async function exportHtml(files: string[], outDir: string, options: ExportOptions = {}): Promise<ExportResult[]> {
  if (files.length === 0) return [];
  const seen = new Map<string, string>();
  for (const f of files) {
    if (!fs.existsSync(f)) throw new Error(`exportHtml: ${f}: no such notebook`);
    const name = htmlName(f);
    if (seen.has(name)) throw new Error(`exportHtml: ${seen.get(name)} and ${f} would both be exported to ${name} in ${outDir}`);
    seen.set(name, f);
  }
  const { python } = readSetup();
  const { timeoutMs = 120_000 } = options;
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(outDir, ".export-")); // same filesystem: rename is atomic
  try {
    const args = ["-m", "jupyter", "nbconvert", "--to", "html", "--template-file", TEMPLATE, "--output-dir", tmp, ...files.map((f) => path.resolve(f))];
    await new Promise<void>((resolve, reject) => {
      execFile(python, args, { env: jupyterEnv(), timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 16 << 20 }, (err, _stdout, stderr) => {
        if (!err) return resolve();
        const why = err.killed ? `timed out after ${timeoutMs / 1000} s` : `exit ${err.code}`;
        reject(new Error(`jupyter nbconvert --to html failed (${why}):\n${stderr.slice(-3000)}`));
      });
    });
    // all pages or none
    for (const f of files) if (!fs.existsSync(path.join(tmp, htmlName(f)))) throw new Error(`jupyter nbconvert wrote no ${htmlName(f)} for ${f}`);
    const finished: FinishedPage[] = [];
    for (const f of files) {
      const page = path.join(tmp, htmlName(f));
      const done = await finishPage(fs.readFileSync(page, "utf8"), htmlName(f));
      fs.writeFileSync(page, done.html);
      finished.push(done);
      if (done.mathErrors.length) console.warn(`${f}: TeX errors, shown in red in ${htmlName(f)}: ${done.mathErrors.join("; ")}`);
    }
    return files.map((f, k) => {
      const html = path.join(outDir, htmlName(f));
      fs.renameSync(path.join(tmp, htmlName(f)), html);
      return { notebook: f, html, bytes: fs.statSync(html).size, math: finished[k].math, mathErrors: finished[k].mathErrors };
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
