// `npm start` stops Jupyter and everything it started on SIGINT, SIGTERM or SIGHUP, whether the
// signal goes to npm's process or to our launcher's: nothing keeps running or answering.
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { descendants, portInUse } from "../../runner/processes";
import { scratchDir } from "../helpers/notebooks";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
};

interface Started {
  npm: ChildProcess;
  launcher: number;
  port: number;
  tree: number[];
  output: () => string;
}

/** Runs `npm start` with a scratch home and waits for the URL it prints. */
async function npmStart(home: string): Promise<Started> {
  // its own process group, like a terminal's job: the test can clean up whatever happens
  const npm = spawn("npm", ["start"], { cwd: projectRoot, env: { ...process.env, TSDL_HOME: home, DISPLAY: "" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  npm.stdout!.on("data", (d) => (out += d));
  npm.stderr!.on("data", (d) => (out += d));
  const deadline = Date.now() + 90_000;
  let m: RegExpMatchArray | null = null;
  while (!(m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\/(?:tree|lab)\?token=\w+/)) && Date.now() < deadline && npm.exitCode === null) await sleep(100);
  if (!m) throw new Error(`npm start printed no URL within 90 s:\n${out}`);
  // a kernel too, as when a learner has a notebook open: it must go with the server
  const [base, token] = [m[0].split("/").slice(0, 3).join("/"), m[0].split("token=")[1]];
  const r = await fetch(`${base}/api/kernels`, { method: "POST", headers: { Authorization: `token ${token}` }, body: JSON.stringify({ name: "tslab" }) });
  if (!r.ok) throw new Error(`could not start a kernel: HTTP ${r.status}`);
  const kernelId = ((await r.json()) as { id: string }).id;
  while (!descendants(npm.pid!).some((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(kernelId)) && Date.now() < deadline) await sleep(100);
  const launcher = descendants(npm.pid!).find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("runner/open.ts"));
  if (!launcher) throw new Error(`no runner/open.ts process under npm:\n${out}`);
  return { npm, launcher, port: Number(m[1]), tree: [npm.pid!, ...descendants(npm.pid!)], output: () => out };
}

describe("npm start stops cleanly", function () {
  this.timeout(180_000);
  const home = path.join(scratchDir, "start-home");
  let started: Started | undefined;
  afterEach(() => {
    // whatever a failed case left: kill it, so the next case starts clean
    if (started) for (const pid of started.tree) if (alive(pid)) process.kill(pid, "SIGKILL");
    started = undefined;
  });
  after(() => fs.rmSync(home, { recursive: true, force: true }));

  for (const target of ["npm", "launcher"] as const) {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      it(`${signal} to ${target === "npm" ? "npm's process" : "our launcher's process"}: server, kernel and launcher gone, the port closed`, async () => {
        started = await npmStart(home);
        expect(await portInUse(started.port)).to.equal(true);
        expect(started.tree.filter((p) => fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes("tslab")), "a running tslab kernel").to.have.length.greaterThan(0);
        const pid = target === "npm" ? started.npm.pid! : started.launcher;
        const t0 = Date.now();
        process.kill(pid, signal);
        while (started.tree.some(alive) && Date.now() - t0 < 20_000) await sleep(100);
        const left = started.tree.filter(alive).map((p) => `${p}: ${fs.readFileSync(`/proc/${p}/cmdline`, "utf8").replace(/\0/g, " ")}`);
        expect(left, `still running 20 s after ${signal}:\n${left.join("\n")}\n--- npm start said:\n${started.output()}`).to.deep.equal([]);
        expect(await portInUse(started.port)).to.equal(false);
      });
    }
  }
});
