// Renders the plot bundles in a real browser (Debian's Chromium, headless, no network): the plotly
// html draws from plotly.js in the page (HTML export) and through requirejs from the nbextension
// (classic Notebook), one load serves every plot, the static image stays where plotly.js never
// arrives, and screenshots of SVG and plotly renderings land in test-artifacts/plot/ (git-ignored)
// for a human to look at.
import { expect } from "chai";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ndarray from "ndarray";
import {
  bundleFor, costCurve, decisionBoundary, histograms, imageGrid, lines, PLOTLY_NBEXTENSION, plotlyDist, plotlyLoaderScript, scatter2d,
  type Figure, type Mat,
} from "../../lib/src/plot/index";

const CHROMIUM = process.env.TSDL_CHROMIUM ?? "/usr/bin/chromium"; // override to test the skip
const REQUIREJS = "/usr/lib/python3/dist-packages/notebook/static/components/requirejs/require.js";
const OUT = path.resolve("test-artifacts", "plot");

/** Runs headless Chromium with the flags from shared/README.md; resolves with stdout. */
function chromium(args: string[], budgetMs = 8000): Promise<string> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-chromium-"));
  const flags = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", `--user-data-dir=${profile}`, "--hide-scrollbars", "--allow-file-access-from-files",
    `--virtual-time-budget=${budgetMs}`,
    "--host-resolver-rules=MAP * ~NOTFOUND", // offline, as CI is: the CDN fallback fails at once
  ];
  return new Promise((resolve, reject) => {
    execFile(CHROMIUM, [...flags, ...args], { timeout: 90_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      fs.rmSync(profile, { recursive: true, force: true });
      if (err) reject(new Error(`chromium ${args.join(" ")} failed: ${err.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

/** Deterministic test data: two rings, like the course's circles data set. */
function rings(m: number): { X: Mat; Y: Mat } {
  let s = 7;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const X = ndarray(new Float64Array(2 * m), [2, m]);
  const Y = ndarray(new Float64Array(m), [1, m]);
  for (let i = 0; i < m; i++) {
    const c = i % 2;
    const a = 2 * Math.PI * rnd();
    const r = (c ? 1 : 0.45) + 0.15 * (rnd() - 0.5);
    X.set(0, i, r * Math.cos(a));
    X.set(1, i, r * Math.sin(a));
    Y.set(0, i, c);
  }
  return { X, Y };
}

function figures(): Record<string, Figure> {
  const { X, Y } = rings(300);
  const costs = Array.from({ length: 15 }, (_, i) => 0.2 + 0.5 * Math.exp(-i / 3));
  const gauss = (k: number) => Math.sqrt(-2 * Math.log((k * 0.618034) % 1 || 0.5)) * Math.cos(2 * Math.PI * ((k * 0.414214) % 1));
  const k = 6;
  const imgs = ndarray(new Uint8Array(k * 64 * 64 * 3), [k, 64, 64, 3]);
  for (let t = 0; t < k; t++) {
    for (let i = 0; i < 64; i++) {
      for (let j = 0; j < 64; j++) {
        const inside = (i - 32) ** 2 + (j - 32) ** 2 < (8 + 3 * t) ** 2;
        imgs.set(t, i, j, 0, inside ? 230 : 40 * t);
        imgs.set(t, i, j, 1, inside ? 180 : 4 * j);
        imgs.set(t, i, j, 2, inside ? 150 : 4 * i);
      }
    }
  }
  return {
    cost: costCurve(costs, { learningRate: 0.01 }),
    scatter: scatter2d(X, Y, { title: "training set" }),
    boundary: decisionBoundary(
      (G) => Array.from({ length: G.shape[1] }, (_, q) => G.get(0, q) ** 2 + G.get(1, q) ** 2 > 0.5),
      X, Y, { title: "Model with He initialization", xlim: [-1.5, 1.5], ylim: [-1.5, 1.5] },
    ),
    histogram: histograms([
      { name: "W1 (He)", values: Array.from({ length: 4000 }, (_, q) => gauss(q + 1)) },
      { name: "W1 (large random)", values: Array.from({ length: 4000 }, (_, q) => 1.5 * gauss(q + 5000) + 0.5) },
    ], { bins: 40, title: "weights", xlabel: "value" }),
    lines: lines([{ name: "train", y: costs.map((c) => 1 - c) }, { name: "test", y: costs.map((c) => 0.95 - c) }], { title: "accuracy", xlabel: "epoch" }),
    images: imageGrid(imgs, Array.from({ length: k }, (_, t) => `y = ${t}`), { cols: 3, title: "signs" }),
  };
}

/** A script that reports, once every plot settled, what each output shows; read back from the DOM. */
const REPORT = `<pre id="report"></pre><script>
setTimeout(function () {
  var r = { plotly: window.Plotly ? window.Plotly.version : null, define: typeof window.define,
            amd: !!(window.define && window.define.amd), plots: [],
            loads: document.querySelectorAll("script[data-requiremodule]").length };
  document.querySelectorAll(".tsdl-plot").forEach(function (el) {
    r.plots.push({ id: el.id, drawn: !!el.querySelector(".main-svg"), staticImg: !!el.querySelector("img.tsdl-static") });
  });
  document.getElementById("report").textContent = JSON.stringify(r);
}, 5000);
</script>`;

interface Report {
  plotly: string | null;
  define: string;
  amd: boolean;
  /** scripts requirejs inserted (one per module it loaded or tried) */
  loads: number;
  plots: { id: string; drawn: boolean; staticImg: boolean }[];
}

async function report(file: string): Promise<Report> {
  const dom = await chromium(["--dump-dom", `file://${file}`], 10_000);
  const m = /<pre id="report">([^<]*)<\/pre>/.exec(dom);
  if (!m || !m[1]) throw new Error(`no report in the DOM of ${file}`);
  return JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
}

function page(file: string, head: string, body: string): string {
  fs.writeFileSync(file, `<!doctype html><html><head><meta charset="utf-8">${head}</head><body style="margin:0">${body}</body></html>`);
  return file;
}

describe("plot in a real browser (Chromium)", function () {
  this.timeout(180_000);
  let figs: Record<string, Figure>;
  let htmls: string[];

  before(function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`      skipped: ${CHROMIUM} is absent (Debian: apt-get install chromium)`);
      this.skip();
    }
    fs.mkdirSync(OUT, { recursive: true });
    figs = figures();
    htmls = Object.keys(figs).map((name) => bundleFor(figs[name], { id: `plot-${name}` })["text/html"] as string);
    // the classic Notebook's nbextensions folder, as kernel-setup fills it
    const ext = path.join(OUT, "nbextensions", `${PLOTLY_NBEXTENSION}.js`);
    fs.mkdirSync(path.dirname(ext), { recursive: true });
    fs.copyFileSync(plotlyDist()!.file, ext);
  });

  /** requirejs configured as Notebook 6's page does: `nbextensions/…` served from `dir`. */
  const requirejsHead = (dir: string) =>
    `<script src="file://${REQUIREJS}"></script><script>require.config({ paths: { nbextensions: ${JSON.stringify(`file://${dir}`)} } });</script>`;
  const needRequirejs = (ctx: Mocha.Context) => {
    if (!fs.existsSync(REQUIREJS)) {
      console.log(`      skipped: ${REQUIREJS} is absent (Debian package jupyter-notebook)`);
      ctx.skip();
    }
  };

  it("draws every plot from the plotly.js the page carries once (HTML export), without requirejs", async () => {
    const r = await report(page(path.join(OUT, "page-plain.html"), plotlyLoaderScript(), htmls.join("\n") + REPORT));
    expect(r.plotly).to.equal(plotlyDist()!.version);
    expect(r.plots).to.have.length(6);
    for (const p of r.plots) expect(p, p.id).to.deep.include({ drawn: true, staticImg: false });
  });

  it("classic Notebook: loads plotly.js once through requirejs from nbextensions/tsdl-plotly, leaving define in place", async function () {
    needRequirejs(this);
    const r = await report(page(path.join(OUT, "page-requirejs.html"), requirejsHead(path.join(OUT, "nbextensions")), htmls.join("\n") + REPORT));
    expect(r.plotly).to.equal(plotlyDist()!.version);
    expect(r.loads).to.equal(1); // six outputs, one load
    expect(r.define).to.equal("function");
    expect(r.amd).to.equal(true);
    for (const p of r.plots) expect(p, p.id).to.deep.include({ drawn: true, staticImg: false });
  });

  it("classic Notebook without our nbextension, offline: requirejs tries it and the CDN, the static images stay", async function () {
    needRequirejs(this);
    const r = await report(page(path.join(OUT, "page-requirejs-missing.html"), requirejsHead(path.join(OUT, "no-such-folder")), htmls.slice(0, 2).join("\n") + REPORT));
    expect(r.plotly).to.equal(null);
    expect(r.loads).to.equal(2); // the nbextension, then the CDN: once for both outputs
    for (const p of r.plots) expect(p, p.id).to.deep.include({ drawn: false, staticImg: true });
  });

  it("draws outputs whose scripts run before the output is in the page (jQuery-style insertion)", async () => {
    // classic Notebook evaluates an output's scripts, then attaches the output element
    const insert = `<script>
      var outputs = ${JSON.stringify(htmls.slice(0, 3)).replace(/</g, "\\u003c")};
      outputs.forEach(function (html, i) {
        var box = document.createElement("div");
        box.innerHTML = html;
        box.querySelectorAll("script").forEach(function (s) {
          var run = document.createElement("script");
          run.text = s.text;
          s.parentNode.removeChild(s);
          document.head.appendChild(run);
        });
        setTimeout(function () { document.body.insertBefore(box, document.getElementById("report")); }, 300 * (i + 1));
      });
    </script>`;
    const r = await report(page(path.join(OUT, "page-inserted.html"), plotlyLoaderScript(), REPORT + insert));
    expect(r.plots).to.have.length(3);
    for (const p of r.plots) expect(p, p.id).to.deep.include({ drawn: true, staticImg: false });
  });

  it("keeps the static image when plotly.js never arrives (no requirejs, CDN unreachable)", async () => {
    const r = await report(page(path.join(OUT, "page-no-plotly.html"), "", htmls[1] + REPORT));
    expect(r.plotly).to.equal(null);
    expect(r.plots).to.deep.equal([{ id: "plot-scatter", drawn: false, staticImg: true }]);
  });

  it("takes screenshots of the static SVG and of the plotly rendering of each chart", async () => {
    const jobs: Promise<string>[] = [];
    for (const [name, fig] of Object.entries(figs)) {
      const b = bundleFor(fig, { id: `shot-${name}` });
      const svg = path.join(OUT, `${name}.svg`);
      fs.writeFileSync(svg, b["image/svg+xml"] as string);
      const html = page(path.join(OUT, `${name}.plotly.html`), plotlyLoaderScript(), b["text/html"] as string);
      const size = `--window-size=${(fig.layout.width ?? 700) + 20},${(fig.layout.height ?? 450) + 20}`;
      jobs.push(chromium([`--screenshot=${path.join(OUT, `${name}.svg.png`)}`, size, `file://${svg}`], 3000));
      jobs.push(chromium([`--screenshot=${path.join(OUT, `${name}.plotly.png`)}`, size, `file://${html}`], 5000));
    }
    await Promise.all(jobs);
    for (const name of Object.keys(figs)) {
      for (const kind of ["svg", "plotly"]) {
        const file = path.join(OUT, `${name}.${kind}.png`);
        expect(fs.statSync(file).size, file).to.be.above(5000);
      }
    }
    console.log(`      screenshots in ${OUT}`);
  });
});
