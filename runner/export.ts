// HTML export of executed notebooks with nbconvert (`jupyter nbconvert --to html`), for learners who
// read a lab in a plain browser: the plots' html outputs carry plotly.js, so the page works offline.
// Files appear atomically: nbconvert writes into a temporary folder beside the target, then each
// page is renamed into place, so a reader never sees half a page and a failed export leaves none.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { jupyterEnv, readSetup } from "../kernel-setup/jupyter-env.mjs";

export interface ExportOptions {
  /** kill nbconvert after this long (ms); default 120 s */
  timeoutMs?: number;
}

export interface ExportResult {
  notebook: string;
  html: string;
  bytes: number;
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
    const args = ["-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", tmp, ...files.map((f) => path.resolve(f))];
    await new Promise<void>((resolve, reject) => {
      execFile(python, args, { env: jupyterEnv(), timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 16 << 20 }, (err, _stdout, stderr) => {
        if (!err) return resolve();
        const why = err.killed ? `timed out after ${timeoutMs / 1000} s` : `exit ${err.code}`;
        reject(new Error(`jupyter nbconvert --to html failed (${why}):\n${stderr.slice(-3000)}`));
      });
    });
    // all pages or none
    for (const f of files) if (!fs.existsSync(path.join(tmp, htmlName(f)))) throw new Error(`jupyter nbconvert wrote no ${htmlName(f)} for ${f}`);
    return files.map((f) => {
      const html = path.join(outDir, htmlName(f));
      fs.renameSync(path.join(tmp, htmlName(f)), html);
      return { notebook: f, html, bytes: fs.statSync(html).size };
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
