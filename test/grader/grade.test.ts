// The grader through the real server and kernel: the solution notebooks score full marks, the
// exercise notebooks 0 with "not implemented" per function, and one submission per robustness case
// (made here from lab 01's exercise notebook with the solutions filled in, then broken one way)
// scores what it should, says why, leaves no process behind and leaves the file as it was.
import { expect } from "chai";
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { serializeNotebook, sourceText, toLines, type Notebook } from "../../runner/notebook";
import { startServer, type JupyterServer } from "../../runner/server";
import { exerciseNotebook, gradedLabs, gradedMeta, solutionNotebook } from "../../grader/exercises";
import { gradeSubmission, reportText, type GradeReport } from "../../grader/grade";
import { jupyterProcesses, leftovers, scratchDir } from "../helpers/notebooks";

const LAB = "01-initialization";
const CELL_TIMEOUT_S = 5;
const dir = path.join(scratchDir, "grader");

/** Lab 01's exercise notebook with the solutions in its graded cells: what a learner who finished hands in. */
function finished(): Notebook {
  const sol = solutionNotebook(LAB);
  const nb = exerciseNotebook(LAB);
  for (const c of nb.cells) if (gradedMeta(c)) c.source = sol.cells.find((s) => s.id === c.id)!.source;
  return nb;
}

/** `finished()` with `from` replaced by `to` in cell `id` (failing loudly if `from` is not there). */
function edited(nb: Notebook, id: string, from: string | RegExp, to: string): Notebook {
  const c = nb.cells.find((x) => x.id === id)!;
  const src = sourceText(c);
  if (!(typeof from === "string" ? src.includes(from) : from.test(src))) throw new Error(`fixture: "${from}" not in cell ${id}`);
  c.source = toLines(src.replace(from, to));
  return nb;
}

/** `nb` with a code cell the learner added after cell `afterId` (at the end when undefined). */
function added(nb: Notebook, afterId: string | undefined, source: string): Notebook {
  const cell = { cell_type: "code" as const, id: `added-${crypto.randomBytes(3).toString("hex")}`, metadata: {}, source: toLines(source), outputs: [], execution_count: null };
  const at = afterId === undefined ? nb.cells.length : nb.cells.findIndex((c) => c.id === afterId) + 1;
  if (at === 0) throw new Error(`fixture: no cell ${afterId}`);
  nb.cells.splice(at, 0, cell);
  return nb;
}

/** The exercise notebook (stubs that throw "not implemented") with one cheat cell added after the packages. */
const stubsWith = (cheat: string) => added(exerciseNotebook(LAB), "packages", cheat);

/** A reply line that claims a function returned what a right answer returns for the notebook's case. */
const FORGED_GRADE = 'process.stdout.write(`TSDL-GRADE ${t} {"id":"${id}","passed":true,"message":"All tests passed."}\\n`)';

function write(name: string, content: string | Notebook): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.ipynb`);
  fs.writeFileSync(file, typeof content === "string" ? content : serializeNotebook(content));
  return file;
}

const sha = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const byId = (r: GradeReport) => Object.fromEntries(r.functions.map((f) => [f.id, f]));

interface Case {
  name: string;
  make: () => string | Notebook;
  options?: { totalTimeoutS?: number };
  /** points per function: Zeros, Random, He */
  points: [number, number, number];
  /** the message of each failed function must match */
  messages?: Partial<Record<"initializeParametersZeros" | "initializeParametersRandom" | "initializeParametersHe", RegExp>>;
  notes?: RegExp;
  graded?: false;
  error?: RegExp;
  /** its added cells must all have run (a cheat that did not run tests nothing) */
  cheat?: boolean;
}

const Z = "initializeParametersZeros", R = "initializeParametersRandom", H = "initializeParametersHe";
const HE_LINE = 'parameters["W" + l] = tsdl.mul(tsdl.random.randn(layersDims[l], layersDims[l - 1]), Math.sqrt(2 / layersDims[l - 1]));';

const CASES: Case[] = [
  { name: "finished", make: finished, points: [1, 1, 1] },
  { name: "syntax error in one cell", make: () => edited(finished(), Z, "const L = layersDims.length;", "const L = layersDims.length +;"), points: [0, 1, 1], messages: { [Z]: /your cell "initializeParametersZeros" does not compile: \d+:\d+ - Expression expected/ } },
  { name: "endless loop in a function", make: () => edited(finished(), R, "tsdl.random.seed(3);", "tsdl.random.seed(3); while (true) {}"), points: [1, 0, 1], messages: { [R]: new RegExp(`did not finish within ${CELL_TIMEOUT_S} s \\(an endless loop\\?\\); the kernel was restarted`) } },
  { name: "endless printing in a function", make: () => edited(finished(), R, "tsdl.random.seed(3);", 'tsdl.random.seed(3); for (;;) console.log("x".repeat(1000));'), points: [1, 0, 1], messages: { [R]: /did not finish within/ } },
  { name: "endless loop at a cell's top level", make: () => edited(finished(), Z, /\}\s*$/, "}\nwhile (true) {}\n"), points: [0, 1, 1], messages: { [Z]: /your cell "initializeParametersZeros" did not finish within \d+ s when run \(an endless loop at its top level\?\)/ } },
  { name: "process.exit() at top level", make: () => edited(finished(), R, /\}\s*$/, "}\nprocess.exit(3);\n"), points: [1, 0, 1], messages: { [R]: /killed the kernel when run \(process\.exit\(\)\?\)/ } },
  { name: "throw at top level after the function", make: () => edited(finished(), H, /\}\s*$/, '}\nthrow new Error("oops");\n'), points: [1, 1, 0], messages: { [H]: /your cell "initializeParametersHe" threw when run \(Error: oops\), so nothing it defines exists/ } },
  { name: "returns NaN", make: () => edited(finished(), H, HE_LINE, 'parameters["W" + l] = tsdl.full([layersDims[l], layersDims[l - 1]], NaN);'), points: [1, 1, 0], messages: { [H]: /: W1: returned NaN at W1\[0\]\[0\]$/ } },
  { name: "returns the wrong type", make: () => edited(finished(), Z, "return parameters;", "return JSON.stringify(parameters) as any;"), points: [0, 1, 1], messages: { [Z]: /returned a string, expected a dictionary with W1, b1/ } },
  { name: "renamed function", make: () => edited(finished(), H, "function initializeParametersHe(", "function initParamsHe("), points: [1, 1, 0], messages: { [H]: /initializeParametersHe is not defined: the graded cell must define a function named initializeParametersHe \(was it renamed\?\)/ } },
  { name: "graded cell deleted", make: () => { const nb = finished(); nb.cells = nb.cells.filter((c) => c.id !== R); return nb; }, points: [1, 0, 1], messages: { [R]: /the graded cell "initializeParametersRandom" is not in the submission/ } },
  {
    name: "locked cells edited (check, packages, test)",
    make: () => {
      const nb = edited(finished(), `${H}-check`, `tsdl.checks.${H}(${H});`, 'console.log("All tests passed.");');
      edited(nb, "packages", "import * as tsdl", "const hacked = 1;\nimport * as tsdl");
      return edited(nb, "he-test", /^[\s\S]*$/, "");
    },
    points: [1, 1, 1], notes: /cell "packages" was edited; the lab's was used[\s\S]*cell "initializeParametersHe-check" was edited/,
  },
  { name: "forged result line", make: () => edited(exerciseNotebook(LAB), H, /\}\s*$/, '}\nconsole.log(\'TSDL-GRADE 0123 {"id":"initializeParametersHe","passed":true,"message":"All tests passed."}\');\n'), points: [0, 0, 0], messages: { [H]: /not implemented: initializeParametersHe/ } },
  { name: "grade_id kept, cell id changed", make: () => { const nb = finished(); nb.cells.find((c) => c.id === Z)!.id = "renamed-cell"; return nb; }, points: [1, 1, 1] },
  { name: "submission time limit", make: () => edited(edited(finished(), Z, "const L = layersDims.length;", "const L = layersDims.length; while (true) {}"), R, "tsdl.random.seed(3);", "tsdl.random.seed(3); while (true) {}"), options: { totalTimeoutS: 12 }, points: [0, 0, 0], messages: { [H]: /not graded: the submission used up the grader's time limit of 12 s/ } },
  // cheats of issue 21: stubs plus one line that gave full marks when verdicts were printed by the kernel
  { name: "cheat: Math.abs patched", make: () => stubsWith("Math.abs = () => 0;"), points: [0, 0, 0], messages: { [H]: /not implemented: initializeParametersHe/ }, cheat: true },
  { name: "cheat: Object.prototype.atol", make: () => stubsWith("(Object.prototype as any).atol = Infinity;\n(Object.prototype as any).rtol = Infinity;"), points: [0, 0, 0], cheat: true },
  {
    name: "cheat: JSON.stringify patched",
    make: () => stubsWith('const realStringify = JSON.stringify;\nJSON.stringify = ((v: any, ...r: any[]) => realStringify(v && typeof v === "object" && "passed" in v ? { ...v, passed: true, message: "All tests passed." } : v, ...r)) as any;'),
    points: [0, 0, 0], cheat: true,
  },
  {
    name: "cheat: stdout.write accessor rewriting result lines",
    make: () => stubsWith('const realWrite = process.stdout.write.bind(process.stdout);\nObject.defineProperty(process.stdout, "write", { configurable: true, get: () => (s: any, ...r: any[]) => realWrite(String(s).replace(/"passed":false/g, \'"passed":true\').replace(/"outcome":"threw"/g, \'"outcome":"ok"\'), ...r), set: () => {} });'),
    points: [0, 0, 0], cheat: true,
  },
  {
    name: "cheat: tsdl.grading.grade and replay replaced",
    make: () => stubsWith(`(tsdl.grading as any).grade = (t: string, id: string) => ${FORGED_GRADE};\n(tsdl.grading as any).replay = () => process.stdout.write('TSDL-REPLY {"outcome":"ok","values":[{"$array":[3,7,2],"id":0},{"$object":[],"id":1}],"printed":"","random":{"bitGenerator":"MT19937","key":[],"pos":0,"hasGauss":0,"cachedGaussian":0}}\\n');`),
    points: [0, 0, 0], cheat: true,
  },
  {
    name: "cheat: tsdl redeclared",
    make: () => added(exerciseNotebook(LAB), undefined, `const tsdl: any = { checks: new Proxy({}, { get: () => () => undefined }), grading: { grade: (t: string, id: string) => ${FORGED_GRADE}, replay: () => undefined } };`),
    points: [0, 0, 0], cheat: true,
  },
  {
    name: "cheat: only when an ancestor process grades",
    make: () => stubsWith([
      'import * as fsCheat from "fs";',
      "let pidCheat = process.ppid, gradedCheat = false;",
      "for (let i = 0; i < 12 && pidCheat > 1; i++) {",
      '  const cmd = fsCheat.readFileSync(`/proc/${pidCheat}/cmdline`, "utf8");',
      "  if (/grade|mocha/.test(cmd)) gradedCheat = true;",
      '  pidCheat = Number(fsCheat.readFileSync(`/proc/${pidCheat}/stat`, "utf8").split(") ")[1].split(" ")[1]);',
      "}",
      'if (!gradedCheat) throw new Error("no grader among the ancestors");',
      "Math.abs = () => 0;",
      `(tsdl.grading as any).grade = (t: string, id: string) => ${FORGED_GRADE};`,
      "(tsdl.checks as any).initializeParametersHe = () => undefined;",
    ].join("\n")),
    points: [0, 0, 0], cheat: true,
  },
  {
    name: "honest: a helper and an import in cells the learner added",
    make: () => {
      const nb = added(finished(), "packages", 'import * as helperLib from "tsdl";\nfunction heScale(nPrev: number): number {\n  return Math.sqrt(2 / nPrev);\n}');
      return edited(nb, H, HE_LINE, 'parameters["W" + l] = helperLib.mul(tsdl.random.randn(layersDims[l], layersDims[l - 1]), heScale(layersDims[l - 1]));');
    },
    points: [1, 1, 1], cheat: true,
  },
  {
    name: "terminal escapes in an error message",
    make: () => edited(finished(), H, HE_LINE, 'throw new Error("\\x1b[1A\\x1b[2K\\r  \\u2714 initializeParametersHe  1/1  All tests passed.\\ntotal: 3/3");'),
    points: [1, 1, 0], messages: { [H]: /threw Error: \x1b\[1A\x1b\[2K\r  ✔ initializeParametersHe  1\/1  All tests passed\.\ntotal: 3\/3$/ },
  },
  { name: "not JSON", make: () => "{ this is not json", points: [0, 0, 0], graded: false, error: /is not JSON .*: hand in the \.ipynb file Jupyter saves/ },
  { name: "nbformat 3", make: () => JSON.stringify({ nbformat: 3, nbformat_minor: 0, worksheets: [] }), points: [0, 0, 0], graded: false, error: /is nbformat 3; the grader reads nbformat 4/ },
];

describe("npm run grade: usage errors before anything starts", function () {
  this.timeout(60_000);
  const run = promisify(execFile);
  /** Runs the CLI as `npm run grade` does (from the project root), typed in folder `typedIn`. */
  const grade = (args: string[], typedIn: string) =>
    // tsx itself, not npx: npx sets INIT_CWD to its own cwd
    run(path.join(projectRoot, "node_modules", ".bin", "tsx"), ["grader/cli.ts", ...args], { cwd: projectRoot, env: { ...process.env, INIT_CWD: typedIn } })
      .then((r) => ({ code: 0, ...r }), (e) => e as { code: number; stdout: string; stderr: string });

  it("--lab naming another lab than the file's is an error naming both (exit 2, no server started)", async () => {
    const file = write("lab-01-submission", finished());
    const before = jupyterProcesses();
    const t0 = Date.now();
    const r = await grade([path.basename(file), "--lab", "04-optimization"], dir);
    expect(r.code, r.stdout).to.equal(2);
    expect(r.stderr).to.include(`${file}: --lab 04-optimization disagrees with the file, which is lab ${LAB} (its metadata tsdl.lab)`);
    expect(r.stdout).to.equal("");
    expect([...jupyterProcesses()].filter((p) => !before.has(p)), "no Jupyter process was started").to.deep.equal([]);
    expect((Date.now() - t0) / 1000).to.be.lessThan(20);
  });

  it("--lab naming the file's own lab, or no lab, is fine; an unknown --lab is exit 2", async () => {
    const nb = finished();
    delete nb.metadata.tsdl; // the lab then comes from the graded cells it holds
    const file = write("lab-01-no-metadata", nb);
    const r = await grade([file, "--lab", "02-regularization"], dir);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include(`disagrees with the file, which is lab ${LAB} (it holds 3 of that lab's graded cells)`);
    const unknown = await grade([file, "--lab", "99-nothing"], dir);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/--lab 99-nothing: no such lab with graded functions \(labs: 01-initialization, /);
  });

  it("paths are relative to the folder the command was typed in; a missing file names the absolute path tried (exit 2)", async () => {
    const elsewhere = path.join(dir, "typed-in-here");
    fs.mkdirSync(elsewhere, { recursive: true });
    const r = await grade(["ana.ipynb", "--json", "r.json"], elsewhere);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include(`${path.join(elsewhere, "ana.ipynb")}: no such file (paths are relative to the folder the command was typed in, ${elsewhere})`);
    expect(fs.existsSync(path.join(elsewhere, "r.json"))).to.equal(false);
  });
});

describe("grader (real kernel)", function () {
  this.timeout(600_000);
  let server: JupyterServer;
  let procsBefore: Set<number>;
  const table: string[] = [];
  before(async () => {
    procsBefore = jupyterProcesses();
    server = await startServer({ rootDir: projectRoot });
  });
  after(async () => {
    await server?.stop();
    if (table.length) console.log(["    | case | score | message | seconds |", "    |---|---|---|---|", ...table].join("\n"));
  });

  for (const lab of gradedLabs()) {
    it(`${lab}: the solution notebook scores full marks, the exercise notebook 0 with "not implemented" per function`, async () => {
      const full = await gradeSubmission(path.join(projectRoot, "notebooks", `${lab}.ipynb`), { server, lab });
      expect(full.functions.filter((f) => !f.passed), JSON.stringify(full.functions)).to.deep.equal([]);
      expect(full.score).to.equal(full.maxScore).and.to.be.greaterThan(0);
      expect(full.notes, "the solution notebook holds the lab's cells unchanged").to.deep.equal([]);
      const ex = await gradeSubmission(path.join(projectRoot, "exercises", `${lab}.ipynb`), { server });
      expect(ex.lab).to.equal(lab);
      expect(ex.score).to.equal(0);
      for (const f of ex.functions) expect(f.message, f.id).to.match(new RegExp(`not implemented: ${f.id} — write your code between START CODE HERE and END CODE HERE$`));
    });
  }

  for (const c of CASES) {
    it(`robustness: ${c.name} → ${c.points.join(" + ")}`, async () => {
      const file = write(c.name.replace(/\W+/g, "-"), c.make());
      const hash = sha(file);
      const r = await gradeSubmission(file, { server, lab: c.graded === false ? undefined : LAB, cellTimeoutS: CELL_TIMEOUT_S, ...c.options });
      const f = byId(r);
      const failed = r.functions.filter((x) => !x.passed);
      table.push(`    | ${c.name} | ${r.score}/${r.maxScore || 3} | ${(r.error ?? failed.map((x) => `${x.id}: ${x.message}`).join("; ")) || "All tests passed."}${r.notes.length ? ` (notes: ${r.notes.join("; ")})` : ""} | ${r.seconds.toFixed(1)} |`);
      expect(sha(file), "the submission is left as it was").to.equal(hash);
      if (c.graded === false) {
        expect(r.graded).to.equal(false);
        expect(r.error).to.match(c.error!);
        return;
      }
      expect(r.graded, r.error).to.equal(true);
      expect([f[Z].points, f[R].points, f[H].points], JSON.stringify(r.functions, null, 1)).to.deep.equal(c.points);
      for (const [id, re] of Object.entries(c.messages ?? {})) expect(f[id].message, id).to.match(re);
      if (c.notes) expect(r.notes.join("\n")).to.match(c.notes);
      if (c.cheat) expect(r.notes.filter((n) => /added cell/.test(n)), "the added cells ran").to.deep.equal([]);
      const text = reportText(r);
      expect(text, "no control character reaches the terminal").not.to.match(/[\u0000-\u0009\u000b-\u001f\u007f]/);
      expect(text.split("\n").filter((l) => /^  [✔✘] /.test(l)).map((l) => l.startsWith("  ✔")), "the text says what the JSON says").to.deep.equal(r.functions.map((x) => x.passed));
      // each function its own measured time (0 for one that never ran)
      for (const x of r.functions) expect(x.seconds, `${x.id}: its own time`).to.be.at.least(x.passed ? 0.001 : 0).and.lessThan(r.seconds);
    });
  }

  it("npm run grade: exit 0 when graded whatever the score, 1 when it could not grade; --json writes the report; nothing left running", async () => {
    const run = promisify(execFile);
    const bad = write("cli-not-json", "nope");
    const json = path.join(dir, "report.json");
    const args = ["tsx", "grader/cli.ts", path.join(projectRoot, "exercises", `${LAB}.ipynb`), "--json", json];
    const ok = await run("npx", args, { cwd: projectRoot });
    expect(ok.stdout).to.match(/total: 0\/3/);
    const report = JSON.parse(fs.readFileSync(json, "utf8")) as GradeReport;
    expect(report).to.include({ graded: true, score: 0, maxScore: 3, lab: LAB });
    const failed = await run("npx", ["tsx", "grader/cli.ts", bad], { cwd: projectRoot }).then(() => null, (e) => e as { code: number; stdout: string });
    expect(failed?.code).to.equal(1);
    expect(failed?.stdout).to.match(/could not grade: .* is not JSON/);
    const usage = await run("npx", ["tsx", "grader/cli.ts"], { cwd: projectRoot }).then(() => null, (e) => e as { code: number; stderr: string });
    expect(usage?.code).to.equal(2);
    expect(usage?.stderr).to.match(/no submission given/);
  });

  it("leaves no Jupyter server or kernel behind", async () => {
    await server.stop();
    for (let i = 0; i < 50 && leftovers(procsBefore).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(leftovers(procsBefore)).to.deep.equal([]);
  });
});
