// The grader as the CLI runs it — every submission in its own bubblewrap sandbox — against
// submissions that attack the machine rather than the checks: reading the hidden tests and
// solutions, writing into the project, leaving processes behind, holding memory. Each gets the
// score it deserves, the project is byte-identical afterwards, and nothing outlives the run.
import { expect } from "chai";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { exerciseNotebook, gradedMeta, solutionNotebook } from "../../grader/exercises";
import { gradeSubmission } from "../../grader/grade";
import { kernelChoice, type KernelChoice } from "../../grader/kernel-choice";
import { descendants } from "../../runner/processes";
import { serializeNotebook, toLines, type Notebook } from "../../runner/notebook";
import { scratchDir } from "../helpers/notebooks";

const LAB = "01-initialization";

/** Lab 01's exercise with all solutions (`solved`) or none, and a code cell added after the packages. */
function submission(solved: boolean, added: string): Notebook {
  const sol = solutionNotebook(LAB);
  const nb = exerciseNotebook(LAB);
  if (solved) for (const c of nb.cells) if (gradedMeta(c)) c.source = sol.cells.find((s) => s.id === c.id)!.source;
  nb.cells.splice(nb.cells.findIndex((c) => c.id === "packages") + 1, 0, { cell_type: "code", id: "added", metadata: {}, source: toLines(added), outputs: [], execution_count: null });
  return nb;
}

/** A hash of what a submission must not change: the grader, the hidden tests, tsdl's build, the notebooks, tslab. */
function projectHash(): string {
  const h = crypto.createHash("sha256");
  const walk = (rel: string) => {
    const abs = path.join(projectRoot, rel);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const n of fs.readdirSync(abs).sort()) walk(path.join(rel, n));
    else h.update(rel).update(fs.readFileSync(abs));
  };
  for (const rel of ["grader", "lib/dist", "lib/package.json", "notebooks", "exercises", "package.json", "node_modules/tslab/dist", "node_modules/tsdl"]) walk(rel);
  return h.digest("hex");
}

const ATTACK = `
import * as fsx from "fs";
import * as cp from "child_process";
const root = ${JSON.stringify(projectRoot)};
const tried: string[] = [];
for (const f of [root + "/grader/hidden/01-initialization.ts", root + "/notebooks/01-initialization.ipynb", "/root/.bashrc"]) {
  try { fsx.readFileSync(f); tried.push("READ " + f); } catch (e) { tried.push("no " + f); }
}
for (const f of [root + "/lib/dist/index.js", "/sandbox/lib/dist/index.js", "/sandbox/node_modules/tslab/dist/executor.js"]) {
  try { fsx.writeFileSync(f, "// pwned"); tried.push("WROTE " + f); } catch (e) { tried.push("no write " + f); }
}
const spinner = cp.spawn("node", ["-e", "setInterval(() => {}, 1000); for (;;) {}"], { detached: true, stdio: "ignore" });
spinner.unref();
console.log(tried.join("\\n"));
`;

describe("grading in the sandbox (the CLI's default): attacks on the machine", function () {
  this.timeout(600_000);
  let choice: KernelChoice;
  const dir = path.join(scratchDir, "grade-sandbox");
  before(function () {
    const c = kernelChoice(false);
    if (typeof c === "string") {
      console.log(`      skipped: ${c.split("\n")[0]}`);
      this.skip();
    }
    choice = c as KernelChoice;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, nb: Notebook) => {
    const f = path.join(dir, `${name}.ipynb`);
    fs.writeFileSync(f, serializeNotebook(nb));
    return f;
  };

  it("stubs that read the hidden tests and solutions, write into the project and leave a spinning process: 0, nothing changed, nothing left", async () => {
    const before = projectHash();
    const t0 = Date.now();
    const r = await gradeSubmission(write("attack", submission(false, ATTACK)), { cellTimeoutS: 20, openKernel: choice.openKernel });
    expect(r.score, JSON.stringify(r, null, 1)).to.equal(0);
    expect(r.functions.every((f) => /not implemented/.test(f.message))).to.equal(true);
    expect(r.notes.filter((n) => /added cell/.test(n)), "the attack cell ran without error").to.deep.equal([]);
    expect(projectHash(), "the project after grading").to.equal(before);
    expect(descendants(process.pid).filter((p) => fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes("setInterval")), "the spinner").to.deep.equal([]);
    console.log(`      graded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });

  it("the same attack beside finished work: full marks (the attack only costs what it breaks), still nothing changed", async () => {
    const before = projectHash();
    const r = await gradeSubmission(write("attack-solved", submission(true, ATTACK)), { cellTimeoutS: 20, openKernel: choice.openKernel });
    expect(r.score, JSON.stringify(r, null, 1)).to.equal(3);
    expect(projectHash()).to.equal(before);
  });

  it("an added cell holding 6 GiB: a note that it ran out of memory, the functions graded in a fresh sandbox", async () => {
    const hog = "const held: Float64Array[] = [];\nfor (let i = 0; i < 48; i++) held.push(new Float64Array(2 ** 24).fill(i));";
    const r = await gradeSubmission(write("hog", submission(true, hog)), { cellTimeoutS: 60, openKernel: choice.openKernel });
    expect(r.score, JSON.stringify(r, null, 1)).to.equal(3);
    expect(r.notes.join("\n")).to.match(/your added cell "added" killed the kernel when run/);
  });
});
