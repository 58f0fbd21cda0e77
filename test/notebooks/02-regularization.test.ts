// notebooks/02-regularization: every expected value of LAB_SPEC §2 through the real kernel, and the
// notebook's graded functions on inputs of our own against numpy (test/fixtures/reg.json from
// tools/fixtures/gen_reg.py).
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import ndarray from "ndarray";
import ts from "typescript";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { sourceText, type Cell } from "../../runner/notebook";
import { parseSource } from "../../runner/source";
import * as tsdl from "../../lib/src/index";
import type { Mat } from "../../lib/src/array";
import { assertClose } from "../../lib/src/check";
import { commonLabChecks, executeLab, inlineCheckCells, type Executed } from "./harness";

const NAME = "02-regularization";
type Enc = number | "nan" | "inf" | "-inf" | "-0";
interface Arr { shape: number[]; values: Enc[] }
const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/reg.json", import.meta.url), "utf8"));
const dec = (v: Enc): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "-0" ? -0 : v);
const mat = (a: Arr): Mat => ndarray(Float64Array.from(a.values, dec), a.shape);
const params = (p: Record<string, Arr>): Record<string, Mat> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, mat(v)]));

// ------------------------------------------------------------------ LAB_SPEC §2, as the course printed it
const GRADED = ["computeCostWithRegularization", "backwardPropagationWithRegularization", "forwardPropagationWithDropout", "backwardPropagationWithDropout"];
const EXPECTED_TEXT: Record<string, string> = {
  data: "train_X: (2, 211)   train_Y: (1, 211)\ntest_X:  (2, 200)   test_Y:  (1, 200)\n",
  "cost-reg-test": "cost = 1.7864859451590758\n",
  "backward-reg-test":
    "dW1 = [[-0.25604646  0.12298827 -0.28297129]\n [-0.17706303  0.34536094 -0.4410571 ]]\n" +
    "dW2 = [[ 0.79276486  0.85133918]\n [-0.0957219  -0.01720463]\n [-0.13100772 -0.03750433]]\n" +
    "dW3 = [[-1.77691347 -0.11832879 -0.09397446]]\n",
  "forward-dropout-test": "A3 = [[0.36974721 0.00305176 0.04565099 0.49683389 0.36974721]]\n",
  "backward-dropout-test":
    "dA1 = [[ 0.36544439  0.         -0.00188233  0.         -0.17408748]\n [ 0.65515713  0.         -0.00337459  0.         -0.        ]]\n" +
    "dA2 = [[ 0.58180856  0.         -0.00299679  0.         -0.27715731]\n [ 0.          0.53159854 -0.          0.53159854 -0.34089673]\n [ 0.          0.         -0.00292733  0.         -0.        ]]\n",
  "baseline-predict": "On the training set:\nAccuracy: 0.9478672985781991\nOn the test set:\nAccuracy: 0.915\n",
  results:
    "model                                 train accuracy   test accuracy\n" +
    "3-layer NN without regularization             94.8 %          91.5 %\n" +
    "3-layer NN with L2-regularization             93.8 %          93.0 %\n" +
    "3-layer NN with dropout                       92.9 %          95.0 %\n",
};

interface Run {
  cell: string;
  fixture: string;
  /** the course's printed costs at 0, 10000, 20000 (LAB_SPEC §2) */
  costs: [string, string, string];
  /** what follows the cost lines on stdout (accuracies), exactly */
  tail: string;
  title: string;
  boundary: string;
}
const RUNS: Run[] = [
  {
    cell: "baseline-train", fixture: "baseline", costs: ["0.6557412523481002", "0.16329987525724213", "0.13851642423245572"],
    tail: "", title: "Model without regularization", boundary: "baseline-boundary",
  },
  {
    cell: "l2-train", fixture: "l2", costs: ["0.6974484493131264", "0.26849188732822393", "0.2680916337127301"],
    tail: "On the train set:\nAccuracy: 0.9383886255924171\nOn the test set:\nAccuracy: 0.93\n", title: "Model with L2-regularization", boundary: "l2-boundary",
  },
  {
    cell: "dropout-train", fixture: "dropout", costs: ["0.6543912405149825", "0.0610169865749056", "0.060582435798513114"],
    tail: "On the train set:\nAccuracy: 0.9289099526066351\nOn the test set:\nAccuracy: 0.95\n", title: "Model with dropout", boundary: "dropout-boundary",
  },
];
/** LAB_SPEC §7: model costs after iteration 0 agree with the course to this relative tolerance. */
const COST_RTOL = 1e-10;

const PLOTLY = "application/vnd.plotly.v1+json";
type PlotlyFig = { data: { x: number[]; y: number[] }[]; layout: { title?: { text: string }; xaxis: { range: number[] }; yaxis: { range: number[] } } };
function figures(cell: Cell): PlotlyFig[] {
  return (cell.outputs ?? []).filter((o) => o.output_type === "display_data" && PLOTLY in (o.data as object)).map((o) => (o.data as Record<string, unknown>)[PLOTLY] as PlotlyFig);
}

// ------------------------------------------------------------------ the notebook's graded functions, outside the kernel
interface Graded {
  computeCostWithRegularization(A3: Mat, Y: Mat, p: Record<string, Mat>, lambd: number): number;
  backwardPropagationWithRegularization(X: Mat, Y: Mat, cache: unknown, lambd: number): Record<string, Mat>;
  forwardPropagationWithDropout(X: Mat, p: Record<string, Mat>, keepProb: number): [Mat, Mat[]];
  backwardPropagationWithDropout(X: Mat, Y: Mat, cache: unknown, keepProb: number): Record<string, Mat>;
}

/**
 * The packages cell (its destructured helpers) and the graded cells of the notebook's source script
 * (the notebook itself is checked to be built from it), transpiled as tslab does (types dropped) and
 * evaluated with tsdl = lib/src.
 */
function loadGraded(): Graded {
  const file = path.join(projectRoot, "notebooks", "src", `${NAME}.ts`);
  const nb = parseSource(fs.readFileSync(file, "utf8"), file);
  const cellSrc = (id: string) => {
    const c = nb.cells.find((x) => x.id === id);
    if (!c) throw new Error(`${NAME}: no cell "${id}"`);
    return sourceText(c);
  };
  const code = [cellSrc("packages").replace(/^import \* as tsdl from "tsdl";$/m, ""), ...GRADED.map(cellSrc), `return { ${GRADED.join(", ")} };`].join("\n");
  const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText;
  return new Function("tsdl", js)(tsdl) as Graded;
}

describe(`notebook ${NAME}: graded functions on inputs of our own (numpy reference)`, () => {
  const g = loadGraded();
  const G = fx.graded;

  it("computeCostWithRegularization: other sizes, m and λ (one a3 saturated to 1: nansum skips 0·log 0)", () => {
    for (const c of G.cost) {
      const cost = g.computeCostWithRegularization(mat(c.a3), mat(c.Y), params(c.parameters), c.lambd);
      assertClose(cost, dec(c.cost), { rtol: 1e-15, name: `cost λ=${c.lambd}` });
    }
  });
  it("backwardPropagationWithRegularization: dW gets + λ/m·W, db and dA unchanged (convention B)", () => {
    for (const c of G.backwardL2) {
      const [, cache] = tsdl.regUtils.forwardPropagation(mat(c.X), params(c.parameters));
      const grads = g.backwardPropagationWithRegularization(mat(c.X), mat(c.Y), cache, c.lambd);
      for (const k of Object.keys(c.grads)) assertClose(grads[k], mat(c.grads[k]), { rtol: 1e-13, atol: 1e-16, name: `${k} (λ=${c.lambd})` });
    }
  });
  it("forwardPropagationWithDropout: reseeds with 1 itself, D1 then D2, multiply then divide", () => {
    for (const c of G.forwardDropout) {
      tsdl.random.seed(12345); // whatever the global state, the function's first act is seed(1)
      const [A3, cache] = g.forwardPropagationWithDropout(mat(c.X), params(c.parameters), c.keepProb);
      expect(cache).to.have.length(14);
      const [, D1, A1, , , , D2, A2] = cache;
      assertClose(D1, mat(c.D1), { rtol: 0, atol: 0, name: `D1 (keepProb ${c.keepProb})` });
      assertClose(D2, mat(c.D2), { rtol: 0, atol: 0, name: `D2 (keepProb ${c.keepProb})` });
      assertClose(A1, mat(c.A1), { rtol: 1e-15, name: "A1" });
      assertClose(A2, mat(c.A2), { rtol: 1e-14, name: "A2" });
      assertClose(A3, mat(c.A3), { rtol: 1e-14, name: "A3" });
    }
  });
  it("backwardPropagationWithDropout: the same masks and 1/keepProb on dA2 and dA1", () => {
    G.backwardDropout.forEach((c: { X: Arr; Y: Arr; parameters: Record<string, Arr>; keepProb: number; grads: Record<string, Arr> }) => {
      const [, cache] = g.forwardPropagationWithDropout(mat(c.X), params(c.parameters), c.keepProb);
      const grads = g.backwardPropagationWithDropout(mat(c.X), mat(c.Y), cache, c.keepProb);
      for (const k of Object.keys(c.grads)) assertClose(grads[k], mat(c.grads[k]), { rtol: 1e-13, atol: 1e-16, name: `${k} (keepProb ${c.keepProb})` });
    });
  });
});

describe(`notebook ${NAME} (real kernel)`, function () {
  this.timeout(600_000);
  let lab: Executed;
  before(async () => {
    lab = await executeLab(NAME);
  });
  commonLabChecks(NAME, () => lab);
  inlineCheckCells(() => lab);

  for (const [id, text] of Object.entries(EXPECTED_TEXT)) {
    it(`cell ${id} prints exactly what the course printed`, () => {
      expect(lab.stdout(id)).to.equal(text);
    });
  }

  for (const run of RUNS) {
    it(`${run.cell}: cost lines at 0/10000/20000 (iteration 0 exact, later ones to ${COST_RTOL} relative), then the accuracies exactly`, () => {
      const out = lab.stdout(run.cell);
      const lines = out.split("\n");
      const costLines = lines.slice(0, 3);
      expect(costLines.map((l) => l.replace(/: .*$/, ""))).to.deep.equal([0, 10000, 20000].map((i) => `Cost after iteration ${i}`));
      expect(costLines[0]).to.equal(`Cost after iteration 0: ${run.costs[0]}`);
      costLines.forEach((l, k) => {
        expect(l).to.match(/^Cost after iteration \d+: \d\.\d+(e-\d+)?$/);
        assertClose(Number(l.split(": ")[1]), Number(run.costs[k]), { rtol: COST_RTOL, name: l });
      });
      expect(lines.slice(3).join("\n")).to.equal(run.tail);
    });
    it(`${run.cell}: the cost curve holds the 30 costs kept every 1000 iterations (numpy's, to ${COST_RTOL})`, () => {
      const figs = figures(lab.cell(run.cell));
      expect(figs).to.have.length(1);
      const ref = fx.models.find((m: { name: string }) => m.name === run.fixture);
      const y = figs[0].data[0].y;
      expect(y).to.have.length(30);
      expect(y[0]).to.equal(dec(ref.costs[0]));
      assertClose(y, ref.costs.map(dec), { rtol: COST_RTOL, name: `${run.fixture} costs` });
      expect(figs[0].layout.title?.text).to.equal("Learning rate =0.3");
    });
    it(`${run.boundary}: the decision boundary "${run.title}" within [-0.75,0.40] × [-0.75,0.65]`, () => {
      const figs = figures(lab.cell(run.boundary));
      expect(figs).to.have.length(1);
      expect(figs[0].layout.title?.text).to.equal(run.title);
      expect(figs[0].layout.xaxis.range).to.deep.equal([-0.75, 0.4]);
      expect(figs[0].layout.yaxis.range).to.deep.equal([-0.75, 0.65]);
      expect(figs[0].data.map((t) => t.x.length).reduce((a, b) => a + b)).to.equal(211);
    });
  }

  it("baseline-predict: numpy's accuracies match the fixture's model runs too", () => {
    for (const m of fx.models as { name: string; train: number; test: number; lines: string[] }[]) {
      const run = RUNS.find((r) => r.fixture === m.name)!;
      const out = m.name === "baseline" ? lab.stdout("baseline-predict") : lab.stdout(run.cell);
      expect(out).to.contain(`Accuracy: ${tsdl.formatFloat(m.train)}\n`);
      expect(out).to.contain(`Accuracy: ${tsdl.formatFloat(m.test)}\n`);
    }
  });

  it("the data cell reads the course's data.mat (no synthetic-data banner) and plots it", () => {
    const cell = lab.cell("data");
    expect(JSON.stringify(cell.outputs)).to.not.contain("SYNTHETIC");
    expect(figures(cell)).to.have.length(1);
    expect(figures(cell)[0].data.map((t) => t.x.length).reduce((a, b) => a + b)).to.equal(211);
  });

  it("graded cells are tagged in metadata and mark the learner's part", () => {
    for (const id of GRADED) {
      const cell = lab.cell(id);
      expect(cell.metadata.tsdl, id).to.deep.include({ graded: true, grade_id: id });
      expect((cell.metadata.tsdl as { points: number }).points, id).to.be.a("number");
      const src = sourceText(cell);
      expect(src.startsWith(`// GRADED FUNCTION: ${id}\n`), id).to.equal(true);
      expect(src.match(/\/\/ START CODE HERE/g)?.length, id).to.equal(src.match(/\/\/ END CODE HERE/g)?.length);
      expect(src, id).to.contain("// START CODE HERE");
    }
  });

  it("the dropout forward pass reseeds with 1 on every call, and the notebook says so", () => {
    const src = sourceText(lab.cell("forwardPropagationWithDropout"));
    const body = src.slice(src.indexOf("{", src.indexOf("function forwardPropagationWithDropout")) + 1).trim();
    expect(body.startsWith("tsdl.random.seed(1);")).to.equal(true);
    expect(sourceText(lab.cell("dropout-md"))).to.match(/quirk[\s\S]*tsdl\.random\.seed\(1\)[\s\S]*every/);
  });

  it("the Expected output cells show the course's values", () => {
    const md = (id: string) => sourceText(lab.cell(id));
    for (const [id, mdId] of [["cost-reg-test", "cost-reg-expected"], ["backward-reg-test", "backward-reg-expected"], ["forward-dropout-test", "forward-dropout-expected"], ["backward-dropout-test", "backward-dropout-expected"], ["baseline-predict", "baseline-predict-expected"]]) {
      expect(md(mdId), mdId).to.contain(EXPECTED_TEXT[id].trimEnd());
    }
    for (const run of RUNS) {
      const text = md(`${run.cell}-expected`);
      run.costs.forEach((c, k) => expect(text).to.contain(`Cost after iteration ${k * 10000}: ${c}`));
      if (run.tail) expect(text).to.contain(run.tail.trimEnd());
    }
  });
});
