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
import type { Browser, Page } from "playwright-core";
import { projectRoot, readSetup } from "../../kernel-setup/jupyter-env.mjs";
import { readNotebook, writeNotebookAtomic, type Notebook } from "../../runner/notebook";
import { startNotebookServer, type NotebookServer } from "../../runner/notebook-server";
import { jupyterProcesses, leftovers } from "../helpers/notebooks";
import { artifactDir, chromiumProcesses, launchBrowser, needChromium, plotsOf, scratch, within, type ExpectedPlot } from "./hosts";

const LABS = /^0[0-5]-.*\.ipynb$/;
const PASSED = "All tests passed.";
/** Running a whole lab through the UI on 2 busy cores: 05 trains a network for 150 epochs. */
const RUN_TIMEOUT_MS = 600_000;

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

/** The labs to run, from notebooks/, with what their committed outputs show. */
function labs(): Lab[] {
  const only = process.env.TSDL_HOST_NOTEBOOKS?.split(",").map((s) => s.trim());
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

/** Opens a notebook in JupyterLab and waits until the application restored and the notebook's kernel is idle. */
async function openInLab(browser: Browser, server: NotebookServer, rel: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("pageerror", (e) => errors.push(`${rel}: ${e.message}`));
  await page.goto(`${server.notebookUrl(rel)}&reset`, { timeout: 60_000 }); // reset: only this notebook, no tab of an earlier test
  await page.waitForSelector("body[data-tsdl-lab]", { state: "attached", timeout: 120_000 });
  expect(await page.getAttribute("body", "data-tsdl-lab"), `${rel}: JupyterLab started`).to.equal("restored");
  await page.waitForSelector(".jp-NotebookPanel .jp-Cell", { timeout: 60_000 });
  await kernelIdle(page, 120_000);
  return page;
}

/** The kernel's state as the status bar shows it ("TypeScript | Idle" → "Idle"), or "" before it shows one. */
function kernelState(): string {
  const items = Array.from(document.querySelectorAll(".jp-StatusBar-Item")).map((e) => e.textContent ?? "");
  return items.map((t) => /\|\s*(\w+)\s*$/.exec(t)?.[1]).find(Boolean) ?? "";
}

/** Waits until the status bar says the kernel is idle. */
async function kernelIdle(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(`(${kernelState})() === "Idle"`, null, { timeout: timeoutMs, polling: 250 });
}

/** Clicks through a menu of the menu bar, e.g. `menu(page, "Run", "Run All Cells")`. */
async function menu(page: Page, top: string, item: string): Promise<void> {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: new RegExp(`^${top}$`) }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: new RegExp(`^${item}$`) }).first().click();
}

/** Runs all cells through the menu and waits until no cell is queued or running and the kernel is idle. */
async function runAll(page: Page): Promise<void> {
  await menu(page, "Run", "Run All Cells");
  await page.waitForFunction(() => Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")).some((p) => /\[\*\]|\[\d+\]/.test(p.textContent ?? "")), null, { timeout: 60_000, polling: 250 });
  const done = `(() => {
    const prompts = Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")).map((p) => p.textContent ?? "");
    return !prompts.some((p) => p.includes("*")) && (${kernelState})() === "Idle";
  })()`;
  await page.waitForFunction(done, null, { timeout: RUN_TIMEOUT_MS, polling: 500 });
}

/** Saves with Ctrl+S and waits until the tab is no longer marked changed. */
async function save(page: Page): Promise<void> {
  await page.locator(".jp-NotebookPanel .jp-Notebook").first().click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+s");
  await page.waitForFunction(() => !document.querySelector(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty"), null, { timeout: 30_000, polling: 250 });
}

/** Shuts down every kernel of the server: a closed page leaves its kernel running, as in JupyterLab. */
async function shutDownKernels(server: NotebookServer): Promise<void> {
  const auth = { Authorization: `token ${server.token}` };
  const r = await fetch(`${server.baseUrl}/api/kernels`, { headers: auth, signal: AbortSignal.timeout(10_000) });
  const kernels = (await r.json()) as { id: string }[];
  await Promise.all(kernels.map((k) => fetch(`${server.baseUrl}/api/kernels/${k.id}`, { method: "DELETE", headers: auth, signal: AbortSignal.timeout(15_000) })));
}

interface PageView {
  /** per rendered plotly output: drawn (.main-svg) and its trace counts */
  figures: { drawn: boolean; scatter: number; bar: number; image: number }[];
  /** typeset formulas in rendered markdown */
  formulas: number;
  /** raw `$…$` left in rendered markdown */
  rawMath: number;
  /** outputs rendered as errors or stderr, their text */
  errors: string[];
  passed: number;
  cells: number;
}

/** Scrolls through the notebook (JupyterLab renders cells as they come into view), then reads what the page shows. */
async function view(page: Page): Promise<PageView> {
  const cells = page.locator(".jp-NotebookPanel .jp-Cell");
  const n = await cells.count();
  for (let i = 0; i < n; i += 4) await cells.nth(i).scrollIntoViewIfNeeded({ timeout: 10_000 }).catch(() => undefined);
  await page.waitForFunction(() => Array.from(document.querySelectorAll(".jp-RenderedPlotly")).every((el) => el.querySelector(".main-svg")), null, { timeout: 30_000, polling: 250 }).catch(() => undefined);
  return within(page.evaluate(() => {
    const figures = Array.from(document.querySelectorAll(".jp-RenderedPlotly")).map((el) => ({
      drawn: el.querySelector(".main-svg") !== null,
      scatter: el.querySelectorAll(".scatterlayer .trace").length,
      bar: el.querySelectorAll(".barlayer .trace").length,
      image: el.querySelectorAll(".imagelayer .im").length,
    }));
    const markdown = Array.from(document.querySelectorAll(".jp-MarkdownCell .jp-RenderedMarkdown"));
    return {
      figures,
      formulas: markdown.reduce((s, m) => s + m.querySelectorAll("mjx-container").length, 0),
      rawMath: markdown.filter((m) => /\$[^$\s][^$]*\$/.test(m.textContent ?? "")).length,
      errors: Array.from(document.querySelectorAll(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")).map((e) => (e.textContent ?? "").slice(0, 300)),
      passed: Array.from(document.querySelectorAll(".jp-OutputArea-output")).filter((o) => (o.textContent ?? "").includes("All tests passed.")).length,
      cells: document.querySelectorAll(".jp-NotebookPanel .jp-Cell").length,
    };
  }), 20_000, "reading the notebook page");
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
      const page = await openInLab(browser!, server!, lab.name, errors);
      await runAll(page);
      const seconds = (Date.now() - t0) / 1000;
      await save(page);
      const seen = await view(page);
      await page.screenshot({ path: path.join(shots, lab.name.replace(/\.ipynb$/, ".png")) });
      const first = page.locator(".jp-RenderedPlotly").first();
      if (lab.plots.length) await first.screenshot({ path: path.join(shots, lab.name.replace(/\.ipynb$/, "-plot1.png")), timeout: 10_000 });
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

  it("the exercise 01-initialization: Run All stops at its first \"not implemented\"", async () => {
    const name = "01-initialization.exercise.ipynb";
    fs.copyFileSync(path.join(projectRoot, "exercises", "01-initialization.ipynb"), path.join(dir, name));
    const page = await openInLab(browser!, server!, name, errors);
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
