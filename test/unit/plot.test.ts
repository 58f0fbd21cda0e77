import { expect } from "chai";
import ndarray from "ndarray";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import { assertClose } from "../../lib/src/check";
import { displayBundle, inKernel, setDisplayWriter, type DisplayContent } from "../../lib/src/display";
import { rgb } from "../../lib/src/plot/colors";
import {
  bundleFor, costCurve, decisionBoundary, histograms, imageGrid, lines, PLOTLY_LOADER_MARK, plotlyDist, plotlyLoaderScript, REGION_COLORS, renderSvg, scatter2d, show,
  type BarTrace, type ImageTrace, type Mat, type ScatterTrace,
} from "../../lib/src/plot/index";
import { formatTick, niceStep, siExponent, ticks } from "../../lib/src/plot/ticks";

/** Decodes an 8-bit RGB/RGBA PNG (non-interlaced) from a data URI: {width, height, channels, pixels}. */
function decodePngDataUri(uri: string): { width: number; height: number; channels: number; pixels: Uint8Array } {
  const buf = Buffer.from(uri.replace(/^data:image\/png;base64,/, ""), "base64");
  let o = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (o < buf.length) {
    const len = buf.readUInt32BE(o);
    const type = buf.toString("latin1", o + 4, o + 8);
    const data = buf.subarray(o + 8, o + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : NaN;
    } else if (type === "IDAT") idat.push(data);
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= channels ? px[y * stride + i - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? px[(y - 1) * stride + i - channels] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      px[y * stride + i] = (x + [0, a, b, (a + b) >> 1, paeth][f]) & 255;
    }
  }
  return { width, height, channels, pixels: px };
}

/**
 * Checks XML well-formedness the strict way a browser's XML parser does for what we emit: one root,
 * balanced tags, quoted attributes without duplicates, no raw "<" or bad "&" in text. Returns the
 * element names in document order.
 */
function checkXml(xml: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  const attr = /([A-Za-z_][\w:.-]*)\s*=/g;
  const badText = /<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  let i = 0;
  let roots = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (badText.test(text)) throw new Error(`XML: bad character in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (text.trim() && stack.length === 0) throw new Error(`XML: text outside the root: ${JSON.stringify(text.slice(0, 40))}`);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`XML: malformed tag at ${lt}: ${JSON.stringify(xml.slice(lt, lt + 60))}`);
    const [, close, name, attrs, selfClose] = m;
    const seen = new Set<string>();
    for (const a of attrs.matchAll(attr)) {
      if (seen.has(a[1])) throw new Error(`XML: duplicate attribute ${a[1]} on <${name}>`);
      seen.add(a[1]);
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(attrs)) throw new Error(`XML: bad & in attributes of <${name}>`);
    }
    if (close) {
      if (stack.pop() !== name) throw new Error(`XML: </${name}> does not close the open element`);
    } else {
      if (stack.length === 0 && ++roots > 1) throw new Error("XML: more than one root element");
      names.push(name);
      if (!selfClose) stack.push(name);
    }
    i = tag.lastIndex;
  }
  if (stack.length) throw new Error(`XML: unclosed <${stack.join("> <")}>`);
  return names;
}

/** All matches of a regex's first group, e.g. every `<path class="trace line"` element. */
function count(s: string, re: RegExp): number {
  return [...s.matchAll(re)].length;
}

/** A (2, m) data set with labels: class 0 left of x = 0, class 1 right. */
function twoBlobs(m = 40): { X: Mat; Y: Mat } {
  const X = ndarray(new Float64Array(2 * m), [2, m]);
  const Y = ndarray(new Float64Array(m), [1, m]);
  for (let i = 0; i < m; i++) {
    const c = i % 2;
    X.set(0, i, (c ? 0.5 : -0.5) + 0.3 * Math.sin(i));
    X.set(1, i, 0.4 * Math.cos(3 * i));
    Y.set(0, i, c);
  }
  return { X, Y };
}

describe("plot builders", () => {
  it("costCurve: one line of the costs against their index, the course's labels and title", () => {
    const costs = [0.7, 0.5, 0.42, 0.4];
    const fig = costCurve(costs, { learningRate: 0.01 });
    expect(fig.data).to.have.length(1);
    const t = fig.data[0] as ScatterTrace;
    expect(t.type).to.equal("scatter");
    expect(t.mode).to.equal("lines");
    assertClose(t.x, [0, 1, 2, 3], { name: "x" });
    assertClose(t.y, costs, { name: "y" });
    expect(fig.layout.title?.text).to.equal("Learning rate =0.01");
    expect(fig.layout.xaxis?.title?.text).to.equal("iterations (per hundreds)");
    expect(fig.layout.yaxis?.title?.text).to.equal("cost");
    assertClose(fig.layout.xaxis!.range!, [0, 3], { name: "x range" });
    // y range padded 5 % of the span on both sides
    assertClose(fig.layout.yaxis!.range!, [0.4 - 0.015, 0.7 + 0.015], { rtol: 1e-12, name: "y range" });
    assertClose((costCurve(costs, { xstep: 1000 }).data[0] as ScatterTrace).x, [0, 1000, 2000, 3000]);
    expect(costCurve(ndarray(new Float64Array([3, 2]), [1, 2])).layout.title?.text).to.equal("cost");
    expect(() => costCurve([])).to.throw(/costCurve: costs is empty/);
    expect(() => costCurve([1, 2], { xstep: 0 })).to.throw(/xstep must be > 0/);
    expect(() => costCurve(ndarray(new Float64Array(4), [2, 2]))).to.throw(/costCurve: costs must be 1-D.*\(2,2\)/);
  });

  it("scatter2d: one trace per class with the course's Spectral colours and the given limits", () => {
    const { X, Y } = twoBlobs(41);
    const fig = scatter2d(X, Y, { title: "train", xlim: [-1.5, 1.5], ylim: [-1, 1] });
    const [t0, t1] = fig.data as ScatterTrace[];
    expect(fig.data).to.have.length(2);
    expect([t0.x.length, t1.x.length]).to.deep.equal([21, 20]);
    expect([t0.marker?.color, t1.marker?.color]).to.deep.equal(["#9e0142", "#5e4fa2"]);
    expect([t0.name, t1.name]).to.deep.equal(["y = 0", "y = 1"]);
    assertClose(t1.x[0], X.get(0, 1));
    assertClose(t1.y[0], X.get(1, 1));
    assertClose(fig.layout.xaxis!.range!, [-1.5, 1.5]);
    assertClose(fig.layout.yaxis!.range!, [-1, 1]);
    expect(fig.layout.showlegend).to.equal(true);
    expect(() => scatter2d(ndarray(new Float64Array(9), [3, 3]), [0, 1, 0])).to.throw(/scatter2d: X must be \(2, m\), got \(3,3\)/);
    expect(() => scatter2d(X, [0, 1])).to.throw(/scatter2d: Y has 2 labels for 41 examples/);
    expect(() => scatter2d(ndarray(new Float64Array(4), [2, 2]), [0, 2])).to.throw(/labels must be 0 or 1, got Y\[1\] = 2/);
    expect(() => scatter2d(X, Y, { xlim: [1, -1] })).to.throw(/xlim must be \[lo, hi\]/);
  });

  it("decisionBoundary: predicts once on the course's grid and draws it as one PNG under the points", () => {
    const { X, Y } = twoBlobs(40);
    const calls: Mat[] = [];
    // class 1 right of x1 = 0.1
    const predict = (G: Mat) => {
      calls.push(G);
      const n = G.shape[1];
      return ndarray(Float64Array.from({ length: n }, (_, k) => (G.get(0, k) > 0.1 ? 1 : 0)), [1, n]);
    };
    const fig = decisionBoundary(predict, X, Y, { xlim: [-1.5, 1.5], ylim: [-1.5, 1.5] });
    expect(calls).to.have.length(1);
    const G = calls[0];
    let [xmin, xmax, ymin, ymax] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < 40; i++) {
      xmin = Math.min(xmin, X.get(0, i));
      xmax = Math.max(xmax, X.get(0, i));
      ymin = Math.min(ymin, X.get(1, i));
      ymax = Math.max(ymax, X.get(1, i));
    }
    const nx = Math.ceil((xmax + 1 - (xmin - 1)) / 0.01);
    const ny = Math.ceil((ymax + 1 - (ymin - 1)) / 0.01);
    expect(G.shape).to.deep.equal([2, nx * ny]);
    // np.c_[xx.ravel(), yy.ravel()]: x varies fastest
    assertClose([G.get(0, 0), G.get(1, 0), G.get(0, 1), G.get(1, nx)], [xmin - 1, ymin - 1, xmin - 1 + 0.01, ymin - 1 + 0.01], { rtol: 1e-12 });
    expect(fig.data).to.have.length(2);
    expect(fig.layout.images).to.have.length(1);
    const im = fig.layout.images![0];
    expect(im.layer).to.equal("below");
    const png = decodePngDataUri(im.source);
    expect([png.width, png.height]).to.deep.equal([nx, ny]);
    assertClose([im.x, im.y, im.sizex, im.sizey], [xmin - 1 - 0.005, ymin - 1 + (ny - 1) * 0.01 + 0.005, nx * 0.01, ny * 0.01], { rtol: 1e-9 });
    // left column is class 0's region colour, right column class 1's; rows are equal (prediction ignores x2)
    const rgbAt = (r: number, c: number) => Array.from(png.pixels.subarray((r * nx + c) * 3, (r * nx + c) * 3 + 3));
    expect(rgbAt(0, 0)).to.deep.equal(rgb(REGION_COLORS[0]));
    expect(rgbAt(ny - 1, nx - 1)).to.deep.equal(rgb(REGION_COLORS[1]));
    const boundary = Math.floor((0.1 - (xmin - 1)) / 0.01); // last column with x <= 0.1 (up to rounding)
    expect(rgbAt(5, boundary - 1)).to.deep.equal(rgb(REGION_COLORS[0]));
    expect(rgbAt(5, boundary + 2)).to.deep.equal(rgb(REGION_COLORS[1]));
    // the whole figure stays small: a PNG, not 90,000 numbers
    expect(JSON.stringify(fig).length).to.be.below(20_000);
    // booleans work too, and a coarser step gives a smaller grid
    const coarse = decisionBoundary((G2) => Array.from({ length: G2.shape[1] }, (_, k) => G2.get(1, k) > 0), X, Y, { h: 0.05 });
    const cp = decodePngDataUri(coarse.layout.images![0].source);
    expect(cp.width).to.equal(Math.ceil((xmax - xmin + 2) / 0.05));
    // PNG row 0 is the top of the plot (largest x2): class 1 there, class 0 at the bottom
    expect(Array.from(cp.pixels.subarray(0, 3))).to.deep.equal(rgb(REGION_COLORS[1]));
    expect(Array.from(cp.pixels.subarray(cp.pixels.length - 3))).to.deep.equal(rgb(REGION_COLORS[0]));
    assertClose(coarse.layout.xaxis!.range!, [xmin - 1 - 0.025, xmin - 1 + (Math.ceil((xmax - xmin + 2) / 0.05) - 1) * 0.05 + 0.025], { rtol: 1e-9 });
    // maxCells raises the step
    const capped = decisionBoundary(predict, X, Y, { maxCells: 10_000 });
    const c = decodePngDataUri(capped.layout.images![0].source);
    expect(c.width * c.height).to.be.at.most(10_000);
    expect(() => decisionBoundary(() => [1, 0], X, Y)).to.throw(/decisionBoundary: predict\(grid\) has 2 values for \d+ examples/);
    expect(() => decisionBoundary(predict, X, Y, { h: -1 })).to.throw(/h must be > 0/);
  });

  it("histograms: common bins, counts of every finite value, overlaid bars", () => {
    const a = [0, 0.1, 0.2, 0.9, 1, NaN];
    const b = ndarray(new Float64Array([0.5, 0.55, 2]), [3]);
    const fig = histograms([{ name: "a", values: a }, { name: "b", values: b }], { bins: 4 });
    const [ta, tb] = fig.data as BarTrace[];
    expect(fig.layout.barmode).to.equal("overlay");
    assertClose(ta.x, [0.25, 0.75, 1.25, 1.75], { name: "centres" });
    expect(ta.x).to.deep.equal(tb.x);
    assertClose(ta.width!, 0.5);
    expect(ta.y).to.deep.equal([3, 1, 1, 0]); // bins [0, .5) [.5, 1) [1, 1.5) [1.5, 2]
    expect(tb.y).to.deep.equal([0, 2, 0, 1]); // the maximum falls in the last (closed) bin
    expect(ta.name).to.equal("a (1 non-finite skipped)");
    expect(ta.marker?.color).to.not.equal(tb.marker?.color);
    assertClose(fig.layout.yaxis!.range!, [0, 3 * 1.05]);
    expect(() => histograms([{ name: "x", values: [NaN] }])).to.throw(/histograms: no finite values/);
    expect(() => histograms([{ name: "x", values: [1] }], { bins: 0 })).to.throw(/bins must be a positive integer/);
  });

  it("lines: one line per series with its own colour and a legend", () => {
    const fig = lines([{ name: "train", y: [1, 2, 3] }, { name: "test", x: [0, 2, 4], y: [3, 2, 1] }, { name: "dev", y: [2, 2, 2] }], { xlabel: "epoch" });
    const ts = fig.data as ScatterTrace[];
    expect(ts.map((t) => t.name)).to.deep.equal(["train", "test", "dev"]);
    expect(new Set(ts.map((t) => t.line?.color)).size).to.equal(3);
    assertClose(ts[0].x, [0, 1, 2]);
    assertClose(ts[1].x, [0, 2, 4]);
    assertClose(fig.layout.xaxis!.range!, [0, 4]);
    expect(fig.layout.showlegend).to.equal(true);
    expect(lines([{ name: "only", y: [1, 2] }]).layout.showlegend).to.equal(false);
    expect(() => lines([{ name: "bad", x: [1], y: [1, 2] }])).to.throw(/lines: series 0 \(bad\) has 1 x values for 2 y values/);
  });

  it("lines: a series that would cover an earlier one is dashed over it, the earlier one widened", () => {
    // lab 04: momentum's costs are gd's within 4e-4 on a 0.65-wide axis
    const y = [0.7, 0.6, 0.55, 0.5, 0.48];
    const x = [0, 100, 200, 300, 400];
    const fig = lines([
      { name: "gd", x, y }, { name: "momentum", x, y: y.map((v, i) => v + (i % 2 ? 4e-4 : -4e-4)) }, { name: "Adam", x, y: [0.7, 0.3, 0.2, 0.15, 0.1] },
    ]);
    const ts = fig.data as ScatterTrace[];
    expect(ts.map((t) => t.name)).to.deep.equal(["gd", "momentum (\u2248 gd)", "Adam"]);
    expect(ts.map((t) => [t.line?.width, t.line?.dash])).to.deep.equal([[6, undefined], [2, "dash"], [2, undefined]]);
    const svg = renderSvg(fig);
    expect(count(svg, /<path class="trace line"[^>]*stroke-width="6" stroke-linejoin/g), "gd wide, solid").to.equal(1);
    expect(count(svg, /<path class="trace line"[^>]*stroke-width="2" stroke-dasharray="9,9"/g), "momentum dashed").to.equal(1);
    expect(svg).to.include(">momentum (\u2248 gd)</text>");
    // 2 % apart is visible as two lines: left alone; so are other x values
    const apart = lines([{ name: "a", x, y }, { name: "b", x, y: y.map((v) => v + 0.02 * 0.6) }]).data as ScatterTrace[];
    expect(apart.map((t) => [t.name, t.line?.width, t.line?.dash])).to.deep.equal([["a", 2, undefined], ["b", 2, undefined]]);
    const shifted = lines([{ name: "a", x, y }, { name: "b", x: x.map((v) => v + 1), y }]).data as ScatterTrace[];
    expect(shifted.map((t) => t.line?.dash)).to.deep.equal([undefined, undefined]);
    // a gap (NaN) in both at the same place still covers; a gap in one only does not
    const gap = [0.7, NaN, 0.55, 0.5, 0.48];
    expect((lines([{ name: "a", x, y: gap }, { name: "b", x, y: gap }]).data as ScatterTrace[])[1].line?.dash).to.equal("dash");
    expect((lines([{ name: "a", x, y }, { name: "b", x, y: gap }]).data as ScatterTrace[])[1].line?.dash).to.equal(undefined);
  });

  it("imageGrid: one mosaic PNG with every tile's pixels, a label above each", () => {
    const k = 5;
    const imgs = ndarray(new Uint8Array(k * 8 * 6 * 3), [k, 8, 6, 3]);
    for (let t = 0; t < k; t++) for (let i = 0; i < 8; i++) for (let j = 0; j < 6; j++) for (let c = 0; c < 3; c++) imgs.set(t, i, j, c, (t * 40 + i * 10 + j + c * 3) % 256);
    const fig = imageGrid(imgs, ["a", "b", "c", "d", "e"], { cols: 2, tileSize: 48 });
    expect(fig.data).to.have.length(1);
    const tr = fig.data[0] as ImageTrace;
    expect(tr.type).to.equal("image");
    const png = decodePngDataUri(tr.source);
    const scale = 48 / 8;
    const gap = Math.round(6 / scale);
    const band = Math.ceil(20 / scale);
    expect([png.width, png.height]).to.deep.equal([2 * 6 + gap, 3 * (8 + band) + 2 * gap]);
    for (let t = 0; t < k; t++) {
      const top = Math.floor(t / 2) * (8 + band + gap) + band;
      const left = (t % 2) * (6 + gap);
      for (const [i, j] of [[0, 0], [7, 5], [3, 2]]) {
        const o = ((top + i) * png.width + left + j) * 3;
        expect(Array.from(png.pixels.subarray(o, o + 3)), `tile ${t} pixel (${i},${j})`).to.deep.equal([0, 1, 2].map((c) => imgs.get(t, i, j, c)));
      }
    }
    expect(fig.layout.annotations!.map((a) => a.text)).to.deep.equal(["a", "b", "c", "d", "e"]);
    expect(fig.layout.yaxis?.range?.[0]).to.be.greaterThan(fig.layout.yaxis!.range![1]); // row 0 on top
    // a list of float images in [0, 1] is scaled to 0–255
    const f = ndarray(new Float64Array([0, 0.5, 1, 1]), [2, 2]);
    const g = decodePngDataUri((imageGrid([f, f]).data[0] as ImageTrace).source);
    expect(Array.from(g.pixels.subarray(0, 6))).to.deep.equal([0, 0, 0, 128, 128, 128]);
    expect(() => imageGrid([f, ndarray(new Float64Array(6), [2, 3])])).to.throw(/imageGrid: all images must have one size; image 0 is 2×2, image 1 is 2×3/);
    expect(() => imageGrid(imgs, ["x"])).to.throw(/imageGrid: 1 labels for 5 images/);
  });
});

describe("plot ticks", () => {
  it("picks 1-2-5 steps like plotly and prints them like plotly", () => {
    expect([niceStep(0.37), niceStep(2), niceStep(2.01), niceStep(7)]).to.deep.equal([0.5, 2, 5, 10]);
    expect(ticks(0, 14, 540, "x")).to.deep.equal({ step: 2, values: [0, 2, 4, 6, 8, 10, 12, 14] });
    expect(ticks(-1.5, 1.5, 310, "y").values).to.deep.equal([-1.5, -1, -0.5, 0, 0.5, 1, 1.5]);
    expect(ticks(0.1, 0.4, 300, "y").values).to.deep.equal([0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]);
    expect([formatTick(0.5, 0.5), formatTick(-2, 1), formatTick(20000, 5000, [0, 30000]), formatTick(0.30000000000000004, 0.1)]).to.deep.equal(["0.5", "\u22122", "20k", "0.3"]);
  });

  it("writes axes that reach ~10,000 in k, M like plotly's SI format, never 0.2e+4", () => {
    // plotly's rule: floor(log10(larger end) + 0.01) > 3, so 9900 already counts
    expect([[0, 9700], [0, 9800], [0, 9900], [-20000, 10], [0, 99000], [0, 990000], [0, 2.5e7], [0, 1e15]].map((r) => siExponent(r as [number, number])))
      .to.deep.equal([0, 3, 3, 3, 3, 6, 6, 0]);
    expect([0, 2000, 4000, 8000].map((v) => formatTick(v, 2000, [0, 9900]))).to.deep.equal(["0", "2k", "4k", "8k"]);
    expect([0, 2000, 4000].map((v) => formatTick(v, 2000, [0, 5000]))).to.deep.equal(["0", "2000", "4000"]);
    expect([formatTick(-15000, 5000, [-20000, 0]), formatTick(9995, 5, [9990, 10010]), formatTick(2e6, 5e5, [0, 2.5e6])]).to.deep.equal(["\u221215k", "9.995k", "2M"]);
    // the figure's layout asks plotly for the same: "SI" on such an axis, "e" (small values) elsewhere
    const fig = lines([{ name: "cost", x: [0, 4900, 9900], y: [0.7, 0.5, 0.4] }]);
    expect([fig.layout.xaxis!.exponentformat, fig.layout.yaxis!.exponentformat]).to.deep.equal(["SI", "e"]);
    const svg = renderSvg(fig);
    expect(svg).to.match(/<g class="xtick"[^>]*><text[^>]*>0<\/text><text[^>]*>2k<\/text>/);
    expect(svg).not.to.match(/e\+\d/);
    expect(costCurve([1, 0.5], { xstep: 14900 }).layout.xaxis!.exponentformat).to.equal("SI");
  });
});

describe("plot SVG", () => {
  it("is well-formed XML with ticks, axis titles, a title and one path per line series", () => {
    const fig = lines([{ name: "a", y: [1, 2, 3] }, { name: "b", y: [3, 1, 2] }, { name: "c", y: [0, 0, 1] }], { title: "T & <things>", xlabel: "epoch", ylabel: "acc" });
    const svg = renderSvg(fig);
    const names = checkXml(svg);
    expect(names[0]).to.equal("svg");
    expect(count(svg, /<path class="trace line"/g)).to.equal(3);
    expect(svg).to.match(/<g class="xtick"[^>]*>(<text[^>]*>[^<]+<\/text>){3,}<\/g>/);
    expect(svg).to.match(/<g class="ytick"[^>]*>(<text[^>]*>[^<]+<\/text>){3,}<\/g>/);
    expect(svg).to.include(">T &amp; &lt;things&gt;</text>");
    expect(svg).to.include(">epoch</text>");
    expect(svg).to.match(/rotate\(-90\)">acc<\/text>/);
    expect(count(svg, /<g class="legend">/g)).to.equal(1);
    // a line series' path visits every point: 3 points → M + 2 L
    expect(svg).to.match(/<path class="trace line" d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+"/);
  });

  it("draws markers, bars, the decision map and image tiles", () => {
    const { X, Y } = twoBlobs(30);
    const sc = renderSvg(scatter2d(X, Y));
    checkXml(sc);
    expect(count(sc, /<circle /g)).to.equal(30 + 2); // points + 2 legend symbols
    expect(sc).to.include('fill="#9e0142"');
    const db = renderSvg(decisionBoundary((G) => Array.from({ length: G.shape[1] }, () => 1), X, Y, { h: 0.1 }));
    checkXml(db);
    expect(count(db, /<image [^>]*xlink:href="data:image\/png;base64,/g)).to.equal(1);
    const hs = renderSvg(histograms([{ name: "a", values: [1, 2, 2, 3] }], { bins: 3 }));
    checkXml(hs);
    expect(count(hs, /<rect x=/g)).to.equal(3 + 2); // bars + paper and plot backgrounds
    const ig = renderSvg(imageGrid(ndarray(new Uint8Array(2 * 4 * 4 * 3), [2, 4, 4, 3]), ["a", "b"]));
    checkXml(ig);
    expect(ig).to.match(/<image class="trace image"[^>]*image-rendering/);
    expect(ig).to.not.match(/<image class="trace image"[^>]*transform/); // reversed y axis: row 0 already on top
    expect(count(ig, /class="annotation"/g)).to.equal(2);
    // an image trace on a normal (upward) y axis is mirrored so that row 0 sits at y0
    const up = renderSvg({ data: [{ type: "image", source: (imageGrid([ndarray(new Float64Array(4), [2, 2])]).data[0] as ImageTrace).source, x0: 0, y0: 0, dx: 1, dy: 1 }], layout: { xaxis: { range: [-1, 5] }, yaxis: { range: [-1, 5] } } });
    expect(up).to.match(/<image class="trace image"[^>]*transform="translate\(0,[\d.]+\) scale\(1,-1\)"/);
  });

  it("gives each figure its own clip-path id (classic Notebook inlines many SVGs into one page)", () => {
    const a = renderSvg(costCurve([1, 2]));
    const b = renderSvg(costCurve([1, 3]));
    const id = (s: string) => /clipPath id="([^"]+)"/.exec(s)![1];
    expect(id(a)).to.not.equal(id(b));
    expect(a).to.include(`clip-path="url(#${id(a)})"`);
  });
});

describe("plot display bundle", () => {
  const sent: { c: DisplayContent; update: boolean }[] = [];
  beforeEach(() => {
    sent.length = 0;
  });
  afterEach(() => setDisplayWriter(null));

  it("bundleFor: plotly JSON, html, svg and text for one figure", () => {
    const fig = costCurve([0.7, 0.5, 0.4], { learningRate: 0.1 });
    const b = bundleFor(fig, { id: "p1" });
    expect(Object.keys(b).sort()).to.deep.equal(["application/vnd.plotly.v1+json", "image/svg+xml", "text/html", "text/plain"]);
    expect(b["application/vnd.plotly.v1+json"]).to.deep.equal({ data: fig.data, layout: fig.layout });
    expect(b["image/svg+xml"]).to.equal(renderSvg(fig));
    expect(b["text/plain"]).to.equal('plot "Learning rate =0.1": 1 line (3 points)');
    const html = b["text/html"] as string;
    expect(html).to.include('<div id="p1" class="tsdl-plot"');
    expect(html).to.include('<img class="tsdl-static"'); // what an untrusted notebook shows
    expect(html).to.include("tsdlLoadPlotly(draw)");
    expect(html.length).to.be.below(50_000); // plotly.js is never in an output
    expect(html).to.not.include(PLOTLY_LOADER_MARK);
    // where the page gets plotly.js: window.Plotly, the classic Notebook's nbextension, the CDN
    expect(html).to.include('"nbextensions/tsdl-plotly/plotly.min"');
    expect(html).to.include(`"https://cdn.plot.ly/plotly-${plotlyDist()!.version}.min"`);
  });

  it("plotlyLoaderScript: plotly.min.js once, inline, with requirejs' define hidden (for HTML pages)", () => {
    const loader = plotlyLoaderScript();
    expect(loader.length).to.be.above(4_000_000);
    expect(loader).to.include(`plotly.js v${plotlyDist()!.version}, ${PLOTLY_LOADER_MARK}`);
    expect(loader).to.include("window.define = undefined");
    // nothing in plotly.js can end the script early
    expect(loader.slice(loader.indexOf("<script"), loader.lastIndexOf("</script>")).match(/<\/script/gi)).to.equal(null);
  });

  it("show: every plot's output is light (no plotly.js in any)", () => {
    setDisplayWriter((c, update) => sent.push({ c, update }));
    const r = show(costCurve([1, 0.5]));
    show(scatter2d(twoBlobs(10).X, twoBlobs(10).Y));
    expect(r).to.equal(undefined); // a cell ending in show() prints nothing
    expect(sent).to.have.length(2);
    for (const s of sent) {
      expect(Object.keys(s.c.data)).to.include.members(["application/vnd.plotly.v1+json", "text/html", "image/svg+xml", "text/plain"]);
      expect(s.update).to.equal(false);
    }
    for (const html of sent.map((s) => s.c.data["text/html"] as string)) {
      expect(html.length).to.be.below(100_000);
      expect(html).to.not.match(/plotly\.js v\d/);
    }
    // the same figure can be updated in place
    show(costCurve([1, 0.4]), { displayId: "live", update: true });
    expect(sent[2].update).to.equal(true);
    expect(sent[2].c.transient).to.deep.equal({ display_id: "live" });
  });

  it("show outside a kernel prints one line", () => {
    const lines: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (lines.push(s), true)) as typeof process.stdout.write;
    try {
      show(costCurve([1, 0.5], { title: "x" }));
    } finally {
      process.stdout.write = write;
    }
    expect(lines).to.deep.equal(['plot "x": 1 line (2 points)\n']);
    expect(inKernel()).to.equal(false);
  });

  it("displayBundle finds a running tslab kernel's display writer in the module cache", () => {
    const cache = createRequire(import.meta.url).cache;
    const key = path.join(os.tmpdir(), "fake", "node_modules", "tslab", "dist", "jupyter.js");
    const fake = { lastWriteDisplayData: null as null | ((c: DisplayContent, u: boolean) => void) };
    cache[key] = { exports: fake } as unknown as NodeJS.Module;
    try {
      fake.lastWriteDisplayData = (c, update) => sent.push({ c, update });
      expect(inKernel()).to.equal(true);
      expect(displayBundle({ "text/plain": "a", "text/html": "<b>a</b>" }, { displayId: "d1" })).to.equal(true);
      displayBundle({ "text/plain": "b" }, { displayId: "d1", update: true });
      expect(sent.map((s) => [s.c.transient.display_id, s.update])).to.deep.equal([["d1", false], ["d1", true]]);
      expect(sent[0].c.data).to.deep.equal({ "text/plain": "a", "text/html": "<b>a</b>" });
      expect(() => displayBundle({ "text/plain": "c" }, { update: true })).to.throw(/update needs the displayId/);
    } finally {
      fake.lastWriteDisplayData = null; // between cells tslab has no writer: not in a kernel
      delete cache[key];
    }
    expect(inKernel()).to.equal(false);
  });
});

describe("plot axes on degenerate data", () => {
  it("a cost curve that is flat to the last bit, or holds an inf, gets a finite padded range and few ticks", async () => {
    const { costCurve } = await import("../../lib/src/plot");
    const { ticks } = await import("../../lib/src/plot/ticks");
    const flat = costCurve([0.6931471805599453, 0.6931471805599455, 0.6931471805599453]);
    const r = flat.layout.yaxis!.range as [number, number];
    expect(r[0]).to.be.closeTo(0.6862, 1e-3);
    expect(r[1]).to.be.closeTo(0.7001, 1e-3);
    expect(ticks(0.6931471805599453, 0.6931471805599455, 400, "y").values).to.have.length(1);
    const withInf = costCurve([Infinity, 0.62, 0.38]);
    const r2 = withInf.layout.yaxis!.range as [number, number];
    expect(r2[0]).to.be.below(0.38);
    expect(r2[1]).to.be.within(0.62, 0.7);
  });
});
