// The learner's home that `npm start` serves: made on first start, refreshed without ever
// overwriting a learner's change, the project's newer version offered beside it.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { homeFiles, homeSummary, offeredName, prepareLearnerHome, type HomeFile } from "../../runner/learner-home";

describe("learner home (npm start's workspace/)", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-home-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel), "utf8");
  const actions = (r: ReturnType<typeof prepareLearnerHome>) => Object.fromEntries(r.files.map((f) => [f.rel, f.action]));

  it("holds START-HERE, the exercises as the learner's copies, the solved labs and the other notebooks, and no sources", () => {
    const rels = homeFiles().map((f) => f.rel);
    expect(rels[0]).to.equal("START-HERE.ipynb");
    const exercises = fs.readdirSync("exercises").filter((f) => f.endsWith(".ipynb"));
    expect(exercises.length).to.be.greaterThan(0);
    for (const name of exercises) expect(rels).to.include.members([`exercises/${name}`, `solutions/${name}`]);
    expect(rels).to.include("lectures-and-notes/00-getting-started.ipynb");
    expect(rels.filter((r) => /(^|\/)src\/|\.ts$/.test(r))).to.deep.equal([]);
    const exercise = homeFiles().find((f) => f.rel === `exercises/${exercises[0]}`)!;
    expect(exercise.content).to.equal(fs.readFileSync(path.join("exercises", exercises[0]), "utf8"));
    const start = JSON.parse(homeFiles()[0].content);
    expect(start.metadata.kernelspec.name).to.equal("tslab");
    expect(start.cells[0].source.join("")).to.match(/exercises\/01-initialization\.ipynb/).and.match(/npm run grade -- 01-initialization\.ipynb/);
  });

  it("makes every file on first start and says so in one line; a second start changes nothing", () => {
    const files: HomeFile[] = [{ rel: "START-HERE.ipynb", content: "start 1" }, { rel: "exercises/a.ipynb", content: "a 1" }, { rel: "solutions/a.ipynb", content: "sa 1" }];
    const first = prepareLearnerHome(dir, files);
    expect(Object.values(actions(first))).to.deep.equal(["new", "new", "new"]);
    expect(homeSummary(first)).to.have.length(1);
    expect(homeSummary(first)[0]).to.match(/START-HERE\.ipynb, 1 in exercises\/, 1 in solutions\//);
    expect(read("exercises/a.ipynb")).to.equal("a 1");
    const second = prepareLearnerHome(dir, files);
    expect(Object.values(actions(second))).to.deep.equal(["same", "same", "same"]);
    expect(homeSummary(second)).to.deep.equal([]);
    expect(second.projectCopies).to.have.length(3);
  });

  it("updates a file the learner did not change, and never overwrites one they did: the new version goes beside it", () => {
    prepareLearnerHome(dir, [{ rel: "exercises/a.ipynb", content: "a 1" }, { rel: "exercises/b.ipynb", content: "b 1" }]);
    fs.writeFileSync(path.join(dir, "exercises/a.ipynb"), "a 1 + my work");
    const r = prepareLearnerHome(dir, [{ rel: "exercises/a.ipynb", content: "a 2" }, { rel: "exercises/b.ipynb", content: "b 2" }]);
    expect(actions(r)).to.deep.equal({ "exercises/a.ipynb": "offered", "exercises/b.ipynb": "updated" });
    expect(read("exercises/a.ipynb")).to.equal("a 1 + my work");
    expect(read(offeredName("exercises/a.ipynb"))).to.equal("a 2");
    expect(offeredName("exercises/a.ipynb")).to.equal("exercises/a.new.ipynb");
    expect(read("exercises/b.ipynb")).to.equal("b 2");
    expect(homeSummary(r).join("\n")).to.match(/exercises\/a\.ipynb holds your changes.*exercises\/a\.new\.ipynb/).and.match(/updated 1 file/);
    expect(r.projectCopies.map((f) => path.relative(dir, f))).to.deep.equal(["exercises/b.ipynb"]);
  });

  it("keeps the learner's work when the project did not change, re-makes a deleted file, and never overwrites an offered copy the learner edited", () => {
    prepareLearnerHome(dir, [{ rel: "exercises/a.ipynb", content: "a 1" }]);
    fs.writeFileSync(path.join(dir, "exercises/a.ipynb"), "mine");
    expect(actions(prepareLearnerHome(dir, [{ rel: "exercises/a.ipynb", content: "a 1" }]))).to.deep.equal({ "exercises/a.ipynb": "kept" });
    prepareLearnerHome(dir, [{ rel: "exercises/a.ipynb", content: "a 2" }]);
    fs.writeFileSync(path.join(dir, "exercises/a.new.ipynb"), "mine too");
    const r = prepareLearnerHome(dir, [{ rel: "exercises/a.ipynb", content: "a 3" }]);
    expect(actions(r)).to.deep.equal({ "exercises/a.ipynb": "kept" });
    expect(read("exercises/a.ipynb")).to.equal("mine");
    expect(read("exercises/a.new.ipynb")).to.equal("mine too");
    fs.rmSync(path.join(dir, "exercises/a.ipynb"));
    expect(actions(prepareLearnerHome(dir, [{ rel: "exercises/a.ipynb", content: "a 3" }]))).to.deep.equal({ "exercises/a.ipynb": "new" });
    expect(read("exercises/a.ipynb")).to.equal("a 3");
  });

  it("counts a file it has no record of (a lost manifest) as the learner's", () => {
    fs.mkdirSync(path.join(dir, "exercises"), { recursive: true });
    fs.writeFileSync(path.join(dir, "exercises/a.ipynb"), "somebody's");
    const r = prepareLearnerHome(dir, [{ rel: "exercises/a.ipynb", content: "a 1" }]);
    expect(actions(r)).to.deep.equal({ "exercises/a.ipynb": "offered" });
    expect(read("exercises/a.ipynb")).to.equal("somebody's");
  });
});
