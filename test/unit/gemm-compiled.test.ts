/**
 * The compiled gemm (lib/src/kernels/gemm.as.ts → lib/dist/kernels/gemm.wasm, built by `npm run
 * build`) against the reference loops gemmNNRef / gemmTNRef / gemmNTRef, bit for bit (signs of
 * zeros, NaN, ±inf included), on awkward shapes: 1, odd sizes, sizes that are no multiple of the
 * 4×4 register block or of the 64-column tile, inner sizes across the 256-row panels, and the SIGNS
 * shapes; its Adam kernel against nn's adamStep; and the fallback when the .wasm is missing.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";
import * as K from "../../lib/src/kernels";
import { gemmWasmModule, gemmWasmPath, newWasmHeap } from "../../lib/src/kernels/wasmGemm";
import { adamStep, power } from "../../lib/src/nn/optimizers";
import { fromData } from "../../lib/src/array";

const root = path.resolve(__dirname, "..", "..");

/** Deterministic values with a spread of magnitudes and signs, some specials (-0, NaN, ±inf, subnormal). */
function gen(n: number, seed: number, specials = true): Float64Array {
  const out = new Float64Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = ((x / 4294967296) - 0.5) * 2 ** ((x % 13) - 6);
  }
  if (specials) {
    const special = [-0, 0, NaN, Infinity, -Infinity, 5e-324, -1e300];
    for (let i = 3; i < n; i += 97) out[i] = special[i % special.length];
  }
  return out;
}

/** Index of the first element whose bits differ, or -1. */
function firstDiff(a: Float64Array, b: Float64Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length * 2), y = new Uint32Array(b.buffer, b.byteOffset, b.length * 2);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !(Number.isNaN(a[i >> 1]) && Number.isNaN(b[i >> 1]))) return i >> 1;
  return -1;
}

describe("kernels/gemm.wasm: the compiled gemm", () => {
  before(function () {
    if (gemmWasmModule() === null) throw new Error(`${gemmWasmPath()} is missing: run \`npm run build\` first`);
  });

  const shapes: [number, number, number][] = [
    [1, 1, 1], [1, 7, 1], [3, 1, 5], [2, 3, 5], [5, 5, 5], [4, 4, 4], [7, 9, 13], [4, 256, 4], [5, 257, 3], [9, 513, 65],
    [6, 300, 129], [13, 2, 300], [25, 31, 64], [33, 600, 67], [1, 1000, 1], [300, 7, 2],
    [25, 12288, 32], [25, 12288, 24], [25, 32, 12288], [25, 24, 12288], [12, 25, 32], [6, 12, 32], [25, 12, 32],
    [171, 12289, 3], // A over 2^21 elements: copied in panels, not whole
  ];
  for (const [m, k, n] of shapes) {
    it(`nn, tn and nt equal the reference loops bit for bit: (${m},${k},${n})`, () => {
      const a = gen(m * k, m + 31 * k), b = gen(k * n, n + 17), at = gen(k * m, m + 5), bt = gen(n * k, n + 9);
      const cases: ["nn" | "tn" | "nt", Float64Array, Float64Array, typeof K.gemmNNRef][] =
        [["nn", a, b, K.gemmNNRef], ["tn", at, b, K.gemmTNRef], ["nt", a, bt, K.gemmNTRef]];
      for (const [kind, x, y, ref] of cases) {
        const want = new Float64Array(m * n), got = new Float64Array(m * n).fill(NaN);
        ref(want, x, y, m, k, n);
        K.gemmCompiled(got, x, y, m, k, n, kind);
        const i = firstDiff(got, want);
        expect(i, `${kind} (${m},${k},${n}): element ${i} is ${got[i]}, the reference ${want[i]}`).to.equal(-1);
      }
    });
  }

  it("runs behind gemmNN/TN/NT for large products, the assembled module for small ones", () => {
    expect(K.gemmPath(25, 12288, 32)).to.equal("compiled");
    expect(K.gemmPath(25, 32, 12288)).to.equal("compiled");
    expect(K.gemmPath(64, 32, 32)).to.equal("compiled");
    expect(K.gemmPath(10, 2, 300)).to.equal("simd");
    expect(K.gemmPath(1, 3, 5)).to.equal("js");
    const prev = K.setCompiledGemm(false);
    try {
      expect(K.gemmPath(25, 12288, 32)).to.equal("simd");
    } finally {
      K.setCompiledGemm(prev);
    }
  });

  it("accumulates over inner-size panels from C (acc = 1) without touching the columns it does not own", () => {
    const heap = newWasmHeap()!;
    const [m, k, n] = [5, 9, 7];
    heap.reserve(m * k + k * n + m * n + 2);
    const H = heap.view();
    H.set(gen(m * k, 3, false), 0);
    H.set(gen(k * n, 4, false), m * k);
    const c = m * k + k * n;
    H.fill(-7, c, c + m * n + 2);
    heap.fns.gemm(heap.addr(c), heap.addr(0), heap.addr(m * k), m, 4, n, k, 1, n, n, 1, 0); // p = 0 … 3
    heap.fns.gemm(heap.addr(c), heap.addr(4), heap.addr(m * k + 4 * n), m, k - 4, n, k, 1, n, n, 1, 1); // p = 4 … 8
    const want = new Float64Array(m * n);
    K.gemmNNRef(want, H.slice(0, m * k), H.slice(m * k, m * k + k * n), m, k, n);
    expect(firstDiff(H.slice(c, c + m * n), want)).to.equal(-1);
    expect([H[c + m * n], H[c + m * n + 1]]).to.deep.equal([-7, -7]);
  });

  it("its Adam kernel gives adamStep's bits (odd length, steps 1 to 3)", () => {
    const n = 1001;
    const heap = newWasmHeap()!;
    heap.reserve(4 * n);
    const w0 = gen(n, 1, false), g = gen(n, 2, false), v0 = gen(n, 3, false), s0 = gen(n, 4, false).map(Math.abs);
    const H = heap.view();
    [w0, g, v0, s0].forEach((x, q) => H.set(x, q * n));
    const one = () => fromData(new Float64Array(1), [1, 1]);
    const P = { W1: fromData(w0.slice(), [n, 1]), b1: one() }, G = { dW1: fromData(g, [n, 1]), db1: one() };
    const V = { dW1: fromData(v0.slice(), [n, 1]), db1: one() }, S = { dW1: fromData(s0.slice(), [n, 1]), db1: one() };
    for (let t = 1; t <= 3; t++) {
      adamStep(P, G, V, S, t, 0.001, 0.9, 0.999, 1e-8);
      heap.fns.adam(heap.addr(0), heap.addr(n), heap.addr(2 * n), heap.addr(3 * n), n, 0.001, 0.9, 0.999, 1 - 0.9, 1 - 0.999,
        1 - power(0.9, t), 1 - power(0.999, t), 1e-8);
    }
    expect(firstDiff(H.slice(0, n), P.W1.data)).to.equal(-1);
    expect(firstDiff(H.slice(2 * n, 3 * n), V.dW1.data)).to.equal(-1);
    expect(firstDiff(H.slice(3 * n, 4 * n), S.dW1.data)).to.equal(-1);
  });

  // float32: every product and sum rounded to float32, p upward from +0 — a JavaScript loop with
  // Math.fround after each operation gives exactly those bits
  const f = Math.fround;
  /** C = A·B (float32 semantics) with A at a[i*sai + p*sap], B (k, n) row-major. */
  function gemm32Ref(a: Float32Array, b: Float32Array, m: number, k: number, n: number, sai: number, sap: number): Float32Array {
    const c = new Float32Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = f(s + f(a[i * sai + p * sap] * b[p * n + j]));
      c[i * n + j] = s;
    }
    return c;
  }
  for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [4, 9, 8], [5, 300, 13], [25, 257, 32], [9, 40, 65], [6, 3, 3]] as const) {
    it(`gemm32 (float32) equals a float32 loop bit for bit, plain and accumulating over panels: (${m},${k},${n})`, () => {
      const heap = newWasmHeap()!;
      const a32 = Float32Array.from(gen(m * k, 7 + m, false)), b32 = Float32Array.from(gen(k * n, 9 + n, false));
      const [a, b, c] = [0, m * k + 4, m * k + k * n + 8];
      heap.reserve(c + m * n, 4);
      const H = heap.view32();
      H.set(a32, a);
      H.set(b32, b);
      const want = gemm32Ref(a32, b32, m, k, n, k, 1);
      heap.fns.gemm32(heap.addr(c, 4), heap.addr(a, 4), heap.addr(b, 4), m, k, n, k, 1, n, n, 1, 0);
      expect(Array.from(H.slice(c, c + m * n))).to.deep.equal(Array.from(want));
      const k1 = k >> 1; // p < k1, then p ≥ k1 accumulated from C
      H.fill(NaN, c, c + m * n);
      heap.fns.gemm32(heap.addr(c, 4), heap.addr(a, 4), heap.addr(b, 4), m, k1, n, k, 1, n, n, 1, 0);
      heap.fns.gemm32(heap.addr(c, 4), heap.addr(a + k1, 4), heap.addr(b + k1 * n, 4), m, k - k1, n, k, 1, n, n, 1, 1);
      expect(Array.from(H.slice(c, c + m * n))).to.deep.equal(Array.from(want));
    });
  }

  it("adam32 (float32) equals adamStep's loop with every operation rounded to float32", () => {
    const n = 999;
    const heap = newWasmHeap()!;
    heap.reserve(4 * n + 8, 4);
    const H = heap.view32();
    const w = Float32Array.from(gen(n, 11, false)), g = Float32Array.from(gen(n, 12, false));
    const v = Float32Array.from(gen(n, 13, false)), s = Float32Array.from(gen(n, 14, false).map(Math.abs));
    [w, g, v, s].forEach((x, q) => H.set(x, q * n));
    const [lr, b1, b2, eps] = [f(0.001), f(0.9), f(0.999), f(1e-8)];
    for (let t = 1; t <= 3; t++) {
      const k1 = f(1 - power(0.9, t)), k2 = f(1 - power(0.999, t)), c1 = f(1 - 0.9), c2 = f(1 - 0.999);
      for (let i = 0; i < n; i++) {
        const vi = f(f(b1 * v[i]) + f(c1 * g[i]));
        const si = f(f(b2 * s[i]) + f(c2 * f(g[i] * g[i])));
        v[i] = vi;
        s[i] = si;
        w[i] = f(w[i] - f(f(lr * f(vi / k1)) / f(f(Math.sqrt(f(si / k2))) + eps)));
      }
      heap.fns.adam32(heap.addr(0, 4), heap.addr(n, 4), heap.addr(2 * n, 4), heap.addr(3 * n, 4), n, 0.001, 0.9, 0.999, 1 - 0.9, 1 - 0.999,
        1 - power(0.9, t), 1 - power(0.999, t), 1e-8);
    }
    expect(Array.from(H.slice(0, n))).to.deep.equal(Array.from(w));
    expect(Array.from(H.slice(2 * n, 3 * n))).to.deep.equal(Array.from(v));
    expect(Array.from(H.slice(3 * n, 4 * n))).to.deep.equal(Array.from(s));
  });

  it("falls back to the other kernels when the .wasm is missing (same results; the SIGNS trainer takes its JavaScript step)", () => {
    const script = `
      const K = require("./lib/src/kernels.ts");
      const { gemmWasmModule } = require("./lib/src/kernels/wasmGemm.ts");
      const [m, k, n] = [25, 300, 32];
      const a = Float64Array.from({ length: m * k }, (_, i) => Math.sin(i)), b = Float64Array.from({ length: k * n }, (_, i) => Math.cos(i));
      const c = new Float64Array(m * n), r = new Float64Array(m * n);
      K.gemmNN(c, a, b, m, k, n);
      K.gemmNNRef(r, a, b, m, k, n);
      let thrown = "";
      try { K.gemmCompiled(c, a, b, m, k, n, "nn"); } catch (e) { thrown = e.message; }
      const framework = require("./lib/src/framework/index.ts");
      const trainer = framework.signsTrainer(framework.glorotParameters([20, 25, 12, 6], 1), 0.01, 32).path;
      console.log(JSON.stringify({ module: gemmWasmModule() === null, path: K.gemmPath(m, k, n), same: c.every((x, i) => Object.is(x, r[i])), thrown, trainer }));`;
    const res = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
      cwd: root, encoding: "utf8", env: { ...process.env, TSDL_GEMM_WASM: path.join(root, "no-such-dir", "gemm.wasm") },
    });
    expect(res.status, res.stderr).to.equal(0);
    const out = JSON.parse(res.stdout.trim().split("\n").pop()!);
    expect(out).to.deep.equal({ module: true, path: "simd", same: true, thrown: "gemmCompiled: lib/dist/kernels/gemm.wasm is not built", trainer: "js" });
  });
});
