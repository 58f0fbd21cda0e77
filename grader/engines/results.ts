// A grade report in the result formats of the grading engines that run one container per
// submission: Gradescope's autograder results.json and PrairieLearn's external-grader results.json.
import type { GradeReport } from "../grade";

/** Gradescope's visibility of a test or of the whole result. */
export type Visibility = "visible" | "hidden" | "after_due_date" | "after_published";

/** Gradescope's results.json (the fields this grader fills). */
export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  visibility: Visibility;
  stdout_visibility: Visibility;
  tests: { name: string; score: number; max_score: number; status: "passed" | "failed"; output: string; visibility: Visibility }[];
}

/** PrairieLearn's external-grader results.json. */
export interface PrairieLearnResults {
  gradable: boolean;
  /** in [0, 1] */
  score: number;
  message: string;
  output: string;
  tests: { name: string; description: string; points: number; max_points: number; message: string; output: string }[];
}

/** The report's notes and error as one text. */
function summary(r: GradeReport): string {
  const lines = [`${r.score}/${r.maxScore} points${r.lab ? ` (lab ${r.lab})` : ""}`];
  if (r.error) lines.push(`Not graded: ${r.error}`);
  for (const n of r.notes) lines.push(`Note: ${n}`);
  return lines.join("\n");
}

/**
 * The report as Gradescope's results.json; `testVisibility` applies to each graded function's line.
 * Example: `gradescopeResults(report, "after_published").tests[0].status` → "passed".
 */
export function gradescopeResults(r: GradeReport, testVisibility: Visibility = "visible"): GradescopeResults {
  return {
    score: r.score,
    execution_time: Math.round(r.seconds),
    output: summary(r),
    visibility: "visible",
    stdout_visibility: "hidden",
    tests: r.functions.map((f) => ({ name: f.id, score: f.points, max_score: f.maxPoints, status: f.passed ? "passed" : "failed", output: f.message, visibility: testVisibility })),
  };
}

/**
 * The report as PrairieLearn's results.json; a submission that could not be graded is not
 * gradable (PrairieLearn then does not count it as an attempt).
 * Example: `prairielearnResults(report).score` → 0.6667 for 2/3.
 */
export function prairielearnResults(r: GradeReport): PrairieLearnResults {
  return {
    gradable: r.graded,
    score: r.maxScore > 0 ? r.score / r.maxScore : 0,
    message: r.graded ? `${r.score}/${r.maxScore} points` : `Not graded: ${r.error ?? "unknown reason"}`,
    output: summary(r),
    tests: r.functions.map((f) => ({ name: f.id, description: `graded function ${f.id}`, points: f.points, max_points: f.maxPoints, message: f.message, output: "" })),
  };
}
