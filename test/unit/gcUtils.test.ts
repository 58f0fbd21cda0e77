// tsdl.gcUtils (the gradient-checking lab's gc_utils.py + test case) against numpy
// (test/fixtures/gc.json, from tools/fixtures/gen_gc.py). "bit-exact" = assertClose with rtol = atol = 0.
import { expect } from "chai";
import fs from "node:fs";
import ndarray from "ndarray";
import * as A from "../../lib/src/array";
import { assertClose } from "../../lib/src/check";
import * as gc from "../../lib/src/course/gcUtils";
import { random } from "../../lib/src/random";

const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/gc.json", import.meta.url), "utf8"));
const EXACT = { rtol: 0, atol: 0 };
const KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"];
const SHAPES: Record<string, [number, number]> = { W1: [5, 4], b1: [5, 1], W2: [3, 5], b2: [3, 1], W3: [1, 3], b3: [1, 1] };

/** Arrays whose entries count up from `start`, so positions in a stacked vector are easy to predict. */
function counting(shapes: Record<string, [number, number]>, prefix = "", start = 0): Record<string, A.Mat> {
  const out: Record<string, A.Mat> = {};
  let next = start;
  for (const [k, [r, c]] of Object.entries(shapes)) {
    out[prefix + k] = ndarray(Float64Array.from({ length: r * c }, () => next++), [r, c]);
  }
  return out;
}

describe("gcUtils.gradientCheckNTestCase (testCases.gradient_check_n_test_case)", () => {
  it("draws X and W1, b1, W2, b2, W3, b3 from seed(1) in the course's order, bit-exact", () => {
    const [X, Y, parameters] = gc.gradientCheckNTestCase();
    assertClose(X, fx.testCase.X, { ...EXACT, name: "X" });
    expect(A.shapeOf(X)).to.deep.equal([4, 3]);
    expect(Object.keys(parameters)).to.deep.equal(KEYS);
    for (const k of KEYS) {
      expect(A.shapeOf(parameters[k]), k).to.deep.equal(SHAPES[k]);
      assertClose(parameters[k], fx.testCase[k], { ...EXACT, name: k });
    }
    assertClose(Y, [[1, 1, 0]], { ...EXACT, name: "Y" });
  });
  it("re-seeds inside, so earlier draws do not change it", () => {
    random.seed(7);
    random.randn(3); // leaves a cached Gaussian behind, which seed(1) must clear
    const [X] = gc.gradientCheckNTestCase();
    assertClose(X, fx.testCase.X, { ...EXACT, name: "X after other draws" });
  });
});

describe("gcUtils.dictionaryToVector", () => {
  it("stacks the test case's parameters row-major into theta (47,1) with their keys, as numpy", () => {
    const [, , parameters] = gc.gradientCheckNTestCase();
    const [theta, keys] = gc.dictionaryToVector(parameters);
    expect(A.shapeOf(theta)).to.deep.equal([47, 1]);
    assertClose(A.flatten(theta), fx.theta, { ...EXACT, name: "theta" });
    expect(keys).to.deep.equal(fx.keys);
  });
  it("follows the order W1, b1, W2, b2, W3, b3 whatever the dictionary's insertion order", () => {
    const p = counting(SHAPES);
    const shuffled = { b3: p.b3, W2: p.W2, b1: p.b1, W3: p.W3, W1: p.W1, b2: p.b2 };
    const [theta] = gc.dictionaryToVector(shuffled);
    assertClose(A.flatten(theta), Array.from({ length: 47 }, (_, i) => i), { ...EXACT, name: "theta" });
  });
  it("works for other layer sizes (the course's loop is not tied to 47 entries)", () => {
    const p = counting({ W1: [2, 3], b1: [2, 1], W2: [1, 2], b2: [1, 1], W3: [1, 1], b3: [1, 1] });
    const [theta, keys] = gc.dictionaryToVector(p);
    expect(A.shapeOf(theta)).to.deep.equal([13, 1]);
    assertClose(A.flatten(theta), Array.from({ length: 13 }, (_, i) => i), { ...EXACT, name: "theta" });
    expect(keys).to.deep.equal(["W1", "W1", "W1", "W1", "W1", "W1", "b1", "b1", "W2", "W2", "b2", "W3", "b3"]);
  });
  it("copies: changing theta leaves the parameters alone", () => {
    const p = counting(SHAPES);
    const [theta] = gc.dictionaryToVector(p);
    theta.set(0, 0, 100);
    expect(p.W1.get(0, 0)).to.equal(0);
  });
  it("reads transposed (non-contiguous) arrays in their logical row-major order", () => {
    const p = counting(SHAPES);
    const W1t = ndarray(A.transpose(p.W1).data, [4, 5]).transpose(1, 0) as A.Mat; // same values as W1, column-major strides
    const [theta] = gc.dictionaryToVector({ ...p, W1: W1t });
    assertClose(A.flatten(theta), Array.from({ length: 47 }, (_, i) => i), { ...EXACT, name: "theta" });
  });
  it("names the missing parameter", () => {
    const p = counting(SHAPES);
    delete p.b2;
    expect(() => gc.dictionaryToVector(p)).to.throw(/dictionaryToVector: parameters has no "b2" \(has W1, b1, W2, W3, b3\)/);
  });
});

describe("gcUtils.vectorToDictionary", () => {
  it("slices 20/5/15/3/3/1 into W1 (5,4), b1 (5,1), W2 (3,5), b2 (3,1), W3 (1,3), b3 (1,1)", () => {
    const theta = ndarray(Float64Array.from({ length: 47 }, (_, i) => i), [47, 1]);
    const p = gc.vectorToDictionary(theta);
    expect(Object.keys(p)).to.deep.equal(KEYS);
    const expected = counting(SHAPES);
    for (const k of KEYS) {
      expect(A.shapeOf(p[k]), k).to.deep.equal(SHAPES[k]);
      assertClose(p[k], expected[k], { ...EXACT, name: k });
    }
  });
  it("inverts dictionaryToVector on the test case", () => {
    const [, , parameters] = gc.gradientCheckNTestCase();
    const back = gc.vectorToDictionary(gc.dictionaryToVector(parameters)[0]);
    for (const k of KEYS) assertClose(back[k], parameters[k], { ...EXACT, name: k });
  });
  it("shares theta's memory, like numpy's slices", () => {
    const theta = A.zeros([47, 1]);
    const p = gc.vectorToDictionary(theta);
    theta.set(21, 0, 5); // b1[1]
    expect(p.b1.get(1, 0)).to.equal(5);
  });
  it("accepts a flat (47) vector and works inside array helpers", () => {
    const theta = ndarray(Float64Array.from({ length: 47 }, (_, i) => i), [47]);
    const p = gc.vectorToDictionary(theta);
    // W3 (1,3) = [43, 44, 45], b3 = 46: W3·[1,1,1]ᵀ + b3 = 178
    assertClose(A.addColumn(A.matmul(p.W3, A.ones([3, 1])), p.b3), [[178]], { ...EXACT, name: "W3·1 + b3" });
  });
  it("rejects a theta of the wrong size, naming its shape", () => {
    expect(() => gc.vectorToDictionary(A.zeros([46, 1]))).to.throw(/vectorToDictionary: theta has shape \(46,1\) = 46 entries; the lab's network needs 47/);
  });
});

describe("gcUtils.gradientsToVector", () => {
  it("stacks dW1, db1, dW2, db2, dW3, db3 row-major and ignores the other entries", () => {
    const g: Record<string, A.Mat> = counting(SHAPES, "d");
    g.dZ3 = A.full([1, 3], -1);
    g.dA2 = A.full([3, 3], -1);
    const v = gc.gradientsToVector(g);
    expect(A.shapeOf(v)).to.deep.equal([47, 1]);
    assertClose(A.flatten(v), Array.from({ length: 47 }, (_, i) => i), { ...EXACT, name: "grad" });
  });
  it("names the missing gradient", () => {
    const g = counting(SHAPES, "d");
    delete g.db1;
    expect(() => gc.gradientsToVector(g)).to.throw(/gradientsToVector: gradients has no "db1"/);
  });
});

describe("gcUtils.sigmoid / relu (gc_utils.sigmoid / relu)", () => {
  it("are 1/(1+exp(-x)) and max(0, x) elementwise", () => {
    const x = A.array([[-2, -0.5, 0, 0.5, 2]]);
    assertClose(gc.relu(x), [[0, 0, 0, 0.5, 2]], { ...EXACT, name: "relu" });
    assertClose(gc.sigmoid(x), [[0.11920292202211755, 0.3775406687981454, 0.5, 0.6224593312018546, 0.8807970779778823]], { ...EXACT, name: "sigmoid" });
  });
});
