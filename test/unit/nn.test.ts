// nn's 3-layer network: the fused path (lib/src/nn/fused.ts, taken for contiguous float64 inputs)
// against the course's op-by-op code written here with the array helpers, bit for bit: every
// element compared with Object.is (so -0 ≠ +0 and NaN = NaN), on random inputs with -0, NaN and
// ±inf mixed in, in both matmul modes.
import { expect } from "chai";
import ndarray from "ndarray";
import * as A from "../../lib/src/array";
import type { Mat } from "../../lib/src/array";
import * as K from "../../lib/src/kernels";
import * as nn from "../../lib/src/nn";
import { RandomState } from "../../lib/src/random";
import { assertClose } from "../../lib/src/check";

type Parameters = nn.Parameters;
type Cache = nn.Cache;
const EXACT = { rtol: 0, atol: 0 };

// ------------------------------------------------------------------ the op-by-op reference (the course's numpy code)
function refForward(X: Mat, p: Parameters): [Mat, Cache] {
  const z1 = A.addColumn(A.matmul(p.W1, X), p.b1);
  const a1 = A.relu(z1);
  const z2 = A.addColumn(A.matmul(p.W2, a1), p.b2);
  const a2 = A.relu(z2);
  const z3 = A.addColumn(A.matmul(p.W3, a2), p.b3);
  const a3 = A.sigmoid(z3);
  return [a3, [z1, a1, p.W1, p.b1, z2, a2, p.W2, p.b2, z3, a3, p.W3, p.b3]];
}

/** np.multiply(dA, np.int64(A > 0)), with its own closure (not the kernel under test). */
function refReluBackward(dA: Mat, Aa: Mat): Mat {
  return A.zip(dA, Aa, (d, a) => d * (a > 0 ? 1 : 0));
}

function refCost(a3: Mat, Y: Mat): number {
  const m = Y.shape[1];
  const logprobs = A.add(A.mul(A.mul(-1, A.log(a3)), Y), A.mul(A.mul(-1, A.log(A.sub(1, a3))), A.sub(1, Y)));
  return (1 / m) * A.nansum(logprobs);
}

function refBackwardA(X: Mat, Y: Mat, cache: Cache): nn.Grads {
  const m = X.shape[1];
  const [, a1, , , , a2, W2, , , a3, W3] = cache;
  const dz3 = A.mul(1 / m, A.sub(a3, Y));
  const dW3 = A.matmulTB(dz3, a2);
  const db3 = A.sum(dz3, 1, true);
  const da2 = A.matmulTA(W3, dz3);
  const dz2 = refReluBackward(da2, a2);
  const dW2 = A.matmulTB(dz2, a1);
  const db2 = A.sum(dz2, 1, true);
  const da1 = A.matmulTA(W2, dz2);
  const dz1 = refReluBackward(da1, a1);
  const dW1 = A.matmulTB(dz1, X);
  const db1 = A.sum(dz1, 1, true);
  return { dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1 };
}

function refBackwardB(X: Mat, Y: Mat, cache: Cache): nn.Grads {
  const m = X.shape[1];
  const [, A1, , , , A2, W2, , , A3, W3] = cache;
  const dZ3 = A.sub(A3, Y);
  const dW3 = A.mul(1 / m, A.matmulTB(dZ3, A2));
  const db3 = A.mul(1 / m, A.sum(dZ3, 1, true));
  const dA2 = A.matmulTA(W3, dZ3);
  const dZ2 = refReluBackward(dA2, A2);
  const dW2 = A.mul(1 / m, A.matmulTB(dZ2, A1));
  const db2 = A.mul(1 / m, A.sum(dZ2, 1, true));
  const dA1 = A.matmulTA(W2, dZ2);
  const dZ1 = refReluBackward(dA1, A1);
  const dW1 = A.mul(1 / m, A.matmulTB(dZ1, X));
  const db1 = A.mul(1 / m, A.sum(dZ1, 1, true));
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

function refUpdate(p: Parameters, grads: nn.Grads, lr: number): Parameters {
  const next: Parameters = { ...p };
  for (let l = 1; l <= 3; l++) {
    for (const k of ["W", "b"]) next[`${k}${l}`] = A.sub(p[`${k}${l}`], A.mul(lr, grads[`d${k}${l}`]));
  }
  return next;
}

// ------------------------------------------------------------------ comparing bit for bit
function elements(x: Mat): number[] {
  return A.toNested(A.reshape(A.copy(x), [-1])) as number[];
}

/** x and y hold the same values, element for element, with the same zero signs and NaNs in the same places. */
function expectSameBits(x: Mat | number, y: Mat | number, name: string): void {
  const xs = typeof x === "number" ? [x] : elements(x);
  const ys = typeof y === "number" ? [y] : elements(y);
  if (typeof x !== "number" && typeof y !== "number") expect(A.shapeOf(x), `${name}: shape`).to.deep.equal(A.shapeOf(y));
  assertClose(xs, ys, { ...EXACT, name });
  const negZero = (v: number[]): number[] => v.map((e) => (Object.is(e, -0) ? 1 : 0));
  assertClose(negZero(xs), negZero(ys), { ...EXACT, name: `${name} (signs of zeros)` });
}

function expectSameDict(x: Record<string, Mat>, y: Record<string, Mat>, what: string): void {
  expect(Object.keys(x), `${what}: keys in order`).to.deep.equal(Object.keys(y));
  for (const k of Object.keys(y)) expectSameBits(x[k], y[k], `${what}.${k}`);
}

// ------------------------------------------------------------------ inputs
const SPECIALS = [-0, 0, NaN, Infinity, -Infinity, 1e300, -1e300, 5e-324];

/** rs.randn(rows, cols)·scale with about `rate` of the elements replaced by special values. */
function randMat(rs: RandomState, rows: number, cols: number, scale: number, rate = 0): Mat {
  const M = A.mul(rs.randn(rows, cols) as Mat, scale);
  for (let i = 0; i < M.data.length; i++) if (rs.rand() < rate) M.data[i] = SPECIALS[Math.floor(rs.rand() * SPECIALS.length)];
  return M;
}

interface Case {
  name: string;
  dims: [number, number, number, number];
  m: number;
  seed: number;
  rate: number;
  scale: number;
}

const CASES: Case[] = [
  { name: "init lab [2,10,5,1], m=300", dims: [2, 10, 5, 1], m: 300, seed: 1, rate: 0, scale: 1 },
  { name: "reg lab [2,20,3,1], m=211", dims: [2, 20, 3, 1], m: 211, seed: 2, rate: 0, scale: 1 },
  { name: "large weights (×10, some a3 exactly 0 or 1)", dims: [2, 10, 5, 1], m: 300, seed: 3, rate: 0, scale: 10 },
  { name: "-0, NaN, ±inf, huge and subnormal values mixed in", dims: [3, 7, 6, 2], m: 37, seed: 4, rate: 0.05, scale: 1 },
  { name: "odd sizes [5,3,9,4], m=9", dims: [5, 3, 9, 4], m: 9, seed: 5, rate: 0.02, scale: 2 },
];

function setup(c: Case): { X: Mat; Y: Mat; p: Parameters } {
  const rs = new RandomState(c.seed);
  const [n0, n1, n2, n3] = c.dims;
  const X = randMat(rs, n0, c.m, 1, c.rate);
  const Y = A.map(rs.rand(n3, c.m) as Mat, (u) => (u < 0.5 ? 1 : 0));
  if (c.rate > 0) {
    // labels the course never has, too: the cost's shortcut for 0/1 labels must not be taken for them
    const odd = [0.5, -0, NaN, 2, Infinity];
    for (let i = 0; i < Y.data.length; i += 5) Y.data[i] = odd[(i / 5) % odd.length];
  }
  const p: Parameters = {
    W1: randMat(rs, n1, n0, c.scale, c.rate), b1: randMat(rs, n1, 1, 0.1, c.rate),
    W2: randMat(rs, n2, n1, c.scale, c.rate), b2: randMat(rs, n2, 1, 0.1, c.rate),
    W3: randMat(rs, n3, n2, c.scale, c.rate), b3: randMat(rs, n3, 1, 0.1, c.rate),
  };
  return { X, Y, p };
}

// ------------------------------------------------------------------ the tests
describe("nn: the fused 3-layer path is bit-identical to the op-by-op course code", () => {
  const configs = [["fast", true, "WebAssembly SIMD"], ["fast", false, "JavaScript loops"], ["fma", true, "fma matmul"]] as const;
  for (const [mode, simd, what] of configs) {
    for (const c of CASES) {
      it(`${c.name} (${what})`, () => {
        const prev = A.setMatmulMode(mode);
        const prevSimd = K.setSimd(simd);
        try {
          const { X, Y, p } = setup(c);
          const [a3, cache] = nn.forwardPropagation(X, p);
          const [ra3, rcache] = refForward(X, p);
          expectSameBits(a3, ra3, "a3");
          const names = ["z1", "a1", "W1", "b1", "z2", "a2", "W2", "b2", "z3", "a3", "W3", "b3"];
          cache.forEach((x, i) => expectSameBits(x, rcache[i], `cache.${names[i]}`));
          expectSameBits(nn.crossEntropyNansum(a3, Y), refCost(ra3, Y), "cost");
          const gA = nn.backwardPropagationA(X, Y, cache);
          expectSameDict(gA, refBackwardA(X, Y, rcache), "gradsA");
          const gB = nn.backwardPropagationB(X, Y, cache);
          expectSameDict(gB, refBackwardB(X, Y, rcache), "gradsB");
          expectSameDict(nn.updateParameters(p, gA, 0.01), refUpdate(p, gA, 0.01), "parameters");
        } finally {
          A.setMatmulMode(prev);
          K.setSimd(prevSimd);
        }
      });
    }
  }

  it("the cost over a3 and labels at and beyond the edges (0, 1, -0, NaN, ±inf, <0, >1; labels 0, 1, -0, 0.5, NaN)", () => {
    const avals = [0, 1, -0, NaN, Infinity, -Infinity, -0.5, 1.5, 5e-324, 1 - 2 ** -53, 0.3, 1e-300];
    const yvals = [0, 1, -0, 0.5, NaN, 2];
    const a: number[] = [], y: number[] = [];
    for (const av of avals) for (const yv of yvals) { a.push(av); y.push(yv); }
    const a3 = A.fromNested([a]), Y = A.fromNested([y]);
    expectSameBits(nn.crossEntropyNansum(a3, Y), refCost(a3, Y), "cost, all pairs");
    // one pair at a time too: each alone decides the sum (and whether it is NaN, inf or ±0)
    for (let i = 0; i < a.length; i++) {
      const a1 = A.fromNested([[a[i]]]), y1 = A.fromNested([[y[i]]]);
      expectSameBits(nn.crossEntropyNansum(a1, y1), refCost(a1, y1), `cost(a3=${a[i]}, y=${y[i]})`);
    }
  });

  it("gives fresh arrays on every call (no memory shared with the inputs or an earlier call)", () => {
    const { X, Y, p } = setup(CASES[0]);
    const [a3, cache] = nn.forwardPropagation(X, p);
    const before = A.copy(cache[1]);
    const [, cache2] = nn.forwardPropagation(X, nn.updateParameters(p, nn.backwardPropagationA(X, Y, cache), 0.5));
    expect(cache2[1]).to.not.equal(cache[1]);
    expectSameBits(cache[1], before, "a1 of the first call, after a second call");
    cache2[0].data.fill(7);
    expectSameBits(cache[1], before, "a1 of the first call, after writing into the second call's z1");
    // the cache arrays share one block without overlapping: an out beside an operand is fine, on it is not
    expectSameBits(A.matmul(p.W3, cache[5], cache[8]), A.matmul(p.W3, cache[5]), "matmul into z3 from a2 (one block)");
    expect(() => A.matmul(p.W2, cache[1], cache[1].hi(5, 300) as Mat)).to.throw("matmul: out must not share memory with an operand");
    expect(a3.shape).to.deep.equal([1, 300]);
  });

  it("non-contiguous inputs take the op-by-op path and give the same bits", () => {
    const { X, Y, p } = setup(CASES[1]);
    const Xt = ndarray(A.transpose(X).data, [X.shape[1], X.shape[0]]).transpose(1, 0) as Mat; // X as a column-major view
    expect(Xt.stride).to.deep.equal([1, 2]);
    const [a3, cache] = nn.forwardPropagation(Xt, p);
    const [ra3, rcache] = refForward(X, p);
    expectSameBits(a3, ra3, "a3 from a strided X");
    expectSameDict(nn.backwardPropagationB(Xt, Y, cache), refBackwardB(X, Y, rcache), "grads from a strided X");
  });

  it("keeps the op-by-op path's errors for inputs that do not fit", () => {
    const { X, Y, p } = setup(CASES[0]);
    expect(() => nn.forwardPropagation(X, { ...p, W2: A.zeros([5, 9]) })).to.throw("matmul: (5,9)·(10,300): inner sizes 9 ≠ 10");
    expect(() => nn.forwardPropagation(X, { ...p, b1: A.zeros([10, 2]) })).to.throw("addColumn: (10,300) + (10,2): b must be (10,1)");
    const { W3: _drop, ...noW3 } = p;
    expect(() => nn.forwardPropagation(X, noW3)).to.throw('parameters has no "W3"');
    const [a3, cache] = nn.forwardPropagation(X, p);
    expect(() => nn.crossEntropyNansum(a3, A.zeros([1, 299]))).to.throw("cost: a3 (1,300) and Y (1,299) differ in shape");
    expect(() => nn.backwardPropagationA(X, A.zeros([1, 299]), cache)).to.throw("sub: (1,300) - (1,299): shapes differ");
    const grads = nn.backwardPropagationA(X, Y, cache);
    const { db2: _db2, ...noDb2 } = grads;
    expect(() => nn.updateParameters(p, noDb2, 0.1)).to.throw('updateParameters: grads has no "db2"');
    expect(() => nn.updateParameters(p, { ...grads, dW1: A.zeros([2, 10]) }, 0.1)).to.throw("sub: (10,2) - (2,10): shapes differ");
  });

  it("reluBackward masks with A > 0 (NaN and -0 in A count as not positive; inf·0 is NaN)", () => {
    const dA = A.fromNested([[1, -2, Infinity, NaN, 3, -0, 4]]);
    const Aa = A.fromNested([[1, 0, -1, 2, NaN, 5, -0]]);
    expectSameBits(nn.reluBackward(dA, Aa), refReluBackward(dA, Aa), "reluBackward");
    expectSameBits(nn.reluBackward(dA, Aa), A.fromNested([[1, -0, NaN, NaN, 0, -0, 0]]), "reluBackward values");
  });
});
