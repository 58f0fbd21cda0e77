// notebooks/04-optimization: every expected value of LAB_SPEC §4 through the real kernel, and the
// notebook's graded functions on inputs of our own against numpy (test/fixtures/opt.json from
// tools/fixtures/gen_opt.py).
//
// Exact text: every test-case printout, the data, every "Cost after epoch" and "learning rate after
// epoch" line (the course's %f), every accuracy, the results table; the graded functions' results
// on numpy's inputs bit for bit. Tolerance: the costs kept every 100 epochs (the y values of each cost
// plot) within 1e-12 relative of numpy's — tsdl's matrix products round their sums in another order
// than OpenBLAS; measured ≤ 1.1e-15 over all eight runs, none is chaotic.
import { expect } from "chai";
import { sourceText } from "../../runner/notebook";
import * as tsdl from "../../lib/src/index";
import type { Mat } from "../../lib/src/array";
import { assertClose } from "../../lib/src/check";
import { bitsOf, dict, fixture, labels, mat, num, type Arr, type Enc } from "../helpers/fixtures";
import { cellFunctions } from "../helpers/cells";
import { commonLabChecks, executeLab, inlineCheckCells, type Executed } from "./harness";

const NAME = "04-optimization";
const fx = fixture("opt.json");
const EXACT = { rtol: 0, atol: 0 };

// ------------------------------------------------------------------ LAB_SPEC §4, as the course printed it
const GRADED = ["updateParametersWithGd", "randomMiniBatches", "initializeVelocity", "updateParametersWithMomentum",
  "updateParametersWithRmsprop", "initializeAdam", "updateParametersWithAdam", "updateLr", "scheduleLrDecay"];
const P = fx.testCases.printed;
/** test cell → the numpy reference's printout (the course's print statements; v["db2"] without its label typo) */
const TEST_CELLS: Record<string, string> = {
  "gd-test": P.gd, "minibatch-test": P.miniBatches, "velocity-test": P.velocity, "momentum-test": P.momentum,
  "rmsprop-test": P.rmsprop, "init-adam-test": P.initAdam, "adam-test": P.adam, "update-lr-test": P.updateLr,
  "schedule-test": P.scheduleLrDecay,
};
/** pieces of LAB_SPEC §4's expected outputs each printout must contain (so the fixture is the course's too) */
const SPEC_PIECES: Record<string, string[]> = {
  "gd-test": ["W1 = [[ 1.63535156 -0.62320365 -0.53718766]\n [-1.07799357  0.85639907 -2.29470142]]", "b1 = [[ 1.74604067]\n [-0.75184921]]",
    "W2 = [[ 0.32171798 -0.25467393  1.46902454]\n [-2.05617317 -0.31554548 -0.3756023 ]\n [ 1.1404819  -1.09976462 -0.1612551 ]]",
    "b2 = [[-0.88020257]\n [ 0.02561572]\n [ 0.57539477]]"],
  "minibatch-test": ["(12288, 64)", "(12288, 20)", "(1, 20)", "mini batch sanity check: [ 0.90085595 -0.7612069   0.2344157 ]"],
  "momentum-test": ["W1 = [[ 1.62544598 -0.61290114 -0.52907334]\n [-1.07347112  0.86450677 -2.30085497]]", "b1 = [[ 1.74493465]\n [-0.76027113]]",
    "W2 = [[ 0.31930698 -0.24990073  1.4627996 ]\n [-2.05974396 -0.32173003 -0.38320915]\n [ 1.13444069 -1.0998786  -0.1713109 ]]",
    "b2 = [[-0.87809283]\n [ 0.04055394]\n [ 0.58207317]]", 'v["dW1"] = [[-0.11006192  0.11447237  0.09015907]\n [ 0.05024943  0.09008559 -0.06837279]]',
    'v["db1"] = [[-0.01228902]\n [-0.09357694]]', "[-0.06712461 -0.00126646 -0.11173103]]", "[[0.02344157]\n [0.16598022]\n [0.07420442]]"],
  "adam-test": ["W1 = [[ 1.63178673 -0.61919778 -0.53561312]\n [-1.08040999  0.85796626 -2.29409733]]", "b1 = [[ 1.75225313]\n [-0.75376553]]",
    "W2 = [[ 0.32648046 -0.25681174  1.46954931]\n [-2.05269934 -0.31497584 -0.37661299]\n [ 1.14121081 -1.09244991 -0.16498684]]",
    "b2 = [[-0.88529979]\n [ 0.03477238]\n [ 0.57537385]]", 's["dW1"] = [[0.00121136 0.00131039 0.00081287]\n [0.0002525  0.00081154 0.00046748]]',
    's["db1"] = [[1.51020075e-05]\n [8.75664434e-04]]',
    's["dW2"] = [[7.17640232e-05 2.81276921e-04 4.78394595e-04]\n [1.57413361e-04 4.72206320e-04 7.14372576e-04]\n [4.50571368e-04 1.60392066e-07 1.24838242e-03]]',
    's["db2"] = [[5.49507194e-05]\n [2.75494327e-03]\n [5.50629536e-04]]'],
  "update-lr-test": ["Original learning rate:  0.5\n", "Updated learning rate:  0.16666666666666666\n"],
  "schedule-test": [":  0.5\n", ":  0.3846153846153846\n"],
};

interface Run {
  cell: string;
  fixture: string;
  optimizer: string;
  /** LAB_SPEC §4's printed costs at epochs 0, 1000, … (RMSprop: numpy's, the course has no such run) */
  costs: string[];
  /** LAB_SPEC §4's "learning rate after epoch" values (decay runs) */
  lr?: string[];
  accuracy: string;
  predict: string;
  title: string;
  learningRate: string;
}
const LR = ["0.100000", "0.050000", "0.033333", "0.025000", "0.020000"];
const RUNS: Run[] = [
  { cell: "gd-train", fixture: "gd", optimizer: "gd", accuracy: "0.7966666666666666", predict: "gd-predict", title: "Model with Gradient Descent optimization", learningRate: "0.0007",
    costs: ["0.702405", "0.668101", "0.635288", "0.600491", "0.573367", "0.551977", "0.532370", "0.514007", "0.496472", "0.468014"] },
  { cell: "momentum-train", fixture: "momentum", optimizer: "momentum", accuracy: "0.7966666666666666", predict: "momentum-predict", title: "Model with Momentum optimization", learningRate: "0.0007",
    costs: ["0.702413", "0.668167", "0.635388", "0.600591", "0.573444", "0.552058", "0.532458", "0.514101", "0.496652", "0.468160"] },
  { cell: "rmsprop-train", fixture: "rmsprop", optimizer: "rmsprop", accuracy: "0.94", predict: "rmsprop-predict", title: "Model with RMSprop optimization", learningRate: "0.0007",
    costs: ["0.697438", "0.152880", "0.140508", "0.138209", "0.136071", "0.134188", "0.131132", "0.130647", "0.130030", "0.129288"] },
  { cell: "adam-train", fixture: "adam", optimizer: "adam", accuracy: "0.94", predict: "adam-predict", title: "Model with Adam optimization", learningRate: "0.0007",
    costs: ["0.702166", "0.167845", "0.141316", "0.138788", "0.136066", "0.134240", "0.131127", "0.130216", "0.129623", "0.129118"] },
  { cell: "gd-update-lr-train", fixture: "gdUpdateLr", optimizer: "gd", accuracy: "0.6533333333333333", predict: "gd-update-lr-predict",
    title: "Gradient Descent with learning rate decay (every epoch)", learningRate: "2e-05",
    costs: ["0.701091", "0.661884", "0.658620", "0.656765", "0.655486"], lr: ["0.100000", "0.000100", "0.000050", "0.000033", "0.000025"] },
  { cell: "gd-schedule-train", fixture: "gdSchedule", optimizer: "gd", accuracy: "0.9433333333333334", predict: "gd-schedule-predict",
    title: "Gradient Descent with scheduled learning rate decay", learningRate: "0.02",
    costs: ["0.701091", "0.127161", "0.120304", "0.117033", "0.117512"], lr: LR },
  { cell: "momentum-schedule-train", fixture: "momentumSchedule", optimizer: "momentum", accuracy: "0.9533333333333334", predict: "momentum-schedule-predict",
    title: "Momentum with scheduled learning rate decay", learningRate: "0.02",
    costs: ["0.702226", "0.128974", "0.125965", "0.123375", "0.123218"], lr: LR },
  { cell: "adam-schedule-train", fixture: "adamSchedule", optimizer: "adam", accuracy: "0.94", predict: "adam-schedule-predict",
    title: "Adam with scheduled learning rate decay", learningRate: "0.002",
    costs: ["0.699346", "0.130074", "0.129826", "0.129282", "0.128361"], lr: LR.map((v) => (Number(v) / 10).toFixed(6)) },
];

/** The stdout a run prints: "Cost after epoch i: c" (and "learning rate after epoch i: lr") every 1000 epochs. */
function runText(r: Run): string {
  return r.costs.map((c, k) => `Cost after epoch ${k * 1000}: ${c}\n` + (r.lr ? `learning rate after epoch ${k * 1000}: ${r.lr[k]}\n` : "")).join("");
}

type Figure = { data: { name?: string; x: number[]; y: number[] }[]; layout: { title?: { text: string }; xaxis: { range: number[]; title?: { text: string } }; yaxis: { range: number[] }; images?: unknown[] } };

/** The display_data bundles of a cell; `plots` keeps those with a Plotly figure, else the others (progress). */
function displays(lab: Executed, id: string, plots = true): Record<string, unknown>[] {
  return (lab.cell(id).outputs ?? [])
    .filter((o) => o.output_type === "display_data")
    .map((o) => o.data as Record<string, unknown>)
    .filter((d) => plots === "application/vnd.plotly.v1+json" in d);
}
function figures(lab: Executed, id: string): Figure[] {
  return displays(lab, id).map((d) => d["application/vnd.plotly.v1+json"] as Figure);
}

/** The fenced block of a markdown cell. */
function fenced(lab: Executed, id: string): string {
  const m = /```\n([\s\S]*?)```/.exec(sourceText(lab.cell(id)));
  if (!m) throw new Error(`${id}: no fenced block`);
  return m[1];
}

/** A graded cell's code compiled to JS and evaluated with `tsdl`: the function the learner wrote. */
function gradedFunction<F>(lab: Executed, id: string): F {
  return cellFunctions(lab.fresh, ["packages", id], [id]).fns[id];
}

type D = Record<string, Mat>;

describe(`notebook ${NAME} (real kernel)`, function () {
  this.timeout(300_000);
  let lab: Executed;
  before(async () => {
    lab = await executeLab(NAME);
  });
  commonLabChecks(NAME, () => lab);
  inlineCheckCells(() => lab);

  it("runs in under 60 s", () => {
    expect(lab.result.seconds).to.be.lessThan(60);
  });

  it("loads the moons data: shapes, first example, first labels (LAB_SPEC §4)", () => {
    expect(lab.stdout("data")).to.equal(
      "trainX: (2, 300), trainY: (1, 300)\nfirst example: -0.21687013460912397 1.0154493742029873\nfirst ten labels: [[0 1 1 1 0 0 1 1 0 1]]\n");
    expect(fenced(lab, "data-expected")).to.equal(lab.stdout("data"));
    expect(figures(lab, "data")).to.have.length(1);
  });

  describe("graded functions", () => {
    it("are tagged graded with ids and points, with the learner's part between START/END CODE HERE", () => {
      for (const id of GRADED) {
        const cell = lab.cell(id);
        expect(cell.metadata.tsdl, id).to.deep.include({ graded: true, grade_id: id });
        expect(cell.metadata.tsdl.points, id).to.be.a("number");
        const src = sourceText(cell);
        expect(src, id).to.match(new RegExp(`^// GRADED FUNCTION: ${id}\\n`));
        expect(src.indexOf("// START CODE HERE"), id).to.be.greaterThan(0).and.lessThan(src.indexOf("// END CODE HERE"));
      }
    });
    for (const [id, text] of Object.entries(TEST_CELLS)) {
      it(`${id} prints numpy's output exactly, as its Expected output block shows`, () => {
        expect(lab.stdout(id)).to.equal(text);
        expect(fenced(lab, id.replace(/-test$/, "-expected"))).to.equal(text);
        for (const piece of SPEC_PIECES[id] ?? []) expect(text, `${id}: LAB_SPEC piece`).to.include(piece);
      });
    }
    it("the Adam section shows both W2[2,1] / b2[0] values: ε outside (printed) and ε inside (the course's markdown)", () => {
      const md = sourceText(lab.cell("adam-expected"));
      for (const s of ["-1.09245036", "-1.09244991", "-0.88529978", "-0.88529979"]) expect(md).to.include(s);
      expect(fx.testCases.printed.adamEpsilonInside).to.include("-1.09245036").and.include("[[-0.88529978]");
    });

    it("randomMiniBatches equals numpy's random_mini_batches on sizes that divide m and sizes that do not", () => {
      const f = gradedFunction<(X: Mat, Y: Mat, size: number, seed: number) => [Mat, Mat][]>(lab, "randomMiniBatches");
      for (const c of fx.miniBatches as { X: Arr; Y: string; size: number; seed: number; batches: { X: Arr; Y: string }[] }[]) {
        const got = f(mat(c.X), labels(c.Y), c.size, c.seed);
        expect(got.length, `m=${c.X.shape[1]} size=${c.size}`).to.equal(c.batches.length);
        got.forEach(([bx, by], k) => {
          assertClose(bx, mat(c.batches[k].X), { ...EXACT, name: `m=${c.X.shape[1]} size=${c.size} batch ${k}` });
          expect(bitsOf(by)).to.equal(c.batches[k].Y);
        });
      }
    });
    it("the update functions equal numpy's bit for bit over several steps (Adam at t = 1 … 1000) and equal tsdl.nn's steps", () => {
      const U = fx.updates;
      const grads = (U.grads as Record<string, Arr>[]).map(dict);
      const gdF = gradedFunction<(p: D, g: D, lr: number) => D>(lab, "updateParametersWithGd");
      const initV = gradedFunction<(p: D) => D>(lab, "initializeVelocity");
      const momF = gradedFunction<(p: D, g: D, v: D, beta: number, lr: number) => [D, D]>(lab, "updateParametersWithMomentum");
      const rmsF = gradedFunction<(p: D, g: D, s: D, beta2: number, lr: number, eps: number) => [D, D]>(lab, "updateParametersWithRmsprop");
      const initA = gradedFunction<(p: D) => [D, D]>(lab, "initializeAdam");
      const adamF = gradedFunction<(p: D, g: D, v: D, s: D, t: number, lr: number, b1: number, b2: number, eps: number) => [D, D, D, D, D]>(lab, "updateParametersWithAdam");
      const same = (got: D, want: Record<string, Arr>, name: string) => {
        expect(Object.keys(got).sort(), name).to.deep.equal(Object.keys(want).sort());
        for (const [k, v] of Object.entries(want)) assertClose(got[k], mat(v), { ...EXACT, name: `${name}.${k}` });
      };
      let p = dict(U.start);
      grads.forEach((g, k) => same((p = gdF(p, g, U.hyper.gd.learningRate)), U.gd[k].parameters, `gd ${k}`));
      p = dict(U.start);
      let v = initV(p);
      grads.forEach((g, k) => {
        [p, v] = momF(p, g, v, U.hyper.momentum.beta, U.hyper.momentum.learningRate);
        same(p, U.momentum[k].parameters, `momentum ${k}`);
        same(v, U.momentum[k].v, `momentum ${k} v`);
      });
      p = dict(U.start);
      let s = initV(p);
      const h = U.hyper.rmsprop;
      grads.forEach((g, k) => {
        [p, s] = rmsF(p, g, s, h.beta2, h.learningRate, h.epsilon);
        same(p, U.rmsprop[k].parameters, `rmsprop ${k}`);
        same(s, U.rmsprop[k].s, `rmsprop ${k} s`);
      });
      p = dict(U.start);
      [v, s] = initA(p);
      const a = U.hyper.adam;
      grads.forEach((g, k) => {
        let vc: D, sc: D;
        [p, v, s, vc, sc] = adamF(p, g, v, s, U.t[k], a.learningRate, a.beta1, a.beta2, a.epsilon);
        same(p, U.adam[k].parameters, `adam t=${U.t[k]}`);
        same(v, U.adam[k].v, `adam t=${U.t[k]} v`);
        same(s, U.adam[k].s, `adam t=${U.t[k]} s`);
        same(vc, U.adam[k].vCorrected, `adam t=${U.t[k]} vCorrected`);
        same(sc, U.adam[k].sCorrected, `adam t=${U.t[k]} sCorrected`);
      });
      // the lib's in-place Adam (bench case C, tsdl.nn.optimizer) computes the same bits
      const q = dict(U.start);
      const vq = tsdl.nn.zerosLike(q), sq = tsdl.nn.zerosLike(q);
      grads.forEach((g, k) => tsdl.nn.adamStep(q, g, vq, sq, U.t[k], a.learningRate, a.beta1, a.beta2, a.epsilon));
      for (const k of Object.keys(q)) assertClose(q[k], p[k], { ...EXACT, name: `nn.adamStep vs notebook ${k}` });
    });
    it("updateLr and scheduleLrDecay equal numpy's on a grid of 480 argument lists", () => {
      const up = gradedFunction<(lr0: number, e: number, r: number) => number>(lab, "updateLr");
      const sched = gradedFunction<(lr0: number, e: number, r: number, i?: number) => number>(lab, "scheduleLrDecay");
      for (const c of fx.decay as { fn: string; args: number[]; value: Enc }[]) {
        const [lr0, e, r, i] = c.args;
        expect(c.fn === "updateLr" ? up(lr0, e, r) : sched(lr0, e, r, i), `${c.fn}(${c.args})`).to.equal(num(c.value));
      }
      expect(sched(0.1, 1999, 1)).to.equal(0.05); // timeInterval defaults to 1000
    });
  });

  describe("training runs", () => {
    for (const r of RUNS) {
      describe(`${r.cell}`, () => {
        it("prints LAB_SPEC §4's cost (and learning-rate) lines exactly, as numpy does and as the Expected output shows", () => {
          const out = lab.stdout(r.cell);
          expect(out).to.equal(runText(r));
          expect(out.trimEnd().split("\n")).to.deep.equal(fx.models[r.fixture].printed);
          expect(fenced(lab, `${r.cell}-expected`)).to.equal(out);
        });
        it("keeps a cost every 100 epochs, within 1e-12 of numpy's, in a plot titled as the course's", () => {
          const figs = figures(lab, r.cell);
          expect(figs).to.have.length(1);
          const fig = figs[0];
          const ref = (fx.models[r.fixture].costs as Enc[]).map(num);
          expect(fig.data[0].y).to.have.length(ref.length);
          assertClose(fig.data[0].y, ref, { rtol: 1e-12, name: `${r.fixture} costs vs numpy` });
          expect(fig.layout.title?.text).to.equal(`Learning rate = ${r.learningRate}`);
          expect(fig.layout.xaxis.title?.text).to.equal("epochs (per 100)");
        });
        it("shows one progress line, updated in place, that ends at the last epoch", () => {
          const bars = displays(lab, r.cell, false);
          expect(bars).to.have.length(1);
          const epochs = r.lr ? 5000 : 10000;
          expect(String(bars[0]["text/plain"])).to.match(new RegExp(`^training \\(${r.optimizer}\\): ${epochs}/${epochs} \\(100%\\) · cost \\S+ · done in `));
        });
        it(`reaches Accuracy: ${r.accuracy} and draws its decision boundary on [-1.5, 2.5] × [-1, 1.5]`, () => {
          expect(lab.stdout(r.predict)).to.equal(`Accuracy: ${r.accuracy}\n`);
          expect(String(fx.models[r.fixture].accuracyText)).to.equal(r.accuracy);
          expect(fenced(lab, `${r.predict}-expected`)).to.equal(`Accuracy: ${r.accuracy}\n`);
          const [fig] = figures(lab, r.predict);
          expect(fig.layout.title?.text).to.equal(r.title);
          expect([fig.layout.xaxis.range, fig.layout.yaxis.range]).to.deep.equal([[-1.5, 2.5], [-1, 1.5]]);
          expect(fig.layout.images).to.have.length(1);
        });
      });
    }
  });

  it("ends with the results table, one chart with every run's cost curve, and What to remember", () => {
    const out = lab.stdout("results");
    expect(out).to.equal(fenced(lab, "results-expected"));
    for (const row of [/gradient descent +79\.7 %/, /RMSprop +94\.0 %/, /decay every epoch +65\.3 %/, /momentum, scheduled decay +95\.3 %/]) expect(out).to.match(row);
    const [fig] = figures(lab, "results");
    expect(fig.data.map((t) => t.name)).to.have.length(8);
    expect(fig.data[0].x.slice(0, 3)).to.deep.equal([0, 100, 200]);
    expect(fig.data[0].y).to.have.length(100);
    expect(fig.data[7].y).to.have.length(50);
    expect(sourceText(lab.cell("remember"))).to.match(/^## What to remember/);
  });
});
