// Shared by the host tests: which executed notebooks to open, what their plots should show (read
// from the notebook JSON), headless Chromium with bounded steps, and what a page shows per plot.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { PLOTLY_LOADER_MARK } from "../../lib/src/plot/html";
import { readNotebook, type Notebook } from "../../runner/notebook";
import { descendants } from "../../runner/processes";

export const CHROMIUM = process.env.TSDL_CHROMIUM ?? "/usr/bin/chromium"; // override to test the skip
export const ARTIFACTS = path.join(projectRoot, "test-artifacts", "hosts");
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
/** the marker of the script that carries plotly.min.js into a page (lib/src/plot/html.ts); never in a saved notebook */
export const LOADER_MARK = PLOTLY_LOADER_MARK;
/** the most a saved notebook may weigh: figures, never libraries */
export const MAX_NOTEBOOK_BYTES = 1 << 20;

/** Skips the suite with a clear message when Chromium is absent: `before(function () { needChromium(this); })`. */
export function needChromium(ctx: Mocha.Context): void {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`      skipped: ${CHROMIUM} is absent (Debian: apt-get install chromium)`);
    ctx.skip();
  }
}

/** A fresh artefact folder, e.g. `artifactDir("nbconvert")` → test-artifacts/hosts/nbconvert (emptied). */
export function artifactDir(name: string): string {
  const dir = path.join(ARTIFACTS, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A scratch folder under out/ (git-ignored) for copies the hosts may touch, e.g. `scratch("classic")`. */
export function scratch(name: string): string {
  const base = path.join(projectRoot, "out", "test-hosts");
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `${name}-`));
}

/**
 * Runs `fn` on every item, at most `n` at a time (a page per notebook, all at once, starves a
 * 2-core machine: Notebook 6 pages then miss their load timeout). Example: `await atMost(2, notebooks, open)`.
 */
export async function atMost<T>(n: number, items: readonly T[], fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/** Rejects when `p` takes longer than `ms`, naming the step: `await within(page.evaluate(f), 5000, "reading the DOM")`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Headless Chromium with the flags from shared/README.md; no network beyond 127.0.0.1 and file://: `const b = await launchBrowser()`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 20_000,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--no-first-run", "--hide-scrollbars", "--allow-file-access-from-files",
      // pages must work offline: a CDN script that would load on a learner's machine fails fast here
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
}

/** Chromium processes this test process started and that are still alive: `expect(chromiumProcesses()).to.deep.equal([])`. */
export function chromiumProcesses(): number[] {
  return descendants(process.pid).filter((pid) => {
    try {
      return /chrom/i.test(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8"));
    } catch {
      return false; // gone meanwhile
    }
  });
}

/** Trace counts by how plotly.js draws them: scatter lines/markers, bars, images. */
export interface TraceCounts {
  scatter: number;
  bar: number;
  image: number;
}

/** One plot output of a notebook, as its JSON says it should look. */
export interface ExpectedPlot {
  /** e.g. "01-initialization.ipynb cell 22" */
  where: string;
  /** the id of the html output's div */
  id: string;
  traces: TraceCounts;
  /** scatter traces drawn with lines / with markers (the static SVG has one path / one group each) */
  lines: number;
  markers: number;
  /** layout images (the decision boundary's background map) */
  layoutImages: number;
  width: number;
  height: number;
  axesShown: { x: boolean; y: boolean };
  /** the output embeds plotly.min.js */
  loader: boolean;
  svg: string;
}

const text = (v: unknown): string => (Array.isArray(v) ? v.join("") : String(v ?? ""));

/** The plot outputs of a notebook in page order, e.g. `plotsOf(readNotebook(f), "00.ipynb")[0].traces`. */
export function plotsOf(nb: Notebook, name: string): ExpectedPlot[] {
  const out: ExpectedPlot[] = [];
  nb.cells.forEach((cell, c) => {
    for (const o of cell.outputs ?? []) {
      const data = (o as { data?: Record<string, unknown> }).data;
      const fig = data?.[PLOTLY_MIME] as { data: { type: string; mode?: string }[]; layout: Record<string, any> } | undefined;
      if (!fig) continue;
      const where = `${name} cell ${c}`;
      const html = text(data!["text/html"]);
      const id = /<div id="([^"]+)" class="tsdl-plot"/.exec(html)?.[1];
      if (!id) throw new Error(`${where}: the plot's text/html has no <div class="tsdl-plot"> (was it made by tsdl.plot.show?)`);
      const count = (type: string) => fig.data.filter((t) => t.type === type).length;
      out.push({
        where, id,
        traces: { scatter: count("scatter"), bar: count("bar"), image: count("image") },
        lines: fig.data.filter((t) => t.type === "scatter" && (t.mode ?? "").includes("lines")).length,
        markers: fig.data.filter((t) => t.type === "scatter" && (t.mode ?? "").includes("markers")).length,
        layoutImages: Array.isArray(fig.layout.images) ? fig.layout.images.length : 0,
        width: fig.layout.width ?? 700,
        height: fig.layout.height ?? 450,
        // tick labels are drawn unless the axis is hidden or its labels are switched off
        axesShown: {
          x: fig.layout.xaxis?.visible !== false && fig.layout.xaxis?.showticklabels !== false,
          y: fig.layout.yaxis?.visible !== false && fig.layout.yaxis?.showticklabels !== false,
        },
        loader: html.includes(LOADER_MARK),
        svg: text(data!["image/svg+xml"]),
      });
    }
  });
  return out;
}

export interface HostNotebook {
  file: string;
  name: string;
  nb: Notebook;
  plots: ExpectedPlot[];
}

/**
 * The executed notebooks to open: 00-getting-started (required, with its plot) and every other
 * notebooks/*.ipynb that holds plot outputs (the lab notebooks, once executed).
 * TSDL_HOST_NOTEBOOKS=00-getting-started.ipynb,… narrows the set (00 always stays).
 * Example: `hostNotebooks().map((n) => n.plots.length)` → [1, 7, 7, 2].
 */
export function hostNotebooks(): HostNotebook[] {
  const dir = path.join(projectRoot, "notebooks");
  const first = path.join(dir, "00-getting-started.ipynb");
  const only = process.env.TSDL_HOST_NOTEBOOKS?.split(",").map((s) => s.trim());
  const out: HostNotebook[] = [];
  const names = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb") && (!only || only.includes(f) || path.join(dir, f) === first));
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    let nb: Notebook;
    try {
      nb = readNotebook(file);
    } catch (e) {
      if (file === first) throw e;
      console.log(`      note: ${name} left out (${(e as Error).message.split("\n")[0]})`); // being rewritten right now?
      continue;
    }
    const plots = plotsOf(nb, name);
    if (plots.length) out.push({ file, name, nb, plots });
    else if (file === first) throw new Error(`${first} holds no plot output: execute it first (npm run labs)`);
  }
  return out;
}

/** What a page shows for one plot output. */
export interface PlotView {
  id: string;
  found: boolean;
  /** plotly.js drew it: .main-svg present */
  drawn: boolean;
  traces: TraceCounts;
  /** the static fallback <img> is in the output and decoded */
  staticImage: boolean;
  width: number;
  height: number;
}

/** Reads what the page shows for these plot ids: `(await viewPlots(page, [id]))[0].drawn`. */
export function viewPlots(page: Page, ids: string[]): Promise<PlotView[]> {
  return within(page.evaluate((ids) => ids.map((id) => {
    const el = document.getElementById(id);
    if (!el) return { id, found: false, drawn: false, traces: { scatter: 0, bar: 0, image: 0 }, staticImage: false, width: 0, height: 0 };
    const img = el.querySelector("img.tsdl-static") as HTMLImageElement | null;
    const box = (el.querySelector(".main-svg") ?? img ?? el).getBoundingClientRect();
    return {
      id, found: true,
      drawn: el.querySelector(".main-svg") !== null,
      traces: {
        scatter: el.querySelectorAll(".scatterlayer .trace").length,
        bar: el.querySelectorAll(".barlayer .trace").length,
        image: el.querySelectorAll(".imagelayer .im").length,
      },
      staticImage: img !== null && img.complete && img.naturalWidth > 0,
      width: Math.round(box.width),
      height: Math.round(box.height),
    };
  }), ids), 10_000, "reading the plots from the page");
}

/** Waits until plotly.js drew every one of these plots (polling; rAF may not tick in a busy page): `await waitForDrawn(page, ids)`. */
export async function waitForDrawn(page: Page, ids: string[], timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    (ids) => ids.every((id) => document.querySelector(`[id="${id}"] .main-svg`) !== null),
    ids, { timeout: timeoutMs, polling: 100 },
  );
}

/**
 * Screenshots plot elements into `dir` as `<notebook>-<k>.png` (k counts from 1); returns the files.
 * Each shot costs ~0.1 s in a long page: by default the first plot of each kind (trace mix) per
 * notebook; TSDL_HOST_SHOTS=all takes every plot. Example: `await shootPlots(page, dir, n.name, n.plots)`.
 */
export async function shootPlots(page: Page, dir: string, nbName: string, plots: ExpectedPlot[]): Promise<string[]> {
  const files: string[] = [];
  const kinds = new Set<string>();
  for (const [k, p] of plots.entries()) {
    const kind = JSON.stringify([p.traces, p.lines, p.markers, p.layoutImages]);
    if (kinds.has(kind) && process.env.TSDL_HOST_SHOTS !== "all") continue;
    kinds.add(kind);
    const file = path.join(dir, `${nbName.replace(/\.ipynb$/, "")}-${k + 1}.png`);
    await page.locator(`[id="${p.id}"]`).screenshot({ path: file, timeout: 10_000 });
    files.push(file);
  }
  return files;
}

/**
 * Opens nothing, only asserts: every expected plot is in the page, drawn by plotly (`.main-svg`) with
 * the figure's traces and size, its static placeholder replaced. Example: `await expectPlotsDrawn(page, n.plots)`.
 */
export async function expectPlotsDrawn(page: Page, plots: ExpectedPlot[]): Promise<void> {
  const ids = plots.map((p) => p.id);
  await waitForDrawn(page, ids);
  const views = await viewPlots(page, ids);
  plots.forEach((p, k) => {
    const v = views[k];
    expect(v.found, `${p.where}: output in the page`).to.equal(true);
    expect(v.drawn, `${p.where}: plotly .main-svg`).to.equal(true);
    expect(v.traces, `${p.where}: traces drawn`).to.deep.equal(p.traces);
    expect(v.staticImage, `${p.where}: static image replaced`).to.equal(false);
    expect([v.width, v.height], `${p.where}: size`).to.deep.equal([p.width, p.height]);
  });
}
