/**
 * numpy's legacy generator (`np.random.RandomState`, the one behind `np.random.seed` / `np.random.randn`),
 * ported from numpy 2.4's C sources: MT19937 (`mt19937.c`), the polar Box–Muller `legacy_gauss`
 * (`legacy-distributions.c`), masked-rejection bounded integers (`distributions.c`,
 * `_bounded_integers.pyx.in`) and `mtrand.pyx` (seed / shuffle / permutation / choice).
 *
 * Exactness: every integer and uniform draw is bit-identical to numpy. `randn`/`normal` are
 * bit-identical whenever `log` below agrees with glibc's `log` (see `gaussLog`).
 *
 * Dtypes: float results are `NdArray<Float64Array>`; integer results (randint, permutation(n),
 * choice) are also `NdArray<Float64Array>` holding exact integers (numpy gives int64), so they mix
 * with the rest of the library without casts. `shuffle` works in place on any ndarray/JS array.
 */
import ndarray from "ndarray";
import type { NdArray, TypedArray } from "ndarray";
import { log as glibcLog } from "./libm";
import { scratchHeap } from "./kernels/wasmGemm";

/**
 * The `log` of the polar method — the ONE place to switch. numpy calls glibc's `log`; V8's
 * `Math.log` differs from it in the last bit on ~4 % of inputs (~3 % of randn draws then differ by
 * 1–3 ulp); "./libm" ports glibc's. `Math.log` works as a drop-in fallback.
 */
const log: (x: number) => number = glibcLog;

/** The log the Gaussian uses (exported so tests can tell where bit-identity is expected). */
export const gaussLog: (x: number) => number = log;

/** A seed as numpy takes it: an integer in [0, 2**32-1], or a non-empty 1-D list of such integers. */
export type Seed = number | ArrayLike<number> | NdArray;

/** An output shape, numpy's `size`: a length or a tuple of dims. */
export type Shape = number | readonly number[];

/** Everything needed to resume a stream: numpy's legacy `get_state()` tuple as an object. */
export interface RandomStateSnapshot {
  bitGenerator: "MT19937";
  /** the 624 words of the Mersenne Twister state (a copy) */
  key: Uint32Array;
  /** position in `key` of the next word, 0…624 */
  pos: number;
  /** 1 when a second Gaussian of the last pair is cached */
  hasGauss: number;
  /** the cached Gaussian (0 when none) */
  cachedGaussian: number;
}

/** numpy's tuple form `["MT19937", key, pos, has_gauss?, cached_gaussian?]`, also accepted by `setState`. */
export type LegacyStateTuple = readonly [string, ArrayLike<number>, number, number?, number?];

const N = 624;
const M = 397;
const TWO32 = 4294967296;

// Bulk draws of doubles run in the compiled module (kernels/gemm.as.ts: the twist, then tempering
// and the conversion to doubles two at a time in SIMD lanes) once they are long enough to pay for
// copying the 624-word state in and out; same stream, same bits. Dropout draws two masks at every
// training iteration, which made the JavaScript loop a quarter of the regularization lab's run.
const COMPILED_MIN = 128;
let compiled = true;

/**
 * Switches the compiled fill of rand/random_sample/uniform on or off (off: the JavaScript loop, as
 * when lib/dist/kernels/gemm.wasm is missing); for tests and comparisons. Returns the previous
 * setting. Example: `setCompiledRandom(false)`.
 */
export function setCompiledRandom(on: boolean): boolean {
  const was = compiled;
  compiled = on;
  return was;
}

/** n = out.length doubles from state `key` at word `pos` in the compiled module; returns the new pos, or -1 without the module. */
function fillDoublesCompiled(key: Uint32Array, pos: number, out: Float64Array): number {
  const h = scratchHeap();
  if (h === null) return -1;
  const STATE = 312; // the state's 624 words, in doubles
  h.reserve(STATE + out.length);
  const mem = h.view();
  const state = new Uint32Array(mem.buffer, h.addr(0), N);
  state.set(key);
  const next = h.fns.mtFillDoubles(h.addr(0), pos, h.addr(STATE), out.length);
  key.set(state);
  out.set(mem.subarray(STATE, STATE + out.length));
  return next;
}

/** MT19937's tempering of a state word (the result as int32; `>>> 0` makes it unsigned). */
function temper(y: number): number {
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  return y ^ (y >>> 18);
}

/** Smallest all-ones mask >= max, for 0 <= max <= 0xffffffff (numpy's gen_mask). */
function mask32(max: number): number {
  let m = max >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

function isNdArray(x: unknown): x is NdArray {
  return typeof x === "object" && x !== null && "shape" in x && "stride" in x && "data" in x && "offset" in x;
}

/** Validates and normalises a numpy `size` to a list of dims. */
function dims(op: string, size: Shape): number[] {
  const shape = typeof size === "number" ? [size] : Array.from(size);
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new Error(`${op}: '${String(d)}' cannot be interpreted as an integer (shape [${shape.join(", ")}])`);
    }
    if (d < 0) throw new Error(`${op}: negative dimensions are not allowed (shape [${shape.join(", ")}])`);
  }
  return shape;
}

function count(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major elements of an ndarray (any strides) or an array-like, as float64. */
function flatValues(x: NdArray | ArrayLike<number>): { shape: number[]; values: Float64Array } {
  if (!isNdArray(x)) return { shape: [x.length], values: Float64Array.from(x) };
  const shape = x.shape.slice();
  const values = new Float64Array(count(shape));
  const data = x.data as ArrayLike<number>;
  if (shape.length === 0) {
    values[0] = Number(data[x.offset]);
    return { shape, values };
  }
  const idx = new Array<number>(shape.length).fill(0);
  let ptr = x.offset;
  for (let k = 0; k < values.length; k++) {
    values[k] = Number(data[ptr]);
    for (let d = shape.length - 1; d >= 0; d--) {
      ptr += x.stride[d];
      if (++idx[d] < shape[d]) break;
      ptr -= x.stride[d] * shape[d];
      idx[d] = 0;
    }
  }
  return { shape, values };
}

/** numpy's kahan_sum (used to validate `p` in `choice`). */
function kahanSum(a: Float64Array): number {
  if (a.length === 0) return 0;
  let sum = a[0];
  let c = 0;
  for (let i = 1; i < a.length; i++) {
    const y = a[i] - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/** First index i with cdf[i] > u (numpy's `searchsorted(side="right")`). */
function searchRight(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `cumsum(p) / cumsum(p)[-1]` exactly as numpy computes it (sequential sum, then one division each). */
function normalisedCdf(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = s += p[i];
  const last = cdf[cdf.length - 1];
  for (let i = 0; i < cdf.length; i++) cdf[i] /= last;
  return cdf;
}

/** Fresh OS entropy for an unseeded generator (numpy pulls it from the OS too). */
function entropyWords(out: Uint32Array): void {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(out);
  else for (let i = 0; i < out.length; i++) out[i] = Math.floor(Math.random() * TWO32) ^ (Date.now() >>> i % 32);
}

/**
 * numpy's legacy `RandomState`: same seed, same calls ⇒ same numbers.
 * Example: `const rs = new RandomState(3); rs.randn(2, 2)` → `[[1.78862847, 0.43650985], [0.09649747, -1.8634927]]`.
 */
export class RandomState {
  private readonly key = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  /** Seeds like `np.random.RandomState(seed)`; without a seed, from OS entropy. Example: `new RandomState(1)`. */
  constructor(seed?: Seed | null) {
    this.seed(seed);
  }

  // ---------------------------------------------------------------- seeding and state

  /**
   * Re-seeds like `np.random.seed(s)` and forgets the cached Gaussian: an integer uses `init_genrand`, a
   * 1-D list `init_by_array`, nothing fresh entropy. Example: `random.seed(3)`.
   */
  seed(seed?: Seed | null): void {
    if (seed === undefined || seed === null) {
      entropyWords(this.key);
      this.key[0] = 0x80000000; // numpy: MSB set, assuring a non-zero state
      this.pos = N;
    } else if (typeof seed === "number") {
      this.initGenrand(RandomState.checkSeed(seed));
    } else if (isNdArray(seed) && seed.size === 1) {
      // numpy squeezes an ndarray seed: a one-element array acts as an integer seed
      this.initGenrand(RandomState.checkSeed(flatValues(seed).values[0]));
    } else {
      const { shape, values } = flatValues(seed);
      if (values.length === 0) throw new Error("seed: Seed must be non-empty");
      if (shape.length !== 1) throw new Error(`seed: Seed array must be 1-d (got shape [${shape.join(", ")}])`);
      const words = new Uint32Array(values.length);
      for (let i = 0; i < values.length; i++) words[i] = RandomState.checkSeed(values[i]);
      this.initByArray(words);
    }
    this.hasGauss = false;
    this.gauss = 0;
  }

  private static checkSeed(s: number): number {
    if (typeof s !== "number" || !Number.isInteger(s)) {
      throw new Error(`seed: Cannot cast ${String(s)} to an integer seed (a seed is an integer in [0, 2**32 - 1])`);
    }
    if (s < 0 || s > 0xffffffff) throw new Error(`seed: Seed must be between 0 and 2**32 - 1 (got ${s})`);
    return s;
  }

  private initGenrand(s: number): void {
    const mt = this.key;
    mt[0] = s;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1];
      mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
    this.pos = N;
  }

  private initByArray(initKey: Uint32Array): void {
    const mt = this.key;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, initKey.length); k > 0; k--) {
      const prev = mt[i - 1];
      mt[i] = (mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + initKey[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= initKey.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1];
      mt[i] = (mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.pos = N;
  }

  /** A copy of the full state (numpy's `get_state()`). Example: `const s = random.getState(); …; random.setState(s)`. */
  getState(): RandomStateSnapshot {
    return {
      bitGenerator: "MT19937",
      key: this.key.slice(),
      pos: this.pos,
      hasGauss: this.hasGauss ? 1 : 0,
      cachedGaussian: this.gauss,
    };
  }

  /**
   * Restores a state from `getState()` or numpy's tuple `["MT19937", key, pos, has_gauss, gauss]`.
   * Example: `random.setState(saved)`.
   */
  setState(state: RandomStateSnapshot | LegacyStateTuple): void {
    let name: string;
    let key: ArrayLike<number>;
    let pos: number;
    let hasGauss: number;
    let gauss: number;
    if (Array.isArray(state)) {
      const t = state as LegacyStateTuple;
      [name, key, pos] = [t[0], t[1], t[2]];
      hasGauss = t[3] ?? 0;
      gauss = t[4] ?? 0;
    } else {
      const s = state as RandomStateSnapshot;
      ({ bitGenerator: name, key, pos, hasGauss, cachedGaussian: gauss } = s);
    }
    if (name !== "MT19937") throw new Error(`setState: can only be used with legacy MT19937 states (got '${name}')`);
    if (!key || key.length !== N) throw new Error(`setState: key must hold ${N} words (got ${key ? key.length : key})`);
    if (!Number.isInteger(pos) || pos < 0 || pos > N) throw new Error(`setState: pos must be an integer in [0, ${N}] (got ${pos})`);
    for (let i = 0; i < N; i++) {
      const w = key[i];
      if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) throw new Error(`setState: key[${i}] = ${w} is not a uint32`);
      this.key[i] = w;
    }
    this.pos = pos;
    this.hasGauss = Boolean(hasGauss);
    this.gauss = Number(gauss ?? 0);
  }

  // ---------------------------------------------------------------- raw draws (hot path)

  private generate(): void {
    const mt = this.key;
    let i = 0;
    let y: number;
    for (; i < N - M; i++) {
      y = (mt[i] & 0x80000000) | (mt[i + 1] & 0x7fffffff);
      mt[i] = mt[i + M] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    for (; i < N - 1; i++) {
      y = (mt[i] & 0x80000000) | (mt[i + 1] & 0x7fffffff);
      mt[i] = mt[i + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    this.pos = 0;
  }

  /** Next tempered 32-bit word (numpy's `mt19937_next32`), as an unsigned number. */
  nextUint32(): number {
    if (this.pos === N) this.generate();
    return temper(this.key[this.pos++]) >>> 0;
  }

  /**
   * out[i] = nextDouble() for every i, the same stream: in the compiled module from COMPILED_MIN
   * doubles on, else words tempered straight from the state in one local loop rather than two calls
   * per double (dropout draws its masks at every iteration).
   */
  private fillDoubles(out: Float64Array): void {
    if (compiled && out.length >= COMPILED_MIN) {
      const next = fillDoublesCompiled(this.key, this.pos, out);
      if (next >= 0) {
        this.pos = next;
        return;
      }
    }
    const mt = this.key;
    let pos = this.pos;
    for (let i = 0; i < out.length; i++) {
      if (pos === N) { this.generate(); pos = 0; }
      const a = temper(mt[pos++]);
      if (pos === N) { this.generate(); pos = 0; }
      const b = temper(mt[pos++]);
      out[i] = ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
    }
    this.pos = pos;
  }

  /** Next 53-bit double in [0, 1) (numpy's `mt19937_next_double`). */
  private nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** numpy's `legacy_gauss`: polar Box–Muller returning f*x2 first and caching f*x1. */
  private nextGauss(): number {
    if (this.hasGauss) {
      const g = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** Uniform integer in [0, rng] by masked rejection: 32-bit draws when rng < 2**32, else 64-bit ones. */
  private bounded(rng: number, mask: number): number {
    if (rng === 0) return 0;
    if (rng <= 0xffffffff) {
      let v: number;
      while ((v = (this.nextUint32() & mask) >>> 0) > rng);
      return v;
    }
    // next_uint64 = high word first; mask's low 32 bits are all ones here, `mask` holds the high part
    let v: number;
    do {
      const hi = (this.nextUint32() & mask) >>> 0;
      v = hi * TWO32 + this.nextUint32();
    } while (v > rng);
    return v;
  }

  /** numpy's `random_interval(max)`: uniform in [0, max] (shuffle's draw). */
  private interval(max: number): number {
    return this.bounded(max, max <= 0xffffffff ? mask32(max) : mask32(Math.floor(max / TWO32)));
  }

  // ---------------------------------------------------------------- floats

  /** Uniform floats in [0, 1) of shape `size` (numpy's `random_sample`). Example: `random.randomSample([2, 3])`. */
  randomSample(): number;
  randomSample(size: Shape): NdArray<Float64Array>;
  randomSample(size?: Shape | null): number | NdArray<Float64Array>;
  randomSample(size?: Shape | null): number | NdArray<Float64Array> {
    if (size === undefined || size === null) return this.nextDouble();
    const shape = dims("random_sample", size);
    const out = new Float64Array(count(shape));
    this.fillDoubles(out);
    return ndarray(out, shape);
  }

  /** Alias of `randomSample` (numpy's name). Example: `random.random_sample(3)`. */
  random_sample(size?: Shape | null): number | NdArray<Float64Array> {
    return this.randomSample(size);
  }

  /** Uniform [0, 1): a number with no arguments, else an array of that shape. Example: `random.rand(2, 3)`. */
  rand(): number;
  rand(d0: number, ...dims: number[]): NdArray<Float64Array>;
  rand(...shape: number[]): number | NdArray<Float64Array>;
  rand(...shape: number[]): number | NdArray<Float64Array> {
    return shape.length === 0 ? this.nextDouble() : this.randomSample(dims("rand", shape));
  }

  /** Standard normal of shape `size` (numpy's `standard_normal`). Example: `random.standardNormal([4, 2])`. */
  standardNormal(): number;
  standardNormal(size: Shape): NdArray<Float64Array>;
  standardNormal(size?: Shape | null): number | NdArray<Float64Array>;
  standardNormal(size?: Shape | null): number | NdArray<Float64Array> {
    if (size === undefined || size === null) return this.nextGauss();
    const shape = dims("standard_normal", size);
    const out = new Float64Array(count(shape));
    for (let i = 0; i < out.length; i++) out[i] = this.nextGauss();
    return ndarray(out, shape);
  }

  /** Standard normal: a number with no arguments, else a row-major array. Example: `random.randn(4, 2)`. */
  randn(): number;
  randn(d0: number, ...dims: number[]): NdArray<Float64Array>;
  randn(...shape: number[]): number | NdArray<Float64Array>;
  randn(...shape: number[]): number | NdArray<Float64Array> {
    return shape.length === 0 ? this.nextGauss() : this.standardNormal(dims("randn", shape));
  }

  /** `low + (high - low) * rand` (numpy's `uniform`). Example: `random.uniform(-1, 1, [2, 2])`. */
  uniform(low?: number, high?: number): number;
  uniform(low: number, high: number, size: Shape): NdArray<Float64Array>;
  uniform(low?: number, high?: number, size?: Shape | null): number | NdArray<Float64Array>;
  uniform(low = 0, high = 1, size?: Shape | null): number | NdArray<Float64Array> {
    const range = high - low;
    if (!Number.isFinite(range)) throw new Error(`uniform: Range exceeds valid bounds (low=${low}, high=${high})`);
    if (size === undefined || size === null) return low + range * this.nextDouble();
    const shape = dims("uniform", size);
    const out = new Float64Array(count(shape));
    this.fillDoubles(out);
    for (let i = 0; i < out.length; i++) out[i] = low + range * out[i];
    return ndarray(out, shape);
  }

  /** `loc + scale * gauss` (numpy's legacy `normal`). Example: `random.normal(0, 0.05, [300, 2])`. */
  normal(loc?: number, scale?: number): number;
  normal(loc: number, scale: number, size: Shape): NdArray<Float64Array>;
  normal(loc?: number, scale?: number, size?: Shape | null): number | NdArray<Float64Array>;
  normal(loc = 0, scale = 1, size?: Shape | null): number | NdArray<Float64Array> {
    if (scale < 0) throw new Error(`normal: scale < 0 (scale=${scale})`);
    if (size === undefined || size === null) return loc + scale * this.nextGauss();
    const shape = dims("normal", size);
    const out = new Float64Array(count(shape));
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.nextGauss();
    return ndarray(out, shape);
  }

  // ---------------------------------------------------------------- integers

  /**
   * Integers in [low, high) — or [0, low) with one bound — like `np.random.randint` (int64, masked
   * rejection). Bounds are truncated to integers as numpy does; |bounds| and the range must stay within
   * 2**53 (JS numbers). Example: `random.randint(0, 10, [5])`.
   */
  randint(low: number, high?: number | null): number;
  randint(low: number, high: number | null | undefined, size: Shape): NdArray<Float64Array>;
  randint(low: number, high?: number | null, size?: Shape | null): number | NdArray<Float64Array>;
  randint(low: number, high?: number | null, size?: Shape | null): number | NdArray<Float64Array> {
    if (high === undefined || high === null) {
      high = low;
      low = 0;
    }
    const shape = size === undefined || size === null ? null : dims("randint", size);
    if (shape && count(shape) === 0) return ndarray(new Float64Array(0), shape); // numpy: before any bound check
    if (!Number.isFinite(low) || !Number.isFinite(high)) {
      throw new Error(`randint: cannot convert bounds to integers (low=${low}, high=${high})`);
    }
    const lo = Math.trunc(low);
    const hiIncl = Math.trunc(high) - 1; // numpy draws on the closed interval [low, high - 1]
    if (lo < -(2 ** 63)) throw new Error(`randint: low is out of bounds for int64 (low=${low})`);
    if (hiIncl >= 2 ** 63) throw new Error(`randint: high is out of bounds for int64 (high=${high})`);
    if (lo > hiIncl) throw new Error(`randint: ${lo === 0 ? "high <= 0" : "low >= high"} (low=${low}, high=${high})`);
    const rng = hiIncl - lo;
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hiIncl) || !Number.isSafeInteger(rng)) {
      throw new Error(`randint: bounds and range must stay within 2**53 in JS (low=${low}, high=${high})`);
    }
    const mask = rng <= 0xffffffff ? mask32(rng) : mask32(Math.floor(rng / TWO32));
    if (!shape) return lo + this.bounded(rng, mask);
    const out = new Float64Array(count(shape));
    for (let i = 0; i < out.length; i++) out[i] = lo + this.bounded(rng, mask);
    return ndarray(out, shape);
  }

  // ---------------------------------------------------------------- permutations

  /**
   * Shuffles in place along the first axis (numpy's legacy Fisher–Yates: i from n-1 down to 1,
   * j = random_interval(i)). Takes an ndarray of any strides or a JS / typed array.
   * Example: `const a = tsdl.arange(10); random.shuffle(a)`.
   */
  shuffle(x: NdArray | unknown[] | TypedArray): void {
    if (!isNdArray(x)) {
      const arr = x as { [i: number]: unknown; length: number };
      for (let i = arr.length - 1; i >= 1; i--) {
        const j = this.interval(i);
        const t = arr[i];
        arr[i] = arr[j];
        arr[j] = t;
      }
      return;
    }
    if (x.shape.length === 0) throw new Error("shuffle: cannot shuffle a 0-d array (need at least 1 dimension)");
    const data = x.data as unknown as { [i: number]: unknown };
    if (typeof (x.data as { length?: unknown }).length !== "number") {
      throw new Error("shuffle: only ndarrays backed by JS or typed arrays are supported");
    }
    const n = x.shape[0];
    if (x.size === 0) return; // numpy: no-op (and no draws)
    const s0 = x.stride[0];
    const subShape = x.shape.slice(1);
    const subStride = x.stride.slice(1);
    const rowLen = count(subShape);
    // element offsets of one row relative to its start (any strides)
    const rel = new Array<number>(rowLen);
    const idx = new Array<number>(subShape.length).fill(0);
    for (let k = 0, ptr = 0; k < rowLen; k++) {
      rel[k] = ptr;
      for (let d = subShape.length - 1; d >= 0; d--) {
        ptr += subStride[d];
        if (++idx[d] < subShape[d]) break;
        ptr -= subStride[d] * subShape[d];
        idx[d] = 0;
      }
    }
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      if (i === j) continue;
      const a = x.offset + i * s0;
      const b = x.offset + j * s0;
      for (let k = 0; k < rowLen; k++) {
        const t = data[a + rel[k]];
        data[a + rel[k]] = data[b + rel[k]];
        data[b + rel[k]] = t;
      }
    }
  }

  /**
   * A permuted `arange(n)`, or a shuffled float64 copy (first axis) of an array — numpy's `permutation`.
   * Example: `random.seed(0); random.permutation(5)`.
   */
  permutation(x: number | NdArray | ArrayLike<number>): NdArray<Float64Array> {
    if (typeof x === "number") {
      if (!Number.isInteger(x)) throw new Error(`permutation: x must be an integer or at least 1-dimensional (got ${x})`);
      const out = new Float64Array(Math.max(0, x));
      for (let i = 0; i < out.length; i++) out[i] = i;
      this.shuffle(out);
      return ndarray(out, [out.length]);
    }
    const { shape, values } = flatValues(x);
    if (shape.length < 1) throw new Error("permutation: x must be an integer or at least 1-dimensional");
    const out = ndarray(values, shape);
    this.shuffle(out);
    return out;
  }

  /**
   * Samples from `arange(a)` or a 1-D array, numpy's legacy `choice`: with replacement by `randint`
   * (or the cdf of `p`), without by `permutation(n)[:size]` (or numpy's repeated-cdf loop with `p`).
   * Example: `random.choice(5, 3, false)`.
   */
  choice(a: number | NdArray | ArrayLike<number>, size?: null, replace?: boolean, p?: NdArray | ArrayLike<number> | null): number;
  choice(a: number | NdArray | ArrayLike<number>, size: Shape, replace?: boolean, p?: NdArray | ArrayLike<number> | null): NdArray<Float64Array>;
  choice(a: number | NdArray | ArrayLike<number>, size?: Shape | null, replace?: boolean, p?: NdArray | ArrayLike<number> | null): number | NdArray<Float64Array>;
  choice(
    a: number | NdArray | ArrayLike<number>,
    size?: Shape | null,
    replace = true,
    p?: NdArray | ArrayLike<number> | null,
  ): number | NdArray<Float64Array> {
    const isScalar = size === undefined || size === null;
    const shape = isScalar ? [] : dims("choice", size);
    const nSamples = count(shape);
    let popSize: number;
    let pool: Float64Array | null = null;
    if (typeof a === "number") {
      if (!Number.isInteger(a)) throw new Error(`choice: a must be 1-dimensional or an integer (got ${a})`);
      popSize = a;
      if (popSize <= 0 && (isScalar || nSamples !== 0)) {
        throw new Error(`choice: a must be greater than 0 unless no samples are taken (a=${a})`);
      }
    } else {
      const f = flatValues(a);
      if (f.shape.length !== 1) throw new Error(`choice: a must be 1-dimensional (got shape [${f.shape.join(", ")}])`);
      pool = f.values;
      popSize = pool.length;
      if (popSize === 0 && (isScalar || nSamples !== 0)) throw new Error("choice: 'a' cannot be empty unless no samples are taken");
    }
    let probs: Float64Array | null = null;
    if (p !== undefined && p !== null) {
      const f = flatValues(p);
      let atol = Math.sqrt(2.220446049250313e-16);
      if (isNdArray(p) && p.data instanceof Float32Array) atol = Math.max(atol, Math.sqrt(1.1920928955078125e-7));
      if (p instanceof Float32Array) atol = Math.max(atol, Math.sqrt(1.1920928955078125e-7));
      if (f.shape.length !== 1) throw new Error(`choice: 'p' must be 1-dimensional (got shape [${f.shape.join(", ")}])`);
      if (f.values.length !== popSize) throw new Error(`choice: 'a' and 'p' must have same size (${popSize} vs ${f.values.length})`);
      const pSum = kahanSum(f.values);
      if (Number.isNaN(pSum)) throw new Error("choice: probabilities contain NaN");
      if (f.values.some((v) => v < 0)) throw new Error("choice: probabilities are not non-negative");
      if (Math.abs(pSum - 1) > atol) throw new Error(`choice: probabilities do not sum to 1 (sum=${pSum})`);
      probs = f.values;
    }

    let idx: Float64Array;
    if (replace) {
      if (probs) {
        const cdf = normalisedCdf(probs);
        idx = new Float64Array(nSamples);
        for (let i = 0; i < nSamples; i++) idx[i] = searchRight(cdf, this.nextDouble());
      } else {
        idx = isScalar ? Float64Array.of(this.randint(0, popSize)) : this.randint(0, popSize, shape).data;
      }
    } else {
      if (nSamples > popSize) {
        throw new Error(`choice: Cannot take a larger sample than population when 'replace=False' (${nSamples} > ${popSize})`);
      }
      if (probs) {
        let nonZero = 0;
        for (const v of probs) if (v > 0) nonZero++;
        if (nonZero < nSamples) throw new Error(`choice: Fewer non-zero entries in p than size (${nonZero} < ${nSamples})`);
        const pw = probs.slice();
        idx = new Float64Array(nSamples);
        let nUniq = 0;
        while (nUniq < nSamples) {
          const x = new Float64Array(nSamples - nUniq);
          for (let i = 0; i < x.length; i++) x[i] = this.nextDouble();
          for (let i = 0; i < nUniq; i++) pw[idx[i]] = 0;
          const cdf = normalisedCdf(pw);
          // keep the first occurrence of each drawn index, in draw order (np.unique + sort of first indices)
          const seen = new Set<number>();
          for (let i = 0; i < x.length; i++) {
            const k = searchRight(cdf, x[i]);
            if (!seen.has(k)) {
              seen.add(k);
              idx[nUniq + seen.size - 1] = k;
            }
          }
          nUniq += seen.size;
        }
      } else {
        idx = this.permutation(popSize).data.slice(0, nSamples);
      }
    }

    if (pool) for (let i = 0; i < idx.length; i++) idx[i] = pool[idx[i]];
    return isScalar ? idx[0] : ndarray(idx, shape);
  }
}

/**
 * The module-level generator, numpy's `np.random` singleton (unseeded at import: OS entropy).
 * Example: `tsdl.random.seed(3); tsdl.random.randn(4, 2)`.
 */
export const random: RandomState = new RandomState();
