// Grades one submission: the lab's own cells (from its source, so a learner's edits to them do not
// count), the submission's graded cells and the cells the learner added, in order, in a kernel;
// then, per graded function, its hidden test runs in this process and asks the kernel only for the
// learner's function's results on given inputs (verdicts.ts). Every cell and call has a timeout;
// after a timeout or a dead kernel a new kernel gets the definitions that worked so far and grading
// goes on. The submission file is only read.
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import { KernelSession, type CellRun } from "../runner/execute";
import { sourceText, writeNotebookAtomic, type Cell, type Notebook, type Output } from "../runner/notebook";
import { errorMessage, streamText } from "../runner/outputs";
import { ignoreDisconnectRejections } from "../runner/run";
import { startServer, type JupyterServer } from "../runner/server";
import { tsdl } from "./tsdl";
import type { CallRequest } from "../lib/dist/checks/grade.js";
import { exerciseNotebook, gradedMeta } from "./exercises";
import { hiddenTests } from "./hidden";
import { findSolutionCell, gradedCells, labOf, readSubmission, type LabError } from "./submission";
import { verdictOf, type Answer } from "./verdicts";

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

/** What the grader needs of a kernel (runner/execute.ts's KernelSession has this shape; so may a sandboxed one). */
export interface GradingKernel {
  run(code: string, timeoutS: number, where: string): Promise<CellRun>;
  close(): Promise<void>;
}

export interface GradeOptions {
  /** the lab, when the notebook does not say (metadata tsdl.lab); an error when it says another */
  lab?: string;
  /** seconds per cell and per call of a graded function (default 60) */
  cellTimeoutS?: number;
  /** seconds for the whole submission (default 600) */
  totalTimeoutS?: number;
  /** a running server to use (tests share one); default: a private one for this call */
  server?: JupyterServer;
  /** starts a fresh kernel for this submission (default: a tslab session on `server`) */
  openKernel?: () => Promise<GradingKernel>;
  /** one line per event, for progress on stderr */
  onProgress?: (line: string) => void;
}

const WORK_DIR = path.join(projectRoot, "out", "grader");
/** stream text kept per cell: room for a reply carrying a trained network's weights, bounded against a print loop */
const MAX_STREAM_BYTES = 64 << 20;
/** The grader's one cell of its own in the kernel: the library's replay function under a name no lab uses. */
const PRELUDE = { id: "grader-prelude", code: 'import * as tsdlGrader from "tsdl";' };

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

/** Why a call of `fn` got no reply, in words. */
function noReply(run: CellRun, fn: string, cellTimeoutS: number): string {
  if (run.status === "timeout") return `its test did not finish within ${cellTimeoutS} s (an endless loop?); the kernel was restarted`;
  if (run.status === "died") return "the kernel died while testing it (process.exit(), or out of memory?); the kernel was restarted";
  if (run.status === "error") {
    const text = failureText(run.outputs);
    const missing = new RegExp(`Cannot find name '${fn}'`).test(text);
    return missing ? `${fn} is not defined: the graded cell must define a function named ${fn} (was it renamed?)` : `its test could not run: ${text}`;
  }
  return "calling it printed no reply (did the submission replace process.stdout.write, console or tsdl?)";
}

/** The reply line in a call's stdout (the last one), parsed; or why there is none. */
function readReply(stdout: string): { reply: unknown } | { error: string } {
  const lines = stdout.split("\n").filter((l) => l.startsWith(`${tsdl.grading.REPLY_MARK} `));
  if (!lines.length) return { error: "no reply" };
  try {
    return { reply: JSON.parse(lines[lines.length - 1].slice(tsdl.grading.REPLY_MARK.length + 1)) };
  } catch (e) {
    return { error: `its reply is not JSON (${(e as Error).message})` };
  }
}

/** A report for a submission that could not be graded: every function 0, the reason given. Example: `ungraded("a.pdf", "01-initialization", "not a notebook")`. */
export function ungraded(file: string, lab: string | null, error: string, started = Date.now()): GradeReport {
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

/** One cell of the program the kernel runs: a lab cell, a graded cell, or a cell the learner added. */
interface Step {
  id: string;
  code: string;
  kind: "lab" | "graded" | "added";
}

/**
 * The program, as nbgrader runs a notebook: the lab's setup cells (its source), the submission's
 * graded cells, and the code cells the learner added, each after the cell it follows in the submission.
 */
function program(exercise: Notebook, submission: Notebook, setup: string[], solutions: Map<string, Cell | undefined>): Step[] {
  const labIds = new Set(exercise.cells.map((c) => c.id));
  const solutionIds = new Map([...solutions].flatMap(([id, c]) => (c ? [[c, id] as const] : [])));
  const labSources = new Set(exercise.cells.map((c) => sourceText(c).trim()));
  const added = new Map<string, Step[]>(); // after which lab cell ("" = first)
  let anchor = "";
  submission.cells.forEach((c, i) => {
    if (solutionIds.has(c)) anchor = solutionIds.get(c)!;
    else if (c.id && labIds.has(c.id)) anchor = c.id;
    else if (c.cell_type === "code" && sourceText(c).trim() && !(c.id === undefined && labSources.has(sourceText(c).trim()))) {
      const list = added.get(anchor) ?? [];
      list.push({ id: c.id ? `your added cell "${c.id}"` : `your added cell ${i + 1}`, code: sourceText(c), kind: "added" });
      added.set(anchor, list);
    }
  });
  const steps: Step[] = [...(added.get("") ?? [])];
  for (const c of exercise.cells) {
    const g = gradedMeta(c);
    const s = g ? solutions.get(g.grade_id) : undefined;
    if (g && s) steps.push({ id: g.grade_id, code: sourceText(s), kind: "graded" });
    else if (!g && setup.includes(c.id!)) steps.push({ id: c.id!, code: sourceText(c), kind: "lab" });
    steps.push(...(added.get(c.id!) ?? []));
  }
  return steps;
}

/** The graded functions whose answer is a library call somewhere in the learner's code, with that call. */
function libraryAnswers(lab: string, functions: string[], learnerCode: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const fn of functions) {
    for (const code of learnerCode) {
      const call = tsdl.checks.libraryAnswerIn(fn, code, lab);
      if (call) {
        found.set(fn, call);
        break;
      }
    }
  }
  return found;
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
  for (const s of hidden.setup) if (!exercise.cells.some((c) => c.id === s)) throw new Error(`grader/hidden/${lab}.ts: setup cell "${s}" is not in the lab`);
  for (const id of Object.keys(hidden.tests)) if (!graded.some(([g]) => g === id)) throw new Error(`grader/hidden/${lab}.ts grades "${id}", which is not a graded function of the lab`);

  const solutions = new Map<string, Cell | undefined>(graded.map(([id]) => [id, findSolutionCell(submission, id)]));
  for (const [id, cell] of solutions) if (!cell) fail(id, `the graded cell "${id}" is not in the submission (deleted, or its id changed?)`);
  const steps = program(exercise, submission, hidden.setup, solutions);
  const learnerCode = steps.filter((s) => s.kind !== "lab").map((s) => s.code);
  for (const [fn, call] of libraryAnswers(lab, graded.map(([id]) => id), learnerCode)) if (!results.has(fn)) fail(fn, tsdl.checks.libraryAnswerMessage(fn, call));

  const runDir = fs.mkdtempSync(path.join((fs.mkdirSync(WORK_DIR, { recursive: true }), WORK_DIR), `${lab}-`));
  const runFile = path.join(runDir, `${lab}.ipynb`);
  writeNotebookAtomic(runFile, { ...exercise, cells: [] }); // the session's path; the submission itself is never touched
  let server: JupyterServer | undefined;
  const openFresh = options.openKernel ?? (async () => {
    ignoreDisconnectRejections();
    server ??= options.server ?? (await startServer({ rootDir: projectRoot }));
    return KernelSession.open(server, { rootDir: projectRoot, file: runFile, maxStreamBytes: MAX_STREAM_BYTES });
  });
  let kernel: GradingKernel | undefined;
  const defined: Step[] = []; // what a new kernel must run again
  const remaining = () => totalTimeoutS - (Date.now() - started) / 1000;
  const timeLeft = () => Math.max(1, Math.min(cellTimeoutS, Math.floor(remaining())));
  // the lab's own cells and replays are not the learner's code: they get longer (a loaded machine)
  const setupTimeLeft = () => Math.max(1, Math.min(Math.max(cellTimeoutS, 120), Math.floor(remaining())));

  const openKernel = async () => {
    await kernel?.close();
    kernel = undefined;
    kernel = await openFresh();
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
    for (const step of [...steps, { ...PRELUDE, kind: "lab" as const }]) {
      if (remaining() <= 1) break;
      const r = await kernel!.run(step.code, step.kind === "lab" ? setupTimeLeft() : timeLeft(), step.kind === "added" ? step.id : `cell "${step.id}"`);
      if (r.status === "ok") {
        defined.push(step);
        continue;
      }
      if (step.kind === "lab") {
        throw new Error(`the lab's cell "${step.id}" failed: ${r.reason ?? failureText(r.outputs)}`);
      }
      const what = step.kind === "added" ? step.id : `your cell "${step.id}"`;
      const why = r.status === "error" && isCompileError(r.outputs) ? `does not compile: ${failureText(r.outputs)}`
        : r.status === "error" ? `threw when run (${failureText(r.outputs)}), so nothing it defines exists: fix the error at its top level`
        : r.status === "timeout" ? `did not finish within ${timeLeft()} s when run (an endless loop at its top level?)`
        : "killed the kernel when run (process.exit()?)";
      if (step.kind === "added") notes.push(`${what} ${why}; the cells after it ran without it`);
      else if (!results.has(step.id)) fail(step.id, `${what} ${why}`, r.seconds);
      if (r.status === "timeout" || r.status === "died") {
        progress(`${step.id}: ${r.status}; starting a new kernel`);
        await openKernel();
      }
    }
    const tf = hidden.tf ? await loadTf() : undefined;
    for (const [id, test] of Object.entries(hidden.tests)) {
      if (results.has(id)) continue;
      if (remaining() <= 1) {
        fail(id, `not graded: the submission used up the grader's time limit of ${totalTimeoutS} s`);
        continue;
      }
      const t0 = Date.now();
      const ask = async (request: CallRequest): Promise<Answer> => {
        if (remaining() <= 1) return { failure: `not graded: the submission used up the grader's time limit of ${totalTimeoutS} s` };
        const limit = timeLeft();
        const code = `tsdlGrader.grading.replay(${id}, ${JSON.stringify(JSON.stringify(request))}${hidden.tf ? ", tf" : ""});`;
        const r = await kernel!.run(code, limit, `a call of ${id}`);
        if (r.status === "timeout" || r.status === "died") {
          progress(`${id}: ${r.status}; starting a new kernel`);
          await openKernel();
          return { failure: noReply(r, id, limit) };
        }
        const got = readReply(streamText(r.outputs, "stdout"));
        if ("reply" in got) return { reply: got.reply as never };
        return { failure: r.status === "error" ? noReply(r, id, limit) : got.error === "no reply" ? noReply(r, id, limit) : `calling it gave a reply the grader cannot read: ${got.error}` };
      };
      const v = await verdictOf(id, test, ask, tf, hidden.matmulMode);
      const maxPoints = graded.find(([g]) => g === id)![1];
      const seconds = (Date.now() - t0) / 1000;
      results.set(id, { id, points: v.passed ? maxPoints : 0, maxPoints, passed: v.passed, message: v.message, seconds });
      progress(`${id}: ${v.passed ? "passed" : "failed"} (${v.calls} calls, ${seconds.toFixed(1)} s)`);
    }
  } catch (e) {
    // the lab's own cells failed: the environment is broken, not the submission
    return { ...ungraded(file, lab, (e as Error).message, started), notes };
  } finally {
    await kernel?.close();
    if (server && !options.server) await server.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  for (const [id] of graded) if (!results.has(id)) fail(id, `no hidden test graded it (grader/hidden/${lab}.ts has none for ${id})`);
  const functions = graded.map(([id]) => results.get(id)!);
  return {
    submission: file, lab, graded: true, score: functions.reduce((a, f) => a + f.points, 0), maxScore: functions.reduce((a, f) => a + f.maxPoints, 0),
    functions, notes, seconds: (Date.now() - started) / 1000,
  };
}

/** TensorFlow.js in the grader's process, on the backend the lab trains on (its checks make tensors here). */
async function loadTf(): Promise<any> {
  const tf = await import("@tensorflow/tfjs");
  await tsdl.framework.useBackend(tf as never, "wasm");
  return tf;
}

/**
 * Learner-produced text made safe for a terminal: control characters (escapes, CR, newlines, …) and
 * bidirectional overrides shown as escapes, so text cannot redraw the report.
 * Example: `printable("a\x1b[2Kb")` → "a\\x1b[2Kb".
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const n = c.charCodeAt(0);
    return c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : n < 0x100 ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
  });
}

/** The report as a learner reads it: one line per function, the total, the notes (the same as the JSON, escaped). */
export function reportText(r: GradeReport): string {
  const lines = [`${printable(r.submission)}${r.lab ? ` (lab ${r.lab})` : ""}`];
  if (r.error) lines.push(`could not grade: ${printable(r.error)}`);
  const w = Math.max(0, ...r.functions.map((f) => f.id.length));
  for (const f of r.functions) lines.push(`  ${f.passed ? "✔" : "✘"} ${f.id.padEnd(w)}  ${f.points}/${f.maxPoints}  ${printable(f.message)}`);
  lines.push(`total: ${r.score}/${r.maxScore}  (${r.seconds.toFixed(1)} s)`);
  for (const n of r.notes) lines.push(`note: ${printable(n)}`);
  return lines.join("\n");
}
