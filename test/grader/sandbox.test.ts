// The grader's sandbox (grader/sandbox/): what code in the kernel can see, write and reach; the
// limits (memory, wall time, output); that nothing it starts survives close() or a SIGKILLed
// grader; and that its outputs are those of the server-based KernelSession. Skips, saying why,
// where bubblewrap does not work (CI runs as root with it installed).
import { expect } from "chai";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { SandboxKernel, removeLeftovers, sandboxAvailability } from "../../grader/sandbox";
import { isAlive } from "../../grader/sandbox/cgroup";
import { dataDirFor } from "../../grader/sandbox/mounts";
import { KernelSession, type CellRun } from "../../runner/execute";
import type { Output } from "../../runner/notebook";
import { streamText } from "../../runner/outputs";
import { startServer } from "../../runner/server";
import { makeNotebook } from "../helpers/notebooks";
import { spawnersCell } from "./sandbox-cells";

const availability = sandboxAvailability(projectRoot);
const quiet = { onWarning: () => {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stdout = (r: CellRun) => streamText(r.outputs, "stdout");

/** Host PIDs of the processes spawnersCell(mark) starts, still running (zombies do not count). */
function marked(mark: string): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, "utf8");
      if ((cmd.includes(`detached-${mark}`) || cmd.includes(`spinner-${mark}`)) && isAlive(Number(e))) out.push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** A cell printing, as JSON, what each of `paths` gives: "read" or the error code. */
function probeReads(paths: string[]): string {
  return `import * as fs from "fs";
const r: Record<string, string> = {};
for (const p of ${JSON.stringify(paths)}) { try { fs.readFileSync(p); r[p] = "read"; } catch (e) { r[p] = (e as any).code; } }
console.log(JSON.stringify(r));`;
}

describe("grader sandbox (bubblewrap)", function () {
  this.timeout(120_000);
  let k: SandboxKernel;

  before(async function () {
    if (!availability.ok) {
      console.log(`      (skipped: the sandbox does not work here: ${availability.reason}${availability.install ? `; install: ${availability.install}` : ""})`);
      this.skip();
    }
    k = await SandboxKernel.open(quiet);
  });
  after(async () => {
    await k?.close();
  });

  it("runs as an unprivileged uid in its own working dir, with no capabilities", async () => {
    const r = await k.run(`import * as fs from "fs"; console.log(process.getuid(), process.cwd(), /CapEff:\\s*0+\\n/.test(fs.readFileSync("/proc/self/status", "utf8")))`, 30, "whoami");
    expect(r.status).to.equal("ok");
    expect(stdout(r).trim()).to.equal(`${process.getuid?.() === 0 ? 65534 : process.getuid?.()} /sandbox/work true`);
  });

  it("cannot read the hidden tests, the notebooks, the project, a sibling submission or /root", async () => {
    const sibling = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-sbx-sibling-"));
    fs.writeFileSync(path.join(sibling, "ana.ipynb"), "{}");
    try {
      const hidden = [
        path.join(projectRoot, "grader", "hidden", "01-initialization.ts"),
        path.join(projectRoot, "notebooks", "01-initialization.ipynb"),
        path.join(projectRoot, "exercises", "01-initialization.ipynb"),
        path.join(projectRoot, "package.json"),
        path.join(projectRoot, ".git"),
        path.join(projectRoot, ".jupyter-local", "setup.json"),
        path.join(sibling, "ana.ipynb"),
        "/root/.bashrc",
        "/sandbox/lib/src/index.ts",
        "/etc/shadow",
      ];
      for (const p of hidden.slice(0, 8)) if (p !== "/root/.bashrc") expect(fs.existsSync(p), `fixture: ${p} exists on the host`).to.equal(true);
      const r = await k.run(probeReads(hidden), 30, "reads");
      expect(r.status).to.equal("ok");
      const got = JSON.parse(stdout(r)) as Record<string, string>;
      for (const p of hidden) expect(got[p], p).to.be.oneOf(["ENOENT", "EACCES"]);
      const ls = await k.run(`import * as fs from "fs"; console.log(JSON.stringify([fs.readdirSync("/").sort(), fs.readdirSync("/sandbox").sort(), fs.readdirSync("/sandbox/lib").sort(), fs.readdirSync("/tmp")]))`, 30, "ls");
      const [root, sandbox, lib, tmp] = JSON.parse(stdout(ls)) as string[][];
      for (const absent of ["root", "home", "work", path.basename(path.dirname(projectRoot))]) expect(root).not.to.include(absent);
      expect(sandbox).to.deep.equal(["lib", "node_modules", "work"]);
      expect(lib).to.deep.equal(["dist", "package.json"]);
      expect(tmp).to.deep.equal([]);
    } finally {
      fs.rmSync(sibling, { recursive: true, force: true });
    }
  });

  it("cannot write node_modules/, lib/dist/ or its connection folder", async () => {
    const index = path.join(projectRoot, "lib", "dist", "index.js");
    const before = crypto.createHash("sha256").update(fs.readFileSync(index)).digest("hex");
    const targets = ["/sandbox/node_modules/evil.js", "/sandbox/lib/dist/index.js", "/sandbox/node_modules/tslab/dist/main.js", "/run/kernel/evil", "/usr/evil"];
    const r = await k.run(`import * as fs from "fs";
const r: Record<string, string> = {};
for (const p of ${JSON.stringify(targets)}) { try { fs.appendFileSync(p, "// pwned"); r[p] = "wrote"; } catch (e) { r[p] = (e as any).code; } }
console.log(JSON.stringify(r));`, 30, "writes");
    const got = JSON.parse(stdout(r)) as Record<string, string>;
    for (const p of targets) expect(got[p], p).to.be.oneOf(["EROFS", "EACCES"]);
    expect(crypto.createHash("sha256").update(fs.readFileSync(index)).digest("hex")).to.equal(before);
    expect(fs.existsSync(path.join(projectRoot, "node_modules", "evil.js"))).to.equal(false);
  });

  it("cannot connect to a port open on the host's 127.0.0.1", async () => {
    let accepted = 0;
    const server = net.createServer((s) => (accepted++, s.destroy()));
    await new Promise<void>((res) => server.listen(0, "127.0.0.1", res));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = await k.run(`import * as net from "net";
await new Promise<void>((res) => { const s = net.connect(${port}, "127.0.0.1"); s.on("connect", () => { console.log("connected"); s.destroy(); res(); }); s.on("error", (e) => { console.log((e as any).code); res(); }); });`, 30, "net");
      expect(r.status).to.equal("ok");
      expect(stdout(r).trim()).to.be.oneOf(["ECONNREFUSED", "ENETUNREACH"]);
      expect(accepted).to.equal(0);
    } finally {
      server.close();
    }
  });

  it("imports tsdl and computes with it", async () => {
    const r = await k.run(`import * as tsdl from "tsdl";
tsdl.random.seed(1);
console.log(tsdl.format(tsdl.random.rand(2, 2)));`, 60, "tsdl");
    expect(r.status, JSON.stringify(r.outputs)).to.equal("ok");
    // numpy: np.random.seed(1); np.random.rand(2, 2)
    expect(stdout(r).trim()).to.equal("[[4.17022005e-01 7.20324493e-01]\n [1.14374817e-04 3.02332573e-01]]");
  });

  it("finds the course data read-only at /data, as lab 05's setup cells load it", async function () {
    // this checkout's data folder, or the one beside the main checkout when this is a worktree in wt/
    const shared = [dataDirFor(projectRoot), path.resolve(projectRoot, "..", "..", "shared", "data")].find((d) => d && fs.existsSync(path.join(d, "test_signs.h5")));
    if (!shared) {
      console.log("      (skipped: no test_signs.h5 found for this test)");
      this.skip();
    }
    const k2 = await SandboxKernel.open({ ...quiet, dataDir: shared });
    try {
      const r = await k2.run(`import * as tsdl from "tsdl"; import * as fs from "fs";
const file = tsdl.data.findDataFile("test_signs.h5")!;
const s = tsdl.data.readSignsFile(file);
let write = "wrote"; try { fs.writeFileSync("/data/evil", "x"); } catch (e) { write = (e as any).code; }
console.log(file, s.source, s.x.shape.join("x"), write);`, 60, "data");
      expect(r.status, JSON.stringify(r.outputs)).to.equal("ok");
      expect(stdout(r).trim()).to.match(/^\/data\/test_signs\.h5 course 120x64x64x3 (EROFS|EACCES)$/);
      expect(fs.existsSync(path.join(shared!, "evil"))).to.equal(false);
    } finally {
      await k2.close();
    }
  });

  it("caps output: 30 displays of 50 MiB cost the grader little memory and leave a note", async function () {
    this.timeout(400_000); // the kernel needs 0.3-3 s per 50 MiB display, depending on the machine's load
    const k2 = await SandboxKernel.open({ ...quiet, output: { cellBytes: 4 * 2 ** 20, totalBytes: 6 * 2 ** 20 } });
    try {
      const rss0 = process.memoryUsage().rss;
      const r = await k2.run(`import * as tslab from "tslab";
const big = "x".repeat(50 * 2 ** 20);
for (let i = 0; i < 30; i++) tslab.display.text(big);
console.log("done");`, 300, "big displays");
      const grew = process.memoryUsage().rss - rss0;
      expect(r.status).to.equal("ok");
      const size = JSON.stringify(r.outputs).length;
      expect(size).to.be.below(4.1 * 2 ** 20);
      expect(streamText(r.outputs, "stderr")).to.match(/\[output capped: more than 4 MiB per cell; [\d.]+ MiB of output dropped/);
      expect(grew, `grader rss grew by ${grew} bytes`).to.be.below(400 * 2 ** 20);
      // the submission's budget: 2.5 + 2.5 MiB kept (each cell under its 4 MiB), then the next MiB passes 6 MiB
      for (const ch of ["y", "z"]) expect((await k2.run(`import * as tslab from "tslab"; tslab.display.text("${ch}".repeat(2.5 * 2 ** 20))`, 30, ch)).status).to.equal("ok");
      const r2 = await k2.run(`import * as tslab from "tslab"; tslab.display.text("w".repeat(2 ** 20)); throw new Error("after the cap")`, 30, "over budget");
      expect(r2.status).to.equal("error");
      const err = streamText(r2.outputs, "stderr");
      expect(err).to.match(/more than 6 MiB per submission/);
      expect(err).to.match(/Error: after the cap/); // the tail of dropped stderr survives
    } finally {
      await k2.close();
    }
  });

  it("ends a 6 GiB allocation as 'died' with a memory reason; the grader is fine", async () => {
    const k2 = await SandboxKernel.open(quiet);
    try {
      const r = await k2.run(`const keep: Buffer[] = []; for (let i = 0; i < 48; i++) keep.push(Buffer.alloc(128 * 2 ** 20, 1)); console.log(keep.length);`, 90, "hog");
      expect(r.status, JSON.stringify(r)).to.equal("died");
      expect(r.reason).to.match(/hog: the kernel died while running this cell \(out of memory: .*2 GiB/);
      expect(process.memoryUsage().rss).to.be.below(1024 * 2 ** 20);
      expect(k2.pids()).to.deep.equal([]);
    } finally {
      await k2.close();
    }
  });

  it("process.exit() ends as 'died' with the exit code, not a memory reason", async () => {
    const k2 = await SandboxKernel.open(quiet);
    try {
      const r = await k2.run("process.exit(3)", 30, "exit");
      expect(r.status).to.equal("died");
      expect(r.reason).to.match(/^exit: the kernel died while running this cell \(exit code 3; did it call process\.exit/);
      const again = await k2.run("1", 5, "after");
      expect(again.status).to.equal("died");
    } finally {
      await k2.close();
    }
  });

  it("a kernel that does not answer in time is a clear error, and nothing is left", async () => {
    const mine = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`tsdl-sbx-${process.pid}-`));
    const before = mine();
    let error: Error | undefined;
    await SandboxKernel.open({ ...quiet, startTimeoutS: 0.05 }).then((k2) => k2.close(), (e) => (error = e));
    expect(error?.message).to.match(/the tslab kernel did not answer within 0.05 s; its stderr: /);
    expect(mine()).to.deep.equal(before);
  });

  it("times out an endless loop and kills the sandbox", async () => {
    const k2 = await SandboxKernel.open(quiet);
    const pids = k2.pids();
    expect(pids.length).to.be.above(0);
    const t0 = Date.now();
    const r = await k2.run("while (true) {}", 3, "loop");
    expect(r.status).to.equal("timeout");
    expect(r.reason).to.match(/^loop: timed out after 3 s/);
    expect((Date.now() - t0) / 1000).to.be.below(10);
    await k2.close();
    // not even a zombie left for the host's init to reap
    expect(pids.filter((p) => fs.existsSync(`/proc/${p}`))).to.deep.equal([]);
  });

  it("a SIGSTOPped kernel still ends in a timeout, and nothing survives", async () => {
    const k2 = await SandboxKernel.open(quiet);
    const pids = k2.pids();
    const r = await k2.run("process.kill(process.pid, 'SIGSTOP')", 3, "stop");
    expect(r.status).to.equal("timeout");
    await k2.close();
    expect(pids.filter(isAlive)).to.deep.equal([]);
  });

  it("a detached child and a double-forked spinning process are gone after close()", async () => {
    const mark = `tsdl-mark-${crypto.randomBytes(6).toString("hex")}`;
    const k2 = await SandboxKernel.open(quiet);
    const r = await k2.run(spawnersCell(mark), 30, "spawners");
    expect(r.status, JSON.stringify(r.outputs)).to.equal("ok");
    await sleep(500);
    expect(marked(mark).length, "both marked processes run before close()").to.equal(2);
    await k2.close();
    expect(marked(mark)).to.deep.equal([]);
  });

  it("SIGKILL of the process running a sandbox leaves no process", async function () {
    const mark = `tsdl-mark-${crypto.randomBytes(6).toString("hex")}`;
    const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "test", "grader", "sandbox-parent.ts"), mark], { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] });
    const pids = await new Promise<number[]>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
        const m = /READY (\[.*\])/.exec(out);
        if (m) resolve(JSON.parse(m[1]));
      });
      child.once("exit", (c) => reject(new Error(`sandbox-parent exited (${c}) before READY: ${out}`)));
    });
    try {
      expect(marked(mark).length).to.equal(2);
      expect(pids.length).to.be.above(2);
    } finally {
      child.kill("SIGKILL");
    }
    for (let i = 0; i < 50 && (marked(mark).length || pids.some(isAlive)); i++) await sleep(100);
    expect(marked(mark)).to.deep.equal([]);
    expect(pids.filter(isAlive)).to.deep.equal([]);
    expect(removeLeftovers()).to.be.above(0); // its cgroups and folder, which only a later run can remove
  });

  it("gives the same outputs as the server-based KernelSession (stream, display, result, error)", async function () {
    const cells = [
      `console.log("out"); console.error("err")`,
      `import * as tslab from "tslab"; tslab.display.html("<b>hi</b>"); tslab.display.markdown("*md*")`,
      `[1, 2, 3].map((x) => x * 2)`,
      `const x: number = "not a number";`,
      `throw new RangeError("bad")`,
      `console.log(x ?? "after errors")`,
    ];
    const server = await startServer({ rootDir: projectRoot });
    const file = makeNotebook("sandbox-compare", []);
    let session: KernelSession | undefined;
    // a sandbox of its own: the shared one has run the other cases' cells (their names, their counts)
    const box = await SandboxKernel.open({});
    const normalize = (outputs: Output[]) => JSON.parse(JSON.stringify(outputs).split(projectRoot).join("/sandbox"));
    try {
      session = await KernelSession.open(server, { rootDir: projectRoot, file });
      for (const [i, code] of cells.entries()) {
        const a = await session.run(code, 30, `cell ${i}`);
        const b = await box.run(code, 30, `cell ${i}`);
        expect(b.status, code).to.equal(a.status);
        expect(normalize(b.outputs), code).to.deep.equal(normalize(a.outputs));
      }
    } finally {
      await session?.close();
      await box.close();
      await server.stop();
    }
  });

  it("without bubblewrap on PATH: says so and how to install it; unsafe mode still runs, loudly", async () => {
    const saved = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const a = sandboxAvailability(projectRoot);
      expect(a.ok).to.equal(false);
      expect(a.reason).to.match(/bubblewrap \(bwrap\) is not installed/);
      expect(a.install).to.match(/apt-get install .*bubblewrap/);
    } finally {
      process.env.PATH = saved;
    }
    const warnings: string[] = [];
    const u = await SandboxKernel.open({ unsafeNoSandbox: true, onWarning: (m) => warnings.push(m) });
    try {
      expect(u.sandboxed).to.equal(false);
      expect(warnings.join("\n")).to.match(/NO SANDBOX/);
      const r = await u.run(`import * as tsdl from "tsdl"; console.log(tsdl.version, process.cwd() !== "/sandbox/work")`, 30, "unsafe");
      expect(stdout(r).trim()).to.equal("0.1.0 true");
    } finally {
      await u.close();
    }
  });
});
