/**
 * lib/src/random.ts against numpy 2.4.6's legacy RandomState (fixture: tools/fixtures/gen_random.py).
 *
 * Which test checks what:
 * - "bit-identical: …" — rand, random_sample, uniform, randint, permutation, shuffle, choice and the MT
 *   state (getState) equal numpy exactly (assertClose with rtol = atol = 0).
 * - "randn/normal bit-identical where log agrees" — each Gaussian output equals numpy exactly whenever
 *   `gaussLog(r2)` equals glibc's `log(r2)` (stored in the fixture); where the two logs differ (Math.log is
 *   not glibc's), the output must still be within rtol 1e-15 (a few ulp).
 * - "randn/normal at printed precision" — every Gaussian output within 5e-9 of numpy's (half a unit of the
 *   8th decimal numpy prints), and the LAB_SPEC §1 anchors as printed there.
 */
import { readFileSync } from "node:fs";
import { expect } from "chai";
import ndarray from "ndarray";
import type { NdArray } from "ndarray";
import { assertClose } from "../../lib/src/check";
import { RandomState, random, gaussLog, setCompiledRandom, type Seed } from "../../lib/src/random";
import { gemmWasmModule } from "../../lib/src/kernels/wasmGemm";

type Arg = number | null | number[] | { nd: number[]; shape: number[] };
interface Call {
  op: string;
  args?: Arg[];
  out?: number | number[] | { key: number[]; pos: number; hasGauss: number; gauss: number };
  shape?: number[];
  r2?: number[];
  lg?: number[];
}
interface Case {
  name: string;
  seed: number | number[] | { ndseed: number[] };
  calls: Call[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/random.json", import.meta.url), "utf8")) as { cases: Case[] };

const GAUSSIAN_OPS = new Set(["randn", "normal"]);
const EXACT = { rtol: 0, atol: 0 };

function toSeed(s: Case["seed"]): Seed {
  if (typeof s === "object" && !Array.isArray(s)) return ndarray(Float64Array.from(s.ndseed), [s.ndseed.length]);
  return s;
}

function toArg(a: Arg | undefined): unknown {
  if (a !== null && typeof a === "object" && !Array.isArray(a)) return ndarray(Float64Array.from(a.nd), a.shape);
  return a === null ? undefined : a;
}

/** Runs one fixture call on `rs`, returning what our port produced (numbers or an ndarray). */
function run(rs: RandomState, call: Call): number | NdArray {
  const a = (call.args ?? []).map(toArg) as never[];
  switch (call.op) {
    case "seed":
      rs.seed(toSeed(call.args![0] as Case["seed"]));
      return NaN;
    case "rand":
      return rs.rand(...(a as number[]));
    case "randn":
      return rs.randn(...(a as number[]));
    case "randint":
      return rs.randint(a[0], a[1], a[2]);
    case "uniform":
      return rs.uniform(a[0], a[1], a[2]);
    case "normal":
      return rs.normal(a[0], a[1], a[2]);
    case "random_sample":
      return rs.random_sample(a[0]);
    case "permutation":
      return rs.permutation(a[0]);
    case "shuffle": {
      const x = a[0] as NdArray;
      rs.shuffle(x);
      return x;
    }
    case "choice":
      return rs.choice(a[0], a[1], a[2], a[3]);
    default:
      throw new Error(`unknown fixture op ${call.op}`);
  }
}

function expected(call: Call): number | NdArray {
  const out = call.out as number | number[];
  return call.shape ? ndarray(Float64Array.from(out as number[]), call.shape) : (out as number);
}

function flat(x: number | NdArray): number[] {
  if (typeof x === "number") return [x];
  const v: number[] = [];
  const d = x.data as ArrayLike<number>;
  for (let i = 0; i < x.size; i++) v.push(d[x.offset + i]); // our outputs are contiguous
  return v;
}

interface GaussStats {
  exact: number;
  logDiffers: number;
}

/** Replays every case; non-Gaussian calls must be exact, Gaussian ones are handed to `checkGauss`. */
function replay(checkGauss: (got: number[], want: number[], call: Call, where: string) => void): void {
  for (const c of fixture.cases) {
    const rs = new RandomState(toSeed(c.seed));
    c.calls.forEach((call, k) => {
      const where = `${c.name} · call ${k} ${call.op}(${JSON.stringify(call.args ?? [])})`;
      if (call.op === "getState") {
        // the full key or its first words, as the fixture stored it
        const want = call.out as { key: number[]; pos: number; hasGauss: number; gauss: number };
        const st = rs.getState();
        assertClose(st.key.slice(0, want.key.length), want.key, { ...EXACT, name: `${where} key` });
        assertClose([st.pos, st.hasGauss, st.cachedGaussian], [want.pos, want.hasGauss, want.gauss], { ...EXACT, name: `${where} pos/gauss` });
        return;
      }
      const got = run(rs, call);
      if (call.op === "seed") return;
      const want = expected(call);
      if (GAUSSIAN_OPS.has(call.op)) {
        if (call.shape) expect((got as NdArray).shape, where).to.deep.equal(call.shape);
        checkGauss(flat(got), flat(want), call, where);
      } else {
        if (!call.shape) expect(typeof got, where).to.equal("number");
        assertClose(got, want, { ...EXACT, name: where });
      }
    });
  }
}

describe("random: numpy legacy RandomState", () => {
  it("bit-identical: rand, random_sample, uniform, randint, permutation, shuffle, choice, state (all fixture cases)", () => {
    let calls = 0;
    replay(() => calls++);
    expect(calls).to.be.greaterThan(20);
  });

  it("randn/normal bit-identical where log agrees with glibc, else within rtol 1e-15", function () {
    const stats: GaussStats = { exact: 0, logDiffers: 0 };
    replay((got, want, call, where) => {
      for (let i = 0; i < want.length; i++) {
        if (gaussLog(call.r2![i]) === call.lg![i]) {
          assertClose(got[i], want[i], { ...EXACT, name: `${where}[${i}]` });
          stats.exact++;
        } else {
          assertClose(got[i], want[i], { rtol: 1e-15, name: `${where}[${i}] (log differs from glibc)` });
          stats.logDiffers++;
        }
      }
    });
    expect(stats.exact + stats.logDiffers).to.be.greaterThan(200);
    this.test!.title += ` — ${stats.exact} exact, ${stats.logDiffers} where log(r2) ≠ glibc`;
  });

  it("randn/normal at printed precision (8 decimals) for every fixture value", () => {
    replay((got, want, _call, where) => assertClose(got, want, { rtol: 0, atol: 5e-9, name: where }));
  });

  it("LAB_SPEC §1 anchors: seed(3) randn(2,2); random init ×10; He init W1 = randn(4,2)*sqrt(2/2)", () => {
    const rs = new RandomState(3);
    assertClose(rs.randn(2, 2), [[1.78862847, 0.43650985], [0.09649747, -1.8634927]], { rtol: 0, atol: 5e-9, name: "randn(2,2)" });
    random.seed(3);
    const w1 = random.randn(2, 3);
    const w2 = random.randn(1, 2);
    const x10 = (a: NdArray<Float64Array>) => Array.from(a.data, (v) => v * 10);
    assertClose(x10(w1), [17.88628473, 4.36509851, 0.96497468, -18.63492703, -2.77388203, -3.54758979], { rtol: 0, atol: 5e-8, name: "random W1" });
    assertClose(x10(w2), [-0.82741481, -6.27000677], { rtol: 0, atol: 5e-9, name: "random W2" });
    random.seed(3);
    const he1 = random.randn(4, 2);
    const he2 = random.randn(1, 4);
    const s1 = Math.sqrt(2 / 2);
    const s2 = Math.sqrt(2 / 4);
    assertClose(Array.from(he1.data, (v) => v * s1), [1.78862847, 0.43650985, 0.09649747, -1.8634927, -0.2773882, -0.35475898, -0.08274148, -0.62700068], { rtol: 0, atol: 5e-9, name: "He W1" });
    assertClose(Array.from(he2.data, (v) => v * s2), [-0.03098412, -0.33744411, -0.92904268, 0.62552248], { rtol: 0, atol: 5e-9, name: "He W2" });
    expect(he1.shape).to.deep.equal([4, 2]);
  });

  it("getState equals numpy's get_state mid-stream; setState resumes the stream (cached Gaussian included)", () => {
    const c = fixture.cases.find((x) => x.name === "getState")!;
    const rs = new RandomState(toSeed(c.seed));
    const k = c.calls.findIndex((x) => x.op === "getState");
    for (const call of c.calls.slice(0, k)) run(rs, call);
    const want = c.calls[k].out as { key: number[]; pos: number; hasGauss: number; gauss: number };
    const st = rs.getState();
    assertClose(st.key, want.key, { ...EXACT, name: "key" });
    assertClose([st.pos, st.hasGauss, st.cachedGaussian], [want.pos, want.hasGauss, want.gauss], { ...EXACT, name: "pos/hasGauss/gauss" });
    const after = c.calls.slice(k + 1);
    // a fresh, differently seeded generator resumes from the object and from numpy's tuple form
    for (const restored of [st, ["MT19937", want.key, want.pos, want.hasGauss, want.gauss] as const]) {
      const other = new RandomState(99);
      other.randn();
      other.setState(restored);
      for (const call of after) assertClose(run(other, call), expected(call), { rtol: 1e-15, name: `after setState: ${call.op}` });
    }
    // getState hands out a copy
    st.key[0] ^= 1;
    expect(rs.getState().key[0]).to.equal(want.key[0]);
  });

  it("seed clears the cached Gaussian; rand and randint do not consume it", () => {
    const a = new RandomState(11);
    a.randn(); // caches the pair's second value
    a.seed(11);
    const fresh = new RandomState(11);
    assertClose(a.randn(3), fresh.randn(3), { ...EXACT, name: "after re-seed" });
    const b = new RandomState(12);
    const c = new RandomState(12);
    b.randn();
    const cached = b.getState().cachedGaussian;
    b.rand(5);
    b.randint(0, 10, 3);
    expect(b.getState().hasGauss).to.equal(1);
    assertClose(b.randn(), cached, { ...EXACT, name: "cached survives rand/randint" });
    c.randn();
    assertClose(c.randn(), cached, { ...EXACT, name: "cached value" });
  });

  it("shuffle: strided views and JS arrays follow numpy's first-axis order", () => {
    // numpy shuffles the logical rows; a transposed view must give the same rows as a contiguous copy
    const base = Float64Array.from({ length: 12 }, (_, i) => i);
    const view = ndarray(base.slice(), [3, 4]).transpose(1, 0); // shape (4,3), non-contiguous
    const copy = ndarray(Float64Array.from([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]), [4, 3]);
    new RandomState(2).shuffle(view);
    new RandomState(2).shuffle(copy);
    assertClose(view, copy, { ...EXACT, name: "transposed view" });
    const list = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    new RandomState(2).shuffle(list);
    const perm = new RandomState(2).permutation(10);
    assertClose(list, perm, { ...EXACT, name: "JS array" });
    const t = new Int32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    new RandomState(2).shuffle(t);
    assertClose(t, perm, { ...EXACT, name: "typed array" });
    // numpy returns before drawing when there is nothing to move, e.g. shape (3, 0)
    const empty = new RandomState(2);
    empty.shuffle(ndarray(new Float64Array(0), [3, 0]));
    assertClose(empty.rand(), new RandomState(2).rand(), { ...EXACT, name: "no draws for an empty array" });
  });

  it("the compiled fill (lib/dist/kernels/gemm.wasm) draws the JavaScript loop's stream: odd positions, twists, state after", function () {
    if (gemmWasmModule() === null) throw new Error("lib/dist/kernels/gemm.wasm is missing: run `npm run build` first");
    const draw = (on: boolean, seed: number, skip: number, sizes: number[]) => {
      const was = setCompiledRandom(on);
      try {
        const rs = new RandomState(seed);
        for (let i = 0; i < skip; i++) rs.nextUint32(); // an odd skip leaves the pairs straddling words
        const out = sizes.map((n) => Array.from((rs.rand(n) as NdArray<Float64Array>).data));
        return { out, state: rs.getState() };
      } finally {
        setCompiledRandom(was);
      }
    };
    for (const [seed, skip, sizes] of [[1, 0, [4220, 633]], [5, 1, [128, 311, 999]], [0, 623, [130, 2000]], [4294967295, 3, [129, 1249]]] as const) {
      const js = draw(false, seed, skip, [...sizes]);
      const wasm = draw(true, seed, skip, [...sizes]);
      expect(wasm.state.pos, `seed ${seed}, skip ${skip}`).to.equal(js.state.pos);
      expect(Array.from(wasm.state.key)).to.deep.equal(Array.from(js.state.key));
      for (let k = 0; k < sizes.length; k++) {
        const bad = js.out[k].findIndex((v, i) => !Object.is(v, wasm.out[k][i]));
        expect(bad, `seed ${seed}, skip ${skip}, rand(${sizes[k]}): first difference at ${bad}`).to.equal(-1);
      }
    }
  });

  it("rejects bad seeds, shapes and bounds with numpy's messages", () => {
    const rs = new RandomState(0);
    expect(() => rs.seed(-1)).to.throw(/Seed must be between 0 and 2\*\*32 - 1/);
    expect(() => rs.seed(2 ** 32)).to.throw(/Seed must be between 0 and 2\*\*32 - 1/);
    expect(() => rs.seed(1.5)).to.throw(/seed: Cannot cast 1.5/);
    expect(() => rs.seed(NaN)).to.throw(/seed: Cannot cast NaN/);
    expect(() => rs.seed([])).to.throw(/Seed must be non-empty/);
    expect(() => rs.seed([1, -1])).to.throw(/Seed must be between/);
    expect(() => rs.seed(ndarray(new Float64Array(4), [2, 2]))).to.throw(/Seed array must be 1-d/);
    expect(() => rs.rand(2, -1)).to.throw(/rand: negative dimensions are not allowed/);
    expect(() => rs.randn(2.5)).to.throw(/randn: '2.5' cannot be interpreted as an integer/);
    expect(() => rs.randint(0)).to.throw(/randint: high <= 0/);
    expect(() => rs.randint(5, 5)).to.throw(/randint: low >= high/);
    expect(() => rs.randint(0, 2 ** 64)).to.throw(/high is out of bounds for int64/);
    expect(() => rs.randint(0, 2 ** 60)).to.throw(/within 2\*\*53/);
    expect(() => rs.normal(0, -1)).to.throw(/normal: scale < 0/);
    expect(() => rs.uniform(0, Infinity)).to.throw(/uniform: Range exceeds valid bounds/);
    expect(() => rs.choice(0)).to.throw(/a must be greater than 0 unless no samples are taken/);
    expect(() => rs.choice(3, 5, false)).to.throw(/Cannot take a larger sample than population/);
    expect(() => rs.choice(3, 1, true, [0.5, 0.6, 0])).to.throw(/probabilities do not sum to 1/);
    expect(() => rs.choice(3, 1, true, [0.5, 0.5])).to.throw(/'a' and 'p' must have same size/);
    expect(() => rs.choice(3, 1, true, [1.5, -0.5, 0])).to.throw(/probabilities are not non-negative/);
    expect(() => rs.permutation(2.5)).to.throw(/x must be an integer or at least 1-dimensional/);
    expect(() => rs.setState({ bitGenerator: "MT19937", key: new Uint32Array(3), pos: 0, hasGauss: 0, cachedGaussian: 0 })).to.throw(/key must hold 624 words/);
    // a rejected seed leaves the stream usable and reseeding works
    rs.seed(0);
    assertClose(rs.rand(), 0.5488135039273248, { ...EXACT, name: "rand after errors" });
  });

  it("unseeded generators draw from entropy; the module instance is a RandomState", () => {
    const a = new RandomState();
    const b = new RandomState();
    expect(a.rand(4).data).to.not.deep.equal(b.rand(4).data);
    expect(random).to.be.instanceOf(RandomState);
    const st = new RandomState().getState();
    expect(st.key[0]).to.equal(0x80000000);
    expect(st.pos).to.equal(624);
  });
});
