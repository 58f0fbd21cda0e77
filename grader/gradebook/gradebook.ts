// The gradebook of a batch, in --out: grades.csv (one row per submission, the shape of nbgrader's
// and Otter's exports), grades.json (the full reports, and what a second run needs to regrade only
// what changed), feedback/ID.md (what a learner gets back). Every file is written whole or not at
// all (temp file, then rename).
import fs from "node:fs";
import path from "node:path";
import type { GradeReport } from "../grade";
import { toCsv } from "./csv";
import { writeFileAtomic } from "../../runner/notebook";

/** One submission of the batch. */
export interface Entry {
  id: string;
  /** as shown to the instructor: relative to the folder the command was typed in */
  file: string;
  /** sha256 of the file's bytes (a second run regrades only files whose content changed) */
  sha256: string;
  report: GradeReport;
}

/** What grades.json holds. */
export interface Gradebook {
  lab: string;
  /** hash of what decides a grade besides the file (grader, hidden tests, tsdl, limits) */
  fingerprint: string;
  entries: Entry[];
}

/** "graded", or "not graded: reason". */
export function status(r: GradeReport): string {
  return r.graded ? "graded" : `not graded: ${r.error ?? "unknown reason"}`;
}

/** grades.csv: id, file, the points of each graded function in lab order, total, max, status, seconds. */
export function gradesCsv(entries: readonly Entry[], functionIds: readonly string[], maxScore: number): string {
  const header = ["id", "file", ...functionIds, "total", "max", "status", "seconds"];
  const rows = entries.map(({ id, file, report }) => [
    id, file,
    ...functionIds.map((f) => report.functions.find((x) => x.id === f)?.points ?? 0),
    report.score, report.maxScore || maxScore, status(report), report.seconds.toFixed(1),
  ]);
  return toCsv([header, ...rows]);
}

/** Learner text in Markdown: no HTML, no control characters, inline as code so nothing it holds is markup. */
function code(text: string): string {
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "?").replace(/\r?\n/g, " ");
  const ticks = "`".repeat(Math.max(1, ...(clean.match(/`+/g) ?? [""]).map((t) => t.length + 1)));
  return `${ticks} ${clean} ${ticks}`;
}

/** The feedback a learner gets back, in Markdown. Example: `feedbackMarkdown(entry, "01-initialization")`. */
export function feedbackMarkdown(entry: Entry, lab: string): string {
  const r = entry.report;
  const lines = [`# Feedback: lab ${lab}`, "", `**${entry.id}** — \`${path.basename(entry.file)}\``, ""];
  if (!r.graded) lines.push(`**Not graded:** ${code(r.error ?? "unknown reason")}`, "");
  lines.push(`**Score: ${r.score} / ${r.maxScore}**`, "", "| function | points | result |", "|---|---|---|");
  for (const f of r.functions) lines.push(`| \`${f.id}\` | ${f.points} / ${f.maxPoints} | ${f.passed ? "passed" : "failed"} |`);
  const failed = r.functions.filter((f) => !f.passed);
  if (failed.length) {
    lines.push("", "## What to fix", "");
    for (const f of failed) lines.push(`- \`${f.id}\`: ${code(f.message)}`);
  }
  if (r.notes.length) {
    lines.push("", "## Notes", "");
    for (const n of r.notes) lines.push(`- ${code(n)}`);
  }
  return lines.join("\n") + "\n";
}


/** A file name from a learner id: safe on every file system, unique within the batch. */
export function feedbackName(id: string, taken: Set<string>): string {
  const base = id.replace(/[^A-Za-z0-9@._-]/g, "_").replace(/^\.+/, "_").slice(0, 100) || "_";
  let name = `${base}.md`;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}.md`;
  taken.add(name);
  return name;
}

/**
 * Writes grades.csv, grades.json and feedback/*.md into `outDir`; returns their paths.
 * Example: `writeGradebook("out/grades", book, ["initializeParametersZeros", …], 3)`.
 */
export function writeGradebook(outDir: string, book: Gradebook, functionIds: readonly string[], maxScore: number): { csv: string; json: string; feedback: string[] } {
  const csv = path.join(outDir, "grades.csv");
  const json = path.join(outDir, "grades.json");
  writeFileAtomic(csv, gradesCsv(book.entries, functionIds, maxScore));
  writeFileAtomic(json, JSON.stringify(book, null, 1) + "\n");
  const taken = new Set<string>();
  const feedback = book.entries.map((e) => {
    const file = path.join(outDir, "feedback", feedbackName(e.id, taken));
    writeFileAtomic(file, feedbackMarkdown(e, book.lab));
    return file;
  });
  return { csv, json, feedback };
}

/** The previous run's gradebook in `outDir`, or null (none, unreadable, or another lab). */
export function readGradebook(outDir: string, lab: string): Gradebook | null {
  try {
    const book = JSON.parse(fs.readFileSync(path.join(outDir, "grades.json"), "utf8")) as Gradebook;
    return book.lab === lab && Array.isArray(book.entries) ? book : null;
  } catch {
    return null;
  }
}
