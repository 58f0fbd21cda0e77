// What runs inside a grading engine's container for one submission:
//   node --import tsx grader/engines/autograde.ts --engine gradescope|prairielearn [--root DIR]
// Gradescope: the notebook from /autograder/submission, results to /autograder/results/results.json.
// PrairieLearn: the notebook from /grade/student, results to /grade/results/results.json.
// The lab, visibility and limits come from autograder.json beside this project (written by
// `npm run autograder`). A results file is always written, whatever the submission holds; the exit
// code is 0 unless the results could not be written.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { gradeSubmission, ungraded, type GradeReport } from "../grade";
import { collectSubmissions } from "../gradebook/collect";
import { kernelChoice, type KernelChoice } from "../kernel-choice";
import { gradedCells, labOf, readSubmission } from "../submission";
import { exerciseNotebook } from "../exercises";
import { gradescopeResults, prairielearnResults, type Visibility } from "./results";
import { writeFileAtomic } from "../../runner/notebook";

/** The bundle's settings (autograder.json in the project root of the bundle). */
export interface AutograderConfig {
  lab: string;
  engine: Engine;
  /** Gradescope: visibility of each graded function's line */
  visibility?: Visibility;
  cellTimeoutS?: number;
  totalTimeoutS?: number;
}

export type Engine = "gradescope" | "prairielearn";

/** Where each engine puts the submission and wants the results, under `root` ("/" in the engine). */
export function engineLayout(engine: Engine, root: string): { submission: string; results: string } {
  return engine === "gradescope"
    ? { submission: path.join(root, "autograder", "submission"), results: path.join(root, "autograder", "results", "results.json") }
    : { submission: path.join(root, "grade", "student"), results: path.join(root, "grade", "results", "results.json") };
}

/** The notebook to grade among the files handed in: the only .ipynb, else the one of this lab. */
function pickNotebook(dir: string, lab: string): { file: string; note?: string } | { error: string } {
  const notebooks = fs.existsSync(dir) ? collectSubmissions([dir], dir).files.filter((f) => f.endsWith(".ipynb")) : [];
  if (notebooks.length === 0) return { error: `no .ipynb file was handed in (hand in the notebook of lab ${lab} that Jupyter saved)` };
  if (notebooks.length === 1) return { file: notebooks[0] };
  const ofLab = notebooks.filter((f) => {
    const { nb } = readSubmission(f);
    return nb !== undefined && labOf(nb, (l) => gradedCells(exerciseNotebook(l)).map(([id]) => id)) === lab;
  });
  const names = notebooks.map((f) => path.relative(dir, f)).join(", ");
  if (ofLab.length === 0) return { error: `${notebooks.length} notebooks were handed in (${names}) and none is lab ${lab}'s` };
  return { file: ofLab[0], note: `${notebooks.length} notebooks were handed in (${names}); graded ${path.relative(dir, ofLab[0])}` };
}


/**
 * Grades the engine's submission and writes its results file; returns the report.
 * Example: `await autograde({ lab: "01-initialization", engine: "gradescope" }, "/")`.
 */
export async function autograde(config: AutograderConfig, root = "/"): Promise<GradeReport> {
  const { submission, results } = engineLayout(config.engine, root);
  let report: GradeReport;
  try {
    const pick = pickNotebook(submission, config.lab);
    if ("error" in pick) report = ungraded("", config.lab, pick.error);
    else {
      // the sandbox when bubblewrap works in the engine's container; else the container is the only box, and the report says so
      let choice = kernelChoice(false);
      const notes = pick.note ? [pick.note] : [];
      if (typeof choice === "string") {
        notes.push(`graded without the bubblewrap sandbox (${choice.split("\n")[0].replace(/^.*does not work here: /, "")}): the engine's container is its only isolation`);
        choice = kernelChoice(true) as KernelChoice;
      }
      report = await gradeSubmission(pick.file, { lab: config.lab, cellTimeoutS: config.cellTimeoutS, totalTimeoutS: config.totalTimeoutS, openKernel: choice.openKernel });
      report = { ...report, submission: path.relative(submission, pick.file), notes: [...notes, ...report.notes] };
    }
  } catch (e) {
    // the grader itself failed: say so in the engine's own terms rather than leave no result
    report = ungraded("", config.lab, `the grader failed (${(e as Error).message}); tell your instructor`);
  }
  const out = config.engine === "gradescope" ? gradescopeResults(report, config.visibility) : prairielearnResults(report);
  writeFileAtomic(results, JSON.stringify(out, null, 1) + "\n");
  return report;
}

/** Reads autograder.json of the bundle. */
export function readConfig(file = path.join(projectRoot, "autograder.json")): AutograderConfig {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as AutograderConfig;
  } catch (e) {
    throw new Error(`${file}: cannot read the autograder's settings (${(e as Error).message}); build the bundle with npm run autograder`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, "grader/engines/autograde.ts")) {
  const { values } = parseArgs({ options: { engine: { type: "string" }, root: { type: "string" } } });
  const config = readConfig();
  if (values.engine && values.engine !== config.engine) {
    console.error(`--engine ${values.engine}, but this bundle was built for ${config.engine}`);
    process.exit(2);
  }
  autograde(config, values.root ?? "/").then(
    (r) => {
      console.log(`${r.submission || "(nothing)"}: ${r.score}/${r.maxScore}${r.error ? ` — ${r.error}` : ""}`);
      process.exit(0);
    },
    (e) => {
      console.error(`autograde: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
