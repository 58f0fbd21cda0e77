/**
 * lib/src/stats (tsdl.stats): histograms against numpy 2.4's np.histogram (fixture: tools/fixtures/gen_hist.py →
 * test/fixtures/hist.json), histogram intersection on known overlaps and against numpy, colour histograms,
 * the overlap figure, and the errors on bad input.
 *
 * Exactness: edges, counts and intersections are compared with rtol = atol = 0 — numpy's linspace edges and
 * its index correction at the edges are reproduced operation for operation, and counts are integers.
 */
import { expect } from "chai";
import ndarray from "ndarray";
import { readFileSync } from "node:fs";
import { assertClose } from "../../lib/src/check";
import { RandomState } from "../../lib/src/random";
import { binEdges, binMinimum, colorHistogram, histogram, histogramIntersection, overlapFigure } from "../../lib/src/stats/index";

type Enc = number | "nan" | "inf" | "-inf" | "-0";
const dec = (v: Enc): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "-0" ? -0 : v);
const EXACT = { rtol: 0, atol: 0 };

interface CountsCase { name: string; values: Enc[]; bins: number; range: [Enc, Enc] | null; counts: number[]; edges: Enc[] }
interface GaussCase {
  seed: number; mu1: number; mu2: number; sigma: number; n: number; bins: number; range: [number, number];
  countsA: number[]; countsB: number[]; edges: Enc[]; common: number; intersection: number; intersectionRepr: string; first: number[];
}
interface Image { shape: number[]; values: number[] }
const fx = JSON.parse(readFileSync(new URL("../fixtures/hist.json", import.meta.url), "utf8")) as {
  numpy: string;
  edges: { bins: number; range: [Enc, Enc]; edges: Enc[] }[];
  counts: CountsCase[];
  gaussians: GaussCase[];
  colour: { images: Image[]; cases: { bins: number; counts: [number[], number[]]; intersection12: number; intersection21: number }[] };
};
const image = (im: Image) => ndarray(Uint8Array.from(im.values), im.shape);

describe("tsdl.stats histograms (numpy.histogram)", () => {
  it(`binEdges equals np.histogram_bin_edges bit for bit (numpy ${fx.numpy}, ${fx.edges.length} cases)`, () => {
    for (const c of fx.edges) {
      assertClose(binEdges(c.bins, [dec(c.range[0]), dec(c.range[1])]), c.edges.map(dec), { ...EXACT, name: `edges bins=${c.bins} range=${c.range}` });
    }
  });

  it("counts and edges equal np.histogram's: values on edges and one ulp off them, right-closed last bin, out of range, NaN, autodetected range, empty", () => {
    for (const c of fx.counts) {
      const h = histogram(c.values.map(dec), { bins: c.bins, range: c.range ? [dec(c.range[0]), dec(c.range[1])] : undefined });
      assertClose(h.counts, c.counts, { ...EXACT, name: `${c.name}: counts` });
      assertClose(h.edges, c.edges.map(dec), { ...EXACT, name: `${c.name}: edges` });
    }
  });

  it("puts a value equal to the upper range limit in the last bin, and nothing outside [lo, hi]", () => {
    expect(Array.from(histogram([0, 0.5, 1, 1], { bins: 2, range: [0, 1] }).counts)).to.deep.equal([1, 3]);
    expect(Array.from(histogram([-0.01, 1.01, NaN], { bins: 2, range: [0, 1] }).counts)).to.deep.equal([0, 0]);
  });

  it("counts every element of an ndarray of any shape, views included (as numpy flattens)", () => {
    const a = ndarray(Float64Array.from([0.1, 0.9, 0.4, 0.6, 0.2, 0.8]), [2, 3]);
    const want = Array.from(histogram([0.1, 0.9, 0.4, 0.6, 0.2, 0.8], { bins: 4, range: [0, 1] }).counts);
    expect(Array.from(histogram(a, { bins: 4, range: [0, 1] }).counts)).to.deep.equal(want);
    expect(Array.from(histogram(a.transpose(1, 0), { bins: 4, range: [0, 1] }).counts)).to.deep.equal(want);
    expect(Array.from(histogram(a.pick(1, null), { bins: 4, range: [0, 1] }).counts)).to.deep.equal([1, 0, 1, 1]);
  });

  it("rejects bad bins and ranges with errors naming them", () => {
    expect(() => histogram([1, 2], { bins: 0 })).to.throw("histogram: bins must be a positive integer, got 0");
    expect(() => histogram([1, 2], { bins: 2.5 })).to.throw("bins must be a positive integer, got 2.5");
    expect(() => histogram([1, 2], { range: [3, 1] })).to.throw("histogram: range [3, 1] has max < min");
    expect(() => histogram([1, 2], { range: [0, Infinity] })).to.throw("histogram: range [0, Infinity] is not finite");
    expect(() => histogram([1, NaN])).to.throw(/autodetected range of \[nan, nan\] is not finite: pass \{ range/);
    expect(() => histogram([1, Infinity])).to.throw("autodetected range of [1, Infinity] is not finite");
    expect(() => histogram("abc" as never)).to.throw("histogram: element 0 is string, not a number");
    expect(() => histogram(null as never)).to.throw("histogram: expected an ndarray or an array of numbers, got null");
    expect(() => binEdges(-1, [0, 1])).to.throw("binEdges: bins must be a positive integer, got -1");
  });
});

describe("tsdl.stats.histogramIntersection", () => {
  it("identical histograms → 1", () => {
    const h = histogram([0.1, 0.2, 0.2, 0.7, 0.99], { bins: 5, range: [0, 1] });
    expect(histogramIntersection(h, h)).to.equal(1);
    expect(histogramIntersection([0, 4, 1], [0, 4, 1])).to.equal(1);
  });

  it("disjoint histograms → 0", () => {
    const a = histogram([0.1, 0.15, 0.3], { bins: 4, range: [0, 1] });
    const b = histogram([0.6, 0.8, 1.0], { bins: 4, range: [0, 1] });
    expect(histogramIntersection(a, b)).to.equal(0);
    expect(histogramIntersection(b, a)).to.equal(0);
  });

  it("a partial overlap computed by hand: Σ min / Σ model", () => {
    // bins [0,1) [1,2) [2,3) [3,4]: input [0.5, 1.5, 1.5, 2.5] → 1 2 1 0; model [0.5, 0.5, 1.5, 4.0] → 2 1 0 1
    // (4.0 is the upper limit: last bin); min → 1 1 0 0: 2 of the model's 4 counts → 0.5
    const input = histogram([0.5, 1.5, 1.5, 2.5], { bins: 4, range: [0, 4] });
    const model = histogram([0.5, 0.5, 1.5, 4.0], { bins: 4, range: [0, 4] });
    expect(Array.from(input.counts)).to.deep.equal([1, 2, 1, 0]);
    expect(Array.from(model.counts)).to.deep.equal([2, 1, 0, 1]);
    expect(Array.from(binMinimum(input, model))).to.deep.equal([1, 1, 0, 0]);
    expect(histogramIntersection(input, model)).to.equal(0.5);
    // normalised by the model: input [3,0,5,2], model [1,4,4,1] → min [1,0,4,1] = 6 of 10; the other way 6 of 10 too
    expect(histogramIntersection([3, 0, 5, 2], [1, 4, 4, 1])).to.equal(0.6);
    // different totals: min [1,1,0] = 2 of the model's 3, but 2 of 5 the other way round
    expect(histogramIntersection([4, 1, 0], [1, 1, 1])).to.equal(2 / 3);
    expect(histogramIntersection([1, 1, 1], [4, 1, 0])).to.equal(2 / 5);
  });

  it("the notebook's Gaussians: same draws, counts and intersection as numpy (seeds " + fx.gaussians.map((g) => g.seed).join(", ") + ")", () => {
    for (const g of fx.gaussians) {
      const rs = new RandomState(g.seed);
      const a = rs.normal(g.mu1, g.sigma, [g.n]);
      const b = rs.normal(g.mu2, g.sigma, [g.n]);
      assertClose([a.get(0), a.get(1), a.get(2), b.get(0), b.get(1), b.get(2)], g.first, { rtol: 1e-15, name: `seed ${g.seed} first draws` });
      const ha = histogram(a, { bins: g.bins, range: g.range });
      const hb = histogram(b, { bins: g.bins, range: g.range });
      assertClose(ha.counts, g.countsA, { ...EXACT, name: `seed ${g.seed} counts a` });
      assertClose(hb.counts, g.countsB, { ...EXACT, name: `seed ${g.seed} counts b` });
      assertClose(ha.edges, g.edges.map(dec), { ...EXACT, name: `seed ${g.seed} edges` });
      expect(histogramIntersection(ha, hb), `seed ${g.seed}`).to.equal(g.intersection);
      expect(String(histogramIntersection(ha, hb))).to.equal(g.intersectionRepr);
    }
  });

  it("rejects histograms that do not share their bins, and bad counts, naming what differs", () => {
    const h100 = histogram([1, 2, 3], { bins: 100, range: [-15, 15] });
    const h50 = histogram([1, 2, 3], { bins: 50, range: [-15, 15] });
    const shifted = histogram([1, 2, 3], { bins: 100, range: [-14, 16] });
    expect(() => histogramIntersection(h100, h50)).to.throw("histogramIntersection: the histograms have 100 and 50 bins; they must share their bins");
    expect(() => histogramIntersection(h100, shifted)).to.throw("histogramIntersection: the histograms' bins differ: edge 0 is -15 in the first, -14 in the second");
    expect(() => histogramIntersection([1, 2], [1, 2, 3])).to.throw("the histograms have 2 and 3 bins");
    expect(() => histogramIntersection([1, -1], [1, 2])).to.throw("histogramIntersection: input bin 1 holds -1; counts must be finite and ≥ 0");
    expect(() => histogramIntersection([1, 1], [NaN, 2])).to.throw("model bin 0 holds NaN");
    expect(() => histogramIntersection([1, 1], [0, 0])).to.throw("histogramIntersection: the model histogram is empty (all 2 bins are 0)");
    expect(() => histogramIntersection(42 as never, [1])).to.throw("input must be bin counts or a histogram, got number");
  });
});

describe("tsdl.stats.colorHistogram", () => {
  const [img1, img2] = fx.colour.images.map(image);

  it("per-channel counts side by side and intersections equal numpy's (bins " + fx.colour.cases.map((c) => c.bins).join(", ") + ")", () => {
    for (const c of fx.colour.cases) {
      const h1 = colorHistogram(img1, { bins: c.bins });
      const h2 = colorHistogram(img2, { bins: c.bins });
      expect([h1.channels, h1.bins, h1.counts.length]).to.deep.equal([3, c.bins, 3 * c.bins]);
      assertClose(h1.counts, c.counts[0], { ...EXACT, name: `bins ${c.bins} image 1` });
      assertClose(h2.counts, c.counts[1], { ...EXACT, name: `bins ${c.bins} image 2` });
      expect(histogramIntersection(h1, h2), `bins ${c.bins} 1 vs 2`).to.equal(c.intersection12);
      expect(histogramIntersection(h2, h1), `bins ${c.bins} 2 vs 1`).to.equal(c.intersection21);
    }
  });

  it("reads pictures out of a stack (x.pick(i)) like their copies; a grey (h, w) picture is one channel", () => {
    const stack = ndarray(new Uint8Array(2 * 8 * 8 * 3), [2, 8, 8, 3]);
    stack.data.set(img1.data as Uint8Array, 0);
    stack.data.set(img2.data as Uint8Array, 8 * 8 * 3);
    expect(Array.from(colorHistogram(stack.pick(1)).counts)).to.deep.equal(Array.from(colorHistogram(img2).counts));
    const grey = colorHistogram(img1.pick(null, null, 0), { bins: 4 });
    expect([grey.channels, grey.counts.length]).to.deep.equal([1, 4]);
    expect(Array.from(grey.counts)).to.deep.equal(Array.from(colorHistogram(img1, { bins: 4 }).counts.subarray(0, 4)));
  });

  it("rejects a non-picture and pixels outside the range, naming the shape and the range", () => {
    expect(() => colorHistogram(ndarray(new Uint8Array(4), [4]))).to.throw("colorHistogram: expected a picture (h, w, c) or (h, w), got (4)");
    expect(() => colorHistogram([1, 2, 3] as never)).to.throw("colorHistogram: expected a picture (h, w, c) or (h, w), got array of 3");
    const f = ndarray(Float64Array.from([0, 10, 300, 20, -1, 5]), [1, 2, 3]);
    expect(() => colorHistogram(f)).to.throw("colorHistogram: 1 of the 2 values of channel 1 of (1,2,3) lie outside the range [0, 256] (or are NaN); pass { range } covering every pixel");
    expect(colorHistogram(f, { bins: 2, range: [-1, 300] }).counts.length).to.equal(6);
  });
});

describe("tsdl.stats.overlapFigure", () => {
  it("draws both histograms and their bin-wise minimum on the bins' centres", () => {
    const a = histogram([0.5, 1.5, 1.5, 2.5], { bins: 4, range: [0, 4] });
    const b = histogram([0.5, 0.5, 1.5, 4.0], { bins: 4, range: [0, 4] });
    const fig = overlapFigure({ name: "a", hist: a }, { name: "b", hist: b }, { title: "t" });
    expect(fig.data.map((t) => t.name)).to.deep.equal(["a", "b", "overlap (min)"]);
    const bars = fig.data as { x: number[]; y: number[]; width: number }[];
    expect(bars[0].x).to.deep.equal([0.5, 1.5, 2.5, 3.5]);
    expect(bars[0].width).to.equal(1);
    expect(bars.map((t) => t.y)).to.deep.equal([[1, 2, 1, 0], [2, 1, 0, 1], [1, 1, 0, 0]]);
    expect(fig.layout.xaxis!.range).to.deep.equal([0, 4]);
    expect(fig.layout.barmode).to.equal("overlay");
  });

  it("lays a colour histogram's channels side by side, labelled R, G, B", () => {
    const [img1, img2] = fx.colour.images.map(image);
    const fig = overlapFigure({ name: "1", hist: colorHistogram(img1, { bins: 8 }) }, { name: "2", hist: colorHistogram(img2, { bins: 8 }) });
    const x = (fig.data[0] as { x: number[] }).x;
    expect(x).to.have.length(24);
    expect(x[8]).to.be.greaterThan(256); // G starts after R's block and a gap
    expect(fig.layout.annotations!.map((a) => a.text)).to.deep.equal(["R (0–256)", "G (0–256)", "B (0–256)"]);
    expect(fig.layout.xaxis!.showticklabels).to.equal(false);
  });

  it("refuses histograms with different bins", () => {
    const a = histogram([1], { bins: 4, range: [0, 4] });
    const b = histogram([1], { bins: 5, range: [0, 4] });
    expect(() => overlapFigure({ name: "a", hist: a }, { name: "b", hist: b })).to.throw("binMinimum: the histograms have 4 and 5 bins");
  });
});
