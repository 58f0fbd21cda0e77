/**
 * tsdl.checks for lab 05 (TensorFlow.js): every check passes on the notebook's own solutions (the
 * graded cells of notebooks/src/05-framework-signs.ts, evaluated here with the real `tf`), and fails
 * with its stated sentence on the usual mistakes. Runs on the wasm backend, as the notebook's
 * training does (the basics' checks also on cpu).
 */
import { expect } from "chai";
import * as tf from "@tensorflow/tfjs";
import ts from "typescript";
import * as tsdl from "../../lib/src/index";
import * as checks from "../../lib/src/checks";
import { CheckFailed } from "../../lib/src/checks/core";
import * as framework from "../../lib/src/framework";
import { sourceText } from "../../runner/notebook";
import { labSource } from "../helpers/cells";

const GRADED = ["linearFunction", "sigmoid", "cost", "oneHotMatrix", "ones", "initializeParameters", "forwardPropagation", "computeCost", "model"] as const;
type Fns = Record<(typeof GRADED)[number], (...args: any[]) => any>;

/** The notebook's graded cells as functions, with the real tf and tsdl. */
function notebookFunctions(): Fns {
  const nb = labSource("05-framework-signs");
  const src = GRADED.map((id) => {
    const cell = nb.cells.find((c) => c.id === id);
    if (!cell) throw new Error(`no cell ${id}`);
    return sourceText(cell);
  }).join("\n");
  const js = ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
  return new Function("tf", "tsdl", `${js}\nreturn { ${GRADED.join(", ")} };`)(tf, tsdl) as Fns;
}

/** Runs a check quietly and returns its failure message ("" when it passed). */
function failure(run: () => void): string {
  try {
    run();
    return "";
  } catch (e) {
    if (!(e instanceof CheckFailed)) throw e;
    return e.message;
  }
}

const quiet = { quiet: true };

describe("checks: lab 05 (TensorFlow.js)", function () {
  this.timeout(60_000);
  let nb: Fns;
  before(async () => {
    tf.env().set("PROD", true);
    await framework.useBackend(tf, "wasm");
    nb = notebookFunctions();
  });

  describe("the notebook's solutions pass", () => {
    for (const backend of ["cpu", "wasm"] as const) {
      it(`the basics on ${backend}: linearFunction, sigmoid, cost, oneHotMatrix, ones`, async () => {
        await framework.useBackend(tf, backend);
        const before = tf.memory().numTensors;
        for (const id of ["linearFunction", "sigmoid", "cost", "oneHotMatrix", "ones"] as const) {
          expect(failure(() => (checks[id] as (f: unknown, t: unknown, o: object) => void)(nb[id], tf, quiet)), id).to.equal("");
        }
        expect(tf.memory().numTensors).to.equal(before);
        await framework.useBackend(tf, "wasm");
      });
    }
    it("initializeParameters, forwardPropagation, computeCost, model (wasm); the checks leave no tensor behind", () => {
      const before = tf.memory().numTensors;
      for (const id of ["initializeParameters", "forwardPropagation", "computeCost", "model"] as const) {
        expect(failure(() => (checks[id] as (f: unknown, t: unknown, o: object) => void)(nb[id], tf, quiet)), id).to.equal("");
      }
      expect(tf.memory().numTensors).to.equal(before);
    });
    it("prints \"All tests passed.\" unless quiet", () => {
      const lines: string[] = [];
      const log = console.log;
      console.log = (s: string) => void lines.push(s);
      try {
        checks.ones(nb.ones, tf);
      } finally {
        console.log = log;
      }
      expect(lines).to.deep.equal(["All tests passed."]);
    });
    it("forwardPropagation without tf is still lab 03's check", () => {
      expect(failure(() => checks.forwardPropagation((x: number, theta: number) => theta * x, quiet))).to.equal("");
      expect(failure(() => checks.forwardPropagation((x: number, theta: number) => theta + x, quiet))).to.match(/^forwardPropagation\(/);
    });
  });

  describe("the usual mistakes fail with a sentence to act on", () => {
    it("linearFunction: no b; no seed", () => {
      const noB = () => tf.tidy(() => {
        tsdl.random.seed(1);
        const X = tf.tensor(tsdl.toNested(tsdl.random.randn(3, 1)) as number[][]);
        const W = tf.tensor(tsdl.toNested(tsdl.random.randn(4, 3)) as number[][]);
        return tf.matMul(W, X);
      });
      expect(failure(() => checks.linearFunction(noB, tf, quiet))).to.equal("linearFunction(): the result is W·X without b: add b (tf.add(tf.matMul(W, X), b))");
      const noSeed = () => tf.tidy(() => {
        const X = tf.tensor(tsdl.toNested(tsdl.random.randn(3, 1)) as number[][]);
        const W = tf.tensor(tsdl.toNested(tsdl.random.randn(4, 3)) as number[][]);
        const b = tf.tensor(tsdl.toNested(tsdl.random.randn(4, 1)) as number[][]);
        return tf.add(tf.matMul(W, X), b);
      });
      tsdl.random.seed(1); // right by luck the first time: the check moves the stream and calls again
      expect(failure(() => checks.linearFunction(noSeed, tf, quiet))).to.match(/^linearFunction\(\): element 0 is .*, expected -2\.15657381\d* \(call tsdl\.random\.seed\(1\) inside linearFunction, before drawing X\)$/);
    });
    it("sigmoid: returns the tensor; leaks its tensors", () => {
      expect(failure(() => checks.sigmoid((z: number) => tf.sigmoid(tf.scalar(z)), tf, quiet))).to.equal(
        "sigmoid(0) returned a tensor; return its value, a number: result.dataSync()[0] (what the course's sess.run gives)");
      const before = tf.memory().numTensors;
      expect(failure(() => checks.sigmoid((z: number) => tf.sigmoid(tf.scalar(z)).dataSync()[0], tf, quiet))).to.equal(
        "sigmoid(0) left 2 tensor(s) allocated besides its result: compute inside tf.tidy(() => …), which disposes every tensor the function does not return");
      tf.disposeVariables();
      expect(tf.memory().numTensors - before).to.equal(2); // what the wrong sigmoid leaked
    });
    it("cost: sigmoid applied first; labels and logits swapped; a mean instead of each cost", () => {
      const first = (z: tf.Tensor, y: tf.Tensor) => tf.tidy(() => tf.losses.sigmoidCrossEntropy(y, tf.sigmoid(z), undefined, 0, tf.Reduction.NONE));
      expect(failure(() => checks.cost(first, tf, quiet))).to.match(/: you applied the sigmoid to the logits first; sigmoidCrossEntropy applies it itself/);
      const swapped = (z: tf.Tensor, y: tf.Tensor) => tf.losses.sigmoidCrossEntropy(z, y, undefined, 0, tf.Reduction.NONE);
      expect(failure(() => checks.cost(swapped, tf, quiet))).to.match(/: labels and logits are swapped: tf\.losses\.sigmoidCrossEntropy\(labels, logits, …\) takes the labels first$/);
      const mean = (z: tf.Tensor, y: tf.Tensor) => tf.losses.sigmoidCrossEntropy(y, z);
      expect(failure(() => checks.cost(mean, tf, quiet))).to.match(/ returned one number; return the cost of each logit: pass tf\.Reduction\.NONE as the reduction$/);
    });
    it("oneHotMatrix: not transposed; int32; float32 one-hot on wasm", () => {
      const noT = (l: number[], C: number) => tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(l, "int32"), C), "float32"));
      expect(failure(() => checks.oneHotMatrix(noT, tf, quiet))).to.equal(
        "oneHotMatrix([1, 2, 3, 0, 2, 1], 4) returned shape (6, 4): tf.oneHot puts the classes on the last axis; transpose it to (C, m), one column per example (the course's axis=0)");
      const int = (l: number[], C: number) => tf.tidy(() => tf.transpose(tf.oneHot(tf.tensor1d(l, "int32"), C)));
      expect(failure(() => checks.oneHotMatrix(int, tf, quiet))).to.equal(
        "oneHotMatrix([1, 2, 3, 0, 2, 1], 4) returned a int32 tensor, expected float32: tf.oneHot gives int32; convert with tf.cast(…, \"float32\")");
      const f32 = (l: number[], C: number) => tf.tidy(() => tf.transpose(tf.oneHot(tf.tensor1d(l, "int32"), C, 1, 0, "float32")));
      expect(failure(() => checks.oneHotMatrix(f32, tf, quiet))).to.match(/: the ones are 1\.4\d*e-45: tf\.oneHot\(…, "float32"\) stores the integer bits on the wasm backend/);
    });
    it("ones: zeros instead", () => {
      expect(failure(() => checks.ones((s: number[]) => tf.zeros(s), tf, quiet))).to.equal("ones([3]): element 0 is 0, expected 1 (use tf.ones(shape))");
    });
    it("initializeParameters: plain tensors; another seed", () => {
      const plain = () => {
        const g = tf.initializers.glorotUniform({ seed: 1 });
        return { W1: g.apply([25, 12288]), b1: tf.zeros([25, 1]), W2: g.apply([12, 25]), b2: tf.zeros([12, 1]), W3: g.apply([6, 12]), b3: tf.zeros([6, 1]) };
      };
      expect(failure(() => checks.initializeParameters(plain, tf, quiet))).to.equal(
        "initializeParameters(): W1 is a plain tensor; make it a tf.variable(…) so that the optimizer can train it");
      const seed2 = () => {
        const g = tf.initializers.glorotUniform({ seed: 2 });
        return tf.tidy(() => ({
          W1: tf.variable(g.apply([25, 12288]) as tf.Tensor), b1: tf.variable(tf.zeros([25, 1])), W2: tf.variable(g.apply([12, 25]) as tf.Tensor),
          b2: tf.variable(tf.zeros([12, 1])), W3: tf.variable(g.apply([6, 12]) as tf.Tensor), b3: tf.variable(tf.zeros([6, 1])),
        }));
      };
      expect(failure(() => checks.initializeParameters(seed2, tf, quiet))).to.match(
        /^initializeParameters\(\): W1: element 0 is \S+, expected \S+ \(use tf\.initializers\.glorotUniform\(\{ seed: 1 \}\)\.apply\(shape\) for each W\)$/);
    });
    it("forwardPropagation: softmax at the end; no ReLU", () => {
      const fwd = (act: (t: tf.Tensor) => tf.Tensor, last: (t: tf.Tensor) => tf.Tensor) => (X: tf.Tensor, p: Record<string, tf.Tensor>) => {
        const A1 = act(tf.add(tf.matMul(p.W1, X), p.b1));
        const A2 = act(tf.add(tf.matMul(p.W2, A1), p.b2));
        return last(tf.add(tf.matMul(p.W3, A2), p.b3));
      };
      const id = (t: tf.Tensor) => t;
      expect(failure(() => checks.forwardPropagation(fwd(tf.relu, (t) => tf.softmax(tf.transpose(t)).transpose()), tf, quiet))).to.match(
        /: that is softmax\(Z3\); return Z3 itself, the cost applies the softmax$/);
      expect(failure(() => checks.forwardPropagation(fwd(id, id), tf, quiet))).to.match(/: no ReLU: apply tf\.relu to Z1 and to Z2$/);
    });
    it("computeCost: no transposes; the sum over the examples", () => {
      expect(failure(() => checks.computeCost((Z: tf.Tensor, Y: tf.Tensor) => tf.losses.softmaxCrossEntropy(Y, Z), tf, quiet))).to.match(
        /: the softmax ran along the examples: tf\.losses\.softmaxCrossEntropy works on the last axis, pass the transposes/);
      const sum = (Z: tf.Tensor, Y: tf.Tensor) => tf.losses.softmaxCrossEntropy(Y.transpose(), Z.transpose(), undefined, 0, tf.Reduction.SUM);
      expect(failure(() => checks.computeCost(sum, tf, quiet))).to.match(/ returned the sum over the examples; return the mean$/);
    });
    it("model: the true number of mini-batches as divisor; the optimizer not disposed", () => {
      const nb2 = notebookFunctionsWith({
        "const numMinibatches = Math.floor(m / minibatchSize);": "const numMinibatches = Math.ceil(m / minibatchSize);",
      });
      expect(failure(() => checks.model(nb2.model, tf, quiet))).to.match(
        /: the epoch cost is \S+, expected \S+: divide each mini-batch cost by numMinibatches = Math\.floor\(m \/ minibatchSize\), the lab's int\(m \/ 32\)/);
      const nb3 = notebookFunctionsWith({ "  optimizer.dispose();\n": "" });
      const before = tf.memory().numTensors;
      expect(failure(() => checks.model(nb3.model, tf, quiet))).to.match(
        /^model\(X_train \(12288, 80\), …, \{ numEpochs: 2 \}\) left \d+ tensor\(s\) allocated: read the parameters' values \(tsdl\.framework\.toMats\(parameters\)\), then dispose the variables and the optimizer \(optimizer\.dispose\(\)\)$/);
      tf.disposeVariables(); // Adam's moments the wrong model left
      expect(tf.memory().numTensors).to.equal(before);
    });
  });
});

/** The notebook's functions with edits in the model cell: [text to find once, replacement]. */
function notebookFunctionsWith(edits: Record<string, string>): Fns {
  const nb = labSource("05-framework-signs");
  const src = GRADED.map((id) => {
    let s = sourceText(nb.cells.find((c) => c.id === id)!);
    if (id === "model") {
      for (const [from, to] of Object.entries(edits)) {
        expect(s.split(from).length - 1, `model cell must contain ${JSON.stringify(from)} once`).to.equal(1);
        s = s.replace(from, to);
      }
    }
    return s;
  }).join("\n");
  const js = ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
  return new Function("tf", "tsdl", `${js}\nreturn { ${GRADED.join(", ")} };`)(tf, tsdl) as Fns;
}
