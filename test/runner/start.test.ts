// `npm start` stops Jupyter and everything it started on SIGINT, SIGTERM or SIGHUP, whether the
// signal goes to npm's process or to our launcher's: nothing keeps running or answering.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { descendants, portInUse } from "../../runner/processes";
import { alive, cmdline, killTree, npmStart, type NpmStart } from "../helpers/npm-start";
import { scratchDir } from "../helpers/notebooks";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a tslab kernel through the server's API, as opening a notebook does, and waits for its process. */
async function startKernel(s: NpmStart): Promise<void> {
  const r = await fetch(`${s.baseUrl}/api/kernels`, { method: "POST", headers: { Authorization: `token ${s.token}` }, body: JSON.stringify({ name: "tslab" }) });
  if (!r.ok) throw new Error(`could not start a kernel: HTTP ${r.status}`);
  const id = ((await r.json()) as { id: string }).id;
  const deadline = Date.now() + 30_000;
  while (!descendants(s.npm.pid!).some((pid) => cmdline(pid).includes(id))) {
    if (Date.now() > deadline) throw new Error(`kernel ${id} has no process after 30 s`);
    await sleep(100);
  }
}

describe("npm start stops cleanly", function () {
  this.timeout(180_000);
  const home = path.join(scratchDir, "start-home");
  let started: NpmStart | undefined;
  let tree: number[] = [];
  afterEach(() => {
    killTree(tree); // whatever a failed case left, so the next case starts clean
    started = undefined;
  });
  after(() => fs.rmSync(home, { recursive: true, force: true }));

  for (const target of ["npm", "launcher"] as const) {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      it(`${signal} to ${target === "npm" ? "npm's process" : "our launcher's process"}: server, kernel and launcher gone, the port closed`, async () => {
        started = await npmStart(home);
        await startKernel(started);
        tree = started.tree();
        expect(await portInUse(started.port)).to.equal(true);
        expect(tree.filter((p) => cmdline(p).includes("tslab")), "a running tslab kernel").to.have.length.greaterThan(0);
        const t0 = Date.now();
        process.kill(target === "npm" ? started.npm.pid! : started.launcher, signal);
        while (tree.some(alive) && Date.now() - t0 < 20_000) await sleep(100);
        const left = tree.filter(alive).map((p) => `${p}: ${cmdline(p)}`);
        expect(left, `still running 20 s after ${signal}:\n${left.join("\n")}\n--- npm start said:\n${started.output()}`).to.deep.equal([]);
        expect(await portInUse(started.port)).to.equal(false);
      });
    }
  }
});
