// The static fallback alone — what a viewer that runs no script and shows the `image/svg+xml`
// output gets (GitHub-like): each plot's SVG written to a file and opened in headless Chromium
// must show axes and one drawn series per trace. Files and screenshots: test-artifacts/hosts/svg/.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { artifactDir, chromiumProcesses, hostNotebooks, launchBrowser, needChromium, within, type ExpectedPlot } from "./hosts";

/** What the rendered SVG document holds. */
interface SvgView {
  scripts: number;
  lines: number;
  drawnLines: number;
  markerGroups: number;
  markers: number;
  barGroups: number;
  bars: number;
  images: number;
  xticks: number;
  yticks: number;
  /** every line lies inside the plot area (its clip rectangle), with 1 px of slack */
  linesInside: boolean;
  width: number;
  height: number;
}

describe("hosts: static SVG fallback (no scripts)", function () {
  this.timeout(60_000);
  let plots: { name: string; plot: ExpectedPlot; file: string }[];
  let shots: string;
  let browser: Browser | undefined;

  before(async function () {
    needChromium(this);
    shots = artifactDir("svg");
    plots = hostNotebooks().flatMap((n) => n.plots.map((plot, k) => {
      const file = path.join(shots, `${n.name.replace(/\.ipynb$/, "")}-${k + 1}.svg`);
      fs.writeFileSync(file, plot.svg);
      return { name: n.name, plot, file };
    }));
    browser = await launchBrowser();
  });

  after(async function () {
    this.timeout(20_000);
    await within(browser?.close() ?? Promise.resolve(), 10_000, "closing Chromium").catch((e) => console.log(`      ${e.message}`));
    for (let i = 0; i < 30 && chromiumProcesses().length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(chromiumProcesses(), "Chromium processes left behind").to.deep.equal([]);
  });

  it("every plot's image/svg+xml shows axes and one drawn series per trace", async () => {
    const page = await browser!.newPage();
    for (const { plot: p, file } of plots) {
      await page.setViewportSize({ width: p.width, height: p.height });
      await page.goto(pathToFileURL(file).href, { timeout: 15_000 });
      const v: SvgView = await within(page.evaluate(() => {
        const root = document.documentElement as unknown as SVGSVGElement;
        const clip = root.querySelector("clipPath rect") as SVGRectElement | null;
        const c = clip?.getBBox();
        const lines = Array.from(root.querySelectorAll("path.trace.line")) as SVGPathElement[];
        // no named helper functions in here: tsx would wrap them in a __name() the page lacks
        let linesInside = true;
        for (const l of lines) {
          const b = l.getBBox();
          if (c && (b.x < c.x - 1 || b.y < c.y - 1 || b.x + b.width > c.x + c.width + 1 || b.y + b.height > c.y + c.height + 1)) linesInside = false;
        }
        const box = root.getBoundingClientRect();
        return {
          scripts: root.querySelectorAll("script").length,
          lines: lines.length,
          drawnLines: lines.filter((l) => l.getTotalLength() > 0).length,
          markerGroups: root.querySelectorAll("g.trace.markers").length,
          markers: root.querySelectorAll("g.trace.markers circle").length,
          barGroups: root.querySelectorAll("g.trace.bars").length,
          bars: root.querySelectorAll("g.trace.bars rect").length,
          images: root.querySelectorAll("image.trace.image").length,
          xticks: root.querySelectorAll("g.xtick text").length,
          yticks: root.querySelectorAll("g.ytick text").length,
          linesInside,
          width: Math.round(box.width),
          height: Math.round(box.height),
        };
      }), 10_000, `reading ${file}`);
      const where = `${p.where} (${path.basename(file)})`;
      expect(v.scripts, `${where}: scripts`).to.equal(0);
      expect([v.width, v.height], `${where}: size`).to.deep.equal([p.width, p.height]);
      expect({ lines: v.lines, drawnLines: v.drawnLines, markerGroups: v.markerGroups, barGroups: v.barGroups, images: v.images }, `${where}: series`)
        .to.deep.equal({ lines: p.lines, drawnLines: p.lines, markerGroups: p.markers, barGroups: p.traces.bar, images: p.traces.image });
      if (p.markers) expect(v.markers, `${where}: markers`).to.be.above(0);
      if (p.traces.bar) expect(v.bars, `${where}: bars`).to.be.above(0);
      expect(v.linesInside, `${where}: lines inside the plot area`).to.equal(true);
      // axes: tick labels on every shown axis (plotly's look has no axis lines)
      expect(v.xticks >= 2, `${where}: x tick labels (${v.xticks})`).to.equal(p.axesShown.x);
      expect(v.yticks >= 2, `${where}: y tick labels (${v.yticks})`).to.equal(p.axesShown.y);
      await page.screenshot({ path: file.replace(/\.svg$/, ".png"), timeout: 10_000 });
    }
    await page.close();
    console.log(`      ${plots.length} SVG(s); files and screenshots in ${path.relative(process.cwd(), shots)}`);
  });
});
