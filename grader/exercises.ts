// Exercise notebooks, generated from the solution notebooks' sources (never edited by hand):
// graded cells stubbed (stub.ts), outputs cleared, and nbgrader's cell metadata beside ours, so a
// course on nbgrader can take them: solution cells, graded (locked) check cells with the points,
// every other cell locked ("read-only": restored from the source when grading).
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import { withKernelMetadata } from "../runner/kernel-metadata";
import { serializeNotebook, sourceText, toLines, type Cell, type Notebook } from "../runner/notebook";
import { parseSource } from "../runner/source";
import { stubRegions } from "./stub";

export const EXERCISES_DIR = path.join(projectRoot, "exercises");
const SOURCES_DIR = path.join(projectRoot, "notebooks", "src");

/** Our metadata of a graded cell. */
export interface GradedMeta {
  graded: true;
  grade_id: string;
  points: number;
}

/** The graded-cell metadata of a cell, or null. */
export function gradedMeta(cell: Cell): GradedMeta | null {
  const t = cell.metadata?.tsdl as Partial<GradedMeta> | undefined;
  return t?.graded ? (t as GradedMeta) : null;
}

/** The solution notebook of a lab, built from notebooks/src/NAME.ts. */
export function solutionNotebook(lab: string): Notebook {
  const file = path.join(SOURCES_DIR, `${lab}.ts`);
  if (!fs.existsSync(file)) throw new Error(`no lab "${lab}": ${path.relative(projectRoot, file)} does not exist (labs: ${gradedLabs().join(", ")})`);
  return parseSource(fs.readFileSync(file, "utf8"), file);
}

/** The labs with graded functions (their sources have graded cells), e.g. ["01-initialization", …]. */
export function gradedLabs(): string[] {
  return fs.readdirSync(SOURCES_DIR).filter((f) => f.endsWith(".ts")).sort()
    .map((f) => f.replace(/\.ts$/, ""))
    .filter((lab) => /"graded": true/.test(fs.readFileSync(path.join(SOURCES_DIR, `${lab}.ts`), "utf8")));
}

function nbgrader(fields: { grade_id: string; solution: boolean; grade: boolean; locked: boolean; points?: number }): Record<string, unknown> {
  const { grade_id, solution, grade, locked, points } = fields;
  return { grade, grade_id, locked, ...(grade ? { points } : {}), schema_version: 3, solution, task: false };
}

/**
 * The exercise version of a lab: `exerciseNotebook("01-initialization")`. Check cells
 * (`<grade_id>-check`) carry the function's points for nbgrader; they and the solution cells
 * cannot be deleted, and the checks cannot be edited.
 */
export function exerciseNotebook(lab: string): Notebook {
  const nb = solutionNotebook(lab);
  const points = new Map<string, number>();
  for (const c of nb.cells) {
    const g = gradedMeta(c);
    if (g) points.set(g.grade_id, g.points);
  }
  if (points.size === 0) throw new Error(`${lab} has no graded cells`);
  const cells = nb.cells.map((c): Cell => {
    const g = gradedMeta(c);
    const checkOf = c.id?.endsWith("-check") ? c.id.slice(0, -"-check".length) : undefined;
    const base = { ...c, metadata: { ...c.metadata } };
    if (g) {
      base.source = toLines(stubRegions(sourceText(c), g.grade_id));
      base.metadata.nbgrader = nbgrader({ grade_id: g.grade_id, solution: true, grade: false, locked: false });
      base.metadata.deletable = false;
    } else if (checkOf && points.has(checkOf)) {
      base.metadata.nbgrader = nbgrader({ grade_id: c.id!, solution: false, grade: true, locked: true, points: points.get(checkOf) });
      base.metadata.deletable = false;
      base.metadata.editable = false;
    } else {
      base.metadata.nbgrader = nbgrader({ grade_id: c.id!, solution: false, grade: false, locked: true });
    }
    if (c.cell_type === "code") {
      base.outputs = [];
      base.execution_count = null;
    }
    return base;
  });
  for (const id of points.keys()) {
    if (!nb.cells.some((c) => c.id === `${id}-check`)) throw new Error(`${lab}: graded function ${id} has no check cell "${id}-check"`);
  }
  return withKernelMetadata({ ...nb, metadata: { ...nb.metadata, tsdl: { ...(nb.metadata.tsdl as object), lab, exercise: true } }, cells });
}

/** The bytes of exercises/NAME.ipynb as generated now. */
export function exerciseText(lab: string): string {
  return serializeNotebook(exerciseNotebook(lab));
}

/** Writes exercises/NAME.ipynb for every graded lab; returns the files written. */
export function writeExercises(dir = EXERCISES_DIR): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return gradedLabs().map((lab) => {
    const file = path.join(dir, `${lab}.ipynb`);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, exerciseText(lab));
    fs.renameSync(tmp, file);
    return file;
  });
}
