// array.ts / kernels.ts against numpy (test/fixtures/array.json, from tools/fixtures/gen_array.py).
// "bit-exact" below means assertClose with rtol = atol = 0.
import { expect } from "chai";
import fs from "node:fs";
import ndarray from "ndarray";
import * as A from "../../lib/src/array";
import type { Mat } from "../../lib/src/array";
import * as K from "../../lib/src/kernels";
import { assertClose } from "../../lib/src/check";

type Enc = number | "nan" | "inf" | "-inf" | "-0";
interface Arr { shape: number[]; values?: Enc[]; b64?: string }
const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/array.json", import.meta.url), "utf8"));
const EXACT = { rtol: 0, atol: 0 };

function dec(v: Enc): number {
  return v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "-0" ? -0 : v;
}
function values(a: Arr): Float64Array {
  if (a.values) return Float64Array.from(a.values, dec);
  const buf = Buffer.from(a.b64 as string, "base64");
  return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}
function mat(a: Arr): Mat {
  return ndarray(values(a), a.shape);
}

// twin of gen() in gen_array.py: integer hashing + IEEE arithmetic, same bits in both languages
function hash32(x: number): number {
  x = Math.imul(x, 2654435761) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x45d9f3b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
function gen(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const base = (seed * 1000003 + 3 * i) % 2 ** 32;
    const h1 = hash32(base), h2 = hash32((base + 1) % 2 ** 32), h3 = hash32((base + 2) % 2 ** 32);
    const v = (h1 * 2097152 + (h2 >>> 11)) / 9007199254740992;
    out[i] = (v * 2 - 1) * 2 ** ((h3 % 9) - 4);
  }
  return out;
}
function genMat(shape: number[], seed: number): Mat {
  return ndarray(gen(shape.reduce((a, b) => a * b, 1), seed), shape);
}
function sameBits(a: Float64Array, b: Float64Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Object.is(a[i], b[i])) n++;
  return n;
}

describe("array: the input generator", () => {
  it("matches gen() of gen_array.py", () => {
    assertClose(gen(6, fx.generator.seed), fx.generator.values.map(dec), { ...EXACT, name: "gen(6, 7)" });
  });
});

describe("array: matmul against numpy @", () => {
  interface MCase { name: string; kind: "nn" | "tn" | "nt"; a: number[]; b: number[]; seedA: number; seedB: number; C: Arr }
  const run = (c: MCase): Mat => {
    const a = genMat(c.a, c.seedA);
    const b = genMat(c.b, c.seedB);
    return c.kind === "nn" ? A.matmul(a, b) : c.kind === "tn" ? A.matmulTA(a, b) : A.matmulTB(a, b);
  };
  for (const c of fx.matmul as MCase[]) {
    it(`${c.name} (${c.kind}): close to numpy in fast mode`, () => {
      const got = run(c);
      // sums of ≤ 300 products of values below 16: 1e-12 absolute covers cancellation, rtol the rest
      assertClose(got, mat(c.C), { rtol: 1e-13, atol: 1e-12, name: c.name });
    });
  }
  // OpenBLAS's gemm kernels run k = 0 upward with one fma per step: the fma mode reproduces that
  // exactly. gemv (a 1-row operand) and long inner sizes use other orders: only close there.
  const exactInFma = (c: MCase): boolean => c.kind !== "nt" && c.a[0] !== 1;
  for (const c of (fx.matmul as MCase[]).filter(exactInFma)) {
    it(`${c.name} (${c.kind}): bit-exact in fma mode`, () => {
      const prev = A.setMatmulMode("fma");
      try {
        assertClose(run(c), mat(c.C), { ...EXACT, name: c.name });
      } finally {
        A.setMatmulMode(prev);
      }
    });
  }
  it("fma mode differs from fast mode somewhere (the mode switch is live)", () => {
    const c = (fx.matmul as MCase[])[1];
    const fast = run(c).data;
    const prev = A.setMatmulMode("fma");
    const fmaRes = run(c).data;
    A.setMatmulMode(prev);
    expect(sameBits(fast, fmaRes)).to.be.lessThan(fast.length);
  });
});

describe("kernels: tiled, blocked and reference gemm agree bit for bit", () => {
  const sizes: [number, number, number][] = [[1, 1, 1], [2, 3, 5], [7, 300, 13], [25, 600, 530], [3, 257, 259], [1, 700, 6], [26, 9, 4]];
  for (const [m, k, n] of sizes) {
    it(`(${m},${k})·(${k},${n})`, () => {
      const a = gen(m * k, m + 1000 * k);
      const b = gen(k * n, n + 7);
      const ref = new Float64Array(m * n);
      K.gemmNNRef(ref, a, b, m, k, n);
      for (const [name, f] of [["small", K.gemmNNSmall], ["tiled", K.gemmNNTiled], ["dispatch", K.gemmNN]] as const) {
        const c = new Float64Array(m * n).fill(NaN);
        f(c, a, b, m, k, n);
        assertClose(c, ref, { ...EXACT, name: `gemmNN ${name}` });
      }
      // Aᵀ·B with A stored (k,m), A·Bᵀ with B stored (n,k)
      const at = gen(k * m, m + 5);
      const tn = new Float64Array(m * n).fill(NaN);
      const tnRef = new Float64Array(m * n);
      K.gemmTN(tn, at, b, m, k, n);
      K.gemmTNRef(tnRef, at, b, m, k, n);
      assertClose(tn, tnRef, { ...EXACT, name: "gemmTN" });
      const bt = gen(n * k, n + 9);
      const nt = new Float64Array(m * n).fill(NaN);
      const ntRef = new Float64Array(m * n);
      K.gemmNT(nt, a, bt, m, k, n);
      K.gemmNTRef(ntRef, a, bt, m, k, n);
      assertClose(nt, ntRef, { ...EXACT, name: "gemmNT" });
    });
  }
  it("the JavaScript loops and the SIMD module agree with the reference, -0, NaN and ±inf included", () => {
    const sizes: [number, number, number][] = [[1, 1, 1], [2, 3, 5], [10, 2, 300], [5, 10, 300], [1, 5, 300], [7, 300, 13], [3, 600, 9],
      [26, 9, 4], [4, 257, 3], [9, 1, 700], [2, 530, 1200], [1200, 40, 2]];
    const special = [-0, 0, NaN, Infinity, -Infinity, 5e-324, -1e300];
    for (const [m, k, n] of sizes) {
      const a = gen(m * k, m + 31 * k), b = gen(k * n, n + 17), at = gen(k * m, m + 5), bt = gen(n * k, n + 9);
      for (const x of [a, b, at, bt]) for (let i = 3; i < x.length; i += 97) x[i] = special[i % special.length];
      const refs = { nn: new Float64Array(m * n), tn: new Float64Array(m * n), nt: new Float64Array(m * n) };
      K.gemmNNRef(refs.nn, a, b, m, k, n);
      K.gemmTNRef(refs.tn, at, b, m, k, n);
      K.gemmNTRef(refs.nt, a, bt, m, k, n);
      const run = (f: (c: Float64Array) => void): Float64Array => {
        const c = new Float64Array(m * n).fill(NaN);
        f(c);
        return c;
      };
      const same = (c: Float64Array, ref: Float64Array, name: string): void => {
        assertClose(c, ref, { ...EXACT, name: `${name} (${m},${k},${n})` });
        expect(sameBits(c, ref), `${name} (${m},${k},${n}): signs of zeros`).to.equal(ref.length);
      };
      same(run((c) => K.gemmNNBlocked(c, a, b, m, k, n)), refs.nn, "gemmNNBlocked");
      same(run((c) => K.gemmTNBlocked(c, at, b, m, k, n)), refs.tn, "gemmTNBlocked");
      same(run((c) => K.gemmNTBlocked(c, a, bt, m, k, n)), refs.nt, "gemmNTBlocked");
      same(run((c) => K.gemmSimd(c, a, b, m, k, n, "nn")), refs.nn, "gemmSimd nn");
      same(run((c) => K.gemmSimd(c, at, b, m, k, n, "tn")), refs.tn, "gemmSimd tn");
      same(run((c) => K.gemmSimd(c, a, bt, m, k, n, "nt")), refs.nt, "gemmSimd nt");
      same(run((c) => K.gemmNN(c, a, b, m, k, n)), refs.nn, "gemmNN");
      same(run((c) => K.gemmTN(c, at, b, m, k, n)), refs.tn, "gemmTN");
      same(run((c) => K.gemmNT(c, a, bt, m, k, n)), refs.nt, "gemmNT");
    }
    // an empty inner size gives +0 everywhere, as the loops do
    const c = new Float64Array(6).fill(NaN);
    K.gemmSimd(c, new Float64Array(0), new Float64Array(0), 2, 0, 3, "nt");
    expect(sameBits(c, new Float64Array(6))).to.equal(6);
  });
  it("sumAxis along rows and reluBackwardInto give the same bits with the SIMD module (large arrays) as the JavaScript loops", () => {
    const special = [-0, 0, NaN, Infinity, -Infinity, 5e-324, -1e300, 1, 2 ** 53, -(2 ** 53)];
    const viaBoth = (f: () => Float64Array): [Float64Array, Float64Array] => {
      const prev = K.setSimd(false);
      const js = f();
      K.setSimd(true);
      const simd = f();
      K.setSimd(prev);
      return [js, simd];
    };
    for (const [rows, cols] of [[1, 127], [1, 128], [3, 211], [1, 1023], [20, 211], [3, 1000], [7, 333], [64, 17], [2, 4096]] as [number, number][]) {
      const n = rows * cols;
      const big = gen(n + 10, rows * 7 + cols);
      for (let i = 3; i < big.length; i += 17) big[i] = special[i % special.length];
      const x = big.subarray(5, 5 + n); // an offset view of a longer array, as fused blocks hand out
      const mask = gen(n, cols + 3);
      for (let i = 0; i < n; i += 5) mask[i] = special[(i / 5) % special.length];
      for (const skipNaN of [false, true]) {
        const [js, simd] = viaBoth(() => { const o = new Float64Array(rows); K.sumAxis(o, x, rows, cols, 1, skipNaN); return o; });
        expect(sameBits(simd, js), `sumAxis (${rows},${cols}) skipNaN=${skipNaN}`).to.equal(rows);
      }
      const [js, simd] = viaBoth(() => { const o = new Float64Array(n); K.reluBackwardInto(o, x, mask, n); return o; });
      expect(sameBits(simd, js), `reluBackwardInto (${rows},${cols})`).to.equal(n);
      // in place (out = dA), as array.reluBackward(dA, A, dA) does
      const [jsIn, simdIn] = viaBoth(() => { const o = Float64Array.from(x); K.reluBackwardInto(o, o, mask, n); return o; });
      expect(sameBits(simdIn, jsIn), `reluBackwardInto in place (${rows},${cols})`).to.equal(n);
    }
  });
  it("pairwiseSum1 (contiguous) equals pairwiseSum with stride 1 for every length to 600, -0 included", () => {
    const a = gen(700, 41);
    for (let i = 0; i < a.length; i += 11) a[i] = -0;
    const negZeros = new Float64Array(700).fill(-0);
    for (let n = 0; n <= 600; n++) {
      for (const x of [a, negZeros]) {
        const want = K.pairwiseSum(x, 7, n, 1), got = K.pairwiseSum1(x, 7, n);
        if (!Object.is(got, want)) expect.fail(`pairwiseSum1(n=${n}) = ${got}, pairwiseSum = ${want}`);
      }
    }
  });
  it("WebAssembly SIMD is there on this Node: the module validates and the dispatchers use it", () => {
    expect(WebAssembly.validate(K.gemmModule())).to.equal(true);
    expect(K.simdHeap()).to.not.equal(null);
    expect(K.useSimd(10, 2, 300)).to.equal(true);
    expect(K.useSimd(1, 3, 5)).to.equal(false);
    const prev = K.setSimd(false);
    expect(K.simdHeap()).to.equal(null);
    expect(K.useSimd(10, 2, 300)).to.equal(false);
    K.setSimd(prev);
  });
  it("the module's elementwise steps equal the JavaScript kernels (biasAct, reluBackward, transpose, rowSums)", () => {
    const S = K.simdHeap()!;
    const prevSimd = K.setSimd(false); // the references below are the JavaScript loops (large ones would run in the module)
    try {
      const special = [-0, 0, NaN, Infinity, -Infinity, 5e-324, -1e300, 1];
      for (const [rows, cols] of [[1, 1], [3, 5], [10, 300], [2, 7], [4, 129], [3, 1000], [1, 0]] as [number, number][]) {
        const n = rows * cols;
        const z = gen(n, rows + 3 * cols), b = gen(rows, rows + 1), A2 = gen(n, cols + 7);
        for (const x of [z, b, A2]) for (let i = 1; i < x.length; i += 13) x[i] = special[i % special.length];
        const H = S.heap(5 * n + rows + 10);
        const [oz, oa, ob, oA, oo] = [0, n, 2 * n, 2 * n + rows, 3 * n + rows];
        H.set(z, oz); H.set(b, ob); H.set(A2, oA); H.fill(7, oa, oa + n);
        const zz = new Float64Array(n), aa = new Float64Array(n);
        K.addColumnInto(zz, z, b, rows, cols);
        K.reluInto(aa, zz, n);
        S.biasAct(oz, oa, ob, rows, cols, true);
        assertClose(H.subarray(oz, oz + n), zz, { ...EXACT, name: "biasAct z" });
        expect(sameBits(H.subarray(oa, oa + n), aa), "biasAct relu, bit for bit").to.equal(n);
        const rb = new Float64Array(n);
        K.reluBackwardInto(rb, z, A2, n);
        H.set(z, oz);
        S.reluBackward(oo, oz, oA, n);
        expect(sameBits(H.subarray(oo, oo + n), rb), "reluBackward, bit for bit").to.equal(n);
        S.transpose(oo, oA, rows, cols);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(Object.is(H[oo + j * rows + i], A2[i * cols + j])).to.equal(true);
        const sums = new Float64Array(rows);
        K.sumAxis(sums, A2, rows, cols, 1, false);
        S.rowSums(oo, oA, rows, cols);
        expect(sameBits(H.subarray(oo, oo + rows), sums), "rowSums, bit for bit").to.equal(rows);
        // a row where the order of the 8 running sums matters: (2^53 + -2^53) + 1 = 1, (2^53 + 1) + -2^53 = 0
        if (cols >= 16) {
          const tricky = new Float64Array(n);
          for (let r = 0; r < rows; r++) tricky.set([2 ** 53, 0, -(2 ** 53), 0, 1, 0, 0, 0], r * cols);
          H.set(tricky, oA);
          K.sumAxis(sums, tricky, rows, cols, 1, false);
          S.rowSums(oo, oA, rows, cols);
          expect(sameBits(H.subarray(oo, oo + rows), sums), "rowSums keeps numpy's order of the running sums").to.equal(rows);
          expect(sums[0]).to.equal(1);
        }
        // -0 + -0 stays -0 and relu keeps it (np.maximum(0, -0.) is -0.)
        H.fill(-0, oz, oz + n); H.fill(-0, ob, ob + rows);
        S.biasAct(oz, oa, ob, rows, cols, true);
        expect(sameBits(H.subarray(oa, oa + n), new Float64Array(n).fill(-0)), "relu(-0) is -0").to.equal(n);
        const neg = Float64Array.from(A2, (v) => (v === 0 ? -0 : -Math.abs(v)));
        H.set(neg, oA);
        K.sumAxis(sums, neg, rows, cols, 1, false);
        S.rowSums(oo, oA, rows, cols);
        expect(sameBits(H.subarray(oo, oo + rows), sums), "rowSums of -0 and negatives").to.equal(rows);
      }
    } finally {
      K.setSimd(prevSimd);
    }
  });
  it("the SIGNS-size product (25,12288)·(12288,32) takes the tiled path and equals the reference", () => {
    const [m, k, n] = [25, 12288, 32];
    const a = gen(m * k, 11);
    const b = gen(k * n, 12);
    const ref = new Float64Array(m * n);
    const c = new Float64Array(m * n);
    K.gemmNNRef(ref, a, b, m, k, n);
    K.gemmNN(c, a, b, m, k, n);
    assertClose(c, ref, { ...EXACT, name: "W1·X" });
  });
  it("matmul accepts transposed views and writes into out", () => {
    const a = genMat([4, 3], 21);
    const b = genMat([4, 5], 22);
    const viaView = A.matmul(a.transpose(1, 0), b);
    const out = A.zeros([3, 5]);
    const r = A.matmulTA(a, b, out);
    expect(r).to.equal(out);
    assertClose(out, viaView, { ...EXACT, name: "Aᵀ·B" });
    assertClose(A.matmulTB(b.transpose(1, 0), a.transpose(1, 0)), A.transpose(viaView), { ...EXACT, name: "(Aᵀ·B)ᵀ" });
  });
});

describe("kernels: fma", () => {
  it("rounds once", () => {
    expect(K.fma(0.1, 10, -1)).to.equal(5.551115123125783e-17);
    expect(0.1 * 10 - 1).to.equal(0);
    expect(K.fma(1 + 2 ** -52, 1 - 2 ** -53, -1)).to.equal(2 ** -53 - 2 ** -105);
    // a*b = p + half an ulp exactly (a tie); a tiny c decides the direction, which needs the
    // round-to-odd step (adding c and the product's error first would lose c)
    const p = 1 + 3 * 2 ** -27;
    expect(K.fma(1 + 2 ** -26, 1 + 2 ** -27, 2 ** -120)).to.equal(p + 2 ** -52);
    expect(K.fma(1 + 2 ** -26, 1 + 2 ** -27, -(2 ** -120))).to.equal(p);
    expect(K.fma(1 + 2 ** -26, 1 + 2 ** -27, 0)).to.equal(p);
  });
  it("handles zeros, infinities, NaN and extreme exponents", () => {
    expect(Object.is(K.fma(-0, 1, 0), 0)).to.equal(true);
    expect(Object.is(K.fma(-0, 1, -0), -0)).to.equal(true);
    expect(K.fma(Infinity, 0, 1)).to.be.NaN;
    expect(K.fma(Infinity, 2, 1)).to.equal(Infinity);
    expect(K.fma(1e300, 1e10, -Infinity)).to.equal(-Infinity);
    expect(K.fma(1e300, 1e300, -1e308)).to.equal(Infinity);
    // subnormal results, rounded once (ties to even): 1.5, 2.5 and 0.5 units of 2^-1074
    expect(K.fma(3 * 2 ** -540, 2 ** -535, 0)).to.equal(2 * 2 ** -1074);
    expect(K.fma(3 * 2 ** -540, 2 ** -535, 2 ** -1074)).to.equal(2 * 2 ** -1074);
    expect(Object.is(K.fma(3 * 2 ** -540, 2 ** -535, -(2 ** -1074)), 0)).to.equal(true);
    expect(K.fma(2 ** -600, 2 ** -500, 2 ** -1000)).to.equal(2 ** -1000);
    expect(K.fma(2 ** 600, 2 ** 500, -(2 ** 1023))).to.equal(2 ** 1100 - 2 ** 1023);
  });
  it("agrees with exact rational arithmetic on near-ties", () => {
    // c = -round(a*b) + tiny makes the exact result land near half-ulps; check against BigInt math
    const exact = (a: number, b: number, c: number): number => {
      const [ma, ea] = parts(a), [mb, eb] = parts(b), [mc, ec] = parts(c);
      const e = Math.min(ea + eb, ec);
      const s = (ma * mb << BigInt(ea + eb - e)) + (mc << BigInt(ec - e));
      return roundBig(s, e);
    };
    const xs = gen(3000, 31);
    let checked = 0;
    for (let i = 0; i + 2 < xs.length; i += 3) {
      const a = xs[i], b = xs[i + 1];
      for (const c of [xs[i + 2], -(a * b), -(a * b) * (1 + 2 ** -52), (a * b) * 2 ** -53, -(a * b) * 0.75]) {
        expect(K.fma(a, b, c), `fma(${a}, ${b}, ${c})`).to.equal(exact(a, b, c));
        checked++;
      }
    }
    expect(checked).to.equal(5000);
  });
});

// exact value of a double: m * 2^e
function parts(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  let e = 0;
  let m = Math.abs(x);
  while (!Number.isInteger(m)) { m *= 2; e--; }
  while (m > 2 ** 53) { m /= 2; e++; }
  return [BigInt(x < 0 ? -m : m), e];
}
// s * 2^e rounded to the nearest double (ties to even), for results in the normal range
function roundBig(s: bigint, e: number): number {
  if (s === 0n) return 0;
  const neg = s < 0n;
  let q = neg ? -s : s;
  let len = q.toString(2).length;
  while (len > 53) {
    const drop = BigInt(len - 53);
    const rem = q & ((1n << drop) - 1n);
    const half = 1n << (drop - 1n);
    q >>= drop;
    e += Number(drop);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    len = q.toString(2).length;
  }
  const r = Number(q) * 2 ** e;
  return neg ? -r : r;
}

describe("array: linspace and arange, bit-exact", () => {
  for (const c of fx.linspace as { a: number; b: number; n: number; endpoint: boolean; y: Arr }[]) {
    it(`linspace(${c.a}, ${c.b}, ${c.n}, ${c.endpoint})`, () => {
      const y = A.linspace(c.a, c.b, c.n, c.endpoint);
      expect(y.shape).to.deep.equal([c.n]);
      assertClose(y, values(c.y), { ...EXACT, name: "linspace" });
    });
  }
  for (const c of fx.arange as { start: number; stop: number; step: number; y: Arr }[]) {
    it(`arange(${c.start}, ${c.stop}, ${c.step})`, () => {
      assertClose(A.arange(c.start, c.stop, c.step), values(c.y), { ...EXACT, name: "arange" });
    });
  }
  it("arange(n) counts from 0; bad arguments throw", () => {
    assertClose(A.arange(4), [0, 1, 2, 3], EXACT);
    expect(() => A.arange(0, 1, 0)).to.throw(/arange: step must be a finite nonzero number, got 0/);
    expect(() => A.linspace(0, 1, -1)).to.throw(/linspace: number of samples must be a non-negative integer, got -1/);
  });
});

describe("array: sum / nansum / mean follow numpy's pairwise summation", () => {
  for (const c of fx.sum as { n: number; seed: number; sum: Enc; mean: Enc; nansum: Enc; naive: Enc }[]) {
    it(`n = ${c.n}`, () => {
      const x = ndarray(gen(c.n, c.seed), [1, c.n]);
      assertClose(A.sum(x), dec(c.sum), { ...EXACT, name: "sum" });
      assertClose(A.mean(x), dec(c.mean), { ...EXACT, name: "mean" });
      const xn = A.copy(x);
      for (let i = 0; i < c.n; i += 17) xn.data[i] = NaN;
      assertClose(A.nansum(xn), dec(c.nansum), { ...EXACT, name: "nansum" });
    });
  }
  it("differs from a left-to-right sum where numpy does (the fixture can tell them apart)", () => {
    const differ = (fx.sum as { sum: Enc; naive: Enc }[]).filter((c) => c.sum !== c.naive).length;
    expect(differ).to.be.greaterThan(5);
  });
  for (const c of fx.axis as { shape: number[]; axis: number; seed: number; sum: Arr; mean?: Arr }[]) {
    it(`sum over axis ${c.axis} of (${c.shape})`, () => {
      const x = genMat(c.shape, c.seed);
      const s = A.sum(x, c.axis, true);
      expect(s.shape).to.deep.equal(c.sum.shape);
      assertClose(s, mat(c.sum), { ...EXACT, name: "sum(axis, keepdims)" });
      if (c.mean) assertClose(A.mean(x, c.axis), mat(c.mean), { ...EXACT, name: "mean(axis)" });
    });
  }
  it("the course's cost 1/m * nansum(logprobs) over (1,300)", () => {
    const c = fx.cost;
    const lp = mat(c.logprobs);
    assertClose(A.mul(1 / 300, A.nansum(lp, null, true)), [[dec(c.cost)]], { ...EXACT, name: "cost" });
    assertClose(A.mul(1 / 300, A.nansum(lp, 1, true)), [[dec(c.cost)]], { ...EXACT, name: "cost, nansum over axis 1" });
    expect(A.sum(lp)).to.be.NaN;
    expect(dec(c.cost)).to.not.equal(dec(c.costNaive));
    // logprobs = (-log(a3))*Y + (-log(1-a3))*(1-Y) with the project's libm (glibc's bits)
    const a3 = A.div(A.add(ndarray(gen(300, c.a3Seed), [1, 300]), 16), 32);
    const y = A.map(ndarray(gen(300, c.ySeed), [1, 300]), (v) => (v > 0 ? 1 : 0));
    a3.data[c.nanAt] = 0;
    y.data[c.nanAt] = 0;
    const mine = A.add(A.mul(A.mul(-1, A.log(a3)), y), A.mul(A.mul(-1, A.log(A.sub(1, a3))), A.sub(1, y)));
    assertClose(mine, lp, { ...EXACT, name: "logprobs" });
  });
  it("sum(-0) is +0 and an empty sum is 0, as in numpy", () => {
    expect(Object.is(A.sum(A.full([3], -0)), 0)).to.equal(true);
    expect(A.sum(A.zeros([0, 3]))).to.equal(0);
    assertClose(A.sum(A.zeros([0, 3]), 0), [0, 0, 0], EXACT);
  });
});

describe("array: norm (np.linalg.norm, OpenBLAS ddot order)", () => {
  for (const c of fx.norm as { n?: number; shape?: number[]; seed: number; norm: Enc; dot?: Enc; seedY?: number }[]) {
    it(c.shape ? `matrix (${c.shape})` : `n = ${c.n}`, () => {
      const x = c.shape ? genMat(c.shape, c.seed) : ndarray(gen(c.n as number, c.seed), [c.n as number, 1]);
      assertClose(A.norm(x), dec(c.norm), { ...EXACT, name: "norm" });
      if (c.dot !== undefined) {
        assertClose(K.ddot(x.data, gen(c.n as number, c.seedY as number), c.n as number), dec(c.dot), { ...EXACT, name: "ddot" });
      }
    });
  }
});

describe("array: argmax", () => {
  const c = fx.argmax;
  it("first maximum, NaN counts as the maximum (axis 0, axis 1, flat)", () => {
    const Z = mat(c.Z);
    assertClose(A.argmax(Z, 0), values(c.axis0), { ...EXACT, name: "axis 0" });
    assertClose(A.argmax(Z, 1), values(c.axis1), { ...EXACT, name: "axis 1" });
    expect(A.argmax(Z)).to.equal(c.flat);
    expect(A.argmax(A.map(Z, (v) => (v !== v ? -100 : v)))).to.equal(c.flatNoNaN);
    expect(A.argmax(Z, -1, true).shape).to.deep.equal([6, 1]);
  });
});

describe("array: layout (columns, slices, reshape, transpose)", () => {
  const c = fx.layout;
  const M = mat(c.A);
  it("columns and sliceColumns", () => {
    assertClose(A.columns(M, [5, 0, 3, 3, -1]), mat(c.columns), { ...EXACT, name: "columns" });
    assertClose(A.sliceColumns(M, 2, 100), mat(c.slice), { ...EXACT, name: "slice" });
    assertClose(A.sliceColumns(M, -4, -1), mat(c.sliceNeg), { ...EXACT, name: "negative slice" });
    expect(A.sliceColumns(M, 4, 2).shape).to.deep.equal([4, 0]);
  });
  it("transpose, reshape, flatten, copy", () => {
    assertClose(A.transpose(M), mat(c.transpose), { ...EXACT, name: "transpose" });
    assertClose(A.reshape(M, [3, -1]), mat(c.reshape), { ...EXACT, name: "reshape" });
    assertClose(A.transpose(ndarray(A.arange(24).data, [2, 3, 4])), mat(c.transpose3), { ...EXACT, name: "transpose 3-D" });
    const f = A.flatten(M);
    expect(f.shape).to.deep.equal([24]);
    f.data[0] = 99;
    expect(M.data[0]).to.equal(0);
    const r = A.reshape(M, [24]);
    expect(r.data).to.equal(M.data); // a view, as numpy's reshape of a contiguous array
    expect(A.sum(A.copy(M))).to.equal(dec(c.sumAll));
  });
  it("fromNested / toNested / array round-trip; shapeOf, equalShapes", () => {
    const x = A.fromNested([[1, 2, 3], [4, 5, 6]]);
    expect(A.shapeOf(x)).to.deep.equal([2, 3]);
    expect(A.toNested(x)).to.deep.equal([[1, 2, 3], [4, 5, 6]]);
    expect(A.toNested(A.array([[true], [false]]))).to.deep.equal([[1], [0]]);
    expect(A.fromNested([]).shape).to.deep.equal([0]);
    expect(A.fromNested(3.5).shape).to.deep.equal([]);
    expect(A.toNested(A.fromNested(3.5))).to.equal(3.5);
    expect(A.equalShapes(x, A.zeros([2, 3]))).to.equal(true);
    expect(A.equalShapes(x, A.zeros([3, 2]))).to.equal(false);
    assertClose(A.full([2, 2], 0.5), [[0.5, 0.5], [0.5, 0.5]], EXACT);
    assertClose(A.ones(3), [1, 1, 1], EXACT);
  });
});

describe("array: elementwise", () => {
  const c = fx.elementwise;
  it("relu = np.maximum(0, x): keeps NaN and -0 like numpy", () => {
    const r = A.relu(ndarray(Float64Array.from(c.x as Enc[], dec), [c.x.length]));
    const want = (c.relu as Enc[]).map(dec);
    for (let i = 0; i < want.length; i++) expect(Object.is(r.data[i], want[i]), `relu(${dec(c.x[i])})`).to.equal(true);
  });
  it("reluBackward = np.multiply(dA, np.int64(A > 0)), signed zeros and NaN included", () => {
    const dA = A.array([[-1, 2, Infinity, NaN, -3, 4]]);
    const act = A.array([[0, 1, -1, 0, -0, NaN]]);
    const want = [-0, 2, NaN, NaN, -0, 0]; // numpy 2.4
    const got = A.reluBackward(dA, act);
    for (let i = 0; i < want.length; i++) expect(Object.is(got.data[i], want[i]), `element ${i}: ${got.data[i]}`).to.equal(true);
    expect(() => A.reluBackward(dA, A.zeros([6, 1]))).to.throw("reluBackward: dA (1,6) and A (6,1): shapes differ");
  });
  it("sigmoid, exp, log match glibc (Python's math) bit for bit; tanh, sqrt close to numpy", () => {
    const z = mat(c.z);
    assertClose(A.sigmoid(z), values(c.sigmoid), { ...EXACT, name: "sigmoid" });
    assertClose(A.exp(z), values(c.exp), { ...EXACT, name: "exp" });
    assertClose(A.log(A.map(z, Math.abs)), values(c.logAbs), { ...EXACT, name: "log" });
    assertClose(A.tanh(z), values(c.tanh), { rtol: 4e-16, name: "tanh" });
    assertClose(A.sqrt(A.map(z, Math.abs)), values(c.sqrtAbs), { ...EXACT, name: "sqrt" });
  });
  it("less = numpy's a < b as 1. / 0.: scalars on either side, arrays, NaN false, -0 equal to 0, in place", () => {
    const x = A.array([[0.5, 0.86, 0.9, NaN, -0, 0]]);
    assertClose(A.less(x, 0.86), [[1, 0, 0, 0, 1, 1]], EXACT);
    assertClose(A.less(0, x), [[1, 1, 1, 0, 0, 0]], EXACT);
    assertClose(A.less(x, A.array([[1, 0.86, 0.5, 1, 0, 0.1]])), [[1, 0, 0, 0, 0, 1]], EXACT);
    expect(A.less(x, 1, x)).to.equal(x);
    assertClose(x, [[1, 1, 1, 0, 1, 1]], EXACT);
    expect(() => A.less(x, A.zeros([6, 1]))).to.throw("less: (1,6) < (6,1): shapes differ");
  });
  it("add/sub/mul/div with arrays and scalars, addColumn, square, zip, in place", () => {
    const x = A.array([[1, 2, 3], [4, 5, 6]]);
    const y = A.array([[6, 5, 4], [3, 2, 1]]);
    assertClose(A.add(x, y), [[7, 7, 7], [7, 7, 7]], EXACT);
    assertClose(A.sub(1, x), [[0, -1, -2], [-3, -4, -5]], EXACT);
    assertClose(A.sub(x, 1), [[0, 1, 2], [3, 4, 5]], EXACT);
    assertClose(A.mul(2, x), [[2, 4, 6], [8, 10, 12]], EXACT);
    assertClose(A.div(1, A.array([[2, 4]])), [[0.5, 0.25]], EXACT);
    assertClose(A.div(x, y), [[1 / 6, 2 / 5, 3 / 4], [4 / 3, 5 / 2, 6]], EXACT);
    assertClose(A.addColumn(x, A.array([[10], [20]])), [[11, 12, 13], [24, 25, 26]], EXACT);
    assertClose(A.square(x), [[1, 4, 9], [16, 25, 36]], EXACT);
    assertClose(A.zip(x, y, (a, b) => a * (b > 3 ? 1 : 0)), [[1, 2, 3], [0, 0, 0]], EXACT);
    const same = A.add(x, y, x);
    expect(same).to.equal(x);
    assertClose(x, [[7, 7, 7], [7, 7, 7]], EXACT);
  });
});

describe("array: shape errors name the operation and both shapes", () => {
  const a53 = A.zeros([5, 3]);
  const a42 = A.zeros([4, 2]);
  it("matmul family", () => {
    expect(() => A.matmul(a53, a42)).to.throw("matmul: (5,3)·(4,2): inner sizes 3 ≠ 4");
    expect(() => A.matmulTA(a53, a42)).to.throw("matmulTA: (5,3)ᵀ·(4,2): inner sizes 5 ≠ 4");
    expect(() => A.matmulTB(a53, a42)).to.throw("matmulTB: (5,3)·(4,2)ᵀ: inner sizes 3 ≠ 2");
    expect(() => A.matmul(A.zeros([3]), a42)).to.throw("matmul: (3)·(4,2): both operands must be 2-D");
    expect(() => A.matmul(a53, A.zeros([3, 2]), A.zeros([5, 3]))).to.throw("matmul: out has shape (5,3), the result is (5,2)");
    const sq = A.ones([3, 3]);
    expect(() => A.matmul(sq, sq, sq)).to.throw("matmul: out must not share memory with an operand");
  });
  it("elementwise, addColumn, reductions, layout, creation", () => {
    expect(() => A.add(a53, a42)).to.throw("add: (5,3) + (4,2): shapes differ");
    expect(() => A.mul(A.zeros([1, 300]), A.zeros([300, 1]))).to.throw("mul: (1,300) * (300,1): shapes differ");
    expect(() => A.zip(a53, a42, (x) => x)).to.throw("zip: (5,3) and (4,2): shapes differ");
    expect(() => A.relu(a53, a42)).to.throw("relu: out has shape (4,2), the result is (5,3)");
    expect(() => A.addColumn(a53, A.zeros([4, 1]))).to.throw("addColumn: (5,3) + (4,1): b must be (5,1)");
    expect(() => A.addColumn(a53, A.zeros([5]))).to.throw("addColumn: (5,3) + (5): b must be (5,1)");
    expect(() => A.sum(a53, 2)).to.throw("sum: axis 2 is out of bounds for (5,3)");
    expect(() => A.argmax(A.zeros([0]))).to.throw(/argmax: attempt to get argmax of an empty array \(0\)/);
    expect(() => A.reshape(a53, [4, -1])).to.throw("reshape: cannot reshape (5,3) (15 elements) into (4,-1)");
    expect(() => A.reshape(a53, [-1, -1])).to.throw("reshape: can only specify one unknown dimension, got (-1,-1)");
    expect(() => A.columns(a53, [0, 3])).to.throw("columns: index 3 is out of bounds for 3 columns of (5,3)");
    expect(() => A.columns(A.zeros([3]), [0])).to.throw("columns: expected a 2-D array, got (3)");
    expect(() => A.fromNested([[1, 2], [3]])).to.throw("fromNested: ragged nested array: [1] has length 1, expected 2");
    expect(() => A.fromNested([[1, 2], 3] as never)).to.throw(/fromNested: ragged nested array: element \[1\] is a number/);
    expect(() => A.fromNested([1, [2]] as never)).to.throw(/fromNested: ragged nested array: element \[1\] is an array/);
    expect(() => A.fromNested([[1, 2], [3, "4"]] as never)).to.throw("fromNested: element [1, 1] is string, expected a number");
    expect(() => A.zeros([2, -1])).to.throw("zeros: invalid shape (2,-1): sizes must be non-negative integers");
  });
});

describe("array: memory of results", () => {
  it("small results come from shared blocks, zero-filled and not overlapping; large ones have their own buffer", () => {
    const xs = [K.newF64(10), K.newF64(300), K.newF64(1024), K.newF64(9)];
    for (const x of xs) expect(sameBits(x, new Float64Array(x.length)), "zero-filled").to.equal(x.length);
    xs.forEach((x, i) => x.fill(i + 1));
    xs.forEach((x, i) => expect(x.every((v) => v === i + 1), `array ${i} kept its values`).to.equal(true));
    expect(xs[0].buffer).to.equal(xs[1].buffer);
    expect(K.newF64(5000).byteOffset).to.equal(0);
    expect(K.newF64(5000).buffer.byteLength).to.equal(40000);
    const z = A.zeros([3, 300]);
    expect(z.data.length).to.equal(900);
    expect(sameBits(z.data, new Float64Array(900))).to.equal(900);
  });
  it("matmul's out may sit in the same block as an operand, not on it", () => {
    const a = A.fromNested([[1, 2], [3, 4]]), b = A.fromNested([[5, 6], [7, 8]]);
    const out = A.zeros([2, 2]);
    expect(A.matmul(a, b, out)).to.equal(out);
    assertClose(out, [[19, 22], [43, 50]], { ...EXACT, name: "a·b" });
    const both = A.fromData(new Float64Array(8), [2, 4]);
    const left = A.reshape(A.fromData(both.data.subarray(0, 4), [4]), [2, 2]), right = A.reshape(A.fromData(both.data.subarray(4, 8), [4]), [2, 2]);
    left.data.set([1, 2, 3, 4]);
    A.matmul(left, b, right);
    assertClose(right, [[19, 22], [43, 50]], { ...EXACT, name: "into the other half of one buffer" });
    expect(() => A.matmul(left, b, A.reshape(A.fromData(both.data.subarray(2, 6), [4]), [2, 2]))).to.throw("matmul: out must not share memory with an operand");
  });
  it("fromData views a Float64Array without copying and checks its size; getMatmulMode tells the mode", () => {
    const d = new Float64Array([1, 2, 3, 4, 5, 6]);
    const M = A.fromData(d, [2, 3]);
    expect(M.get(1, 2)).to.equal(6);
    d[5] = 9;
    expect(M.get(1, 2)).to.equal(9);
    expect(A.shapeOf(A.fromData(d, 6))).to.deep.equal([6]);
    expect(() => A.fromData(d, [4, 2])).to.throw("fromData: 6 elements cannot have shape (4,2)");
    expect(() => A.fromData(d, [2, -3])).to.throw("fromData: invalid shape (2,-3)");
    expect(() => A.fromData([1, 2] as unknown as Float64Array, [2])).to.throw("fromData: data must be a Float64Array");
    const prev = A.setMatmulMode("fma");
    expect(A.getMatmulMode()).to.equal("fma");
    A.setMatmulMode(prev);
    expect(A.getMatmulMode()).to.equal(prev);
  });
});
