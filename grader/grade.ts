// Grades one submission through the real kernel: the lab's own cells (from its source, so a
// learner's edits to them do not count), the submission's graded cells, then the hidden tests in
// the same kernel. Every cell has a timeout; after a timeout or a dead kernel a new kernel gets the
// definitions that worked so far and grading goes on. The submission file is only read.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import { KernelSession, type CellRun } from "../runner/execute";
import { sourceText, writeNotebookAtomic, type Cell, type Notebook, type Output } from "../runner/notebook";
import { errorMessage, streamText } from "../runner/outputs";
import { ignoreDisconnectRejections } from "../runner/run";
import { startServer, type JupyterServer } from "../runner/server";
import { readGradeLines } from "../lib/src/checks/grade";
import { exerciseNotebook, gradedMeta } from "./exercises";
import { hiddenTests, withToken } from "./hidden";
import { findSolutionCell, gradedCells, labOf, readSubmission, type LabError } from "./submission";

export interface FunctionResult {
  id: string;
  points: number;
  maxPoints: number;
  passed: boolean;
  /** "All tests passed." or the first failure, in words */
  message: string;
  /** time of its hidden test (and of its cell, when that had to be run alone) */
  seconds: number;
}

export interface GradeReport {
  submission: string;
  lab: string | null;
  /** false when the file could not be graded at all (then `error` says why) */
  graded: boolean;
  error?: string;
  score: number;
  maxScore: number;
  functions: FunctionResult[];
  /** what the grader noticed and undid: edited or deleted lab cells, cells that failed */
  notes: string[];
  seconds: number;
}

export interface GradeOptions {
  /** the lab, when the notebook does not say (metadata tsdl.lab) */
  lab?: string;
  /** seconds per cell (default 60) */
  cellTimeoutS?: number;
  /** seconds for the whole submission (default 600) */
  totalTimeoutS?: number;
  /** a running server to use (tests share one); default: a private one for this call */
  server?: JupyterServer;
  /** one line per event, for progress on stderr */
  onProgress?: (line: string) => void;
}

const WORK_DIR = path.join(projectRoot, "out", "grader");
/** stream text kept per cell: enough for any message, bounded against a print loop */
const MAX_STREAM_BYTES = 1 << 20;

/** The text of a failed cell: its error output, or tslab's stderr. */
function failureText(outputs: Output[]): string {
  const err = outputs.find((o) => o.output_type === "error");
  if (err && (err.evalue || err.ename)) return `${err.ename}: ${err.evalue}`;
  return errorMessage(streamText(outputs, "stderr"));
}

/** True when tslab refused to compile the cell (its messages are `line:col - text`). */
function isCompileError(outputs: Output[]): boolean {
  return /^\d+:\d+ - /m.test(streamText(outputs, "stderr"));
}

/** Why a function got no result line, in words. */
function noResult(run: CellRun, fn: string, cellTimeoutS: number): string {
  if (run.status === "timeout") return `its test did not finish within ${cellTimeoutS} s (an endless loop?); the kernel was restarted`;
  if (run.status === "died") return "the kernel died while testing it (process.exit(), or out of memory?); the kernel was restarted";
  if (run.status === "error") {
    const text = failureText(run.outputs);
    const missing = new RegExp(`Cannot find name '${fn}'`).test(text);
    return missing ? `${fn} is not defined: the graded cell must define a function named ${fn} (was it renamed?)` : `its test could not run: ${text}`;
  }
  return "its test printed no result (did the submission replace process.stdout.write or tsdl.grading?)";
}

/** A report for a submission that could not be graded: every function 0, the reason given. */
function ungraded(file: string, lab: string | null, error: string, started: number): GradeReport {
  const functions = lab ? gradedCells(exerciseNotebook(lab)).map(([id, points]) => ({ id, points: 0, maxPoints: points, passed: false, message: `not graded: ${error}`, seconds: 0 })) : [];
  return { submission: file, lab, graded: false, error, score: 0, maxScore: functions.reduce((a, f) => a + f.maxPoints, 0), functions, notes: [], seconds: (Date.now() - started) / 1000 };
}

/** Lab cells the submission changed or dropped (they are restored from the lab's source). */
function editedCells(exercise: Notebook, submission: Notebook): string[] {
  const notes: string[] = [];
  for (const c of exercise.cells) {
    if (gradedMeta(c)) continue;
    const s = submission.cells.find((x) => x.id === c.id);
    if (!s) notes.push(`cell "${c.id}" is missing from the submission; the lab's was used`);
    else if (sourceText(s).trim() !== sourceText(c).trim()) notes.push(`cell "${c.id}" was edited; the lab's was used`);
  }
  return notes;
}

/**
 * The lab of a read submission: from the file; `requested` (`--lab`) only when the file does not say.
 * Example: `submissionLab(readSubmission("a.ipynb").nb!, undefined)` → "01-initialization".
 */
export function submissionLab(nb: Notebook, requested?: string): string | LabError {
  return labOf(nb, (l) => gradedCells(exerciseNotebook(l)).map(([id]) => id), requested);
}

/**
 * Grades `file` and returns the report; never throws for what the submission contains.
 * Example: `const r = await gradeSubmission("submissions/ana.ipynb"); console.log(r.score, "/", r.maxScore)`.
 */
export async function gradeSubmission(file: string, options: GradeOptions = {}): Promise<GradeReport> {
  const started = Date.now();
  const cellTimeoutS = options.cellTimeoutS ?? 60;
  const totalTimeoutS = options.totalTimeoutS ?? 600;
  const progress = options.onProgress ?? (() => {});
  const read = readSubmission(file);
  if (!read.nb) return ungraded(file, options.lab ?? null, read.error, started);
  const submission = read.nb;
  const lab = submissionLab(submission, options.lab);
  if (typeof lab !== "string") return ungraded(file, null, lab.error, started);

  const exercise = exerciseNotebook(lab);
  const hidden = hiddenTests(lab);
  const graded = gradedCells(exercise);
  const notes = editedCells(exercise, submission);
  const results = new Map<string, FunctionResult>();
  const fail = (id: string, message: string, seconds = 0) => {
    const maxPoints = graded.find(([g]) => g === id)![1];
    results.set(id, { id, points: 0, maxPoints, passed: false, message, seconds });
  };

  // the program: the lab's setup cells and the submission's graded cells, in the lab's order
  const solutionOf = new Map<string, Cell | undefined>(graded.map(([id]) => [id, findSolutionCell(submission, id)]));
  const steps: { id: string; code: string; gradeId?: string }[] = [];
  for (const c of exercise.cells) {
    const g = gradedMeta(c);
    if (g) {
      const s = solutionOf.get(g.grade_id);
      if (s) steps.push({ id: g.grade_id, code: sourceText(s), gradeId: g.grade_id });
      else fail(g.grade_id, `the graded cell "${g.grade_id}" is not in the submission (deleted, or its id changed?)`);
    } else if (hidden.setup.includes(c.id!)) {
      steps.push({ id: c.id!, code: sourceText(c) });
    }
  }
  for (const s of hidden.setup) if (!exercise.cells.some((c) => c.id === s)) throw new Error(`grader/hidden/${lab}.ts: setup cell "${s}" is not in the lab`);

  const token = crypto.randomBytes(12).toString("hex");
  const runDir = fs.mkdtempSync(path.join((fs.mkdirSync(WORK_DIR, { recursive: true }), WORK_DIR), `${lab}-`));
  const runFile = path.join(runDir, `${lab}.ipynb`);
  writeNotebookAtomic(runFile, { ...exercise, cells: [] }); // the session's path; the submission itself is never touched
  ignoreDisconnectRejections();
  const server = options.server ?? (await startServer({ rootDir: projectRoot }));
  let kernel: KernelSession | undefined;
  const defined: { id: string; code: string }[] = []; // what a new kernel must run again
  const remaining = () => totalTimeoutS - (Date.now() - started) / 1000;
  const timeLeft = () => Math.max(1, Math.min(cellTimeoutS, Math.floor(remaining())));
  // the lab's own cells and replays are not the learner's code: they get longer (a loaded machine)
  const setupTimeLeft = () => Math.max(1, Math.min(Math.max(cellTimeoutS, 120), Math.floor(remaining())));

  const openKernel = async () => {
    await kernel?.close();
    kernel = await KernelSession.open(server, { rootDir: projectRoot, file: runFile, maxStreamBytes: MAX_STREAM_BYTES });
    for (const d of defined) {
      const r = await kernel.run(d.code, setupTimeLeft(), `cell "${d.id}" (again, in a new kernel)`);
      if (r.status !== "ok") {
        // a definition that worked before fails now: nothing after it can be trusted
        throw new Error(`cell "${d.id}" ran before but failed in the new kernel: ${r.reason ?? failureText(r.outputs)}`);
      }
    }
  };

  try {
    await openKernel();
    for (const step of steps) {
      if (remaining() <= 1) break;
      const r = await kernel!.run(step.code, step.gradeId ? timeLeft() : setupTimeLeft(), `cell "${step.id}"`);
      if (r.status === "ok") {
        defined.push(step);
        continue;
      }
      if (!step.gradeId) {
        throw new Error(`the lab's cell "${step.id}" failed: ${r.reason ?? failureText(r.outputs)}`);
      }
      if (r.status === "error" && isCompileError(r.outputs)) {
        fail(step.gradeId, `your cell "${step.id}" does not compile: ${failureText(r.outputs)}`, r.seconds);
      } else if (r.status === "error") {
        // tslab keeps nothing of a cell that throws, not even the functions it declared before the throw
        fail(step.gradeId, `your cell "${step.id}" threw when run (${failureText(r.outputs)}), so nothing it defines exists: fix the error at its top level`, r.seconds);
      } else {
        fail(step.gradeId, r.status === "timeout"
          ? `your cell "${step.id}" did not finish within ${timeLeft()} s when run (an endless loop at its top level?)`
          : `your cell "${step.id}" killed the kernel when run (process.exit()?)`, r.seconds);
        progress(`${step.id}: ${r.status}; starting a new kernel`);
        await openKernel();
      }
    }
    for (const test of hidden.tests) {
      if (results.has(test.gradeId)) continue;
      if (remaining() <= 1) {
        fail(test.gradeId, `not graded: the submission used up the grader's time limit of ${totalTimeoutS} s`);
        continue;
      }
      const limit = timeLeft();
      const r = await kernel!.run(withToken(test.code, token), limit, `hidden test of ${test.gradeId}`);
      const line = readGradeLines(streamText(r.outputs, "stdout"), token).find((l) => l.id === test.gradeId);
      const maxPoints = graded.find(([g]) => g === test.gradeId)?.[1];
      if (maxPoints === undefined) throw new Error(`grader/hidden/${lab}.ts grades "${test.gradeId}", which is not a graded function of the lab`);
      if (line) results.set(test.gradeId, { id: test.gradeId, points: line.passed ? maxPoints : 0, maxPoints, passed: line.passed, message: line.message, seconds: r.seconds });
      else fail(test.gradeId, noResult(r, test.gradeId, limit), r.seconds);
      progress(`${test.gradeId}: ${results.get(test.gradeId)!.passed ? "passed" : "failed"} (${r.seconds.toFixed(1)} s)`);
      if (r.status === "timeout" || r.status === "died") await openKernel();
    }
  } catch (e) {
    // the lab's own cells failed: the environment is broken, not the submission
    return { ...ungraded(file, lab, (e as Error).message, started), notes };
  } finally {
    await kernel?.close();
    if (!options.server) await server.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  for (const [id] of graded) if (!results.has(id)) fail(id, `no hidden test graded it (grader/hidden/${lab}.ts has none for ${id})`);
  const functions = graded.map(([id]) => results.get(id)!);
  return {
    submission: file, lab, graded: true, score: functions.reduce((a, f) => a + f.points, 0), maxScore: functions.reduce((a, f) => a + f.maxPoints, 0),
    functions, notes, seconds: (Date.now() - started) / 1000,
  };
}

/** The report as a learner reads it: one line per function, the total, the notes. */
export function reportText(r: GradeReport): string {
  const lines = [`${r.submission}${r.lab ? ` (lab ${r.lab})` : ""}`];
  if (r.error) lines.push(`could not grade: ${r.error}`);
  const w = Math.max(0, ...r.functions.map((f) => f.id.length));
  for (const f of r.functions) lines.push(`  ${f.passed ? "✔" : "✘"} ${f.id.padEnd(w)}  ${f.points}/${f.maxPoints}  ${f.message}`);
  lines.push(`total: ${r.score}/${r.maxScore}  (${r.seconds.toFixed(1)} s)`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join("\n");
}
