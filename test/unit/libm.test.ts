import { expect } from "chai";
import { readFileSync } from "node:fs";
import { assertClose } from "../../lib/src/check";
import { _exact, cos, exp, log, sin } from "../../lib/src/libm";

// glibc's results for chosen inputs (tools/fixtures/gen_libm.py): bit-identity is required, so
// values are compared with rtol = atol = 0 plus a check on the sign of zeros.
const fixture = JSON.parse(readFileSync(new URL("../fixtures/libm.json", import.meta.url), "utf8"));

function floats(b64: string): Float64Array {
  const buf = Buffer.from(b64, "base64");
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out = new Float64Array(buf.byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(8 * i, true);
  return out;
}

type Fn = (x: number) => number;

/** Asserts f(x[i]) has exactly the bits of y[i] (any NaN matches NaN). */
function assertBitIdentical(f: Fn, x: Float64Array, y: Float64Array, name: string): void {
  const got = x.map(f);
  assertClose(got, y, { rtol: 0, atol: 0, name });
  const zeroSign = [...got.keys()].filter((i) => got[i] === 0 && !Object.is(got[i], y[i]));
  expect(zeroSign.map((i) => `${name}(${x[i]}) = ${got[i]}`), `${name}: sign of zero`).to.deep.equal([]);
}

const FNS: Record<string, Fn> = { log, exp, sin, cos };
const EXACT: Record<string, Fn> = { log: _exact.log, exp: _exact.exp, sin: _exact.sin, cos: _exact.cos };

describe("libm (bit-identical to glibc)", () => {
  for (const name of ["log", "exp", "sin", "cos"]) {
    const { x, y } = fixture[name];
    it(`${name} matches glibc on ${fixture[name].n} inputs (edge cases, hard roundings)`, () => {
      assertBitIdentical(FNS[name], floats(x), floats(y), name);
    });
    it(`${name}'s exact-fma path matches glibc on the same inputs`, () => {
      assertBitIdentical(EXACT[name], floats(x), floats(y), `exact ${name}`);
    });
  }

  it(`sin/cos match glibc on the ${fixture.linspace.n} make_circles/make_moons angles`, () => {
    const x = floats(fixture.linspace.x);
    assertBitIdentical(sin, x, floats(fixture.linspace.sin), "sin");
    assertBitIdentical(cos, x, floats(fixture.linspace.cos), "cos");
  });

  it("fast paths agree with the exact-fma paths on 40000 pseudo-random inputs each", () => {
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const inputs: Record<string, () => number> = {
      log: () => (rand() < 0.5 ? rand() : 0.9375 + 0.1272 * rand()),
      exp: () => (rand() - 0.5) * 60,
      sin: () => (rand() - 0.5) * 20,
      cos: () => (rand() - 0.5) * 20,
    };
    for (const name of Object.keys(inputs)) {
      const x = Float64Array.from({ length: 40000 }, inputs[name]);
      assertClose(x.map(FNS[name]), x.map(EXACT[name]), { rtol: 0, atol: 0, name });
    }
  });

  it("emulates fma exactly, including double-rounding ties", () => {
    const fma = _exact.fma;
    // a*b = 2^-53 (1 + 2^-60): 1 + a*b is just above a tie, so only the fused result rounds up
    const a = 1 + 2 ** -20;
    const b = (1 - 2 ** -20 + 2 ** -40) * 2 ** -53;
    expect(fma(a, b, 1)).to.equal(1 + 2 ** -52);
    expect(a * b + 1).to.equal(1);
    expect(fma(a, -b, -1)).to.equal(-1 - 2 ** -52);
    expect(fma(0.1, 10, -1)).to.equal(5.551115123125783e-17);
    expect(Object.is(fma(-0, 1, -0), -0)).to.equal(true);
  });

  it("handles special inputs like glibc", () => {
    expect(log(0)).to.equal(-Infinity);
    expect(log(-1)).to.be.NaN;
    expect(exp(-Infinity)).to.equal(0);
    expect(exp(1000)).to.equal(Infinity);
    expect(Object.is(sin(-0), -0)).to.equal(true);
    expect(cos(Infinity)).to.be.NaN;
  });
});
