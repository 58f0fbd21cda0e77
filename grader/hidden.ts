// The hidden tests of a lab: grader/hidden/NAME.ts, a percent script like the notebook sources.
// Its notebook metadata lists the lab's cells the tests need besides the graded ones (`setup`);
// each code cell carries the `grade_id` it grades and calls tsdl.grading.grade(TSDL_TOKEN, …).
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import { sourceText } from "../runner/notebook";
import { parseSource } from "../runner/source";

export const HIDDEN_DIR = path.join(projectRoot, "grader", "hidden");
/** The placeholder each hidden cell uses for the run's token. */
export const TOKEN_PLACEHOLDER = "TSDL_TOKEN";

export interface HiddenTests {
  lab: string;
  /** ids of the lab's non-graded cells to run first (packages, given code) */
  setup: string[];
  tests: { gradeId: string; code: string }[];
}

/** Reads grader/hidden/NAME.ts. Example: `hiddenTests("01-initialization").tests[0].gradeId`. */
export function hiddenTests(lab: string): HiddenTests {
  const file = path.join(HIDDEN_DIR, `${lab}.ts`);
  if (!fs.existsSync(file)) throw new Error(`${lab} has graded functions but no hidden tests: write ${path.relative(projectRoot, file)}`);
  const nb = parseSource(fs.readFileSync(file, "utf8"), file);
  const meta = nb.metadata.tsdl as { lab?: string; setup?: string[] } | undefined;
  if (meta?.lab !== lab) throw new Error(`${path.relative(projectRoot, file)}: its notebook metadata must say {"tsdl": {"lab": "${lab}", "setup": [...]}}`);
  const tests = nb.cells.filter((c) => c.cell_type === "code").map((c) => {
    const gradeId = c.metadata.grade_id;
    const code = sourceText(c);
    if (typeof gradeId !== "string") throw new Error(`${path.relative(projectRoot, file)}: cell "${c.id}" has no "grade_id"`);
    if (!code.includes(TOKEN_PLACEHOLDER)) throw new Error(`${path.relative(projectRoot, file)}: cell "${c.id}" does not report with tsdl.grading.grade(${TOKEN_PLACEHOLDER}, …)`);
    return { gradeId, code };
  });
  return { lab, setup: meta.setup ?? [], tests };
}

/** A hidden cell's code for one run: the token as a string literal in place of the placeholder. */
export function withToken(code: string, token: string): string {
  return code.split(TOKEN_PLACEHOLDER).join(JSON.stringify(token));
}
