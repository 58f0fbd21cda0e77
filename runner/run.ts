// Runs notebooks headlessly: one private Jupyter server, one tslab session per notebook, executed
// notebooks written atomically (in place, or into an output folder), everything shut down after.
import path from "node:path";
import { executeNotebook, KernelSession, type CellEvent } from "./execute";
import { withKernelMetadata } from "./kernel-metadata";
import { readNotebook, writeNotebookAtomic } from "./notebook";
import { startServer, type JupyterServer } from "./server";
import { notebookFromSource } from "./source";
import { trustNotebooks } from "./trust";
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";

export interface RunOptions {
  /** write executed notebooks here instead of in place */
  outDir?: string;
  /** default per-cell timeout (s) */
  cellTimeoutS?: number;
  /** port for the server (default: a free one) */
  port?: number;
  /** folder served; default: the deepest folder holding every notebook (the project root for ours) */
  rootDir?: string;
  onNotebookStart?: (file: string) => void;
  onCell?: (file: string, e: CellEvent) => void;
  onCellStart?: (file: string, index: number, total: number) => void;
}

export interface NotebookResult {
  file: string;
  written: string;
  cells: number;
  seconds: number;
  kernelStartSeconds: number;
  error?: string;
}

export interface RunSummary {
  serverReadySeconds: number;
  results: NotebookResult[];
}

/** Deepest folder that contains every path, e.g. `commonDir(["a/b/x", "a/c/y"])` is `a`. */
export function commonDir(files: string[]): string {
  const parts = files.map((f) => path.dirname(path.resolve(f)).split(path.sep));
  const first = parts[0];
  let n = first.length;
  for (const p of parts) {
    let i = 0;
    while (i < n && i < p.length && p[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join(path.sep) || path.sep;
}

/** Where an in-place run puts a notebook whose execution failed. */
export const FAILED_DIR = path.join(projectRoot, "out", "failed");

let active: JupyterServer | undefined;

/**
 * After a kernel dies, @jupyterlab/services reconnects and, when we dispose the connection, rejects
 * that reconnect promise with nobody listening. Swallow exactly that; anything else stays fatal.
 */
export function ignoreDisconnectRejections(): void {
  if (process.listeners("unhandledRejection").includes(onUnhandled)) return;
  process.on("unhandledRejection", onUnhandled);
}
function onUnhandled(reason: unknown): void {
  if (reason instanceof Error && reason.message === "Kernel connection disconnected") return;
  process.removeListener("unhandledRejection", onUnhandled);
  throw reason;
}

/** Stops the running server (if any); used by the CLI's signal handlers. */
export async function stopActiveServer(): Promise<void> {
  await active?.stop();
}

/**
 * Executes `files` in order and saves them; a failing notebook does not stop the others.
 * Example: `await runNotebooks(["notebooks/00-getting-started.ipynb"], { outDir: "out" })`.
 */
export async function runNotebooks(files: string[], options: RunOptions = {}): Promise<RunSummary> {
  if (files.length === 0) throw new Error("no notebooks to run");
  // fail fast on unreadable files; a notebook whose source script changed is rebuilt from it
  const notebooks = files.map((f) => ({ file: f, nb: notebookFromSource(f) ?? readNotebook(f) }));
  const rootDir = options.rootDir ?? commonDir(files);
  ignoreDisconnectRejections();
  const t0 = Date.now();
  const server = await startServer({ rootDir, port: options.port });
  active = server;
  const serverReadySeconds = (Date.now() - t0) / 1000;
  const results: NotebookResult[] = [];
  // The next notebook's kernel starts while this one runs (a tslab start takes 1.5-2 s, mostly on
  // the core the running notebook leaves idle); executeNotebook awaits and closes it.
  const open = (i: number): Promise<KernelSession> | undefined => {
    if (i >= notebooks.length) return undefined;
    const p = KernelSession.open(server, { rootDir, file: notebooks[i].file });
    p.catch(() => {}); // reported by executeNotebook when it awaits it
    return p;
  };
  let ahead = open(0);
  try {
    for (let i = 0; i < notebooks.length; i++) {
      const { file, nb } = notebooks[i];
      const session = ahead;
      ahead = open(i + 1);
      options.onNotebookStart?.(file);
      const r = await executeNotebook(server, nb, {
        rootDir,
        file,
        cellTimeoutS: options.cellTimeoutS,
        onCell: (e) => options.onCell?.(file, e),
        onCellStart: (index, n) => options.onCellStart?.(file, index, n),
        session,
      });
      // a failed run never overwrites a notebook's good outputs in place: it goes to out/failed/
      const written = options.outDir
        ? path.join(options.outDir, path.basename(file))
        : r.error ? path.join(FAILED_DIR, path.basename(file)) : file;
      writeNotebookAtomic(written, withKernelMetadata(nb)); // what the kernel reports: nothing to change on open
      results.push({ file, written, ...r });
    }
  } finally {
    await ahead?.then((k) => k.close(), () => {}); // opened for a notebook that never ran (an interrupted run)
    await server.stop();
    active = undefined;
  }
  trustNotebooks(results.map((r) => r.written)); // so the classic Notebook shows their saved plots
  return { serverReadySeconds, results };
}
