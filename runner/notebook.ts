// Reading and writing nbformat 4 notebooks: validation with clear errors, atomic writes.
import fs from "node:fs";
import path from "node:path";

/** One nbformat 4 output (stream, display_data, execute_result or error). */
export interface Output {
  output_type: "stream" | "display_data" | "execute_result" | "error";
  [key: string]: unknown;
}

export interface Cell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: Record<string, any>;
  outputs?: Output[];
  execution_count?: number | null;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, any>;
  cells: Cell[];
}

/** Reads and checks a notebook, e.g. `readNotebook("notebooks/00-getting-started.ipynb")`. */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`${file}: cannot read notebook (${(e as Error).message})`);
  }
  let nb: Notebook;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message}); is it a truncated or hand-edited notebook?`);
  }
  if (nb?.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new Error(`${file}: not an nbformat 4 notebook (nbformat=${nb?.nbformat}, cells ${Array.isArray(nb?.cells) ? "present" : "missing"})`);
  }
  return nb;
}

/** A cell's source as one string (nbformat stores it as a string or a list of lines). */
export function sourceText(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** A cell's tags, e.g. `["skip-execution"]`. */
export function cellTags(cell: Cell): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags : [];
}

/** Splits text the way Jupyter stores multi-line strings on disk: lines keeping their "\n". */
export function toLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Joins a stored multi-line string back into one string. */
export function fromLines(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

/** Serialises as Jupyter does (indent 1, sorted keys not required, trailing newline). */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/**
 * Writes a file atomically: a temp file beside the target, then rename, so a crash never leaves a
 * truncated file. Example: `writeFileAtomic("grades/grades.csv", csv)`.
 */
export function writeFileAtomic(file: string, text: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes a notebook atomically (see writeFileAtomic). Example: `writeNotebookAtomic("out/a.ipynb", nb)`. */
export function writeNotebookAtomic(file: string, nb: Notebook): void {
  writeFileAtomic(file, serializeNotebook(nb));
}
