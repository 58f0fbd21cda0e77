// `npm run labs [-- [--out DIR] [--html DIR] [--timeout S] [--port N] notebooks…]`: executes notebooks
// headlessly (default: every notebook under notebooks/), shows progress, ends with a table, optionally
// exports the executed notebooks to HTML; exit 1 on failure.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBuilt } from "../kernel-setup/build-lib.mjs";
import { exportHtml } from "./export";
import { invocationDir } from "./invocation";
import { runNotebooks, stopActiveServer, type NotebookResult } from "./run";
import { defaultNotebooks, sourceFileFor } from "./source";

const USAGE = `usage: npm run labs -- [--out DIR] [--html DIR] [--timeout SECONDS] [--port N] [notebook.ipynb …]
  Executes the notebooks through a private Jupyter server and the tslab kernel, in order.
  Default: every notebook in notebooks/. Executed notebooks are saved in place (or into --out DIR);
  a notebook that fails is saved to out/failed/ instead, so its good outputs are never overwritten.
  --html DIR  also exports each notebook that ran without error to DIR/NAME.html (jupyter nbconvert
              --to html; each page appears whole or not at all), e.g. --html out/html`;

function parse() {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        out: { type: "string" },
        html: { type: "string" },
        timeout: { type: "string" },
        port: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    return { values, positionals };
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

function table(results: NotebookResult[]): string {
  const rows = [["notebook", "cells", "seconds", "status"], ...results.map((r) => [
    path.relative(process.cwd(), r.file), String(r.cells), r.seconds.toFixed(1), r.error ? "FAILED" : "ok",
  ])];
  const widths = rows[0].map((_, j) => Math.max(...rows.map((row) => row[j].length)));
  return rows.map((row) => row.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ")).join("\n");
}

async function main(): Promise<number> {
  const { values, positionals } = parse();
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // every usage error before anything slow: a typo costs no build
  const usage = (message: string): never => {
    console.error(`${message}\n${USAGE}`);
    process.exit(2);
  };
  const files = positionals.length ? positionals.map((f) => path.resolve(invocationDir(), f)) : defaultNotebooks();
  for (const f of files) if (!fs.existsSync(f) && !fs.existsSync(sourceFileFor(f))) usage(`${f}: no such notebook (nor a source ${sourceFileFor(f)}); paths are relative to the folder the command was typed in`);
  const num = (v: string | undefined, what: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(n > 0)) usage(`--${what} must be a positive number, got "${v}"`);
    return n;
  };
  if (values.html !== undefined && !values.html.trim()) usage(`--html needs a folder, e.g. --html out/html`);
  const cellTimeoutS = num(values.timeout, "timeout");
  const port = num(values.port, "port");
  ensureBuilt();
  const summary = await runNotebooks(files, {
    outDir: values.out === undefined ? undefined : path.resolve(invocationDir(), values.out),
    cellTimeoutS,
    port,
    onNotebookStart: (f) => console.log(`▶ ${path.relative(process.cwd(), f)}`),
    onCell: (_f, e) => console.log(`  cell ${String(e.index).padStart(3)}/${e.total}  ${e.seconds.toFixed(2).padStart(7)} s  ${e.status}`),
  });
  console.log(`\nserver ready in ${summary.serverReadySeconds.toFixed(1)} s`);
  for (const r of summary.results) {
    console.log(`${path.relative(process.cwd(), r.file)}: kernel started in ${r.kernelStartSeconds.toFixed(1)} s, saved to ${path.relative(process.cwd(), r.written)}`);
    if (r.error) console.error(`ERROR ${r.error}`);
  }
  console.log("\n" + table(summary.results));
  if (values.html !== undefined) {
    const ok = summary.results.filter((r) => !r.error).map((r) => r.written);
    const t0 = Date.now();
    const pages = await exportHtml(ok, path.resolve(invocationDir(), values.html));
    const skipped = summary.results.length - ok.length;
    console.log(`\nexported ${pages.length} notebook(s) to HTML in ${((Date.now() - t0) / 1000).toFixed(1)} s${skipped ? ` (${skipped} failed, not exported)` : ""}:`);
    for (const p of pages) console.log(`  ${path.relative(process.cwd(), p.html)}  ${(p.bytes / 1e6).toFixed(1)} MB`);
  }
  return summary.results.some((r) => r.error) ? 1 : 0;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: shutting the kernel and server down …`);
    stopActiveServer().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    console.error(`ERROR ${(e as Error).message}`);
    await stopActiveServer();
    process.exit(1);
  },
);
