// The static SVG and plotly.js must print the same axes: each figure is drawn by plotly.js in
// headless Chromium and by renderSvg, and their tick labels and line dashes are compared (an
// epoch axis to 9900 reads 0, 2k, … 8k in both, never plotly's "0.2e+4"). Screenshots of both:
// test-artifacts/hosts/plot-agreement/.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { costCurve, lines, plotlyDist, renderSvg, type Figure } from "../../lib/src/plot/index";
import { artifactDir, chromiumProcesses, launchBrowser, needChromium, within } from "./hosts";

/** What one renderer shows of a figure's axes and lines. */
interface AxesView {
  x: string[];
  y: string[];
  /** each line's stroke-dasharray, "" when solid (plotly writes "9px, 9px", the SVG "9,9") */
  dashes: string[];
}

/** A cost-like decreasing series of n values with a wiggle, e.g. `decay(100, 0.7, 0.3)`. */
function decay(n: number, start: number, end: number, wiggle = 0.01): number[] {
  return Array.from({ length: n }, (_, i) => end + (start - end) * Math.exp(-i / (n / 4)) + wiggle * Math.sin(i));
}

const epochs = (n: number, every = 100): number[] => Array.from({ length: n }, (_, k) => k * every);
const gd = decay(100, 0.70, 0.44);

const FIGURES: Record<string, Figure> = {
  // lab 04's summary: epochs 0 … 9900, gd and momentum nearly equal
  "epochs-to-9900": lines([
    { name: "gd", x: epochs(100), y: gd },
    { name: "momentum", x: epochs(100), y: gd.map((v, i) => v + 2e-4 * Math.cos(i)) },
    { name: "Adam", x: epochs(100), y: decay(100, 0.70, 0.13) },
  ], { xlabel: "epoch", ylabel: "cost" }),
  "iterations-to-14900": costCurve(decay(150, 0.69, 0.05), { xstep: 100, xlabel: "iterations" }),
  "per-hundreds": costCurve(decay(150, 0.69, 0.05)),
  "to-99000": lines([{ name: "a", x: epochs(100, 1000), y: decay(100, 3e6, 1e5) }]),
  "to-5000": lines([{ name: "a", x: epochs(51, 100), y: decay(51, -2, 2) }]),
};

function plotlyView(page: Page): Promise<AxesView> {
  return within(page.evaluate(() => ({
    x: Array.from(document.querySelectorAll(".xtick text")).map((t) => t.textContent ?? ""),
    y: Array.from(document.querySelectorAll(".ytick text")).map((t) => t.textContent ?? ""),
    dashes: Array.from(document.querySelectorAll(".scatterlayer .trace path.js-line")).map((p) => ((p as SVGElement).style.strokeDasharray || "").replace(/px|\s/g, "")),
  })), 10_000, "reading plotly's axes");
}

function svgView(page: Page): Promise<AxesView> {
  return within(page.evaluate(() => ({
    x: Array.from(document.querySelectorAll("g.xtick text")).map((t) => t.textContent ?? ""),
    y: Array.from(document.querySelectorAll("g.ytick text")).map((t) => t.textContent ?? ""),
    dashes: Array.from(document.querySelectorAll("path.trace.line")).map((p) => p.getAttribute("stroke-dasharray") ?? ""),
  })), 10_000, "reading the SVG's axes");
}

describe("hosts: plotly.js and the static SVG print the same axes", function () {
  this.timeout(90_000);
  let browser: Browser | undefined;
  let dir: string;

  before(async function () {
    needChromium(this);
    dir = artifactDir("plot-agreement");
    browser = await launchBrowser();
  });

  after(async function () {
    this.timeout(20_000);
    await within(browser?.close() ?? Promise.resolve(), 10_000, "closing Chromium").catch((e) => console.log(`      ${e.message}`));
    for (let i = 0; i < 30 && chromiumProcesses().length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(chromiumProcesses(), "Chromium processes left behind").to.deep.equal([]);
  });

  it("tick labels (k for axes reaching 10,000) and dashed lines agree", async () => {
    const page = await browser!.newPage();
    const plotly = plotlyDist();
    if (!plotly) throw new Error("plotly.js-dist-min is not installed (npm ci)");
    for (const [name, fig] of Object.entries(FIGURES)) {
      await page.setViewportSize({ width: fig.layout.width!, height: fig.layout.height! });
      await page.goto("about:blank");
      await page.setContent(`<html><body style="margin:0"><div id="p"></div></body></html>`);
      await page.addScriptTag({ path: plotly.file });
      await within(page.evaluate((f) => (window as any).Plotly.newPlot("p", f.data, f.layout, { staticPlot: true }), fig), 20_000, `plotly drawing ${name}`);
      const fromPlotly = await plotlyView(page);
      await page.screenshot({ path: path.join(dir, `${name}-plotly.png`), timeout: 10_000 });
      const file = path.join(dir, `${name}.svg`);
      fs.writeFileSync(file, renderSvg(fig));
      await page.goto(pathToFileURL(file).href, { timeout: 15_000 });
      const fromSvg = await svgView(page);
      await page.screenshot({ path: path.join(dir, `${name}-svg.png`), timeout: 10_000 });
      expect(fromSvg, `${name}: static SVG vs plotly.js`).to.deep.equal(fromPlotly);
      for (const label of [...fromSvg.x, ...fromSvg.y]) expect(label, `${name}: tick label`).not.to.match(/e[+\u2212-]/);
    }
    await page.close();
  });
});
