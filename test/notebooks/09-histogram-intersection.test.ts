// Notebook 09-histogram-intersection run through the real server and kernel, checked against numpy
// (test/fixtures/hist.json, from tools/fixtures/gen_hist.py) and against the course notes' definitions.
//
// - Gaussians: the first draws, the counts behind the chart and the printed intersection equal numpy's
//   for the same seed (exact text: Σ min and the intersection's repr), and so does the sweep of means.
// - SIGNS pictures (test_signs.h5 present): each printed intersection equals numpy's (from the fixture),
//   and a plain counting loop written here, independent of tsdl.stats, on the pictures the file holds.
// - Without the file (the cell re-run here with `findDataFile` answering null): synthetic pictures and the
//   data policy's banner.
import { expect } from "chai";
import fs from "node:fs";
import ts from "typescript";
import { sourceText } from "../../runner/notebook";
import * as tsdl from "../../lib/src/index";
import { assertClose } from "../../lib/src/check";
import { commonLabChecks, executeLab, type Executed } from "./harness";

const NAME = "09-histogram-intersection";
const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/hist.json", import.meta.url), "utf8"));
const gauss = fx.gaussians.find((g: { seed: number }) => g.seed === 1);
const MODEL = 0;
const INPUTS = [1, 3, 6];
const BINS = 32;

type Fig = { data: { type: string; name: string; x: number[]; y: number[] }[]; layout: { title?: { text: string }; xaxis: { range: number[] }; annotations?: { text: string }[] } };

/** The Plotly figures a cell displayed. */
function figures(lab: Executed, id: string): Fig[] {
  return (lab.cell(id).outputs ?? [])
    .filter((o) => o.output_type === "display_data" && "application/vnd.plotly.v1+json" in (o.data as object))
    .map((o) => (o.data as Record<string, Fig>)["application/vnd.plotly.v1+json"]);
}

/** Σ_c Σ_j min(I, M) / (h·w·c) by counting levels per channel in 8-level bins: no tsdl.stats involved. */
function naiveIntersection(x: tsdl.data.SignsSet["x"], input: number, model: number): { common: number; value: number } {
  const size = 64 * 64 * 3;
  const count = (k: number) => {
    const c = new Array(3 * BINS).fill(0);
    for (let p = 0; p < 64 * 64; p++) for (let ch = 0; ch < 3; ch++) c[ch * BINS + (x.data[k * size + p * 3 + ch] >> 3)]++;
    return c;
  };
  const I = count(input);
  const M = count(model);
  const common = I.reduce((s, v, j) => s + Math.min(v, M[j]), 0);
  return { common, value: common / size };
}

const signsFile = tsdl.data.findDataFile("test_signs.h5");

describe(`notebook ${NAME} (real kernel)`, function () {
  this.timeout(300_000);
  let lab: Executed;
  before(async () => {
    lab = await executeLab(NAME);
  });
  commonLabChecks(NAME, () => lab);

  describe("two Gaussians (numpy's draws, bins and intersection)", () => {
    it("draws what numpy draws for seed 1: N(-4, 2) then N(4, 2)", () => {
      const [a0, a1, a2, b0, b1, b2] = gauss.first as number[];
      expect(lab.stdout("gaussians-draw")).to.equal(
        `first draws of a: ${tsdl.str(tsdl.array([a0, a1, a2]))}\nfirst draws of b: ${tsdl.str(tsdl.array([b0, b1, b2]))}\n`);
    });
    it("bins: 100 over [-15, 15], every value counted", () => {
      expect(lab.stdout("gaussians-hist")).to.equal("100 bins, edges -15 … 15, width 0.3\na: 1000 of 1000 values counted, b: 1000 of 1000\n");
    });
    it(`prints Σ min = ${gauss.common} and intersection = ${gauss.intersectionRepr}, numpy's value for the same draws`, () => {
      expect(lab.stdout("gaussians-intersection")).to.equal(`sum of min(a_j, b_j) = ${gauss.common}, sum of b_j = 1000\nintersection = ${gauss.intersectionRepr}\n`);
    });
    it("charts numpy's counts for both histograms and their bin-wise minimum on [-15, 15]", () => {
      const figs = figures(lab, "gaussians-intersection");
      expect(figs).to.have.length(1);
      const [a, b, overlap] = figs[0].data;
      expect(figs[0].data.map((t) => t.type)).to.deep.equal(["bar", "bar", "bar"]);
      expect(a.y).to.deep.equal(gauss.countsA);
      expect(b.y).to.deep.equal(gauss.countsB);
      expect(overlap.y).to.deep.equal(gauss.countsA.map((v: number, j: number) => Math.min(v, gauss.countsB[j])));
      assertClose(a.x[0], -14.85, { rtol: 1e-12, name: "first bin centre" });
      assertClose(figs[0].layout.xaxis.range, [-15, 15], { rtol: 1e-12, name: "x range" });
      expect(figs[0].layout.title!.text).to.equal(`Histogram intersection = ${gauss.intersectionRepr}`);
    });
    it("sweeps the means: numpy's intersections for ±4, ±3, ±2, ±1, 0", () => {
      const want = fx.sweep.map((s: { mu: number; intersectionRepr: string }) => `means ${-s.mu} and ${s.mu}: intersection = ${s.intersectionRepr}\n`).join("");
      expect(lab.stdout("gaussians-sweep")).to.equal(want);
    });
    it("explains the value with the overlap area 2Φ(-2) ≈ 0.046", () => {
      expect(sourceText(lab.cell("gaussians-explained"))).to.include("2\\,\\Phi(-2) \\approx 0.046");
    });
  });

  describe("colour histograms of pictures", () => {
    it(signsFile ? "reads the course's test_signs.h5" : "uses synthetic pictures (test_signs.h5 absent) and shows the banner", () => {
      const out = lab.stdout("signs-load");
      if (signsFile) {
        expect(out).to.equal("pictures: (120, 64, 64, 3) from test_signs.h5\n");
        expect(lab.cell("signs-load").outputs!.filter((o) => o.output_type === "display_data")).to.have.length(0);
      } else {
        expect(out).to.equal("pictures: (120, 64, 64, 3) synthetic stand-ins\n");
        const banner = lab.cell("signs-load").outputs!.find((o) => o.output_type === "display_data");
        expect(String((banner!.data as Record<string, unknown>)["text/plain"])).to.match(/^⚠ SYNTHETIC DATA in use\./);
      }
    });

    it("shows the model and the three pictures, labelled", () => {
      const figs = figures(lab, "signs-show");
      expect(figs).to.have.length(1);
      expect(figs[0].data.map((t) => t.type)).to.deep.equal(["image"]);
      const set = signsFile ? tsdl.data.readSignsFile(signsFile) : tsdl.data.syntheticSigns(120, 2, "test");
      const y = (i: number) => set.y.get(0, i);
      expect(figs[0].layout.annotations!.map((a) => a.text)).to.deep.equal([`model #0 (y = ${y(0)})`, ...INPUTS.map((i) => `#${i} (y = ${y(i)})`)]);
    });

    it("prints one intersection per pair, equal to a plain count of the pictures' levels" + (fx.signs ? " and to numpy's" : ""), () => {
      const set = signsFile ? tsdl.data.readSignsFile(signsFile) : tsdl.data.syntheticSigns(120, 2, "test");
      const y = (i: number) => set.y.get(0, i);
      const lines = lab.stdout("signs-compare").trimEnd().split("\n");
      expect(lines).to.have.length(INPUTS.length);
      INPUTS.forEach((i, k) => {
        const ref = naiveIntersection(set.x, i, MODEL);
        expect(lines[k]).to.equal(`#${i} (y = ${y(i)}) vs model #0 (y = ${y(0)}): intersection = ${ref.value} (${ref.common} of 12288 values)`);
        if (signsFile && fx.signs) {
          const np = fx.signs.pairs[k];
          expect([np.input, fx.signs.model, fx.signs.bins]).to.deep.equal([i, MODEL, BINS]);
          expect(lines[k]).to.include(`intersection = ${np.intersectionRepr} (${np.common} of 12288 values)`);
        }
      });
    });

    it("shows each pair's colour histograms (3 × 32 bins) with their overlap", () => {
      const figs = figures(lab, "signs-compare");
      expect(figs).to.have.length(INPUTS.length);
      for (const f of figs) {
        expect(f.data.map((t) => t.y.length)).to.deep.equal([96, 96, 96]);
        expect(f.data[2].y).to.deep.equal(f.data[0].y.map((v, j) => Math.min(v, f.data[1].y[j])));
        expect(f.data[0].y.reduce((s, v) => s + v, 0)).to.equal(12288);
        expect(f.layout.annotations!.map((a) => a.text)).to.deep.equal(["R (0–256)", "G (0–256)", "B (0–256)"]);
      }
    });

    it("the explanation quotes the printed values (course file)", function () {
      if (!signsFile) this.skip();
      const text = sourceText(lab.cell("signs-explained"));
      const values = lab.stdout("signs-compare").trimEnd().split("\n").map((l) => Number(/intersection = (\S+)/.exec(l)![1]));
      expect(text).to.include(`(#1, ${values[0].toFixed(3)})`);
      expect(text).to.include(`(${values[2].toFixed(3)})`);
      expect(values[2]).to.be.greaterThan(values[0]); // the claim: another sign is closer than the same sign
    });

    it("without test_signs.h5 the load cell falls back to synthetic pictures and shows the data policy's banner", () => {
      const js = ts.transpileModule(sourceText(lab.cell("signs-load")), { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS } }).outputText;
      const banners: string[] = [];
      const printed: string[] = [];
      const fake = { ...tsdl, data: { ...tsdl.data, findDataFile: () => null }, regUtils: { ...tsdl.regUtils, showBanner: (t: string) => banners.push(t) } };
      const signs = new Function("tsdl", "console", `${js}\nreturn signs;`)(fake, { log: (s: string) => printed.push(s) }) as tsdl.data.SignsSet;
      expect(signs.source).to.equal("synthetic");
      expect(printed).to.deep.equal(["pictures: (120, 64, 64, 3) synthetic stand-ins"]);
      expect(banners).to.have.length(1);
      expect(banners[0]).to.match(/^SYNTHETIC DATA in use\.\ntest_signs\.h5: NOT FOUND — the pictures below are SYNTHETIC stand-ins \(120 images, seed 2\)\.\nLooked in:\n {2}1\. /);
    });
  });
});
