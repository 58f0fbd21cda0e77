// What a learner sees in the classic Notebook (Notebook 6, Debian's): executed notebooks copied to a
// scratch folder, served by the same launcher as `npm start`, opened in headless Chromium. Trusted:
// plotly.js, loaded once per page through requirejs from the nbextension kernel-setup installs,
// draws every plot with the figure's traces. Untrusted: the sanitized html keeps the static SVG
// image and no script runs. Screenshots go to test-artifacts/hosts/classic-*/.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { jupyterEnv, readSetup } from "../../kernel-setup/jupyter-env.mjs";
import { writeNotebookAtomic } from "../../runner/notebook";
import { startNotebookServer, type NotebookServer } from "../../runner/notebook-server";
import { trustNotebooks } from "../../runner/trust";
import { jupyterProcesses, leftovers } from "../helpers/notebooks";
import {
  artifactDir, atMost, chromiumProcesses, hostNotebooks, launchBrowser, MAX_NOTEBOOK_BYTES, needChromium, scratch, shootPlots, viewPlots,
  expectPlotsDrawn, within, type HostNotebook,
} from "./hosts";

/** Notebook's major version from the python that runs Jupyter, or null when it is not installed. */
function notebookMajor(): number | null {
  const r = spawnSync(readSetup().python, ["-c", "import notebook; print(notebook.__version__)"], { env: jupyterEnv(), encoding: "utf8", timeout: 15_000 });
  return r.status === 0 ? Number(r.stdout.trim().split(".")[0]) : null;
}

/** Opens a notebook page and waits until the Notebook has loaded it (outputs are in the page). */
async function openNotebook(browser: Browser, server: NotebookServer, rel: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => errors.push(`${rel}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && m.text().startsWith("tsdl plot:")) errors.push(`${rel}: ${m.text()}`);
  });
  await page.goto(server.notebookUrl(rel), { timeout: 30_000 });
  await page.waitForFunction(() => (window as any).Jupyter?.notebook?._fully_loaded === true, null, { timeout: 30_000, polling: 100 });
  return page;
}

const trusted = (page: Page) => within(page.evaluate(() => (window as any).Jupyter.notebook.trusted as boolean), 5000, "reading Jupyter.notebook.trusted");

describe("hosts: classic Notebook (trusted and untrusted)", function () {
  this.timeout(300_000);
  let before0: Set<number>;
  let notebooks: HostNotebook[];
  let dir: string;
  let server: NotebookServer | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];
  const untrustedName = "00-getting-started.untrusted.ipynb";
  const wrapName = "long-line.ipynb";
  // a line far wider than a code cell, and a short one to measure one line's height by
  const longLine = "const aVeryLongName = [" + Array.from({ length: 40 }, (_, i) => `"item${i}"`).join(", ") + "];";

  before(async function () {
    needChromium(this);
    const major = notebookMajor();
    if (major !== 6) {
      console.log(`      skipped: the classic Notebook 6 is not installed here (notebook ${major ?? "absent"}; Debian: apt-get install jupyter-notebook)`);
      this.skip();
    }
    before0 = jupyterProcesses();
    notebooks = hostNotebooks();
    dir = scratch("classic");
    for (const n of notebooks) fs.copyFileSync(n.file, path.join(dir, n.name));
    trustNotebooks(notebooks.map((n) => path.join(dir, n.name)));
    // a copy nobody signed: a fresh nonce makes its content (and so its signature) new on every run
    const first = notebooks[0];
    writeNotebookAtomic(path.join(dir, untrustedName), { ...first.nb, metadata: { ...first.nb.metadata, tsdl_host_test: { nonce: `${process.pid}-${Date.now()}` } } });
    writeNotebookAtomic(path.join(dir, wrapName), {
      nbformat: 4, nbformat_minor: 5, metadata: first.nb.metadata,
      cells: [{ cell_type: "code", id: "long", metadata: {}, execution_count: null, outputs: [], source: `${longLine}\nconst short = 1;` }],
    });
    server = await startNotebookServer({ app: "notebook", notebookDir: dir, startTimeoutMs: 30_000 });
    browser = await launchBrowser();
  });

  beforeEach(() => {
    errors.length = 0; // each test reports its own page errors
  });

  after(async function () {
    this.timeout(30_000);
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

  it("no saved notebook carries plotly.js, and each weighs at most 1 MB", () => {
    for (const n of notebooks) {
      expect(n.plots.map((p) => p.loader), n.name).to.deep.equal(n.plots.map(() => false));
      expect(fs.statSync(n.file).size, `${n.name} bytes`).to.be.at.most(MAX_NOTEBOOK_BYTES);
    }
  });

  it("trusted: plotly.js draws every plot with the figure's number of traces", async () => {
    const shots = artifactDir("classic-trusted");
    // two pages side by side: the server reads one notebook while Chromium draws another
    await atMost(2, notebooks, async (n) => {
      const page = await openNotebook(browser!, server!, n.name, errors);
      expect(await trusted(page), `${n.name} trusted`).to.equal(true);
      await expectPlotsDrawn(page, n.plots);
      // plotly.js came from our server's nbextensions folder, once for the whole page
      const loads = await within(page.evaluate(() => Array.from(document.querySelectorAll("script[data-requiremodule]"))
        .map((s) => s.getAttribute("src") ?? "").filter((src) => /plotly/i.test(src))), 5000, "reading requirejs' scripts");
      expect(loads.map((src) => src.replace(/\?.*$/, "")), `${n.name}: plotly.js loads`).to.deep.equal(["/nbextensions/tsdl-plotly/plotly.min.js"]);
      await shootPlots(page, shots, n.name, n.plots);
      await page.close();
    });
    expect(errors).to.deep.equal([]);
    console.log(`      ${notebooks.length} notebook(s), ${notebooks.reduce((s, n) => s + n.plots.length, 0)} plot(s); screenshots in ${path.relative(process.cwd(), shots)}`);
  });

  it("code cells wrap a long line at the cell's edge (nbconfig CodeCell.cm_config.lineWrapping from kernel-setup)", async () => {
    const shots = artifactDir("classic-wrap");
    const page = await openNotebook(browser!, server!, wrapName, errors);
    const v = await within(page.evaluate(() => {
      const cm = document.querySelector(".code_cell .CodeMirror") as HTMLElement;
      const scroll = cm.querySelector(".CodeMirror-scroll") as HTMLElement;
      const lines = Array.from(cm.querySelectorAll(".CodeMirror-code > div, .CodeMirror-code > pre")) as HTMLElement[];
      return {
        option: (cm as any).CodeMirror.getOption("lineWrapping") as boolean,
        wrapClass: cm.classList.contains("CodeMirror-wrap"),
        cut: scroll.scrollWidth > scroll.clientWidth + 1,
        heights: lines.map((l) => l.getBoundingClientRect().height),
        width: cm.getBoundingClientRect().width,
      };
    }), 5000, "reading the code cell's editor");
    await page.locator(".code_cell").first().screenshot({ path: path.join(shots, "long-line.png"), timeout: 10_000 });
    await page.close();
    expect({ option: v.option, wrapClass: v.wrapClass, cut: v.cut }).to.deep.equal({ option: true, wrapClass: true, cut: false });
    expect(v.heights, "the long line's height, then the short one's").to.have.length(2);
    // the ~700-character line in a ~1100 px cell takes several rows
    expect(v.heights[0], `long line's height vs one row (${v.heights[1]} px), cell ${v.width} px wide`).to.be.at.least(3 * v.heights[1]);
    expect(errors).to.deep.equal([]);
  });

  it("untrusted: shows the static image and runs no plot script", async () => {
    const shots = artifactDir("classic-untrusted");
    const n = notebooks[0];
    const page = await openNotebook(browser!, server!, untrustedName, errors);
    expect(await trusted(page), "untrusted copy").to.equal(false);
    const ids = n.plots.map((p) => p.id);
    await page.waitForFunction((ids) => ids.every((id) => {
      const img = document.querySelector(`[id="${id}"] img.tsdl-static`) as HTMLImageElement | null;
      return img !== null && img.complete && img.naturalWidth > 0;
    }), ids, { timeout: 15_000, polling: 100 });
    await page.waitForTimeout(500); // a script, were one to run, would have replaced the image by now
    const views = await viewPlots(page, ids);
    n.plots.forEach((p, k) => {
      expect(views[k], p.where).to.deep.include({ found: true, drawn: false, staticImage: true, width: p.width, height: p.height });
    });
    expect(await within(page.evaluate(() => typeof (window as any).Plotly), 5000, "reading window.Plotly")).to.equal("undefined");
    await shootPlots(page, shots, untrustedName, n.plots);
    await page.close();
    expect(errors).to.deep.equal([]);
  });
});
