// tsdl is built only when its inputs changed (npm start, labs, grade and test call ensureBuilt).
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuilt, inputsHash, stampFile, type BuildStep } from "../../kernel-setup/build-lib.mjs";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";

describe("build only when tsdl's sources changed", () => {
  let root: string;
  const quiet = () => {};
  // a stand-in build: appends a line to built.log, so the test counts builds
  const steps: BuildStep[] = [["stand-in", "build.sh", []]];
  const builds = () => (fs.existsSync(path.join(root, "built.log")) ? fs.readFileSync(path.join(root, "built.log"), "utf8").split("\n").filter(Boolean).length : 0);
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-build-"));
    fs.mkdirSync(path.join(root, "lib", "src"), { recursive: true });
    fs.writeFileSync(path.join(root, "lib", "src", "a.ts"), "export const a = 1;\n");
    fs.writeFileSync(path.join(root, "build.sh"), "#!/bin/sh\necho built >> built.log\n", { mode: 0o755 });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("builds the first time, not again while nothing changed, again after a source changed or with force", () => {
    const run = (force = false) => ensureBuilt({ root, steps, inputs: ["lib/src"], log: quiet, force });
    expect(run().built).to.equal(true);
    expect(run().built).to.equal(false);
    expect(builds()).to.equal(1);
    fs.writeFileSync(path.join(root, "lib", "src", "b.ts"), "export const b = 2;\n");
    expect(run().built).to.equal(true);
    fs.writeFileSync(path.join(root, "lib", "src", "a.ts"), "export const a = 3;\n");
    expect(run().built).to.equal(true);
    expect(run().built).to.equal(false);
    expect(run(true).built).to.equal(true);
    expect(builds()).to.equal(4);
  });

  it("a failed build leaves no stamp, so the next call builds again, and says which step failed", () => {
    fs.writeFileSync(path.join(root, "build.sh"), "#!/bin/sh\necho built >> built.log\nexit 3\n", { mode: 0o755 });
    expect(() => ensureBuilt({ root, steps, inputs: ["lib/src"], log: quiet })).to.throw(/stand-in failed \(exit 3\)/);
    expect(fs.existsSync(stampFile(root))).to.equal(false);
    expect(() => ensureBuilt({ root, steps, inputs: ["lib/src"], log: quiet })).to.throw(/stand-in failed/);
    expect(builds()).to.equal(2);
  });

  it("the project's lib/dist is current after npm test's build step (its stamp is the inputs' hash)", () => {
    expect(fs.readFileSync(stampFile(projectRoot), "utf8").trim()).to.equal(inputsHash(projectRoot));
  });
});
