// A generated class graded in one command, as an instructor runs it: `npm run grade -- class/
// --out grades --jobs 2 --roster roster.csv` through the real grader. Every submission gets its CSV
// row with the score it deserves (honest, partial, untouched, cheating, broken, another lab's, not a
// notebook) and a feedback file; a second run regrades only what changed. The wall time at --jobs 2
// and --jobs 1 is printed, not asserted (the machine is shared).
import { expect } from "chai";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { exerciseNotebook, gradedMeta, solutionNotebook } from "../../grader/exercises";
import { parseCsv } from "../../grader/gradebook/csv";
import { serializeNotebook, toLines, type Notebook } from "../../runner/notebook";
import { jupyterProcesses, leftovers, scratchDir } from "../helpers/notebooks";

const LAB = "01-initialization";
const FNS = ["initializeParametersZeros", "initializeParametersRandom", "initializeParametersHe"];

/** Lab 01's exercise with the solutions of the functions `solved` (indices into FNS), and a marker so each learner's file differs. */
function submission(solved: number[], learner: string, extra?: string): Notebook {
  const sol = solutionNotebook(LAB);
  const nb = exerciseNotebook(LAB);
  for (const c of nb.cells) {
    const g = gradedMeta(c);
    if (g && solved.includes(FNS.indexOf(g.grade_id))) c.source = sol.cells.find((s) => s.id === c.id)!.source;
  }
  nb.cells.push({ cell_type: "markdown", id: `by-${crypto.createHash("sha1").update(learner).digest("hex").slice(0, 8)}`, metadata: {}, source: `handed in by ${learner}` });
  if (extra) {
    const at = nb.cells.findIndex((c) => c.id === "packages") + 1;
    nb.cells.splice(at, 0, { cell_type: "code", id: `x-${learner}`, metadata: {}, source: toLines(extra), outputs: [], execution_count: null });
  }
  return nb;
}

/** The class: file name → [content, the total it deserves (null: not graded)]. */
function makeClass(): Map<string, [string, number | null]> {
  const c = new Map<string, [string, number | null]>();
  const nb = (n: Notebook) => serializeNotebook(n);
  for (let i = 0; i < 6; i++) c.set(`honest${i}.ipynb`, [nb(submission([0, 1, 2], `honest${i}`)), 3]);
  for (let i = 0; i < 6; i++) c.set(`partial${i}.ipynb`, [nb(submission(i % 2 ? [0] : [1, 2], `partial${i}`)), i % 2 ? 1 : 2]);
  // the untouched exercise, as many hand it in: identical files
  for (let i = 0; i < 5; i++) c.set(`stub${i}.ipynb`, [nb(exerciseNotebook(LAB)), 0]);
  c.set("cheat-abs.ipynb", [nb(submission([], "cheat-abs", "Math.abs = () => 0;")), 0]);
  c.set("cheat-proto.ipynb", [nb(submission([], "cheat-proto", "(Object.prototype as any).atol = Infinity;")), 0]);
  c.set("cheat-stdout.ipynb", [nb(submission([], "cheat-stdout", 'process.stdout.write = (() => true) as any;')), 0]);
  c.set("loop.ipynb", [nb(submission([0, 1, 2], "loop", "while (true) {}")), 3]);
  // an added cell that kills the kernel or never ends costs only itself (a note): the functions are graded
  c.set("exit.ipynb", [nb(submission([0], "exit", "process.exit(3);")), 1]);
  c.set("broken.ipynb", ["{ not a notebook", null]);
  c.set("essay.pdf", ["%PDF-1.4", null]);
  c.set("other-lab.ipynb", [nb(exerciseNotebook("02-regularization")), null]);
  return c;
}

/** `npm run grade -- …` from `cwd`, as typed there. */
function grade(cwd: string, args: string[]): Promise<{ code: number | null; out: string; seconds: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn("npm", ["run", "-s", "grade", "--", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("exit", (code) => resolve({ code, out, seconds: (Date.now() - t0) / 1000 }));
  });
}

describe("grading a class through the real grader (npm run grade -- folder --jobs 2)", function () {
  this.timeout(1_200_000);
  const work = path.join(scratchDir, "class");
  const klass = makeClass();
  let existing: Set<number>;

  before(() => {
    existing = jupyterProcesses();
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(path.join(work, "submissions"), { recursive: true });
    for (const [name, [content]] of klass) fs.writeFileSync(path.join(work, "submissions", name), content);
    const roster = ["file,student_id", ...[...klass.keys()].filter((n) => !n.startsWith("essay")).map((n) => `${n},${n.replace(/\..*$/, "")}@uni.edu`)];
    fs.writeFileSync(path.join(work, "roster.csv"), roster.join("\n") + "\n");
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("one row per submission with the score it deserves, feedback files, the roster's ids", async () => {
    const r = await grade(work, ["submissions", "--out", "grades", "--jobs", "2", "--roster", "roster.csv", "--timeout", "10"]);
    console.log(`      ${klass.size} submissions at --jobs 2: ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.out).to.equal(1); // some files could not be graded
    expect(r.out).to.match(/not in the roster \(their id is the file name\): submissions\/essay\.pdf/);
    const rows = parseCsv(fs.readFileSync(path.join(work, "grades", "grades.csv"), "utf8"));
    expect(rows[0]).to.deep.equal(["id", "file", ...FNS, "total", "max", "status", "seconds"]);
    expect(rows.length - 1).to.equal(klass.size);
    for (const row of rows.slice(1)) {
      const name = path.basename(row[1]);
      const deserved = klass.get(name)![1];
      const status = row[7];
      if (deserved === null) expect(status, `${name}: ${row.join(" | ")}`).to.match(/^not graded: /);
      else {
        expect(status, `${name}: ${row.join(" | ")}`).to.equal("graded");
        expect(Number(row[5]), `${name}: ${row.join(" | ")}`).to.equal(deserved);
      }
      expect(row[0]).to.equal(name === "essay.pdf" ? "essay.pdf" : `${name.replace(/\..*$/, "")}@uni.edu`);
      expect(fs.existsSync(path.join(work, "grades", "feedback", `${row[0].replace(/[^A-Za-z0-9@._-]/g, "_")}.md`)), `feedback of ${row[0]}`).to.equal(true);
    }
    const other = rows.find((row) => row[1].endsWith("other-lab.ipynb"))!;
    expect(other[7]).to.match(/lab 02-regularization; this batch grades lab 01-initialization/);
    const partial = fs.readFileSync(path.join(work, "grades", "feedback", "partial1@uni.edu.md"), "utf8");
    expect(partial).to.match(/Score: 1 \/ 3/).and.match(/initializeParametersRandom.*not implemented/);
    expect(JSON.parse(fs.readFileSync(path.join(work, "grades", "grades.json"), "utf8")).entries).to.have.length(klass.size);
  });

  it("a second run regrades only the file that changed", async () => {
    fs.writeFileSync(path.join(work, "submissions", "partial1.ipynb"), serializeNotebook(submission([0, 1], "partial1")));
    const r = await grade(work, ["submissions", "--out", "grades", "--jobs", "2", "--roster", "roster.csv", "--timeout", "10"]);
    expect(r.out.split("\n").find((l) => l.startsWith("graded ")), r.out).to.match(/^graded 1 submission\(s\); 21 identical to one graded before/);
    const rows = parseCsv(fs.readFileSync(path.join(work, "grades", "grades.csv"), "utf8"));
    expect(rows.find((row) => row[0] === "partial1@uni.edu")![5]).to.equal("2");
  });

  it("prints the time per submission at --jobs 1 for comparison, and leaves no process behind", async () => {
    const few = path.join(work, "few");
    fs.mkdirSync(few);
    for (const n of ["honest0.ipynb", "partial0.ipynb", "partial1.ipynb", "cheat-abs.ipynb"]) fs.copyFileSync(path.join(work, "submissions", n), path.join(few, n));
    const one = await grade(work, ["few", "--out", "grades-1", "--jobs", "1", "--timeout", "10"]);
    const two = await grade(work, ["few", "--out", "grades-2", "--jobs", "2", "--timeout", "10"]);
    expect([one.code, two.code], one.out + two.out).to.deep.equal([0, 0]);
    console.log(`      4 submissions: --jobs 1 ${one.seconds.toFixed(1)} s, --jobs 2 ${two.seconds.toFixed(1)} s (with start-up)`);
    expect(fs.readFileSync(path.join(work, "grades-1", "grades.csv"), "utf8").split("\r\n").map((l) => l.split(",").slice(0, 6).join(",")))
      .to.deep.equal(fs.readFileSync(path.join(work, "grades-2", "grades.csv"), "utf8").split("\r\n").map((l) => l.split(",").slice(0, 6).join(",")));
    expect(leftovers(existing)).to.deep.equal([]);
  });
});
