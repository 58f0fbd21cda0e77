// tsdl.regUtils (the course's reg_utils.py + the regularization lab's testCases.py) against numpy
// (test/fixtures/reg.json, from tools/fixtures/gen_reg.py) and the lab's spec (LAB_SPEC §2).
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ndarray from "ndarray";
import type { Mat } from "../../lib/src/array";
import { assertClose } from "../../lib/src/check";
import { setDisplayWriter, type DisplayContent } from "../../lib/src/display";
import { format, formatFloat } from "../../lib/src/format";
import { random } from "../../lib/src/random";
import * as R from "../../lib/src/course/regUtils";

type Enc = number | "nan" | "inf" | "-inf" | "-0";
interface Arr { shape: number[]; values: Enc[] }
const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/reg.json", import.meta.url), "utf8"));
const EXACT = { rtol: 0, atol: 0 };

const dec = (v: Enc): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "-0" ? -0 : v);
const mat = (a: Arr): Mat => ndarray(Float64Array.from(a.values, dec), a.shape);
const params = (p: Record<string, Arr>): R.Parameters => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, mat(v)]));

/** Everything console.log prints while f runs. */
function captureLog(f: () => void): string {
  const orig = console.log;
  let out = "";
  console.log = (...args: unknown[]) => {
    out += args.map(String).join(" ") + "\n";
  };
  try {
    f();
  } finally {
    console.log = orig;
  }
  return out;
}

/** The display messages sent while f runs (as in a notebook). */
function captureDisplays(f: () => void): DisplayContent[] {
  const sent: DisplayContent[] = [];
  setDisplayWriter((c) => void sent.push(c));
  try {
    f();
  } finally {
    setDisplayWriter(null);
  }
  return sent;
}

describe("regUtils.initializeParameters (reg_utils.initialize_parameters)", () => {
  for (const c of fx.init as { layerDims: number[]; W: Arr[] }[]) {
    it(`[${c.layerDims}]: seed(3) inside, W = randn / sqrt(n_prev) — numpy's bits; b zeros`, () => {
      random.seed(12345); // the function must reseed itself
      const p = R.initializeParameters(c.layerDims);
      expect(Object.keys(p)).to.deep.equal(c.layerDims.slice(1).flatMap((_, i) => [`W${i + 1}`, `b${i + 1}`]));
      c.W.forEach((W, i) => {
        assertClose(p[`W${i + 1}`], mat(W), { ...EXACT, name: `W${i + 1}` });
        expect(p[`b${i + 1}`].shape).to.deep.equal([c.layerDims[i + 1], 1]);
        assertClose(p[`b${i + 1}`], new Array(c.layerDims[i + 1]).fill([0]), { ...EXACT, name: `b${i + 1}` });
      });
    });
  }
  it("rejects a bad layer list, naming it", () => {
    expect(() => R.initializeParameters([2])).to.throw(/initializeParameters.*\[2\]/);
    expect(() => R.initializeParameters([2, 0, 1])).to.throw(/initializeParameters/);
  });
});

describe("regUtils forward / cost / backward (convention B) / update / predict", () => {
  const c = fx.backwardB;
  const X = mat(c.X), Y = mat(c.Y), p = params(c.parameters);
  it("forwardPropagation gives numpy's a3 and the course's 12-element cache", () => {
    const [a3, cache] = R.forwardPropagation(X, p);
    assertClose(a3, mat(c.a3), { rtol: 1e-15, name: "a3" });
    expect(cache).to.have.length(12);
    expect(cache[2]).to.equal(p.W1);
    expect(cache[9]).to.equal(a3);
  });
  it("computeCost is 1/m · nansum: numpy's value", () => {
    const [a3] = R.forwardPropagation(X, p);
    assertClose(R.computeCost(a3, Y), dec(c.cost), { rtol: 1e-15, name: "cost" });
  });
  it("backwardPropagation puts 1/m on every dW and db (convention B): numpy's gradients", () => {
    const [, cache] = R.forwardPropagation(X, p);
    const g = R.backwardPropagation(X, Y, cache);
    for (const k of Object.keys(c.grads)) assertClose(g[k], mat(c.grads[k]), { rtol: 1e-13, atol: 1e-16, name: k });
  });
  it("updateParameters: W − lr·dW, b − lr·db, a new dictionary", () => {
    const [, cache] = R.forwardPropagation(X, p);
    const g = R.backwardPropagation(X, Y, cache);
    const q = R.updateParameters(p, g, 0.3);
    expect(q).to.not.equal(p);
    const w = p.W2.data[3] - 0.3 * g.dW2.data[3];
    expect(q.W2.data[3]).to.equal(w);
  });
  it("predict prints 'Accuracy: ' + str(mean) and returns 0/1 predictions; predictDec the same mask", () => {
    const [a3] = R.forwardPropagation(X, p);
    let pred: Mat | undefined;
    const out = captureLog(() => {
      pred = R.predict(X, Y, p);
    });
    const labels = Array.from(a3.data, (v) => (v > 0.5 ? 1 : 0));
    const acc = labels.filter((l, i) => l === Y.data[i]).length / labels.length;
    expect(out).to.equal(`Accuracy: ${formatFloat(acc)}\n`);
    expect(Array.from(pred!.data)).to.deep.equal(labels);
    expect(Array.from(R.predictDec(p, X).data)).to.deep.equal(labels);
  });
});

describe("regUtils test cases (testCases.py)", () => {
  it("computeCostWithRegularizationTestCase: seed(1), W1, b1, …, b3 by randn in order; the literal a3", () => {
    random.seed(7);
    const [a3, Y, p] = R.computeCostWithRegularizationTestCase();
    for (const [k, v] of Object.entries(fx.testCases.costParameters as Record<string, Arr>)) assertClose(p[k], mat(v), { ...EXACT, name: k });
    expect(format(a3)).to.equal("[[0.40682402 0.01629284 0.16722898 0.10118111 0.40682402]]");
    expect(Array.from(Y.data)).to.deep.equal([1, 1, 0, 1, 0]);
  });
  it("forwardPropagationWithDropoutTestCase: X = randn(3,5) first, then the parameters", () => {
    const [X, p] = R.forwardPropagationWithDropoutTestCase();
    assertClose(X, mat(fx.testCases.XAssess), { ...EXACT, name: "X_assess" });
    for (const [k, v] of Object.entries(fx.testCases.dropoutParameters as Record<string, Arr>)) assertClose(p[k], mat(v), { ...EXACT, name: k });
    // the literal caches below are one forward pass of these parameters, printed with 8 decimals
    expect(format(p.W1)).to.equal("[[-1.09989127 -0.17242821 -0.87785842]\n [ 0.04221375  0.58281521 -1.10061918]]");
  });
  it("backwardPropagationWithRegularizationTestCase: X_assess, Y, the literal 12-tuple cache", () => {
    const [X, Y, cache] = R.backwardPropagationWithRegularizationTestCase();
    assertClose(X, mat(fx.testCases.XAssess), { ...EXACT, name: "X_assess" });
    expect(Array.from(Y.data)).to.deep.equal([1, 1, 0, 1, 0]);
    expect(cache.map((a) => a.shape.join("x"))).to.deep.equal(["2x5", "2x5", "2x3", "2x1", "3x5", "3x5", "3x2", "3x1", "1x5", "1x5", "1x3", "1x1"]);
    const [Z1, A1, , , Z2, A2] = cache;
    expect(Array.from(A1.data)).to.deep.equal(Array.from(Z1.data, (z) => Math.max(0, z)));
    expect(Array.from(A2.data)).to.deep.equal(Array.from(Z2.data, (z) => Math.max(0, z)));
    expect(format(cache[8])).to.equal("[[-0.3771104  -4.10060224 -1.60539468 -2.18416951 -0.3771104 ]]");
  });
  it("backwardPropagationWithDropoutTestCase: the literal 14-tuple cache, masks as 0/1", () => {
    const [X, Y, cache] = R.backwardPropagationWithDropoutTestCase();
    assertClose(X, mat(fx.testCases.XAssess), { ...EXACT, name: "X_assess" });
    expect(Array.from(Y.data)).to.deep.equal([1, 1, 0, 1, 0]);
    expect(cache).to.have.length(14);
    expect(Array.from(cache[1].data)).to.deep.equal([1, 0, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(cache[6].data)).to.deep.equal([1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0]);
    expect(format(cache[11])).to.equal("[[0.32266394 0.49683389 0.00348883 0.49683389 0.32266394]]");
  });
});

describe("regUtils.load2DDataset (data.mat per the data policy)", () => {
  const d = fx.data;
  const savedEnv = process.env.TSDL_DATA;
  afterEach(() => {
    if (savedEnv === undefined) delete process.env.TSDL_DATA;
    else process.env.TSDL_DATA = savedEnv;
  });

  it("reads the course's data.mat: shapes, values and labels as numpy's loadmat(...).T; no banner", () => {
    let sets: Mat[] = [];
    const out = captureLog(() => {
      sets = R.load2DDataset();
    });
    expect(out).to.equal("");
    const [trainX, trainY, testX, testY] = sets;
    expect([trainX, trainY, testX, testY].map((a) => a.shape)).to.deep.equal(d.shapes);
    expect([trainX.get(0, 0), trainX.get(1, 0)]).to.deep.equal(d.trainX0.map(dec));
    expect([testX.get(0, 0), testX.get(1, 0)]).to.deep.equal(d.testX0.map(dec));
    expect(Array.from(trainY.data.slice(0, 10))).to.deep.equal(d.trainY10);
    expect(Array.from(testY.data.slice(0, 10))).to.deep.equal(d.testY10);
    expect(trainY.data.reduce((a, b) => a + b, 0)).to.equal(d.trainYSum);
    expect(testY.data.reduce((a, b) => a + b, 0)).to.equal(d.testYSum);
    assertClose(trainX.data.reduce((a, b) => a + b, 0), dec(d.trainXSum), { rtol: 1e-12, name: "sum(train_X)" });
    assertClose(testX.data.reduce((a, b) => a + b, 0), dec(d.testXSum), { rtol: 1e-12, name: "sum(test_X)" });
  });

  it("falls back to a synthetic stand-in with a visible banner when the file is nowhere ($TSDL_DATA an empty folder)", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "reg-empty-"));
    process.env.TSDL_DATA = empty;
    let sets: Mat[] = [];
    // a file name that is in none of the places: $TSDL_DATA (empty), ../shared/data, data/
    const out = captureLog(() => {
      sets = R.load2DDataset({ fileName: "no-such-data.mat" });
    });
    expect(sets.map((a) => a.shape)).to.deep.equal(d.shapes);
    expect(out).to.match(/^⚠ SYNTHETIC DATA/);
    expect(out).to.contain("$TSDL_DATA/no-such-data.mat — not found").and.not.contain(empty); // no machine path in a notebook
    expect(out).to.contain("apply only to the real file");
    // in a notebook the banner is an orange box (text/html) plus the full text
    const sent = captureDisplays(() => R.load2DDataset({ fileName: "no-such-data.mat" }));
    expect(sent).to.have.length(1);
    expect(sent[0].data["text/html"]).to.match(/<div class="tex2jax_ignore mathjax_ignore" style="border:2px solid #d9822b.*SYNTHETIC DATA/s);
    expect(sent[0].data["text/plain"]).to.match(/^⚠ SYNTHETIC DATA[\s\S]*no-such-data\.mat was not found/);
    fs.rmSync(empty, { recursive: true });
  });

  it("$TSDL_DATA pointing at an empty folder still finds ../shared/data/data.mat (the next place looked at)", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "reg-empty-"));
    process.env.TSDL_DATA = empty;
    const out = captureLog(() => {
      expect(R.load2DDataset()[0].shape).to.deep.equal([2, 211]);
    });
    expect(out).to.equal("");
    fs.rmSync(empty, { recursive: true });
  });

  it("an explicit path that does not exist is an error naming it", () => {
    expect(() => R.load2DDataset({ path: "/nonexistent/reg/data.mat" })).to.throw(/\/nonexistent\/reg\/data\.mat: no such file/);
  });

  it("a corrupt (truncated) data.mat is an error naming the file, never a silent fallback", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reg-corrupt-"));
    const src = path.join(__dirnameOf(), "..", "..", "..", "shared", "data", "data.mat");
    fs.writeFileSync(path.join(dir, "data.mat"), fs.readFileSync(src).subarray(0, 300));
    expect(() => R.load2DDataset({ path: dir })).to.throw(/data\.mat: truncated/);
    process.env.TSDL_DATA = dir;
    expect(() => R.load2DDataset()).to.throw(/data\.mat: truncated/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("regUtils plots", () => {
  const X = ndarray(Float64Array.from([-0.5, 0.2, 0.1, -0.3, 0.3, -0.6, 0.5, 0.0]), [2, 4]);
  const Y = ndarray(Float64Array.from([1, 0, 0, 1]), [1, 4]);
  it("plotDecisionBoundary shows one figure within the lab's limits [-0.75,0.40] × [-0.75,0.65]", () => {
    const sent = captureDisplays(() => R.plotDecisionBoundary((G) => ndarray(Float64Array.from(G.data.subarray(0, G.shape[1]), (v) => (v < 0 ? 1 : 0)), [1, G.shape[1]]), X, Y, { title: "t" }));
    expect(sent).to.have.length(1);
    const fig = sent[0].data["application/vnd.plotly.v1+json"] as { layout: { xaxis: { range: number[] }; yaxis: { range: number[] } } };
    expect(fig.layout.xaxis.range).to.deep.equal([-0.75, 0.4]);
    expect(fig.layout.yaxis.range).to.deep.equal([-0.75, 0.65]);
    expect(Object.keys(sent[0].data)).to.include.members(["image/svg+xml", "text/html", "text/plain"]);
  });
  it("plotCosts draws the costs against thousands of iterations, titled by the learning rate", () => {
    const sent = captureDisplays(() => R.plotCosts([0.7, 0.5, 0.3], 0.3));
    const fig = sent[0].data["application/vnd.plotly.v1+json"] as { data: { y: number[] }[]; layout: { title: { text: string } } };
    expect(fig.data[0].y).to.deep.equal([0.7, 0.5, 0.3]);
    expect(fig.layout.title.text).to.equal("Learning rate =0.3");
  });
  it("plotDataset shows the two classes", () => {
    const sent = captureDisplays(() => R.plotDataset(X, Y));
    const fig = sent[0].data["application/vnd.plotly.v1+json"] as { data: { x: number[] }[] };
    expect(fig.data.map((t) => t.x.length)).to.deep.equal([2, 2]);
  });
});

function __dirnameOf(): string {
  return path.dirname(new URL(import.meta.url).pathname);
}
