// The grader as Gradescope and PrairieLearn run it: the bundles built by `npm run autograder`,
// unpacked, and run in the engines' folder layouts (/autograder/…, /grade/…) made with bubblewrap
// binds, on honest, partial and broken submissions; results.json checked against the engines'
// published fields. The result converters and the zip writer are tested on their own too.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { readSetup } from "../../kernel-setup/jupyter-env.mjs";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { buildBundle } from "../../grader/engines/bundle";
import { gradescopeResults, prairielearnResults } from "../../grader/engines/results";
import { zipArchive } from "../../grader/engines/zip";
import type { GradeReport } from "../../grader/grade";
import { readNotebook, serializeNotebook, writeNotebookAtomic } from "../../runner/notebook";
import { exerciseNotebook } from "../../grader/exercises";
import { scratchDir } from "../helpers/notebooks";

const LAB = "01-initialization";
const report: GradeReport = {
  submission: "ana.ipynb", lab: LAB, graded: true, score: 2, maxScore: 3, notes: ["cell \"data\" was edited; the lab's was used"], seconds: 4.4,
  functions: [
    { id: "initializeParametersZeros", points: 1, maxPoints: 1, passed: true, message: "All tests passed.", seconds: 1 },
    { id: "initializeParametersRandom", points: 0, maxPoints: 1, passed: false, message: "W1 has shape (3, 2), expected (2, 3)", seconds: 1 },
    { id: "initializeParametersHe", points: 1, maxPoints: 1, passed: true, message: "All tests passed.", seconds: 1 },
  ],
};

/** The bound node_modules stands for setup's `npm ci`: the lock must not look newer than it (setup.mjs would run npm ci again). */
function lockInstalled(dir: string): void {
  const t = new Date(fs.statSync(path.join(projectRoot, "node_modules", ".package-lock.json")).mtimeMs - 1000); // utimes rounds
  fs.utimesSync(path.join(dir, "package-lock.json"), t, t);
}

const bwrap = () => spawnSync("bwrap", ["--version"]).status === 0;
const python = () => readSetup().python as string;

/** Extracts a zip with Python's zipfile (what Jupyter's Python brings), keeping the Unix modes. */
function unzip(zip: string, dir: string): void {
  const code = "import sys, zipfile, os\nz = zipfile.ZipFile(sys.argv[1])\nfor i in z.infolist():\n    p = z.extract(i, sys.argv[2])\n    os.chmod(p, (i.external_attr >> 16) & 0o777)\n";
  const r = spawnSync(python(), ["-c", code, zip, dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`unzip failed: ${r.stderr}`);
}

/** Runs `command` in a bubblewrap root holding the system read-only and `binds` (host → sandbox path). */
function inLayout(binds: [string, string, "ro" | "rw"][], command: string): { status: number | null; out: string } {
  const args = [
    "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
    "--symlink", "usr/sbin", "/sbin", "--ro-bind", "/etc", "/etc", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
    ...binds.flatMap(([host, inside, mode]) => [mode === "ro" ? "--ro-bind" : "--bind", host, inside]),
    "--unshare-pid", "--die-with-parent", "--", "/bin/bash", "-c", command,
  ];
  const r = spawnSync("bwrap", args, { encoding: "utf8", timeout: 240_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}${r.error ? r.error.message : ""}` };
}

/** The exercise notebook with the solution of one function pasted in (a partial submission). */
function partial(): string {
  const solution = readNotebook(path.join(projectRoot, "notebooks", `${LAB}.ipynb`));
  const nb = exerciseNotebook(LAB);
  const i = nb.cells.findIndex((c) => c.id === "initializeParametersZeros");
  nb.cells[i] = { ...nb.cells[i], source: solution.cells.find((c) => c.id === "initializeParametersZeros")!.source };
  return serializeNotebook(nb);
}

describe("grading engines: result formats and the zip", () => {
  it("Gradescope's results.json: score, execution_time, output, visibility and one test per graded function", () => {
    const g = gradescopeResults(report, "after_published");
    expect(Object.keys(g).sort()).to.deep.equal(["execution_time", "output", "score", "stdout_visibility", "tests", "visibility"]);
    expect(g.score).to.equal(2);
    expect(g.execution_time).to.equal(4);
    expect(g.output).to.match(/2\/3 points/).and.match(/Note: cell "data" was edited/);
    expect(g.tests[1]).to.deep.equal({ name: "initializeParametersRandom", score: 0, max_score: 1, status: "failed", output: "W1 has shape (3, 2), expected (2, 3)", visibility: "after_published" });
  });

  it("PrairieLearn's results.json: gradable, score in [0, 1], tests with points and max_points", () => {
    const p = prairielearnResults(report);
    expect(p.gradable).to.equal(true);
    expect(p.score).to.be.closeTo(2 / 3, 1e-12);
    expect(p.tests.map((t) => [t.name, t.points, t.max_points])).to.deep.equal([["initializeParametersZeros", 1, 1], ["initializeParametersRandom", 0, 1], ["initializeParametersHe", 1, 1]]);
    expect(prairielearnResults({ ...report, graded: false, error: "not JSON", score: 0 })).to.include({ gradable: false, score: 0, message: "Not graded: not JSON" });
  });

  it("zip: Python's zipfile reads back the names, bytes and modes", () => {
    const dir = path.join(scratchDir, "zip-test");
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const big = Buffer.alloc(200_000, 7);
    fs.writeFileSync(path.join(dir, "a.zip"), zipArchive([{ name: "run_autograder", data: Buffer.from("#!/bin/sh\n"), mode: 0o755 }, { name: "deep/dir/é.bin", data: big }]));
    unzip(path.join(dir, "a.zip"), path.join(dir, "x"));
    expect(fs.statSync(path.join(dir, "x", "run_autograder")).mode & 0o777).to.equal(0o755);
    expect(fs.readFileSync(path.join(dir, "x", "deep", "dir", "é.bin")).equals(big)).to.equal(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("grading engines: the bundles run as the engines run them (bubblewrap layouts)", function () {
  this.timeout(600_000);
  const work = path.join(scratchDir, "engines");
  before(function () {
    if (!bwrap()) {
      console.log("      skipped: bubblewrap is not installed (Debian: apt-get install bubblewrap)");
      this.skip();
    }
    fs.rmSync(work, { recursive: true, force: true });
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));
  const nodeModules = path.join(projectRoot, "node_modules");

  it("Gradescope: the zip's setup + run_autograder grade honest, partial and broken submissions into results.json", async () => {
    const zip = buildBundle({ lab: LAB, engine: "gradescope", visibility: "after_published", cellTimeoutS: 30 }, path.join(work, "gs-out"));
    const ag = path.join(work, "autograder");
    unzip(zip, path.join(ag, "source"));
    for (const f of ["setup.sh", "run_autograder"]) expect(fs.statSync(path.join(ag, "source", f)).mode & 0o111, f).to.not.equal(0);
    // what setup.sh does on Gradescope, minus the downloads: the npm packages (the project's, read-only) and the built tsdl
    fs.mkdirSync(path.join(ag, "source", "node_modules"));
    fs.cpSync(path.join(projectRoot, "lib", "dist"), path.join(ag, "source", "lib", "dist"), { recursive: true });
    lockInstalled(path.join(ag, "source"));
    const binds = (): [string, string, "ro" | "rw"][] => [[ag, "/autograder", "rw"], [nodeModules, "/autograder/source/node_modules", "ro"]];
    const setup = inLayout(binds(), "cd /autograder/source && node kernel-setup/setup.mjs");
    expect(setup.status, setup.out).to.equal(0);
    const cases: [string, string | null, number][] = [
      ["honest", fs.readFileSync(path.join(projectRoot, "notebooks", `${LAB}.ipynb`), "utf8"), 3],
      ["partial", partial(), 1],
      ["broken", "{ this is not a notebook", 0],
      ["nothing", null, 0],
    ];
    for (const [name, content, score] of cases) {
      fs.rmSync(path.join(ag, "submission"), { recursive: true, force: true });
      fs.rmSync(path.join(ag, "results"), { recursive: true, force: true });
      fs.mkdirSync(path.join(ag, "submission"), { recursive: true });
      fs.mkdirSync(path.join(ag, "results"));
      if (content !== null) fs.writeFileSync(path.join(ag, "submission", `${LAB}.ipynb`), content);
      const run = inLayout(binds(), "/autograder/source/run_autograder");
      expect(run.status, `${name}: ${run.out}`).to.equal(0);
      const results = JSON.parse(fs.readFileSync(path.join(ag, "results", "results.json"), "utf8"));
      expect(results.score, `${name}: ${JSON.stringify(results)}`).to.equal(score);
      expect(results.tests.map((t: { name: string }) => t.name)).to.deep.equal(["initializeParametersZeros", "initializeParametersRandom", "initializeParametersHe"]);
      for (const t of results.tests) {
        expect(Object.keys(t).sort()).to.deep.equal(["max_score", "name", "output", "score", "status", "visibility"]);
        expect(t.visibility).to.equal("after_published");
      }
      if (name === "broken") expect(results.output).to.match(/Not graded: .* is not JSON/);
      if (name === "nothing") expect(results.output).to.match(/no \.ipynb file was handed in/);
    }
  });

  it("PrairieLearn: the image's project and run.sh grade /grade/student into /grade/results/results.json", async () => {
    const dir = buildBundle({ lab: LAB, engine: "prairielearn", cellTimeoutS: 30 }, path.join(work, "pl-out"));
    expect(fs.readFileSync(path.join(dir, "Containerfile"), "utf8")).to.match(/^FROM docker\.io\/library\/node:\d+-bookworm-slim/m).and.match(/bubblewrap/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "info.json"), "utf8")).externalGradingOptions).to.include({ enabled: true, entrypoint: "/tsdl/run.sh" });
    // the image as the Containerfile builds it: the project at /tsdl with its packages and tsdl built
    const tsdl = path.join(dir, "project");
    fs.copyFileSync(path.join(dir, "run.sh"), path.join(tsdl, "run.sh"));
    fs.chmodSync(path.join(tsdl, "run.sh"), 0o755);
    fs.mkdirSync(path.join(tsdl, "node_modules"));
    fs.cpSync(path.join(projectRoot, "lib", "dist"), path.join(tsdl, "lib", "dist"), { recursive: true });
    lockInstalled(tsdl);
    const grade = path.join(work, "grade");
    const binds = (): [string, string, "ro" | "rw"][] => [[tsdl, "/tsdl", "rw"], [nodeModules, "/tsdl/node_modules", "ro"], [grade, "/grade", "rw"]];
    fs.mkdirSync(grade, { recursive: true });
    const setup = inLayout(binds(), "cd /tsdl && node kernel-setup/setup.mjs");
    expect(setup.status, setup.out).to.equal(0);
    const cases: [string, string, boolean, number][] = [
      ["partial", partial(), true, 1 / 3],
      ["another lab's", serializeNotebook(exerciseNotebook("02-regularization")), false, 0],
    ];
    for (const [name, content, gradable, score] of cases) {
      fs.rmSync(grade, { recursive: true, force: true });
      fs.mkdirSync(path.join(grade, "student"), { recursive: true });
      fs.mkdirSync(path.join(grade, "results"));
      fs.writeFileSync(path.join(grade, "student", `${LAB}.ipynb`), content);
      const run = inLayout(binds(), "/tsdl/run.sh");
      expect(run.status, `${name}: ${run.out}`).to.equal(0);
      const results = JSON.parse(fs.readFileSync(path.join(grade, "results", "results.json"), "utf8"));
      expect(Object.keys(results).sort()).to.deep.equal(["gradable", "message", "output", "score", "tests"]);
      expect([results.gradable, results.score], `${name}: ${JSON.stringify(results)}`).to.deep.equal([gradable, score]);
      for (const t of results.tests) expect(Object.keys(t).sort()).to.deep.equal(["description", "max_points", "message", "name", "output", "points"]);
    }
  });
});
