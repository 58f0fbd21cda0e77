import { expect } from "chai";
import ndarray from "ndarray";
import { assertClose } from "../../lib/src/check";

describe("assertClose", () => {
  it("accepts values within rtol/atol, including NaN against NaN", () => {
    assertClose([1, 2, NaN, Infinity], [1 + 1e-9, 2, NaN, Infinity], { rtol: 1e-8 });
    assertClose(ndarray(new Float64Array([1, 2, 3, 4]), [2, 2]), [[1, 2], [3, 4]]);
    assertClose(0.1 + 0.2, 0.3, { rtol: 1e-15 });
  });
  it("names the first differing element and the count", () => {
    expect(() => assertClose([[1, 2], [3, 5]], [[1, 2], [3, 4]], { name: "W1" })).to.throw(/W1.*1 of 4.*\[1, 1\].*got 5, expected 4/);
  });
  it("rejects shape mismatches and NaN against a number", () => {
    expect(() => assertClose([1, 2, 3], [[1, 2, 3]])).to.throw(/shape \(3\) ≠ expected \(1,3\)/);
    expect(() => assertClose([NaN], [0])).to.throw(/differ/);
    expect(() => assertClose([Infinity], [1e308])).to.throw(/differ/);
  });
});
