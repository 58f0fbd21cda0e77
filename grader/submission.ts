// A submission as the grader sees it: read without trusting anything in it (not JSON, not
// nbformat 4, cells that are not cells), its lab recognised, and its solution cells found by id or
// by their grade_id, whatever else the learner did to the notebook.
import fs from "node:fs";
import path from "node:path";
import { fromLines, type Cell, type Notebook } from "../runner/notebook";
import { gradedLabs, gradedMeta } from "./exercises";

/** A notebook that could be read, or why not (a sentence naming the file). */
export type ReadResult = { nb: Notebook; error?: undefined } | { nb?: undefined; error: string };

/** Reads and validates a submission file. Example: `const { nb, error } = readSubmission("a.ipynb")`. */
export function readSubmission(file: string): ReadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: `${path.resolve(file)}: cannot read it (${code === "ENOENT" ? "no such file" : code ?? (e as Error).message})` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `${file} is not JSON (${(e as Error).message}): hand in the .ipynb file Jupyter saves` };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { error: `${file} is JSON but not a notebook (no nbformat, no cells)` };
  const nb = data as Record<string, unknown>;
  if (nb.nbformat !== 4) {
    return { error: `${file} is ${nb.nbformat === undefined ? "not a Jupyter notebook (no nbformat field)" : `nbformat ${JSON.stringify(nb.nbformat)}`}; the grader reads nbformat 4 (save it from Jupyter 4.x or later)` };
  }
  if (!Array.isArray(nb.cells)) return { error: `${file}: nbformat 4 but "cells" is not a list` };
  const cells: Cell[] = nb.cells.filter((c): c is Record<string, unknown> => typeof c === "object" && c !== null).map((c) => ({
    cell_type: c.cell_type === "markdown" || c.cell_type === "raw" ? c.cell_type : "code",
    id: typeof c.id === "string" ? c.id : undefined,
    metadata: typeof c.metadata === "object" && c.metadata !== null ? (c.metadata as Record<string, any>) : {},
    source: typeof c.source === "string" || (Array.isArray(c.source) && c.source.every((l) => typeof l === "string")) ? fromLines(c.source) : "",
  }));
  const metadata = typeof nb.metadata === "object" && nb.metadata !== null ? (nb.metadata as Record<string, any>) : {};
  return { nb: { nbformat: 4, nbformat_minor: Number(nb.nbformat_minor) || 0, metadata, cells } };
}

/** The grade_id a submitted cell claims: ours, nbgrader's, or its cell id. */
function claimedIds(cell: Cell): string[] {
  const ids = [cell.metadata?.tsdl?.grade_id, cell.metadata?.nbgrader?.grade_id, cell.id];
  return ids.filter((x): x is string => typeof x === "string");
}

/** The submitted cell holding graded function `gradeId` (by cell id first, then by grade_id), or undefined. */
export function findSolutionCell(nb: Notebook, gradeId: string): Cell | undefined {
  return nb.cells.find((c) => c.cell_type === "code" && c.id === gradeId)
    ?? nb.cells.find((c) => c.cell_type === "code" && claimedIds(c).includes(gradeId));
}

/** Why a submission's lab is unknown; `usage` when `--lab` is what is wrong (the CLI exits 2). */
export interface LabError {
  error: string;
  usage?: boolean;
}

/**
 * The lab of a submission, read from the file: its `tsdl.lab` metadata when it names a lab, else
 * the lab whose graded cell ids it holds most of; `requested` (`--lab`) is used only when the file
 * does not say, and is an error when it names another lab than the file's.
 * Example: `labOf(nb, ids)` → "01-initialization".
 */
export function labOf(nb: Notebook, solutionIds: (lab: string) => string[], requested?: string): string | LabError {
  const labs = gradedLabs();
  if (requested !== undefined && !labs.includes(requested)) return { usage: true, error: `--lab ${requested}: no such lab with graded functions (labs: ${labs.join(", ")})` };
  const inFile = labInFile(nb, solutionIds, labs);
  if (inFile && requested !== undefined && inFile.lab !== requested) {
    return { usage: true, error: `--lab ${requested} disagrees with the file, which is lab ${inFile.lab} (${inFile.how}): drop --lab, or grade the file of lab ${requested}` };
  }
  if (inFile) return inFile.lab;
  if (requested !== undefined) return requested;
  return { error: `cannot tell which lab this is: no metadata tsdl.lab and none of the labs' graded cells (say which with --lab; labs: ${labs.join(", ")})` };
}

/** The lab a notebook says it is (metadata), or whose graded cells it holds most of; and how we know. */
function labInFile(nb: Notebook, solutionIds: (lab: string) => string[], labs: string[]): { lab: string; how: string } | undefined {
  const claimed = nb.metadata?.tsdl?.lab;
  if (typeof claimed === "string" && labs.includes(claimed)) return { lab: claimed, how: "its metadata tsdl.lab" };
  const scored = labs.map((lab) => [lab, solutionIds(lab).filter((id) => findSolutionCell(nb, id)).length] as const).sort((a, b) => b[1] - a[1]);
  if (scored.length && scored[0][1] > 0) return { lab: scored[0][0], how: `it holds ${scored[0][1]} of that lab's graded cells` };
  return undefined;
}

/** Graded cells of a notebook, as [grade_id, points, cell]. */
export function gradedCells(nb: Notebook): [string, number, Cell][] {
  return nb.cells.flatMap((c) => {
    const g = gradedMeta(c);
    return g ? [[g.grade_id, g.points, c] as [string, number, Cell]] : [];
  });
}
