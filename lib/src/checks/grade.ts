/**
 * The grader's side inside the kernel: a hidden-test cell calls `grade(token, id, test)`, which
 * runs the test and prints one marked line, `TSDL-GRADE <token> {"id": …, "passed": …, "message": …}`,
 * that the grader reads from that cell's output. The token is new for every grading run, so text a
 * submission prints cannot pass for a result.
 */
import { CheckFailed } from "./core";

/** The prefix of a result line. */
export const GRADE_MARK = "TSDL-GRADE";

/** One graded function's result, as the grader reads it. */
export interface GradeLine {
  id: string;
  passed: boolean;
  message: string;
}

/**
 * Runs one graded function's hidden test and prints its result line; never throws.
 * Example: `tsdl.grading.grade(token, "initializeParametersHe", () => tsdl.checks.initializeParametersHe(initializeParametersHe, { quiet: true }))`.
 */
export function grade(token: string, id: string, test: () => unknown): void {
  let line: GradeLine;
  try {
    test();
    line = { id, passed: true, message: "All tests passed." };
  } catch (e) {
    const message = e instanceof CheckFailed ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    line = { id, passed: false, message };
  }
  process.stdout.write(`${GRADE_MARK} ${token} ${JSON.stringify(line)}\n`);
}

/** The result lines carrying `token` in a cell's stdout, e.g. `readGradeLines(stdout, token)[0].passed`. */
export function readGradeLines(stdout: string, token: string): GradeLine[] {
  const prefix = `${GRADE_MARK} ${token} `;
  const out: GradeLine[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(prefix)) continue;
    try {
      const v = JSON.parse(line.slice(prefix.length));
      if (typeof v?.id === "string" && typeof v?.passed === "boolean" && typeof v?.message === "string") out.push({ id: v.id, passed: v.passed, message: v.message });
    } catch {
      // a torn line is no result
    }
  }
  return out;
}
