// Notebook sources: each notebooks/NAME.ipynb is built from notebooks/src/NAME.ts, a readable
// "percent" script (as jupytext writes it), so reviews see code, not JSON. Cells start with
//   // %% [markdown]                      a markdown cell; its lines are `// `-commented
//   // %%                                 a code cell
//   // %% {"id": "he-init", "tags": ["raises-exception"]}   … with metadata (JSON; "id" becomes the cell id)
// The first line may be `// %% notebook {"title": …}` with notebook-level metadata.
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import { kernelMetadata } from "./kernel-metadata";
import type { Cell, Notebook } from "./notebook";
import { readNotebook, sourceText, toLines } from "./notebook";

const HEADER = /^\/\/ %%(?: \[(markdown)\])?(?: (notebook))?\s*(\{.*\})?\s*$/;

/** Parses a percent script into notebook cells, e.g. `parseSource(text, "src/01.ts")`. */
export function parseSource(text: string, file: string): Notebook {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const cells: Cell[] = [];
  let nbMeta: Record<string, any> = {};
  let current: { kind: "markdown" | "code"; meta: Record<string, any>; body: string[]; line: number } | null = null;
  const flush = () => {
    if (!current) return;
    while (current.body.length && current.body[current.body.length - 1].trim() === "") current.body.pop();
    const { id, ...metadata } = current.meta;
    const index = cells.length;
    const source = current.kind === "markdown"
      ? current.body.map((l) => l.replace(/^\/\/ ?/, "")).join("\n")
      : current.body.join("\n");
    const cell: Cell = current.kind === "markdown"
      ? { cell_type: "markdown", id: id ?? `md-${index}`, metadata, source }
      : { cell_type: "code", id: id ?? `code-${index}`, metadata, source, outputs: [], execution_count: null };
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(cell.id!)) throw new Error(`${file}:${current.line}: cell id "${cell.id}" must be 1-64 letters, digits, - or _`);
    if (cells.some((c) => c.id === cell.id)) throw new Error(`${file}:${current.line}: duplicate cell id "${cell.id}"`);
    cells.push(cell);
  };
  lines.forEach((line, i) => {
    const m = HEADER.exec(line);
    if (!m) {
      if (current) current.body.push(line);
      else if (line.trim() !== "") throw new Error(`${file}:${i + 1}: text before the first "// %%" cell marker`);
      return;
    }
    let meta: Record<string, any> = {};
    if (m[3]) {
      try {
        meta = JSON.parse(m[3]);
      } catch (e) {
        throw new Error(`${file}:${i + 1}: cell metadata is not valid JSON (${(e as Error).message})`);
      }
    }
    if (m[2]) {
      nbMeta = meta;
      return;
    }
    flush();
    current = { kind: m[1] ? "markdown" : "code", meta, body: [], line: i + 1 };
    // drop the blank line conventionally left after a marker
  });
  flush();
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { ...kernelMetadata(), ...nbMeta },
    cells: cells.map((c) => ({ ...c, source: toLines(sourceText(c).replace(/^\n+/, "")) })),
  };
}

/** Every lab notebook: notebooks/*.ipynb plus those only written as notebooks/src/*.ts so far, sorted. */
export function defaultNotebooks(): string[] {
  const dir = path.join(projectRoot, "notebooks");
  const names = new Set(fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")));
  if (fs.existsSync(path.join(dir, "src"))) {
    for (const f of fs.readdirSync(path.join(dir, "src"))) if (f.endsWith(".ts")) names.add(f.replace(/\.ts$/, ".ipynb"));
  }
  return [...names].sort().map((f) => path.join(dir, f));
}

/** The source script of a notebook: notebooks/NAME.ipynb ← notebooks/src/NAME.ts. */
export function sourceFileFor(notebookFile: string): string {
  return path.join(path.dirname(notebookFile), "src", path.basename(notebookFile, ".ipynb") + ".ts");
}

/** What decides a notebook's content apart from outputs: cell kinds, ids, sources, metadata. */
function skeleton(nb: Notebook): string {
  return JSON.stringify({
    metadata: nb.metadata,
    cells: nb.cells.map((c) => ({ t: c.cell_type, id: c.id, s: sourceText(c), m: c.metadata })),
  });
}

/** True when the notebook's cells (not outputs) match its source script. */
export function inSync(notebookFile: string): boolean {
  const src = sourceFileFor(notebookFile);
  if (!fs.existsSync(src)) return true;
  if (!fs.existsSync(notebookFile)) return false;
  return skeleton(readNotebook(notebookFile)) === skeleton(parseSource(fs.readFileSync(src, "utf8"), src));
}

/**
 * The notebook to execute for `notebookFile`: the saved one when it matches its source script,
 * otherwise freshly built from the script (outputs empty; the run fills them).
 */
export function notebookFromSource(notebookFile: string): Notebook | null {
  const src = sourceFileFor(notebookFile);
  if (!fs.existsSync(src) || inSync(notebookFile)) return null;
  return parseSource(fs.readFileSync(src, "utf8"), src);
}
