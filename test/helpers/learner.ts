// What a learner's path needs in any host: the code a learner writes for a graded function (the
// solved cell of the solution notebook), and grading a file as a learner types it.
import { spawn } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { readNotebook, sourceText } from "../../runner/notebook";

/** The solved cell of graded function `fn` in notebooks/LAB.ipynb, e.g. `solutionSource("01-initialization", "initializeParametersZeros")`. */
export function solutionSource(lab: string, fn: string): string {
  const cell = readNotebook(path.join(projectRoot, "notebooks", `${lab}.ipynb`)).cells.find((c) => c.id === fn);
  if (!cell) throw new Error(`notebooks/${lab}.ipynb has no cell "${fn}"`);
  return sourceText(cell);
}

/** Runs `npm run grade -- FILE --json REPORT` from `cwd`, as a learner types it there: `await grade("workspace/exercises", "01-initialization.ipynb", "r.json")`. */
export function grade(cwd: string, file: string, report: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn("npm", ["run", "grade", "--", file, "--json", report], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("exit", (code) => resolve({ code, out }));
  });
}
