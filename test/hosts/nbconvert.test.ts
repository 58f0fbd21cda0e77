// What a learner sees in the HTML export (`npm run labs -- --html DIR`, i.e. runner/export.ts, i.e.
// `jupyter nbconvert --to html` with our template) opened from disk in headless Chromium, offline:
// with scripts, plotly.js (once in the page) draws every plot; with scripts off (how viewers that
// strip scripts show a page), the static image stays. Either way the math shows as the SVG typeset
// at export (no TeX source, no MathJax in the page) and long lines wrap at the cell's edge.
// Screenshots go to test-artifacts/hosts/nbconvert-*/.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import type { Notebook } from "../../runner/notebook";
import { exportHtml, htmlName, MATH_STYLE_MARK, type ExportResult } from "../../runner/export";
import { sourceText, writeNotebookAtomic } from "../../runner/notebook";
import {
  artifactDir, atMost, chromiumProcesses, hostNotebooks, launchBrowser, LOADER_MARK, needChromium, scratch, shootPlots, viewPlots,
  expectPlotsDrawn, within, type HostNotebook,
} from "./hosts";

/** Markdown cells of a notebook that hold TeX ($…$ or $$…$$). */
const mathCells = (n: HostNotebook) => n.nb.cells.filter((c) => c.cell_type === "markdown" && /\$[^$\n]+\$/.test(sourceText(c))).length;

/** What a page shows of its math: cells with SVG formulas, TeX errors, TeX left as text outside code. */
function readMath(page: Page): Promise<{ cells: number; errors: number; empty: number; tex: string[]; mathjax: boolean }> {
  return within(page.evaluate(() => {
    const cells = Array.from(document.querySelectorAll(".jp-MarkdownCell"));
    const tex: string[] = [];
    for (const c of cells) {
      const copy = c.cloneNode(true) as HTMLElement;
      for (const skip of Array.from(copy.querySelectorAll("code, pre, mjx-container"))) skip.remove();
      const text = copy.textContent ?? "";
      for (const m of text.match(/\$[^$\n]+\$|\\[A-Za-z]+/g) ?? []) tex.push(m);
    }
    return {
      cells: cells.filter((c) => c.querySelector("mjx-container svg")).length,
      errors: document.querySelectorAll("[data-mjx-error], mjx-merror").length,
      empty: Array.from(document.querySelectorAll("mjx-container svg")).filter((s) => !(s.getBoundingClientRect().width > 0)).length,
      tex,
      mathjax: "MathJax" in window,
    };
  }), 10_000, "reading the math");
}

/** A code line, a printed line and a formula a cell is too narrow for; an escaped dollar stays a dollar. */
const LONG = "const aVeryLongName = [" + Array.from({ length: 40 }, (_, i) => `"item${i}"`).join(", ") + "];";
const PRINTED = "x".repeat(60) + " " + "0123456789".repeat(25);
const WIDE: Notebook = {
  nbformat: 4, nbformat_minor: 5,
  metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, language_info: { name: "typescript" } },
  cells: [
    { cell_type: "markdown", id: "md", metadata: {}, source: "Costs \\$5, and $J = \\frac{1}{m} \\sum_{i=1}^{m} L^{(i)}$:\n\n$$\\alpha = \\frac{1}{1 + \\text{decayRate} \\times \\text{epochNumber}} \\, \\alpha_0 \\tag{7}$$\n\nNot math: `$x$`." },
    { cell_type: "code", id: "code", metadata: {}, execution_count: 1, source: `${LONG}\nconsole.log(aVeryLongName.length);`, outputs: [{ output_type: "stream", name: "stdout", text: PRINTED + "\n" }] },
  ],
};

describe("hosts: nbconvert HTML export", function () {
  this.timeout(120_000);
  let notebooks: HostNotebook[];
  let dir: string;
  let pages: ExportResult[];
  let wide: ExportResult;
  let exportSeconds = 0;
  let browser: Browser | undefined;
  const errors: string[] = [];

  before(async function () {
    notebooks = hostNotebooks();
    dir = scratch("nbconvert");
    const t0 = Date.now();
    pages = await exportHtml(notebooks.map((n) => n.file), path.join(dir, "html"), { timeoutMs: 60_000 });
    exportSeconds = (Date.now() - t0) / 1000;
    const wideFile = path.join(dir, "wide.ipynb");
    writeNotebookAtomic(wideFile, WIDE);
    [wide] = await exportHtml([wideFile], path.join(dir, "wide"), { timeoutMs: 60_000 });
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
    await page.goto(pathToFileURL(file).href, { timeout: 60_000 }); // 6 MB pages: 30 s was not enough at load 17 on 2 cores
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

  it("makes self-contained pages: plotly.js once, math typeset in place, no script or style from elsewhere, no path of this machine", () => {
    pages.forEach((p, i) => {
      const html = fs.readFileSync(p.html, "utf8");
      const name = path.basename(p.html);
      expect(html.split(LOADER_MARK).length - 1, `${name}: plotly.js copies`).to.equal(1);
      expect(html.split(MATH_STYLE_MARK).length - 1, `${name}: the typeset math's style`).to.equal(mathCells(notebooks[i]) ? 1 : 0);
      expect([p.math > 0, p.mathErrors], `${name}: formulas typeset, TeX errors`).to.deep.equal([mathCells(notebooks[i]) > 0, []]);
      expect(html.includes("es5/tex-svg-full.js"), `${name}: a MathJax script`).to.equal(false);
      expect(html.match(/<script[^>]*\ssrc=/gi), `${name}: <script src=…>`).to.equal(null);
      expect(html.match(/<link[^>]*\shref=["']?(https?:|file:|\/)/gi), `${name}: <link href=…>`).to.equal(null);
      expect(html.match(/file:\/\/\/|\/usr\/share\/javascript/g), `${name}: machine paths`).to.equal(null);
    });
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

    /** The page's math: every markdown cell's formulas as the export's SVG, no TeX left, no MathJax; one screenshot. */
    async function expectMath(page: Page, n: HostNotebook, shots: string): Promise<number> {
      const math = await readMath(page);
      expect(math.cells, `${n.name}: markdown cells with typeset math`).to.equal(mathCells(n));
      expect(math.errors, `${n.name}: TeX errors`).to.equal(0);
      expect(math.empty, `${n.name}: formulas drawn with no size`).to.equal(0);
      expect(math.tex, `${n.name}: TeX source left in the text`).to.deep.equal([]);
      expect(math.mathjax, `${n.name}: MathJax in the page`).to.equal(false);
      if (math.cells) {
        const display = page.locator(".jp-MarkdownCell:has(mjx-container[display=true])");
        const shot = (await display.count()) ? display.first() : page.locator(".jp-MarkdownCell:has(mjx-container)").first();
        await shot.screenshot({ path: path.join(shots, `${n.name.replace(/\.ipynb$/, "")}-math.png`), timeout: 10_000 });
      }
      return math.cells;
    }

    // one page load per notebook and mode (a 6 MB page loads slowly on a busy machine): plots and math together
    it("with scripts: plotly.js draws every plot with the figure's number of traces; the math is the export's SVG", async function () {
      this.timeout(300_000);
      const shots = artifactDir("nbconvert-scripts");
      let typeset = 0;
      await atMost(2, notebooks, async (n, i) => {
        const page = await open(pages[i].html, true);
        await expectPlotsDrawn(page, n.plots);
        await shootPlots(page, shots, n.name, n.plots);
        typeset += await expectMath(page, n, shots);
        await page.context().close();
      });
      expect(typeset, "markdown cells with math, all notebooks").to.be.above(0);
      expect(errors).to.deep.equal([]);
    });

    it("without scripts: long code and printed lines wrap at the cell's edge; \\$ stays a dollar, `$x$` code", async () => {
      const shots = artifactDir("nbconvert-wrap");
      const page = await open(wide.html, false);
      const v = await within(page.evaluate(() => {
        const pres = Array.from(document.querySelectorAll(".jp-InputArea-editor pre, .jp-OutputArea-output pre")) as HTMLElement[];
        const md = document.querySelector(".jp-MarkdownCell .jp-RenderedMarkdown") as HTMLElement;
        return {
          pres: pres.length,
          cut: pres.filter((p) => p.scrollWidth > p.clientWidth + 1).length,
          // each pre holds lines longer than the cell: wrapped, it is taller than its lines unwrapped
          wrapped: pres.filter((p) => p.getBoundingClientRect().height > (p.innerText.trimEnd().split("\n").length + 0.5) * parseFloat(getComputedStyle(p).lineHeight)).length,
          formulas: Array.from(md.querySelectorAll("mjx-container")).filter((c) => c.querySelector("svg")).length,
          text: md.innerText,
        };
      }), 10_000, "reading the wide page");
      await page.locator(".jp-Cell").first().screenshot({ path: path.join(shots, "wide-markdown.png"), timeout: 10_000 });
      await page.locator(".jp-CodeCell").first().screenshot({ path: path.join(shots, "wide-code.png"), timeout: 10_000 });
      await page.context().close();
      expect({ pres: v.pres, cut: v.cut, wrapped: v.wrapped }).to.deep.equal({ pres: 2, cut: 0, wrapped: 2 });
      expect(v.formulas).to.equal(2);
      expect(v.text).to.match(/^Costs \$5, and/);
      expect(v.text).to.include("Not math: $x$.");
      expect(v.text).not.to.match(/\\frac|\\alpha/);
      expect(errors).to.deep.equal([]);
    });

    it("without scripts (viewers that strip them): every plot shows its static image; the math is the export's SVG", async function () {
      this.timeout(300_000);
      const shots = artifactDir("nbconvert-noscript");
      let typeset = 0;
      await atMost(2, notebooks, async (n, i) => {
        const page = await open(pages[i].html, false);
        const views = await viewPlots(page, n.plots.map((p) => p.id));
        n.plots.forEach((p, k) => {
          expect(views[k], p.where).to.deep.include({ found: true, drawn: false, staticImage: true, width: p.width, height: p.height });
        });
        await shootPlots(page, shots, n.name, n.plots);
        typeset += await expectMath(page, n, shots);
        await page.context().close();
      });
      expect(typeset, "markdown cells with math, all notebooks").to.be.above(0);
      expect(errors).to.deep.equal([]);
    });
  });
});
