// Test helpers: throw-away notebooks inside the project (so `tsdl` resolves), process checks.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { writeNotebookAtomic, type Cell, type Notebook } from "../../runner/notebook";

/** Scratch folder for notebooks made by tests (git-ignored). */
export const scratchDir = path.join(projectRoot, "out", "test-notebooks");

/** A code cell; `tags` go to metadata.tags. */
export function code(source: string, tags: string[] = [], metadata: Record<string, unknown> = {}): Cell {
  return { cell_type: "code", id: crypto.randomBytes(4).toString("hex"), source, metadata: { ...metadata, ...(tags.length ? { tags } : {}) }, outputs: [], execution_count: null };
}

/** Writes a tslab notebook with these cells under the scratch folder and returns its path. */
export function makeNotebook(name: string, cells: Cell[], metadata: Record<string, unknown> = {}): string {
  const nb: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, ...metadata },
    cells,
  };
  const file = path.join(scratchDir, `${name}.ipynb`);
  writeNotebookAtomic(file, nb);
  return file;
}

/** PIDs of running Jupyter servers and tslab kernels of this checkout (from /proc). */
export function jupyterProcesses(): Set<number> {
  const out = new Set<number>();
  for (const e of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, "utf8").replace(/\0/g, " ");
      // other checkouts on the machine run their own Jupyter: count only processes naming ours
      if (/jupyter-server|jupyter server|tslab kernel|jupyter-notebook/.test(cmd) && cmd.includes(projectRoot)) out.add(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Processes of ours started since `before` and still alive. */
export function leftovers(before: Set<number>): number[] {
  return [...jupyterProcesses()].filter((p) => !before.has(p));
}
