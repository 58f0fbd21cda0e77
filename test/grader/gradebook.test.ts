// Grading a class, without kernels: finding the submissions, the roster, N at a time, the
// gradebook's CSV/JSON/feedback, regrading only what changed. The grading itself is a stand-in here
// (test/grader/class.test.ts grades a generated class through the real grader).
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { exerciseNotebook } from "../../grader/exercises";
import type { GradeReport } from "../../grader/grade";
import { gradeBatch } from "../../grader/gradebook/batch";
import { collectSubmissions } from "../../grader/gradebook/collect";
import { parseCsv, toCsv } from "../../grader/gradebook/csv";
import { feedbackMarkdown, feedbackName } from "../../grader/gradebook/gradebook";
import { mapPool } from "../../grader/gradebook/pool";
import { batchProgress, duration } from "../../grader/gradebook/progress";
import { learnerId, readRoster } from "../../grader/gradebook/roster";
import { gradedCells } from "../../grader/submission";
import { serializeNotebook } from "../../runner/notebook";

const LAB = "01-initialization";
const functions = () => gradedCells(exerciseNotebook(LAB)).map(([id, maxPoints]) => ({ id, maxPoints }));

/** A stand-in grade: as many points as the notebook's metadata says (tsdl.fake), each call counted. */
function fakeGrader() {
  const calls: string[] = [];
  const grade = async (file: string): Promise<GradeReport> => {
    calls.push(path.basename(file));
    const nb = JSON.parse(fs.readFileSync(file, "utf8"));
    const n = nb.metadata.fake as number;
    const fs_ = functions().map((f, i) => ({ ...f, points: i < n ? f.maxPoints : 0, passed: i < n, message: i < n ? "All tests passed." : "W1 has shape (3, 2), expected (2, 3)", seconds: 0.1 }));
    return { submission: file, lab: LAB, graded: true, score: fs_.reduce((a, f) => a + f.points, 0), maxScore: fs_.reduce((a, f) => a + f.maxPoints, 0), functions: fs_, notes: [], seconds: 0.3 };
  };
  return { calls, grade };
}

describe("grading a class: gradebook (stand-in grader)", () => {
  let dir: string;
  const quiet = () => ({ done() {}, finish() {} });
  const exercise = (fake: number) => serializeNotebook({ ...exerciseNotebook(LAB), metadata: { ...exerciseNotebook(LAB).metadata, fake } });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-class-"));
    fs.mkdirSync(path.join(dir, "subs", "late"), { recursive: true });
    fs.writeFileSync(path.join(dir, "subs", "ana.ipynb"), exercise(3));
    fs.writeFileSync(path.join(dir, "subs", "ben.ipynb"), exercise(1));
    fs.writeFileSync(path.join(dir, "subs", "late", "cy.ipynb"), exercise(0));
    fs.writeFileSync(path.join(dir, "subs", "notes.pdf"), "%PDF-1.4 not a notebook");
    fs.writeFileSync(path.join(dir, "subs", "dee.ipynb"), serializeNotebook(exerciseNotebook("02-regularization")));
    fs.mkdirSync(path.join(dir, "subs", ".ipynb_checkpoints"));
    fs.writeFileSync(path.join(dir, "subs", ".ipynb_checkpoints", "ana-checkpoint.ipynb"), exercise(3));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("finds every file in the folders given (no hidden ones, not the output folder) and names what is missing", () => {
    fs.mkdirSync(path.join(dir, "subs", "out"));
    fs.writeFileSync(path.join(dir, "subs", "out", "grades.csv"), "");
    const c = collectSubmissions(["subs", "nope.ipynb"], dir, ["subs/out"]);
    expect(c.files.map((f) => path.relative(dir, f))).to.deep.equal(["subs/ana.ipynb", "subs/ben.ipynb", "subs/dee.ipynb", "subs/late/cy.ipynb", "subs/notes.pdf"]);
    expect(c.missing).to.deep.equal([path.join(dir, "nope.ipynb")]);
  });

  it("CSV: quotes what needs quoting and reads it back", () => {
    const rows = [["id", "status"], ["ana, b.", 'said "hi"\nthen'], ["x", "3"]];
    expect(toCsv(rows)).to.equal('id,status\r\n"ana, b.","said ""hi""\nthen"\r\nx,3\r\n');
    expect(parseCsv(toCsv(rows))).to.deep.equal(rows);
  });

  it("roster: file → id from the named columns; clear errors; ids from file names without it", () => {
    const roster = path.join(dir, "roster.csv");
    fs.writeFileSync(roster, "\uFEFFStudent_ID,File\r\nana@uni.edu,subs/ana.ipynb\r\n\"Ben, B\",ben.ipynb\r\n");
    const r = readRoster(roster);
    expect(learnerId("x/ana.ipynb", r)).to.equal("ana@uni.edu");
    expect(learnerId("ben.ipynb", r)).to.equal("Ben, B");
    expect(learnerId("late/cy.ipynb", r)).to.equal("cy");
    fs.writeFileSync(roster, "name,mail\nana,a@b\n");
    expect(() => readRoster(roster)).to.throw(/must name a file column .* it has: name, mail/);
    fs.writeFileSync(roster, "id,file\nana,a.ipynb\nben,a.ipynb\n");
    expect(() => readRoster(roster)).to.throw(/a\.ipynb is listed for both ana and ben/);
    expect(() => readRoster(path.join(dir, "none.csv"))).to.throw(/cannot read it \(ENOENT\)/);
  });

  it("runs at most N at a time and keeps the items' order", async () => {
    let running = 0;
    let most = 0;
    const out = await mapPool([5, 1, 3, 2, 4], 2, async (x) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, x * 5));
      running--;
      return x * 10;
    });
    expect(out).to.deep.equal([50, 10, 30, 20, 40]);
    expect(most).to.equal(2);
    await mapPool([], 3, async () => 1);
    await mapPool([1], 0, async () => 1).then(() => expect.fail("jobs 0 accepted"), (e) => expect(e.message).to.match(/jobs must be a whole number ≥ 1/));
  });

  it("progress: one redrawn line on a terminal (rate, time left), plain lines elsewhere, no control characters", () => {
    let t = 0;
    let text = "";
    const p = batchProgress(4, { tty: true, write: (s) => (text += s), now: () => t, columns: 100 });
    t = 2000;
    p.done("ana", "3/3");
    expect(text).to.match(/^\r\[#####\.{15}\] 1\/4  0\.50\/s  6 s left  ana: 3\/3/);
    let lines = "";
    const q = batchProgress(2, { tty: false, write: (s) => (lines += s), now: () => t });
    t = 6000;
    q.done("evil\u001b[2J", "1/3");
    t = 10000;
    q.done("b", "not graded");
    expect(lines).to.equal("[1/2  0.25/s  4 s left] evil?[2J: 1/3\n[2/2  0.25/s  done in 8 s] b: not graded\n");
    expect(duration(3725)).to.equal("1 h 02 min");
    expect(duration(185)).to.equal("3 min 05 s");
  });

  it("grades a folder into grades.csv, grades.json and feedback files; other labs and non-notebooks get their row with the reason", async () => {
    const { calls, grade } = fakeGrader();
    const fs0 = functions();
    const r = await gradeBatch({ args: ["subs"], base: dir, outDir: "grades", jobs: 2, grade, progress: quiet });
    expect(calls.sort()).to.deep.equal(["ana.ipynb", "ben.ipynb", "cy.ipynb"]);
    const rows = parseCsv(fs.readFileSync(path.join(dir, "grades", "grades.csv"), "utf8"));
    expect(rows[0]).to.deep.equal(["id", "file", ...fs0.map((f) => f.id), "total", "max", "status", "seconds"]);
    const byId = Object.fromEntries(rows.slice(1).map((row) => [row[0], row]));
    expect(Object.keys(byId).sort()).to.deep.equal(["ana", "ben", "cy", "dee", "notes.pdf"]);
    expect(byId.ana.slice(1, 2 + fs0.length + 3)).to.deep.equal(["subs/ana.ipynb", "1", "1", "1", "3", "3", "graded"]);
    expect(byId.ben.slice(2 + fs0.length, 2 + fs0.length + 2)).to.deep.equal(["1", "3"]);
    expect(byId.dee[2 + fs0.length + 2]).to.match(/^not graded: this is a notebook of lab 02-regularization; this batch grades lab 01-initialization/);
    expect(byId["notes.pdf"][2 + fs0.length + 2]).to.match(/^not graded: .*notes\.pdf is not JSON/);
    const json = JSON.parse(fs.readFileSync(r.written.json, "utf8"));
    expect(json.lab).to.equal(LAB);
    expect(json.entries).to.have.length(5);
    const ben = fs.readFileSync(path.join(dir, "grades", "feedback", "ben.md"), "utf8");
    expect(ben).to.match(/\*\*Score: 1 \/ 3\*\*/).and.match(/W1 has shape \(3, 2\), expected \(2, 3\)/);
    expect(r.written.feedback).to.have.length(5);
    expect(r.graded).to.equal(3);
  });

  it("a second run regrades only the files whose content changed; --force regrades all", async () => {
    const { calls, grade } = fakeGrader();
    await gradeBatch({ args: ["subs"], base: dir, outDir: "grades", jobs: 1, grade, progress: quiet });
    fs.writeFileSync(path.join(dir, "subs", "ben.ipynb"), exercise(2));
    calls.length = 0;
    const again = await gradeBatch({ args: ["subs"], base: dir, outDir: "grades", jobs: 1, grade, progress: quiet });
    expect(calls).to.deep.equal(["ben.ipynb"]);
    expect([again.graded, again.reused]).to.deep.equal([1, 2]);
    expect(again.book.entries.find((e) => e.id === "ben")!.report.score).to.equal(2);
    calls.length = 0;
    await gradeBatch({ args: ["subs"], base: dir, outDir: "grades", jobs: 1, grade, progress: quiet, settings: { timeout: 5 } });
    expect(calls, "other settings: regrade").to.have.length(3);
    calls.length = 0;
    await gradeBatch({ args: ["subs"], base: dir, outDir: "grades", jobs: 1, grade, progress: quiet, settings: { timeout: 5 }, force: true });
    expect(calls).to.have.length(3);
  });

  it("lists files the roster does not know; feedback names are safe and unique; learner text cannot become markup", async () => {
    const roster = new Map([["ana.ipynb", "ana@uni.edu"]]);
    const { grade } = fakeGrader();
    const r = await gradeBatch({ args: ["subs"], base: dir, outDir: "grades", jobs: 2, grade, progress: quiet, roster });
    expect(r.notInRoster.sort()).to.deep.equal(["subs/ben.ipynb", "subs/dee.ipynb", "subs/late/cy.ipynb", "subs/notes.pdf"]);
    const taken = new Set<string>();
    expect([feedbackName("../etc/passwd", taken), feedbackName("../etc/passwd", taken), feedbackName("", taken)]).to.deep.equal(["__etc_passwd.md", "__etc_passwd-2.md", "_.md"]);
    const entry = r.book.entries.find((e) => e.id === "ben")!;
    entry.report.functions[1].message = "<script>x</script> ``` \u001b[2J";
    const md = feedbackMarkdown(entry, LAB);
    expect(md).to.include("```` <script>x</script> ``` ?[2J ````");
  });
});
