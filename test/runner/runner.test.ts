// The runner against a real Jupyter server and tslab kernel: outputs, failures, clean shutdown.
import { expect } from "chai";
import net from "node:net";
import path from "node:path";
import { readNotebook } from "../../runner/notebook";
import { streamText } from "../../runner/outputs";
import { freePort, startServer } from "../../runner/server";
import { runNotebooks } from "../../runner/run";
import { code, jupyterProcesses, leftovers, makeNotebook, scratchDir } from "../helpers/notebooks";

const outDir = path.join(scratchDir, "executed");

describe("runner (real Jupyter server + tslab kernel)", function () {
  this.timeout(90_000);
  let existing: Set<number>;
  before(() => {
    existing = jupyterProcesses();
  });

  it("executes cells in order, numbers them, records outputs and honours skip-execution / raises-exception", async () => {
    const file = makeNotebook("ok", [
      code('const a = 1 + 2;\nconsole.log("a =", a);'),
      code('console.log("skipped")', ["skip-execution"]),
      code('throw new Error("expected " + a)', ["raises-exception"]),
      code('import * as tsdl from "tsdl";\nconsole.log(tsdl.version);\na * 2'),
    ]);
    const { results } = await runNotebooks([file], { outDir });
    expect(results[0].error).to.equal(undefined);
    const nb = readNotebook(results[0].written);
    expect(nb.cells.map((c) => c.execution_count)).to.deep.equal([1, null, 2, 3]);
    expect(streamText(nb.cells[0].outputs, "stdout")).to.equal("a = 3\n");
    expect(nb.cells[1].outputs).to.deep.equal([]);
    expect(streamText(nb.cells[2].outputs, "stderr")).to.match(/Error: expected 3/);
    expect(streamText(nb.cells[3].outputs, "stdout")).to.match(/^\d+\.\d+\.\d+\n6\n$/);
  });

  it("runs several notebooks in order, each in its own kernel (the next one started ahead), a failure in one not stopping the others", async () => {
    const files = [
      makeNotebook("first", [code('(globalThis as any).marker = "first";\nconsole.log((globalThis as any).marker)')]),
      makeNotebook("second", [code("process.exit(1)")]),
      makeNotebook("third", [code("console.log(String((globalThis as any).marker))")]),
    ];
    const { results } = await runNotebooks(files, { outDir });
    expect(results.map((r) => path.basename(r.file))).to.deep.equal(["first.ipynb", "second.ipynb", "third.ipynb"]);
    expect(results.map((r) => r.error === undefined)).to.deep.equal([true, false, true]);
    expect(results[1].error).to.match(/second\.ipynb: cell 0: the kernel died/);
    expect(streamText(readNotebook(results[0].written).cells[0].outputs, "stdout")).to.equal("first\n");
    expect(streamText(readNotebook(results[2].written).cells[0].outputs, "stdout"), "a fresh kernel").to.equal("undefined\n");
  });

  it("stops at a compile error and names the notebook, the cell and the diagnostic", async () => {
    const file = makeNotebook("syntax", [code("const x = 1;"), code("const y: number = ;"), code('console.log("never")')]);
    const t = Date.now();
    const { results } = await runNotebooks([file], { outDir });
    expect(Date.now() - t).to.be.below(20_000);
    expect(results[0].error).to.match(/syntax\.ipynb: cell 1 \(execution 2\) failed: 1:19 - Expression expected/);
    const nb = readNotebook(results[0].written);
    expect(nb.cells[2].execution_count).to.equal(null);
  });

  it("kills an endless cell when its timeout fires and names the cell", async () => {
    const file = makeNotebook("endless", [code('console.log("start")'), code("while (true) {}")], { tsdl: { timeout: 3 } });
    const t = Date.now();
    const { results } = await runNotebooks([file], { outDir });
    expect(Date.now() - t).to.be.below(20_000);
    expect(results[0].error).to.match(/endless\.ipynb: cell 1: timed out after 3 s/);
  });

  it("reports a kernel that exits (process.exit) without hanging", async () => {
    const file = makeNotebook("exit", [code('console.log("start")'), code("process.exit(1)"), code('console.log("never")')]);
    const t = Date.now();
    const { results } = await runNotebooks([file], { outDir });
    expect(Date.now() - t).to.be.below(30_000);
    expect(results[0].error).to.match(/exit\.ipynb: cell 1: the kernel died/);
  });

  it("refuses a port that is already taken, naming it", async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      const t = Date.now();
      let message = "";
      await startServer({ rootDir: scratchDir, port }).then((s) => s.stop(), (e) => (message = (e as Error).message));
      expect(message).to.match(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
      expect(Date.now() - t).to.be.below(5_000);
    } finally {
      blocker.close();
    }
  });

  it("listens on 127.0.0.1 only and rejects requests without the token", async () => {
    const server = await startServer({ rootDir: scratchDir });
    try {
      expect(server.baseUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.token).to.match(/^[0-9a-f]{48}$/);
      const anonymous = await fetch(`${server.baseUrl}/api/kernels`);
      expect(anonymous.status).to.equal(403);
      const authed = await fetch(`${server.baseUrl}/api/kernels`, { headers: { Authorization: `token ${server.token}` } });
      expect(authed.status).to.equal(200);
    } finally {
      await server.stop();
    }
  });

  it("leaves no jupyter or tslab process behind", () => {
    expect(leftovers(existing)).to.deep.equal([]);
  });
});
