import { expect } from "chai";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import ndarray from "ndarray";
import {
  dtypeOf, format, formatBool, formatFixed, formatFloat, formatFloat32, formatFloatPositional, formatFloatScientific,
  formatInt, named, type AnyNdArray, type FloatFormatOptions, type FormatOptions,
} from "../../lib/src/format";

// written by tools/fixtures/gen_format.py (numpy 2.x str, Python repr / '%.Nf', np.format_float_*)
interface ArrayCase {
  name: string;
  dtype: "float64" | "float32" | "int64" | "int32" | "uint8" | "bool";
  shape: number[];
  values: (string | number | boolean)[];
  options?: FormatOptions;
  expected: string;
}
interface Fixture {
  numpy: string;
  arrays: ArrayCase[];
  repr: string[];
  float32: [string, string][];
  fixed: [string, number, string][];
  formatFloat: [string, "positional" | "scientific", FloatFormatOptions, string][];
  reprStream: Stream;
  float32Stream: Stream;
}
interface Stream {
  seed: number;
  chunk: number;
  sha256: string[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/format.json", import.meta.url), "utf8")) as Fixture;

/** A Python repr (or "inf"/"nan") as the exact double. */
function parseFloat64(s: string): number {
  if (s === "inf") return Infinity;
  if (s === "-inf") return -Infinity;
  if (s === "nan") return NaN;
  const x = Number(s);
  if (Number.isNaN(x)) throw new Error(`bad float in fixture: ${s}`);
  return x;
}

/** The fixture's array as an ndarray of the matching JS storage; values repeat cyclically. */
function build(c: ArrayCase): AnyNdArray {
  const size = c.shape.reduce((p, n) => p * n, 1);
  const at = (i: number) => c.values[i % c.values.length];
  switch (c.dtype) {
    case "float64":
      return ndarray(Float64Array.from({ length: size }, (_, i) => parseFloat64(at(i) as string)), c.shape);
    case "float32":
      return ndarray(Float32Array.from({ length: size }, (_, i) => parseFloat64(at(i) as string)), c.shape);
    case "int64":
      return ndarray(BigInt64Array.from({ length: size }, (_, i) => BigInt(at(i) as number | string)), c.shape);
    case "int32":
      return ndarray(Int32Array.from({ length: size }, (_, i) => at(i) as number), c.shape);
    case "uint8":
      return ndarray(Uint8Array.from({ length: size }, (_, i) => at(i) as number), c.shape);
    case "bool":
      return ndarray(Array.from({ length: size }, (_, i) => at(i) as boolean), c.shape);
  }
}

const M64 = (1n << 64n) - 1n;

/** splitmix64, as the generator replays it. */
function* splitmix64(seed: number): Generator<bigint> {
  let state = BigInt(seed);
  for (;;) {
    state = (state + 0x9e3779b97f4a7c15n) & M64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    yield z ^ (z >> 31n);
  }
}

/** The generator's stream_bits: kind 0 any finite double, 1 subnormal, 2 exponent in [2^-20, 2^60). */
function streamDouble(kind: number, r: bigint, view: DataView): number {
  const sign = (r >> 63n) << 63n;
  const frac = r & ((1n << 52n) - 1n);
  let b: bigint;
  if (kind === 0) b = ((r >> 52n) & 0x7ffn) === 0x7ffn ? r ^ (1n << 62n) : r;
  else if (kind === 1) {
    const m = frac >> ((r >> 52n) % 53n);
    b = sign | (m > 1n ? m : 1n);
  } else b = sign | ((1023n - 20n + ((r >> 52n) % 80n)) << 52n) | frac;
  view.setBigUint64(0, b);
  return view.getFloat64(0);
}

const digest = (strings: string[]): string => createHash("sha256").update(strings.join("\n")).digest("hex").slice(0, 16);

/** Runs every check and reports all mismatches at once (the first few in full). */
function expectAll<T>(cases: T[], check: (c: T) => [string, string, string] | null): void {
  const bad: string[] = [];
  for (const c of cases) {
    const r = check(c);
    if (r) bad.push(`${r[0]}:\n--- got\n${r[1]}\n--- expected\n${r[2]}`);
  }
  expect(bad.length, `${bad.length} of ${cases.length} differ\n${bad.slice(0, 5).join("\n\n")}`).to.equal(0);
}

describe("format (numpy str)", () => {
  it(`prints every fixture array as numpy ${fixture.numpy} does (${fixture.arrays.length} cases)`, () => {
    expectAll(fixture.arrays, (c) => {
      const got = format(build(c), c.options);
      return got === c.expected ? null : [c.name, got, c.expected];
    });
  });

  it("prints the course's anchors (He init W1, Adam s[\"db1\"], dropout dA1 with -0.)", () => {
    const byName = new Map(fixture.arrays.map((c) => [c.name, c]));
    const W1 = build(byName.get("init he W1")!);
    expect(named("W1", W1)).to.equal(
      "W1 = [[ 1.78862847  0.43650985]\n [ 0.09649747 -1.8634927 ]\n [-0.2773882  -0.35475898]\n [-0.08274148 -0.62700068]]",
    );
    expect(named('s["db1"]', build(byName.get('adam s["db1"]')!))).to.equal('s["db1"] = [[1.51020075e-05]\n [8.75664434e-04]]');
    expect(format(build(byName.get("dA1 dropout")!))).to.equal(
      "[[ 0.36544439  0.         -0.00188233  0.         -0.17408748]\n [ 0.65515713  0.         -0.00337459  0.         -0.        ]]",
    );
    expect(named("b1", ndarray(new Float64Array(2), [2, 1]))).to.equal("b1 = [[0.]\n [0.]]");
  });

  it("infers the dtype from the data, and options.dtype overrides it", () => {
    expect(dtypeOf(ndarray(new Float64Array(2)))).to.equal("float64");
    expect(dtypeOf(ndarray([1.5, 2]))).to.equal("float64");
    expect(dtypeOf(ndarray(new Float32Array(2)))).to.equal("float32");
    expect(dtypeOf(ndarray(new Int32Array(2)))).to.equal("int");
    expect(dtypeOf(ndarray(new Uint8Array(2)))).to.equal("int");
    expect(dtypeOf(ndarray(new BigInt64Array(2)))).to.equal("int");
    expect(dtypeOf(ndarray([true, false]))).to.equal("bool");
    const mask = ndarray(new Uint8Array([1, 0, 1]), [1, 3]);
    expect(format(mask)).to.equal("[[1 0 1]]");
    expect(format(mask, { dtype: "bool" })).to.equal("[[ True False  True]]");
    expect(format(ndarray(new Float64Array([1, 2]), [2]), { dtype: "int" })).to.equal("[1 2]");
    expect(format(ndarray(new Float64Array([NaN, 0]), [2]), { dtype: "bool" })).to.equal("[ True False]");
  });

  it("reads strided views (a transpose) element by element", () => {
    const a = ndarray(Float64Array.from({ length: 12 }, (_, i) => (i - 5) / 7), [3, 4]);
    const t = a.transpose(1, 0);
    const copy = ndarray(new Float64Array(12), [4, 3]);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) copy.set(i, j, t.get(i, j));
    expect(format(t)).to.equal(format(copy));
    expect(format(t).split("\n")).to.have.length(4);
  });

  it("prints scalars: number as Python float, bigint as int, boolean as bool; 0-d arrays alike", () => {
    expect(format(9)).to.equal("9.0");
    expect(format(9, { dtype: "int" })).to.equal("9");
    expect(format(8n)).to.equal("8");
    expect(format(true)).to.equal("True");
    expect(format(0.1, { dtype: "float32" })).to.equal("0.1");
    expect(format(ndarray(new Float64Array([0.5]), []))).to.equal("0.5");
    expect(format(ndarray(new Int32Array([-3]), []))).to.equal("-3");
    expect(named("J", 8n)).to.equal("J = 8");
    expect(named("cost", 1.7864859451590758)).to.equal("cost = 1.7864859451590758");
  });

  it("rejects what it cannot print, naming the operation", () => {
    expect(() => format(null as unknown as number)).to.throw(TypeError, /format: cannot print null/);
    expect(() => format("x" as unknown as number)).to.throw(TypeError, /format: cannot print string/);
    expect(() => format(ndarray(new Float64Array([1.5]), [1]), { dtype: "int" })).to.throw(RangeError, /formatInt: 1.5 is not an integer/);
    expect(() => format(1, { precision: -1 })).to.throw(RangeError, /format: precision must be an integer >= 0/);
    expect(() => formatFloatPositional(1, { trim: "x" as "k" })).to.throw(RangeError, /formatFloatPositional: trim/);
    expect(() => formatFloatScientific(1, { unique: false })).to.throw(RangeError, /needs a precision/);
    expect(() => formatFixed(1, 1.5)).to.throw(RangeError, /formatFixed: digits/);
  });

  it("formats a 1000-element array and a summarised (12288, 64) one quickly", () => {
    const big = ndarray(Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10 ** ((i % 7) - 3)), [20, 50]);
    let t0 = performance.now();
    const text = format(big);
    const full = performance.now() - t0;
    expect(text.split("\n").length).to.be.greaterThan(20);
    const huge = ndarray(new Float64Array(12288 * 64).fill(0.25), [12288, 64]);
    t0 = performance.now();
    format(huge);
    const summarised = performance.now() - t0;
    expect(full, `1000 elements took ${full.toFixed(1)} ms`).to.be.lessThan(2000);
    expect(summarised, `summarised took ${summarised.toFixed(1)} ms`).to.be.lessThan(200);
  });
});

describe("formatFloat (Python repr)", () => {
  it(`matches Python's repr on ${fixture.repr.length} doubles (all exponents, subnormals, layout switches)`, () => {
    expectAll(fixture.repr, (s) => {
      const got = formatFloat(parseFloat64(s));
      return got === s ? null : [s, got, s];
    });
  });

  it("matches Python's repr on 30000 more doubles (splitmix64 streams, compared by sha256 per chunk)", () => {
    const { seed, chunk, sha256 } = fixture.reprStream;
    const gen = splitmix64(seed);
    const view = new DataView(new ArrayBuffer(8));
    const bad: string[] = [];
    sha256.forEach((want, k) => {
      const strs = Array.from({ length: chunk }, () => formatFloat(streamDouble(k % 3, gen.next().value as bigint, view)));
      if (digest(strs) !== want) bad.push(`chunk ${k} (kind ${k % 3}), e.g. ${strs.slice(0, 3).join(", ")}`);
    });
    expect(bad, bad.join("; ")).to.have.length(0);
  });

  it("prints the course's and the brief's examples", () => {
    const cases: [number, string][] = [
      [0.5, "0.5"], [1, "1.0"], [1.7864859451590758, "1.7864859451590758"], [2.919335883291695e-10, "2.919335883291695e-10"],
      [1e-5, "1e-05"], [1e16, "1e+16"], [123456789012345.0, "123456789012345.0"], [Infinity, "inf"], [-Infinity, "-inf"],
      [NaN, "nan"], [-0, "-0.0"], [0.0001, "0.0001"], [9999999999999998, "9999999999999998.0"], [5e-324, "5e-324"],
    ];
    for (const [x, s] of cases) expect(formatFloat(x), String(x)).to.equal(s);
  });

  it("gives the same shortest digits as JS's Number#toString on 20000 random bit patterns", () => {
    // xorshift32: deterministic, no dependency
    let state = 0x9e3779b9;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    const view = new DataView(new ArrayBuffer(8));
    const bad: string[] = [];
    for (let k = 0; k < 20000; k++) {
      view.setUint32(0, next());
      view.setUint32(4, next());
      const x = view.getFloat64(0);
      if (!Number.isFinite(x)) continue;
      const s = formatFloat(x);
      const [mant, exp] = x.toExponential().split("e");
      const jsDigits = mant.replace(/[-.]/g, "");
      const [ourMant, ourExp] = Math.abs(x) >= 1e-4 && Math.abs(x) < 1e16 ? [null, null] : s.split("e");
      const ourDigits = (ourMant ?? s).replace(/[-.]/g, "").replace(/^0+/, "").replace(/0+$/, "") || "0";
      if (Number(s) !== x || ourDigits !== jsDigits.replace(/0+$/, "") || (ourExp !== null && Number(ourExp) !== Number(exp))) {
        bad.push(`${x}: ${s}`);
      }
    }
    expect(bad, bad.slice(0, 5).join("; ")).to.have.length(0);
  });
});

describe("formatFloat32, formatFixed, formatInt, formatBool", () => {
  it(`formatFloat32 matches str(np.float32) (${fixture.float32.length} cases)`, () => {
    expectAll(fixture.float32, ([s, expected]) => {
      const got = formatFloat32(parseFloat64(s));
      return got === expected ? null : [s, got, expected];
    });
  });

  it("formatFloat32 matches str(np.float32) on 5000 float32 bit patterns (sha256 per chunk)", () => {
    const { seed, chunk, sha256 } = fixture.float32Stream;
    const gen = splitmix64(seed);
    const view = new DataView(new ArrayBuffer(4));
    const bad: string[] = [];
    sha256.forEach((want, k) => {
      const strs = Array.from({ length: chunk }, () => {
        let b = Number((gen.next().value as bigint) >> 32n);
        if (((b >>> 23) & 0xff) === 0xff) b = (b ^ (1 << 30)) >>> 0;
        view.setUint32(0, b);
        return formatFloat32(view.getFloat32(0));
      });
      if (digest(strs) !== want) bad.push(`chunk ${k}, e.g. ${strs.slice(0, 3).join(", ")}`);
    });
    expect(bad, bad.join("; ")).to.have.length(0);
  });

  it(`formatFixed matches Python's '%.Nf' incl. ties to even (${fixture.fixed.length} cases)`, () => {
    expectAll(fixture.fixed, ([s, digits, expected]) => {
      const got = formatFixed(parseFloat64(s), digits);
      return got === expected ? null : [`${s} %.${digits}f`, got, expected];
    });
    expect(formatFixed(0.0078125)).to.equal("0.007812");
    expect(formatFixed(NaN)).to.equal("nan");
    expect(formatFixed(-Infinity, 2)).to.equal("-inf");
  });

  it("formatInt prints Python ints, formatBool Python bools", () => {
    expect(formatInt(-8)).to.equal("-8");
    expect(formatInt(-0)).to.equal("0");
    expect(formatInt(1e21)).to.equal("1000000000000000000000");
    expect(formatInt(2n ** 70n)).to.equal("1180591620717411303424");
    expect(() => formatInt(NaN)).to.throw(RangeError, /formatInt: NaN is not an integer/);
    expect(formatBool(true)).to.equal("True");
    expect(formatBool(0)).to.equal("False");
  });
});

describe("formatFloatPositional / formatFloatScientific (np.format_float_*)", () => {
  it(`match numpy on ${fixture.formatFloat.length} calls with varied arguments`, () => {
    expectAll(fixture.formatFloat, ([s, kind, options, expected]) => {
      const x = parseFloat64(s);
      const got = kind === "positional" ? formatFloatPositional(x, options) : formatFloatScientific(x, options);
      return got === expected ? null : [`${kind}(${s}, ${JSON.stringify(options)})`, got, expected];
    });
  });

  it("round ties to even at the cut and carry across digits", () => {
    expect(formatFloatPositional(0.125, { precision: 2 })).to.equal("0.12");
    expect(formatFloatPositional(0.375, { precision: 2 })).to.equal("0.38");
    expect(formatFloatPositional(1 / 512, { precision: 8 })).to.equal("0.00195312");
    expect(formatFloatPositional(0.999999999, { precision: 8, trim: "." })).to.equal("1.");
    expect(formatFloatScientific(9.9999999999e-5, { precision: 8, trim: "." })).to.equal("1.e-04");
  });
});
