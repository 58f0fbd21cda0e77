// What a learner sees in our JupyterLab (hosts/jupyterlab/, built by setup from npm), in headless
// Chromium: each lab notebook (00–05), its outputs cleared, is opened from the file browser's URL,
// run with Run → Run All Cells on tslab, and saved with Ctrl+S. Then: JupyterLab's plotly renderer
// drew every figure with its traces, the markdown's math is typeset, every inline check printed
// "All tests passed.", no cell failed; the saved file holds the same. The exercise notebook stops at
// its "not implemented". Screenshots go to test-artifacts/hosts/jupyterlab-app/.
// TSDL_HOST_NOTEBOOKS=01-initialization.ipynb,… narrows the labs run.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { projectRoot, readSetup } from "../../kernel-setup/jupyter-env.mjs";
import { readNotebook, writeNotebookAtomic, type Notebook } from "../../runner/notebook";
import { startNotebookServer, type NotebookServer } from "../../runner/notebook-server";
import { jupyterProcesses, leftovers } from "../helpers/notebooks";
import { artifactDir, chromiumProcesses, launchBrowser, needChromium, plotsOf, scratch, within, type ExpectedPlot } from "./hosts";
import { menu, openInLab, RUN_TIMEOUT_MS, runAll, runAllDone, save, shutDownKernels, view } from "./jupyterlab-ui";

const LABS = /^0[0-5]-.*\.ipynb$/;
const PASSED = "All tests passed.";

interface Lab {
  name: string;
  /** the committed, executed notebook: what this run must reproduce */
  solved: Notebook;
  plots: ExpectedPlot[];
  checks: number;
  math: boolean;
}

const text = (v: unknown): string => (Array.isArray(v) ? v.join("") : String(v ?? ""));
const outputText = (o: Record<string, unknown>): string => text(o.text) + text((o.data as Record<string, unknown> | undefined)?.["text/plain"]);

/** The labs to run (all, or those named in `only`), from notebooks/, with what their committed outputs show. */
function labs(only = process.env.TSDL_HOST_NOTEBOOKS?.split(",").map((s) => s.trim())): Lab[] {
  const dir = path.join(projectRoot, "notebooks");
  return fs.readdirSync(dir).filter((f) => LABS.test(f) && (!only || only.includes(f))).sort().map((name) => {
    const solved = readNotebook(path.join(dir, name));
    const outputs = solved.cells.flatMap((c) => (c.outputs ?? []) as Record<string, unknown>[]);
    return {
      name, solved, plots: plotsOf(solved, name),
      checks: outputs.filter((o) => outputText(o).includes(PASSED)).length,
      math: solved.cells.some((c) => c.cell_type === "markdown" && /\$[^$]+\$/.test(text(c.source))),
    };
  });
}

/** A copy of `nb` in `dir` with every output and execution count cleared: what the page shows after the run is this run's. */
function clearedCopy(nb: Notebook, dir: string, name: string): void {
  const cells = nb.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : c));
  writeNotebookAtomic(path.join(dir, name), { ...nb, cells });
}

describe("hosts: our JupyterLab (npm-built), each lab run through the UI on tslab", function () {
  this.timeout(RUN_TIMEOUT_MS + 300_000);
  let before0: Set<number>;
  let dir: string;
  let shots: string;
  let server: NotebookServer | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];

  before(async function () {
    needChromium(this);
    const setup = readSetup();
    if (!setup.labApp || !fs.existsSync(path.join(projectRoot, ".jupyter-local", "jupyterlab", "static", "bundle.js"))) {
      console.log("      skipped: no JupyterLab build here (`npm run setup` builds it into .jupyter-local/jupyterlab/; it needs python's jupyterlab_server: apt-get install python3-jupyterlab-server)");
      this.skip();
    }
    before0 = jupyterProcesses();
    dir = scratch("jupyterlab-app");
    shots = artifactDir("jupyterlab-app");
    server = await startNotebookServer({ app: "lab", notebookDir: dir, startTimeoutMs: 60_000 });
    browser = await launchBrowser();
  });

  beforeEach(() => {
    errors.length = 0;
  });
  afterEach(async () => {
    if (server) await shutDownKernels(server); // one lab's kernel at a time on 2 cores
  });

  after(async function () {
    this.timeout(60_000);
    await within(browser?.close() ?? Promise.resolve(), 10_000, "closing Chromium").catch((e) => console.log(`      ${e.message}`));
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (!before0) return; // skipped
    let left = leftovers(before0);
    for (let i = 0; i < 30 && (left.length || chromiumProcesses().length); i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = leftovers(before0);
    }
    expect(left, "Jupyter/kernel processes left behind").to.deep.equal([]);
    expect(chromiumProcesses(), "Chromium processes left behind").to.deep.equal([]);
  });

  for (const lab of labs()) {
    it(`${lab.name}: Run All, then ${lab.plots.length} figure(s) drawn, math typeset, ${lab.checks} check(s) passed, no error; saved`, async () => {
      clearedCopy(lab.solved, dir, lab.name);
      const t0 = Date.now();
      const page = await openInLab(browser!, server!.notebookUrl(lab.name), errors);
      await runAll(page);
      const seconds = (Date.now() - t0) / 1000;
      await save(page);
      const seen = await view(page);
      await page.screenshot({ path: path.join(shots, lab.name.replace(/\.ipynb$/, ".png")) });
      const first = page.locator(".jp-RenderedPlotly").first();
      if (seen.figures.length) await first.screenshot({ path: path.join(shots, lab.name.replace(/\.ipynb$/, "-plot1.png")), timeout: 10_000 });
      await page.close();

      expect(seen.errors, `${lab.name}: error or stderr outputs`).to.deep.equal([]);
      expect(seen.figures, `${lab.name}: figures drawn by the plotly renderer`).to.deep.equal(
        lab.plots.map((p) => ({ drawn: true, scatter: p.traces.scatter, bar: p.traces.bar, image: p.traces.image })),
      );
      if (lab.math) {
        expect(seen.formulas, `${lab.name}: typeset formulas`).to.be.greaterThan(0);
        expect(seen.rawMath, `${lab.name}: markdown cells with raw $…$`).to.equal(0);
      }
      expect(seen.passed, `${lab.name}: outputs "${PASSED}"`).to.equal(lab.checks);
      // what was saved is what ran: every code cell numbered, no error, the same checks and figures
      const saved = readNotebook(path.join(dir, lab.name));
      const code = saved.cells.filter((c) => c.cell_type === "code");
      expect(code.filter((c) => c.execution_count == null).length, `${lab.name}: saved code cells not run`).to.equal(0);
      const outputs = code.flatMap((c) => (c.outputs ?? []) as Record<string, unknown>[]);
      expect(outputs.filter((o) => o.output_type === "error").map(outputText), `${lab.name}: saved errors`).to.deep.equal([]);
      expect(outputs.filter((o) => outputText(o).includes(PASSED)).length, `${lab.name}: saved checks passed`).to.equal(lab.checks);
      expect(plotsOf(saved, lab.name).length, `${lab.name}: saved figures`).to.equal(lab.plots.length);
      expect(errors, `${lab.name}: page errors`).to.deep.equal([]);
      console.log(`      ${lab.name}: ran in ${seconds.toFixed(0)} s; ${seen.figures.length} figures, ${seen.formulas} formulas, ${seen.passed} checks passed`);
    });
  }

  it("00-getting-started: Kernel → Restart Kernel and Run All Cells… runs it again on a new kernel, figure drawn", async () => {
    const name = "00-getting-started.restart.ipynb";
    const lab = labs(["00-getting-started.ipynb"])[0];
    clearedCopy(lab.solved, dir, name);
    const page = await openInLab(browser!, server!.notebookUrl(name), errors);
    const kernelId = async () => {
      const r = await fetch(`${server!.baseUrl}/api/sessions`, { headers: { Authorization: `token ${server!.token}` } });
      return ((await r.json()) as { path: string; kernel: { id: string } }[]).find((s) => s.path.endsWith(name))?.kernel.id;
    };
    const first = await kernelId();
    await runAll(page);
    await menu(page, "Kernel", "Restart Kernel and Run All Cells…");
    await page.locator(".jp-Dialog button", { hasText: /^Restart$/ }).click();
    await page.waitForFunction(() => Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")).some((p) => /\[\*\]/.test(p.textContent ?? "")), null, { timeout: 60_000, polling: 100 });
    await runAllDone(page);
    const seen = await view(page);
    await page.screenshot({ path: path.join(shots, "00-getting-started-restarted.png") });
    await page.close();
    expect(await kernelId(), "the session's kernel after the restart (same id, new process)").to.equal(first);
    expect(seen.errors, "error outputs").to.deep.equal([]);
    expect(seen.figures, "figures").to.deep.equal(lab.plots.map((p) => ({ drawn: true, ...p.traces })));
    expect(errors).to.deep.equal([]);
  });

  it("the exercise 01-initialization: Run All stops at its first \"not implemented\"", async () => {
    const name = "01-initialization.exercise.ipynb";
    fs.copyFileSync(path.join(projectRoot, "exercises", "01-initialization.ipynb"), path.join(dir, name));
    const page = await openInLab(browser!, server!.notebookUrl(name), errors);
    await runAll(page);
    const seen = await view(page);
    await page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").first().scrollIntoViewIfNeeded({ timeout: 10_000 });
    await page.screenshot({ path: path.join(shots, "01-initialization-exercise.png") });
    await page.close();
    expect(seen.errors.length, "error outputs").to.be.greaterThan(0);
    expect(seen.errors[0], "the first error").to.match(/not implemented: \w+/);
    expect(errors).to.deep.equal([]);
  });
});
