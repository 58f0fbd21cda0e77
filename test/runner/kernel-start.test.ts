// A kernel that never answers kernel_info (seen rarely with tslab under load) is shut down after a
// bound and a fresh one started, once, with a note; a second silent kernel is an error that says so.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { localDir } from "../../kernel-setup/jupyter-env.mjs";
import { KernelSession } from "../../runner/execute";
import { streamText } from "../../runner/outputs";
import { startServer, type JupyterServer } from "../../runner/server";
import { jupyterProcesses, leftovers, makeNotebook, scratchDir } from "../helpers/notebooks";

const kernelsDir = path.join(localDir, "share", "jupyter", "kernels");

/** A kernelspec whose first `silentStarts` starts sleep instead of answering, then run tslab. */
function hangingKernel(name: string, silentStarts: number): string {
  const tslab = JSON.parse(fs.readFileSync(path.join(kernelsDir, "tslab", "kernel.json"), "utf8"));
  const dir = path.join(kernelsDir, name);
  const counter = path.join(scratchDir, `${name}.starts`);
  fs.rmSync(counter, { force: true });
  fs.mkdirSync(dir, { recursive: true });
  const script = path.join(dir, "start.sh");
  // counts its starts in a file; `exec` keeps the PID the server knows, so a shutdown kills it
  fs.writeFileSync(script, `#!/bin/sh\necho x >> '${counter}'\nif [ "$(wc -l < '${counter}')" -le ${silentStarts} ]; then exec sleep 600; fi\nexec "$@"\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify({ ...tslab, display_name: name, argv: [script, ...tslab.argv] }));
  return counter;
}

describe("a kernel that does not answer is started afresh, once", function () {
  this.timeout(120_000);
  let server: JupyterServer;
  let existing: Set<number>;
  const names = ["tsdl-test-silent-once", "tsdl-test-silent-always"];
  before(async () => {
    existing = jupyterProcesses();
    server = await startServer({ rootDir: scratchDir });
  });
  after(async () => {
    await server?.stop();
    for (const n of names) fs.rmSync(path.join(kernelsDir, n), { recursive: true, force: true });
  });

  it("a first kernel silent for the bound: a note, a fresh kernel, and the session works", async () => {
    const counter = hangingKernel(names[0], 1);
    const notes: string[] = [];
    const file = makeNotebook("silent-once", []);
    const k = await KernelSession.open(server, { rootDir: scratchDir, file, kernelName: names[0], startTimeoutMs: 3000, restartTimeoutMs: 60_000, onNote: (t) => notes.push(t) });
    try {
      expect(notes).to.have.length(1);
      expect(notes[0]).to.match(/silent-once\.ipynb: the tsdl-test-silent-once kernel did not answer within 3 s; it was shut down and a fresh kernel started/);
      expect(streamText((await k.run("6 * 7", 30, "cell 0")).outputs, "stdout")).to.equal("42\n");
      expect(fs.readFileSync(counter, "utf8").split("\n").filter(Boolean)).to.have.length(2);
    } finally {
      await k.close();
    }
  });

  it("two silent kernels in a row: an error naming the notebook and the bound, no session left", async () => {
    hangingKernel(names[1], 2);
    const file = makeNotebook("silent-always", []);
    const notes: string[] = [];
    let error = "";
    await KernelSession.open(server, { rootDir: scratchDir, file, kernelName: names[1], startTimeoutMs: 2000, restartTimeoutMs: 2000, onNote: (t) => notes.push(t) }).then(
      async (k) => (await k.close(), expect.fail("opened")),
      (e) => (error = (e as Error).message),
    );
    expect(notes).to.have.length(1);
    expect(error).to.match(/silent-always\.ipynb: the tsdl-test-silent-always kernel did not answer within 2 s/);
    const r = await fetch(`${server.baseUrl}/api/sessions`, { headers: { Authorization: `token ${server.token}` } });
    expect(await r.json()).to.deep.equal([]);
  });

  it("leaves no process behind, the silent kernels included", async () => {
    await server.stop();
    expect(leftovers(existing)).to.deep.equal([]);
    const sleepers = () => fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e)).filter((e) => {
      try {
        return fs.readFileSync(`/proc/${e}/cmdline`, "utf8") === "sleep\u0000600\u0000";
      } catch {
        return false;
      }
    });
    // a SIGKILLed process takes a moment to vanish from /proc
    for (let t = 0; sleepers().length && t < 50; t++) await new Promise((r) => setTimeout(r, 100));
    const info = sleepers().map((pid) => fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    expect(info).to.deep.equal([]);
  });
});
