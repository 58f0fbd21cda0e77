// What a learner sees in JupyterLab, without a JupyterLab server (Debian ships none): the saved
// outputs of the executed notebooks rendered by JupyterLab's own output area and renderers
// (@jupyterlab/outputarea + rendermime 4.6, the plotly extension's renderer from
// jupyterlab-plotly 5.24.1), bundled by esbuild into a page (jupyterlab-page/) that headless
// Chromium opens from disk, trusted and untrusted. Asserted from the nbformat JSON alone (never
// from the text/html output): every application/vnd.plotly.v1+json output is drawn by the plotly
// renderer with the figure's traces, and every stream / plain-text output's text is on the page.
// Untrusted (OutputArea then uses safe factories only): the plotly factory is safe, so the same
// plots are drawn; the items rendermime draws carry jp-mod-trusted only in the trusted run.
// Screenshots go to test-artifacts/hosts/jupyterlab-*/.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { fromLines, readNotebook, type Notebook, type Output } from "../../runner/notebook";
import { buildPage } from "./jupyterlab-page/build";
import type { PageNotebook, PageState } from "./jupyterlab-page/types";
import { artifactDir, chromiumProcesses, launchBrowser, needChromium, PLOTLY_MIME, scratch, within, type TraceCounts } from "./hosts";

/** The default height jupyterlab-plotly's renderer gives a figure whose layout has none. */
const DEFAULT_HEIGHT = 360;
/** ANSI escape sequences (JupyterLab turns the colour ones into ansi-* classes). */
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const hasAnsi = (t: string) => t.includes("\x1b[");

/** What one saved plotly output should look like, from its figure JSON. */
interface FigureExpect {
  traces: TraceCounts;
  /** scatter traces drawn with lines / with markers */
  lines: number;
  markers: number;
  /** layout images (the decision boundary's background map) */
  layoutImages: number;
  /** null: autosized to the output's width */
  width: number | null;
  height: number;
}

/** One rendered item of a cell's output area, as JupyterLab shows it (after stream joining). */
type Expected =
  | { kind: "plot"; where: string; fig: FigureExpect }
  | { kind: "text"; where: string; mime: string; texts: string[]; ansi: boolean }
  | { kind: "other"; where: string };

interface HostNb {
  name: string;
  file: string;
  nb: Notebook;
  /** per code cell with outputs: what its output area should show, item by item */
  cells: { index: number; items: Expected[] }[];
  plots: number;
}

function figureExpect(fig: { data: { type?: string; mode?: string }[]; layout?: Record<string, any> }): FigureExpect {
  const layout = fig.layout ?? {};
  const type = (t: { type?: string }) => t.type ?? "scatter";
  const count = (ty: string) => fig.data.filter((t) => type(t) === ty).length;
  const scatter = fig.data.filter((t) => type(t) === "scatter");
  return {
    traces: { scatter: count("scatter"), bar: count("bar"), image: count("image") },
    lines: scatter.filter((t) => (t.mode ?? "lines+markers").includes("lines")).length,
    markers: scatter.filter((t) => (t.mode ?? "lines+markers").includes("markers")).length,
    layoutImages: Array.isArray(layout.images) ? layout.images.length : 0,
    width: typeof layout.width === "number" ? layout.width : null,
    height: typeof layout.height === "number" ? layout.height : DEFAULT_HEIGHT,
  };
}

/**
 * The items of one cell's output area: JupyterLab's OutputAreaModel joins consecutive stream
 * outputs of the same name into one item; each display output is one item.
 */
function expectedItems(outputs: Output[], where: string): Expected[] {
  const items: Expected[] = [];
  let lastStream = "";
  outputs.forEach((o, k) => {
    const at = `${where} output ${k}`;
    if (o.output_type === "stream") {
      const text = fromLines(o.text);
      const prev = items[items.length - 1];
      const mime = `application/vnd.jupyter.${o.name}`;
      if (o.name === lastStream && prev?.kind === "text") {
        prev.texts.push(text);
        prev.ansi ||= hasAnsi(text);
      } else items.push({ kind: "text", where: at, mime, texts: [text], ansi: hasAnsi(text) });
      lastStream = String(o.name);
      return;
    }
    lastStream = "";
    const data = (o.data ?? {}) as Record<string, unknown>;
    if (data[PLOTLY_MIME]) items.push({ kind: "plot", where: at, fig: figureExpect(data[PLOTLY_MIME] as any) });
    else if (o.output_type === "error") {
      const text = ((o.traceback as string[] | undefined) ?? []).join("\n");
      items.push({ kind: "text", where: at, mime: "application/vnd.jupyter.stderr", texts: [text], ansi: hasAnsi(text) });
    } else if (Object.keys(data).length === 1 && "text/plain" in data) {
      const text = fromLines(data["text/plain"]);
      items.push({ kind: "text", where: at, mime: "text/plain", texts: [text], ansi: hasAnsi(text) });
    } else items.push({ kind: "other", where: at }); // e.g. a progress bar's text/html: not asserted here
  });
  return items;
}

/**
 * An output as JupyterLab receives it from the server: the contents API reads notebooks with
 * nbformat, whose `rejoin_lines` joins the multi-line strings of the file (lists of lines) with ""
 * — stream text and the non-JSON mime types of a bundle. (Given the file's lists as they are,
 * OutputAreaModel's normalize() would join stream lines with "\n" and double every newline.)
 */
function asServed(o: Output): Output {
  const isJsonMime = (m: string) => m === "application/json" || (m.startsWith("application/") && m.endsWith("+json"));
  const lines = (v: unknown): v is string[] => Array.isArray(v) && v.every((l) => typeof l === "string");
  if (o.output_type === "display_data" || o.output_type === "execute_result") {
    const data = Object.fromEntries(Object.entries((o.data ?? {}) as Record<string, unknown>)
      .map(([m, v]) => [m, !isJsonMime(m) && lines(v) ? v.join("") : v]));
    return { ...o, data };
  }
  return lines(o.text) ? { ...o, text: o.text.join("") } : o;
}

/**
 * The executed notebooks to show: 00-getting-started (required) and every other notebooks/*.ipynb
 * with a plotly output; TSDL_HOST_NOTEBOOKS narrows the set as in hosts.ts. (Not hosts.ts's
 * hostNotebooks(): that one reads each plot's text/html, which this test must not depend on.)
 */
function jupyterlabNotebooks(): HostNb[] {
  const dir = path.join(projectRoot, "notebooks");
  const first = "00-getting-started.ipynb";
  const only = process.env.TSDL_HOST_NOTEBOOKS?.split(",").map((s) => s.trim());
  const out: HostNb[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb") && (!only || only.includes(f) || f === first)).sort()) {
    const file = path.join(dir, name);
    let nb: Notebook;
    try {
      nb = readNotebook(file);
    } catch (e) {
      if (name === first) throw e;
      console.log(`      note: ${name} left out (${(e as Error).message.split("\n")[0]})`); // being rewritten right now?
      continue;
    }
    const cells = nb.cells
      .map((c, index) => ({ c, index }))
      .filter(({ c }) => c.cell_type === "code" && (c.outputs ?? []).length > 0)
      .map(({ c, index }) => ({ index, items: expectedItems(c.outputs!, `${name} cell ${index}`) }));
    const plots = cells.reduce((s, c) => s + c.items.filter((i) => i.kind === "plot").length, 0);
    if (plots) out.push({ name, file, nb, cells, plots });
    else if (name === first) throw new Error(`${file} holds no plot output: execute it first (npm run labs)`);
  }
  return out;
}

/** What the page shows for one output item (`.jp-OutputArea-output`). */
interface ItemView {
  cell: number;
  mime: string | null;
  classes: string;
  text: string;
  ansiSpans: number;
  /** rendermime marks what it rendered from a trusted model (jp-mod-trusted; not the plotly widget) */
  trusted: boolean;
  plotly: boolean;
  /** html / svg / image renderers found in the item */
  otherRenderers: number;
  drawn: boolean;
  traces: TraceCounts;
  lines: number;
  markers: number;
  layoutImages: number;
  width: number;
  height: number;
}

/** Reads every output item of the page, cell by cell. */
function viewItems(page: Page): Promise<ItemView[]> {
  return within(page.evaluate(() => {
    const out: ItemView[] = [];
    for (const box of Array.from(document.querySelectorAll<HTMLElement>(".tsdl-cell"))) {
      for (const node of Array.from(box.querySelectorAll<HTMLElement>(".jp-OutputArea-child > .jp-OutputArea-output"))) {
        const svg = node.querySelector(".main-svg");
        const box2 = (svg ?? node).getBoundingClientRect();
        const traces = Array.from(node.querySelectorAll(".scatterlayer .trace"));
        const others = ".jp-RenderedHTMLCommon, .jp-RenderedSVG, .jp-RenderedImage, .jp-RenderedJavaScript";
        out.push({
          cell: Number(box.dataset.cell),
          mime: node.dataset.mimeType ?? null,
          classes: node.className,
          text: node.textContent ?? "",
          ansiSpans: node.querySelectorAll('[class*="ansi-"]').length,
          trusted: node.classList.contains("jp-mod-trusted"),
          plotly: node.classList.contains("jp-RenderedPlotly"),
          otherRenderers: node.querySelectorAll(others).length + (node.matches(others) ? 1 : 0),
          drawn: svg !== null,
          traces: {
            scatter: traces.length,
            bar: node.querySelectorAll(".barlayer .trace").length,
            image: node.querySelectorAll(".imagelayer .im").length,
          },
          lines: traces.filter((t) => t.querySelector(".js-line") !== null).length,
          markers: traces.filter((t) => t.querySelector(".points path") !== null).length,
          layoutImages: node.querySelectorAll(".imagelayer > image").length, // layout images (image traces are .im groups)
          width: Math.round(box2.width),
          height: Math.round(box2.height),
        });
      }
    }
    return out;
  }), 10_000, "reading the output areas");
}

describe("hosts: JupyterLab output renderers (trusted and untrusted)", function () {
  this.timeout(300_000); // 10 notebooks, 54 plots: over 60 s on a loaded machine
  let notebooks: HostNb[];
  let dir: string;
  let browser: Browser | undefined;
  const errors: string[] = [];

  before(async function () {
    needChromium(this);
    notebooks = jupyterlabNotebooks();
    dir = scratch("jupyterlab");
    const t0 = Date.now();
    const bytes = await within(buildPage(path.join(dir, "page.js")), 30_000, "bundling the page with esbuild");
    console.log(`      page bundled in ${((Date.now() - t0) / 1000).toFixed(1)} s (${(bytes / 1e6).toFixed(1)} MB)`);
    for (const n of notebooks) {
      for (const trusted of [true, false]) {
        const base = `${n.name.replace(/\.ipynb$/, "")}.${trusted ? "trusted" : "untrusted"}`;
        const data: PageNotebook = {
          name: n.name, trusted,
          cells: n.cells.map(({ index }) => ({ index, outputs: n.nb.cells[index].outputs!.map(asServed) })),
        };
        // `<` escaped so no saved output can close the data script early
        fs.writeFileSync(path.join(dir, `${base}.js`), `window.TSDL_NOTEBOOK = ${JSON.stringify(data).replace(/</g, "\\u003c")};\n`);
        fs.writeFileSync(path.join(dir, `${base}.html`),
          `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${base}</title></head>\n` +
          `<body><script src="${base}.js"></script><script src="page.js"></script></body></html>\n`);
      }
    }
    browser = await launchBrowser();
  });

  beforeEach(() => {
    errors.length = 0; // each test reports its own page errors
  });

  after(async function () {
    this.timeout(20_000);
    await within(browser?.close() ?? Promise.resolve(), 10_000, "closing Chromium").catch((e) => console.log(`      ${e.message}`));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    for (let i = 0; i < 30 && chromiumProcesses().length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(chromiumProcesses(), "Chromium processes left behind").to.deep.equal([]);
  });

  /** Opens a notebook's page and waits until JupyterLab's plotly renderer drew all its plots. */
  async function open(n: HostNb, trusted: boolean): Promise<Page> {
    const base = `${n.name.replace(/\.ipynb$/, "")}.${trusted ? "trusted" : "untrusted"}`;
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (e) => errors.push(`${base}: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`${base}: console: ${m.text()}`);
    });
    await page.goto(pathToFileURL(path.join(dir, `${base}.html`)).href, { timeout: 30_000 });
    const state = await within(page.evaluate(() => window.tsdlJupyterLab), 5000, "reading the page state");
    expect(state?.error, `${base}: page set-up`).to.equal(undefined);
    expect(state, `${base}: page state`).to.deep.include({ cells: n.cells.length } satisfies Partial<PageState>);
    await page.waitForFunction((count) => document.querySelectorAll(".jp-RenderedPlotly .main-svg").length >= count,
      n.plots, { timeout: 20_000, polling: 100 }).catch(() => undefined); // what is missing is asserted below
    return page;
  }

  /** Asserts what the page shows against the notebook JSON; returns the plot items' views. */
  function check(n: HostNb, trusted: boolean, views: ItemView[]): { view: ItemView; exp: Extract<Expected, { kind: "plot" }> }[] {
    const plots: { view: ItemView; exp: Extract<Expected, { kind: "plot" }> }[] = [];
    for (const cell of n.cells) {
      const shown = views.filter((v) => v.cell === cell.index);
      expect(shown.length, `${n.name} cell ${cell.index}: output items`).to.equal(cell.items.length);
      cell.items.forEach((exp, k) => {
        const v = shown[k];
        if (exp.kind === "plot") {
          expect(v.plotly, `${exp.where}: rendered by the plotly renderer (classes: ${v.classes})`).to.equal(true);
          expect(v.otherRenderers, `${exp.where}: no html/svg/image renderer`).to.equal(0);
          expect(v.drawn, `${exp.where}: plotly .main-svg`).to.equal(true);
          expect(v.traces, `${exp.where}: traces drawn`).to.deep.equal(exp.fig.traces);
          expect([v.lines, v.markers, v.layoutImages], `${exp.where}: lines, markers, layout images`)
            .to.deep.equal([exp.fig.lines, exp.fig.markers, exp.fig.layoutImages]);
          expect(v.height, `${exp.where}: height`).to.equal(exp.fig.height);
          if (exp.fig.width !== null) expect(v.width, `${exp.where}: width`).to.equal(exp.fig.width);
          else expect(v.width, `${exp.where}: autosized width`).to.be.greaterThan(300);
          plots.push({ view: v, exp });
        } else expect(v.trusted, `${exp.where}: rendered as ${trusted ? "trusted" : "untrusted"}`).to.equal(trusted);
        if (exp.kind === "text") {
          expect(v.mime, `${exp.where}: renderer`).to.equal(exp.mime);
          for (const t of exp.texts) {
            const plain = t.replace(ANSI, "");
            expect(v.text.includes(plain), `${exp.where}: text ${JSON.stringify(plain.slice(0, 80))}… on the page`).to.equal(true);
          }
          expect(/\x1b|\[\d+m/.test(v.text), `${exp.where}: no raw escape codes`).to.equal(false);
          if (exp.ansi) expect(v.ansiSpans, `${exp.where}: ANSI colours as ansi-* spans`).to.be.greaterThan(0);
        }
      });
    }
    return plots;
  }

  /** Screenshots the first plot of each kind (trace mix) of a notebook into `shots`. */
  async function shoot(page: Page, shots: string, n: HostNb, plots: { view: ItemView; exp: Extract<Expected, { kind: "plot" }> }[]): Promise<string[]> {
    const files: string[] = [];
    const kinds = new Set<string>();
    const locs = page.locator(".jp-OutputArea-output.jp-RenderedPlotly");
    for (const [k, p] of plots.entries()) {
      const f = p.exp.fig;
      const kind = JSON.stringify([f.traces, f.lines, f.markers, f.layoutImages]);
      if (kinds.has(kind) && process.env.TSDL_HOST_SHOTS !== "all") continue;
      kinds.add(kind);
      const file = path.join(shots, `${n.name.replace(/\.ipynb$/, "")}-${k + 1}.png`);
      await locs.nth(k).screenshot({ path: file, timeout: 10_000 });
      files.push(file);
    }
    return files;
  }

  for (const trusted of [true, false]) {
    const mode = trusted ? "trusted" : "untrusted";
    it(`${mode}: the plotly renderer draws every figure with its traces, and every text output is shown`, async () => {
      const shots = artifactDir(`jupyterlab-${mode}`);
      // two pages at a time: the machine's two cores are shared
      let count = 0;
      const renderers: Record<string, number> = {}; // which renderer JupyterLab chose, for the log
      for (let i = 0; i < notebooks.length; i += 2) {
        await Promise.all(notebooks.slice(i, i + 2).map(async (n) => {
          const page = await open(n, trusted);
          const views = await viewItems(page);
          for (const v of views) {
            const r = v.plotly ? "plotly" : (v.mime ?? v.classes).replace(/^application\/vnd\.jupyter\./, "");
            renderers[r] = (renderers[r] ?? 0) + 1;
          }
          const plots = check(n, trusted, views);
          await shoot(page, shots, n, plots);
          count += plots.length;
          await page.close();
        }));
      }
      expect(errors).to.deep.equal([]);
      console.log(`      ${notebooks.length} notebook(s), ${count} plot(s); renderers ${JSON.stringify(renderers)}; screenshots in ${path.relative(process.cwd(), shots)}`);
    });
  }
});
