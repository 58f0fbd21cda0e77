// Notebook 10-notation run through the real server and kernel: every printed line is asserted — the
// shapes against the course's notation for the network [2, 10, 5, 1] on the 300 training circles (they
// follow from n^[l] and m alone), the values against numpy (the first example, from LAB_SPEC §1) or
// against the same tsdl calls made here (the units of layer 2, the cost).
import { expect } from "chai";
import { sourceText } from "../../runner/notebook";
import * as tsdl from "../../lib/src/index";
import { commonLabChecks, executeLab, type Executed } from "./harness";

const NAME = "10-notation";
const DIMS = [2, 10, 5, 1];
const M = 300;
const L = DIMS.length - 1;
const sh = (...d: number[]) => `(${d.join(", ")})`;
const layers = Array.from({ length: L }, (_, k) => k + 1);

describe(`notebook ${NAME} (real kernel)`, function () {
  this.timeout(300_000);
  let lab: Executed;
  before(async () => {
    lab = await executeLab(NAME);
  });
  commonLabChecks(NAME, () => lab);

  it("the running example: X (n_x, m) = (2, 300), Y (1, 300), layersDims [2, 10, 5, 1]", () => {
    expect(lab.stdout("example")).to.equal(`tsdl ${tsdl.version}: X (2, 300), Y (1, 300), layersDims [2, 10, 5, 1]\n`);
  });

  it("sizes: m, n_x, n_y, L (input not counted) and n^[l] = layersDims[l]", () => {
    expect(lab.stdout("sizes")).to.equal(`m = ${M}, n_x = 2, n_y = 1, L = ${L}\n` +
      DIMS.map((n, l) => `n^[${l}] = layersDims[${l}] = ${n}\n`).join(""));
  });

  it("data: x^(i) is column i-1, an (n_x, 1) column; the first example as numpy prints it", () => {
    expect(lab.stdout("objects")).to.equal(
      `X ${sh(2, M)}, x^(1) ${sh(2, 1)}, Y ${sh(1, M)}, y^(1) ${sh(1, 1)}\n` +
      "x^(1) = [[-0.07741354]\n [ 0.85260226]]\n" + // LAB_SPEC §1: train_X[:, 0] = [-0.07741354  0.85260226]
      "y^(1) = [[1.]]\n");
  });

  it("parameters: W^[l] is (n^[l], n^[l-1]), b^[l] is (n^[l], 1), under \"W\" + l / \"b\" + l", () => {
    expect(lab.stdout("parameters")).to.equal(layers.map((l) =>
      `W^[${l}] = parameters["W${l}"] ${sh(DIMS[l], DIMS[l - 1])} = (n^[${l}], n^[${l - 1}]), b^[${l}] = parameters["b${l}"] ${sh(DIMS[l], 1)}\n`).join(""));
  });

  it("forward pass: A^[0] = X, Z^[l] and A^[l] are (n^[l], m), y_hat = A^[L] is (n_y, m)", () => {
    expect(lab.stdout("forward")).to.equal(`A^[0] = X ${sh(2, M)}\n` +
      layers.map((l) => `Z^[${l}] ${sh(DIMS[l], M)}, A^[${l}] ${sh(DIMS[l], M)}\n`).join("") +
      `y_hat = A^[3] = a3 ${sh(1, M)}, one prediction per example\n`);
  });

  it("one unit by hand equals the matrix product's entry, and ReLU of it the activation (values as tsdl computes them here)", () => {
    const [X] = tsdl.initUtils.loadDataset();
    const p = tsdl.regUtils.initializeParameters(DIMS);
    const [, cache] = tsdl.nn.forwardPropagation(X, p);
    const digits = (v: number) => (v === 0 ? "0" : v.toPrecision(10));
    const lines = lab.stdout("unit").trimEnd().split("\n");
    expect(lines).to.have.length(DIMS[2]);
    let on = 0;
    lines.forEach((line, j) => {
      const z = cache[4].get(j, 0);
      const a = cache[5].get(j, 0);
      if (a > 0) on++;
      expect(line).to.equal(`j = ${j + 1}: by hand z = ${digits(z)}, Z(2).get(${j}, 0) = ${digits(z)}, a = relu(z) = ${digits(Math.max(0, z))}, A(2).get(${j}, 0) = ${digits(a)}`);
    });
    expect(on, "units of layer 2 active for example 1 (the markdown says some are off)").to.be.within(1, DIMS[2] - 1);
  });

  it("the cost J is one number (the value tsdl computes here for the same data and parameters)", () => {
    const [X, Y] = tsdl.initUtils.loadDataset();
    const [a3] = tsdl.nn.forwardPropagation(X, tsdl.regUtils.initializeParameters(DIMS));
    expect(lab.stdout("cost")).to.equal(`J = computeLoss(a3, Y) = ${tsdl.initUtils.computeLoss(a3, Y)} (a number, not an array)\n`);
  });

  it("gradients have the shapes of what they differentiate", () => {
    expect(lab.stdout("grads")).to.equal(layers.map((l) =>
      `dW^[${l}] = grads["dW${l}"] ${sh(DIMS[l], DIMS[l - 1])}, db^[${l}] = grads["db${l}"] ${sh(DIMS[l], 1)}\n`).join(""));
  });

  it("mini-batches: X^{t} = miniBatches[t-1][0], 4 × 64 columns and one of 300 - 256 = 44; a forward pass on X^{1} has 64 columns", () => {
    const sizes = [64, 64, 64, 64, 44];
    expect(lab.stdout("minibatch")).to.equal(`5 mini-batches of m = ${M} examples\n` +
      sizes.map((n, k) => `X^{${k + 1}} = miniBatches[${k}][0] ${sh(2, n)}, Y^{${k + 1}} ${sh(1, n)}\n`).join("") +
      `on X^{1}: A^[1]{1} ${sh(10, 64)}, A^[2]{1} ${sh(5, 64)}, A^[3]{1} ${sh(1, 64)}\n`);
  });

  it("the dictionary table names every symbol's tsdl name, and the shapes the cells printed", () => {
    const table = sourceText(lab.cell("table"));
    for (const row of [
      /\| \$m\$ \| number of examples \| — \| `X\.shape\[1\]` \|/,
      /\| \$x\^\{\(i\)\}\$, \$y\^\{\(i\)\}\$ \| .* \| `tsdl\.columns\(X, \[i - 1\]\)` \|/,
      /\| \$W\^\{\[l\]\}\$ \| .* \| \$\(n\^\{\[l\]\}, n\^\{\[l-1\]\}\)\$ \| `parameters\["W" \+ l\]` \|/,
      /\| \$Z\^\{\[l\]\}\$ \| .* \| \$\(n\^\{\[l\]\}, m\)\$ \| `cache\[4 \* \(l - 1\)\]`/,
      /\| \$A\^\{\[l\]\}\$, \$A\^\{\[0\]\} = X\$ \| .* \| `cache\[4 \* \(l - 1\) \+ 1\]`/,
      /\| \$X\^\{\\\{t\\\}\}\$, \$Y\^\{\\\{t\\\}\}\$ \| mini-batch \$t\$ \| \$\(n_x, 64\)\$, \$\(n_y, 64\)\$ \| `miniBatches\[t - 1\]\[0\]`/,
    ]) expect(table).to.match(row);
  });
});
