// Grading a class: every submission found in the given files and folders, `jobs` at a time, into
// one gradebook. A submission that cannot be graded (not a notebook, another lab's) gets its row
// with the reason; one that crashes or cheats costs only itself (the grader contains it). The
// gradebook is rewritten as results come in, so an interrupted batch keeps what it earned, and a
// second run regrades only files whose content (or the grader) changed.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { inputsHash } from "../../kernel-setup/build-lib.mjs";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { exerciseNotebook } from "../exercises";
import { ungraded, type GradeReport } from "../grade";
import { gradedCells, labOf, readSubmission } from "../submission";
import { collectSubmissions } from "./collect";
import { readGradebook, writeGradebook, type Entry, type Gradebook } from "./gradebook";
import { mapPool } from "./pool";
import { batchProgress, type BatchProgress } from "./progress";
import { learnerId, type Roster } from "./roster";

export interface BatchOptions {
  /** files and folders, as typed */
  args: string[];
  /** the folder they are relative to (where the command was typed) */
  base: string;
  outDir: string;
  jobs: number;
  roster?: Roster;
  /** the batch's lab; default: the lab most of its notebooks belong to */
  lab?: string;
  /** files not to grade though found in a folder (the roster) */
  exclude?: string[];
  /** regrade every file, even unchanged ones */
  force?: boolean;
  /** what else decides a grade (limits, options): part of the fingerprint */
  settings?: Record<string, unknown>;
  /** grades one submission of `lab`; must not throw for what the submission holds */
  grade: (file: string, lab: string) => Promise<GradeReport>;
  progress?: (total: number) => BatchProgress;
}

export interface BatchResult {
  book: Gradebook;
  written: { csv: string; json: string; feedback: string[] };
  /** submissions graded this run / taken from the previous run or from an identical file of this run (same content, same grader) */
  graded: number;
  reused: number;
  /** files whose name the roster does not list (their id is the file name) */
  notInRoster: string[];
  seconds: number;
}

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** What decides a grade of `lab` besides the file: the grader, runner, exercise, tsdl's build, the settings. */
export function graderFingerprint(lab: string, settings: Record<string, unknown> = {}): string {
  const code = inputsHash(projectRoot, ["grader", "runner", `exercises/${lab}.ipynb`, "lib/dist/.build-stamp"]);
  return crypto.createHash("sha256").update(`${code}\0${JSON.stringify(settings)}`).digest("hex");
}

/** The lab a file belongs to, or why it is none. */
function fileLab(file: string): { lab: string } | { error: string } {
  const read = readSubmission(file);
  if (!read.nb) return { error: read.error };
  const lab = labOf(read.nb, (l) => gradedCells(exerciseNotebook(l)).map(([id]) => id));
  return typeof lab === "string" ? { lab } : lab;
}

/**
 * Grades a class into `outDir` (grades.csv, grades.json, feedback/).
 * Example: `await gradeBatch({ args: ["submissions"], base: ".", outDir: "grades", jobs: 2, grade })`.
 */
export async function gradeBatch(o: BatchOptions): Promise<BatchResult> {
  const started = Date.now();
  const outDir = path.resolve(o.base, o.outDir);
  const { files, missing } = collectSubmissions(o.args, o.base, [outDir, ...(o.exclude ?? [])]);
  if (missing.length) throw new Error(`no such file or folder: ${missing.join(", ")}`);
  if (files.length === 0) throw new Error(`no files in ${o.args.join(", ")}`);
  const labs = new Map(files.map((f) => [f, fileLab(f)] as const));
  const counts = new Map<string, number>();
  for (const l of labs.values()) if ("lab" in l) counts.set(l.lab, (counts.get(l.lab) ?? 0) + 1);
  const lab = o.lab ?? [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!lab) throw new Error(`none of the ${files.length} file(s) is a notebook of a lab with graded functions (first: ${[...labs.values()].map((l) => ("error" in l ? l.error : "")).find(Boolean)})`);
  const { functionIds, maxScore } = (() => {
    const graded = gradedCells(exerciseNotebook(lab));
    return { functionIds: graded.map(([id]) => id), maxScore: graded.reduce((a, [, p]) => a + p, 0) };
  })();
  const fingerprint = graderFingerprint(lab, o.settings);
  const previous = o.force ? null : readGradebook(outDir, lab);
  const cached = new Map((previous?.fingerprint === fingerprint ? previous.entries : []).map((e) => [e.sha256, e.report] as const));

  const shown = (f: string) => path.relative(o.base, f) || f;
  const progress = (o.progress ?? batchProgress)(files.length);
  const entries: (Entry | undefined)[] = new Array(files.length);
  const book = (): Gradebook => ({ lab, fingerprint, entries: entries.filter((e): e is Entry => e !== undefined) });
  // identical files (many hand in the untouched exercise) are graded once per run
  const inFlight = new Map<string, Promise<GradeReport>>();
  let lastWrite = 0;
  let graded = 0;
  let reused = 0;
  await mapPool(files, o.jobs, async (file, i) => {
    const hash = sha256(file);
    const own = labs.get(file)!;
    let report: GradeReport;
    if ("error" in own) report = ungraded(shown(file), lab, own.error);
    else if (own.lab !== lab) report = ungraded(shown(file), lab, `this is a notebook of lab ${own.lab}; this batch grades lab ${lab} (grade ${own.lab}'s files in a batch of their own)`);
    else if (cached.has(hash)) (report = cached.get(hash)!), reused++;
    else {
      if (!inFlight.has(hash)) inFlight.set(hash, o.grade(file, lab).then((r) => (graded++, r)));
      else reused++;
      report = { ...(await inFlight.get(hash)!), submission: shown(file) };
    }
    entries[i] = { id: learnerId(file, o.roster), file: shown(file), sha256: hash, report };
    progress.done(entries[i]!.id, report.graded ? `${report.score}/${report.maxScore}` : "not graded");
    if (Date.now() - lastWrite > 2000) {
      writeGradebook(outDir, book(), functionIds, maxScore); // an interrupted batch keeps what it earned
      lastWrite = Date.now();
    }
  });
  progress.finish();
  const result = book();
  const written = writeGradebook(outDir, result, functionIds, maxScore);
  const notInRoster = o.roster ? files.filter((f) => !o.roster!.has(path.basename(f))).map(shown) : [];
  return { book: result, written, graded, reused, notInRoster, seconds: (Date.now() - started) / 1000 };
}
