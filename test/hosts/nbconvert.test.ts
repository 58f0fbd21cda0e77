// What a learner sees in the HTML export (`npm run labs -- --html DIR`, i.e. runner/export.ts, i.e.
// `jupyter nbconvert --to html` with our template) opened from disk in headless Chromium, offline:
// with scripts, plotly.js (once in the page) draws every plot and MathJax (inline) typesets the
// math; with scripts off (how viewers that strip scripts show a page), the static image stays.
// Screenshots go to test-artifacts/hosts/nbconvert-*/.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { exportHtml, htmlName, MATHJAX_MARK, type ExportResult } from "../../runner/export";
import { sourceText } from "../../runner/notebook";
import {
  artifactDir, atMost, chromiumProcesses, hostNotebooks, launchBrowser, LOADER_MARK, needChromium, scratch, shootPlots, viewPlots,
  expectPlotsDrawn, within, type HostNotebook,
} from "./hosts";

/** Markdown cells of a notebook that hold TeX ($…$ or $$…$$). */
const mathCells = (n: HostNotebook) => n.nb.cells.filter((c) => c.cell_type === "markdown" && /\$[^$\n]+\$/.test(sourceText(c))).length;

describe("hosts: nbconvert HTML export", function () {
  this.timeout(120_000);
  let notebooks: HostNotebook[];
  let dir: string;
  let pages: ExportResult[];
  let exportSeconds = 0;
  let browser: Browser | undefined;
  const errors: string[] = [];

  before(async function () {
    notebooks = hostNotebooks();
    dir = scratch("nbconvert");
    const t0 = Date.now();
    pages = await exportHtml(notebooks.map((n) => n.file), path.join(dir, "html"), { timeoutMs: 60_000 });
    exportSeconds = (Date.now() - t0) / 1000;
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Opens an exported page from disk; scripts on or off. */
  async function open(file: string, scripts: boolean): Promise<Page> {
    const context = await browser!.newContext({ javaScriptEnabled: scripts, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(`${path.basename(file)}: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && m.text().startsWith("tsdl plot:")) errors.push(`${path.basename(file)}: ${m.text()}`);
    });
    await page.goto(pathToFileURL(file).href, { timeout: 30_000 });
    return page;
  }

  it("writes one whole page per notebook and no temporary folder", () => {
    const folder = path.join(dir, "html");
    expect(fs.readdirSync(folder).sort()).to.deep.equal(notebooks.map((n) => htmlName(n.file)).sort());
    for (const p of pages) {
      const html = fs.readFileSync(p.html, "utf8");
      expect(html.trimEnd().endsWith("</html>"), p.html).to.equal(true);
      expect(p.bytes, p.html).to.equal(Buffer.byteLength(html));
    }
    console.log(`      nbconvert exported ${pages.length} notebook(s) in ${exportSeconds.toFixed(1)} s (${pages.map((p) => `${(p.bytes / 1e6).toFixed(1)} MB`).join(", ")})`);
  });

  it("makes self-contained pages: plotly.js once, MathJax inline, no script or style from elsewhere, no path of this machine", () => {
    for (const p of pages) {
      const html = fs.readFileSync(p.html, "utf8");
      const name = path.basename(p.html);
      expect(html.split(LOADER_MARK).length - 1, `${name}: plotly.js copies`).to.equal(1);
      expect(html.split(MATHJAX_MARK).length - 1, `${name}: MathJax copies`).to.equal(1);
      expect(html.match(/<script[^>]*\ssrc=/gi), `${name}: <script src=…>`).to.equal(null);
      expect(html.match(/<link[^>]*\shref=["']?(https?:|file:|\/)/gi), `${name}: <link href=…>`).to.equal(null);
      expect(html.match(/file:\/\/\/|\/usr\/share\/javascript/g), `${name}: machine paths`).to.equal(null);
    }
  });

  it("leaves no page and no temporary folder when nbconvert fails, and refuses two notebooks with one page name", async () => {
    const bad = path.join(dir, "broken.ipynb");
    fs.writeFileSync(bad, '{"nbformat": 4, "cells": [');
    const out = path.join(dir, "failed-export");
    const err = await exportHtml([notebooks[0].file, bad], out, { timeoutMs: 60_000 }).then(() => null, (e: Error) => e);
    expect(err?.message).to.match(/jupyter nbconvert --to html failed \(exit \d+\)/);
    expect(fs.readdirSync(out)).to.deep.equal([]);
    const twin = path.join(dir, "twin");
    fs.mkdirSync(twin);
    fs.copyFileSync(notebooks[0].file, path.join(twin, path.basename(notebooks[0].file)));
    const dup = await exportHtml([notebooks[0].file, path.join(twin, path.basename(notebooks[0].file))], out).then(() => null, (e: Error) => e);
    expect(dup?.message).to.match(/would both be exported to 00-getting-started\.html/);
  });

  describe("opened from disk in Chromium", function () {
    before(async function () {
      needChromium(this);
      browser = await launchBrowser();
    });

    beforeEach(() => {
      errors.length = 0; // each test reports its own page errors
    });

    after(async function () {
      this.timeout(20_000);
      await within(browser?.close() ?? Promise.resolve(), 10_000, "closing Chromium").catch((e) => console.log(`      ${e.message}`));
      for (let i = 0; i < 30 && chromiumProcesses().length; i++) await new Promise((r) => setTimeout(r, 100));
      expect(chromiumProcesses(), "Chromium processes left behind").to.deep.equal([]);
    });

    it("with scripts: plotly.js draws every plot with the figure's number of traces", async () => {
      const shots = artifactDir("nbconvert-scripts");
      await atMost(2, notebooks, async (n, i) => {
        const page = await open(pages[i].html, true);
        await expectPlotsDrawn(page, n.plots);
        await shootPlots(page, shots, n.name, n.plots);
        await page.context().close();
      });
      expect(errors).to.deep.equal([]);
    });

    it("with scripts: MathJax typesets every markdown cell's math, offline, without an error", async () => {
      const shots = artifactDir("nbconvert-math");
      let typeset = 0;
      await atMost(2, notebooks, async (n, i) => {
        const page = await open(pages[i].html, true);
        await page.waitForFunction(() => (window as any).MathJax?.startup?.promise !== undefined, null, { timeout: 15_000, polling: 100 });
        await within(page.evaluate(() => (window as any).MathJax.startup.promise), 30_000, `${n.name}: MathJax typesetting`);
        const math = await within(page.evaluate(() => ({
          cells: Array.from(document.querySelectorAll(".jp-MarkdownCell")).filter((c) => c.querySelector("mjx-container")).length,
          errors: document.querySelectorAll("mjx-merror, [data-mjx-error]").length,
          first: document.querySelector("mjx-container svg") !== null,
        })), 5000, "reading the math");
        expect(math.cells, `${n.name}: markdown cells with typeset math`).to.equal(mathCells(n));
        expect(math.errors, `${n.name}: TeX errors`).to.equal(0);
        if (math.cells) {
          expect(math.first, `${n.name}: math drawn as SVG`).to.equal(true);
          const display = page.locator("mjx-container[display=true]");
          const shot = (await display.count()) ? display.first() : page.locator("mjx-container").first();
          await shot.screenshot({ path: path.join(shots, `${n.name.replace(/\.ipynb$/, "")}-math.png`), timeout: 10_000 });
        }
        typeset += math.cells;
        await page.context().close();
      });
      expect(typeset, "markdown cells with math, all notebooks").to.be.above(0);
      expect(errors).to.deep.equal([]);
    });

    it("without scripts (viewers that strip them): every plot shows its static image", async () => {
      const shots = artifactDir("nbconvert-noscript");
      await atMost(2, notebooks, async (n, i) => {
        const page = await open(pages[i].html, false);
        const views = await viewPlots(page, n.plots.map((p) => p.id));
        n.plots.forEach((p, k) => {
          expect(views[k], p.where).to.deep.include({ found: true, drawn: false, staticImage: true, width: p.width, height: p.height });
        });
        await shootPlots(page, shots, n.name, n.plots);
        await page.context().close();
      });
      expect(errors).to.deep.equal([]);
    });
  });
});
