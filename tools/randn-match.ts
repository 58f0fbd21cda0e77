/**
 * How many `randn` draws are bit-identical to numpy's, per `log`, plus the cost per draw.
 *
 *   npx tsx tools/randn-match.ts
 *
 * Reference: 10**6 `np.random.seed(s); np.random.randn(10**6)` draws for seeds 0, 1, 3, 42, written as
 * raw little-endian float64 by `python3 tools/fixtures/gen_random.py --randn-reference DIR` into
 * DIR = $RANDN_REF or /tmp/tsdl-randn-ref (run automatically when missing; not committed).
 * Measured: the shipped `RandomState.randn`, and the same polar method with `Math.log` and with
 * `log` from lib/src/libm.ts when that module exists.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { RandomState } from "../lib/src/random";

const SEEDS = [0, 1, 3, 42];
const COUNT = 1_000_000;
const DIR = process.env.RANDN_REF ?? "/tmp/tsdl-randn-ref";

function reference(seed: number): Float64Array {
  const file = join(DIR, `randn-${seed}.f64`);
  if (!existsSync(file)) {
    execFileSync("python3", [join(import.meta.dirname, "fixtures", "gen_random.py"), "--randn-reference", DIR], { stdio: "inherit" });
  }
  const buf = readFileSync(file);
  return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
}

/** numpy's legacy_gauss on the port's MT19937 words, with a chosen log. */
function polar(seed: number, n: number, log: (x: number) => number): Float64Array {
  const rs = new RandomState(seed);
  const u = () => ((rs.nextUint32() >>> 5) * 67108864 + (rs.nextUint32() >>> 6)) / 9007199254740992;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * u() - 1;
      x2 = 2 * u() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * log(r2)) / r2);
    out[i] = f * x2;
    if (i + 1 < n) out[i + 1] = f * x1;
  }
  return out;
}

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  const v = new DataView(new ArrayBuffer(16));
  v.setFloat64(0, a);
  v.setFloat64(8, b);
  return Number(v.getBigInt64(0) - v.getBigInt64(8));
}

function compare(label: string, ours: Float64Array, ref: Float64Array): string {
  let same = 0;
  let worst = 0;
  let first = -1;
  for (let i = 0; i < ref.length; i++) {
    if (ours[i] === ref[i]) same++;
    else {
      if (first < 0) first = i;
      worst = Math.max(worst, Math.abs(ulps(ours[i], ref[i])));
    }
  }
  const pct = ((100 * same) / ref.length).toFixed(4);
  return `${label.padEnd(22)} ${pct}% bit-identical (${ref.length - same} differ, max ${worst} ulp, first at ${first})`;
}

async function main(): Promise<void> {
  const logs: Array<[string, (x: number) => number]> = [["polar + Math.log", Math.log]];
  try {
    const libmPath = "../lib/src/libm";
    const libm = (await import(libmPath)) as { log?: (x: number) => number };
    if (typeof libm.log === "function") logs.push(["polar + libm log", libm.log]);
  } catch {
    console.log("(lib/src/libm.ts not available: measuring Math.log only)");
  }
  for (const seed of SEEDS) {
    const ref = reference(seed);
    console.log(`seed ${seed}:`);
    const shipped = new RandomState(seed).randn(COUNT).data;
    console.log("  " + compare("RandomState.randn", shipped, ref));
    for (const [label, log] of logs) console.log("  " + compare(label, polar(seed, COUNT, log), ref));
  }

  // cost per draw of the shipped generator (best of 5 runs of 10**6 draws)
  const time = (fn: () => void): number => {
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      fn();
      best = Math.min(best, performance.now() - t0);
    }
    return (best * 1e6) / COUNT;
  };
  const rs = new RandomState(0);
  let sink = 0;
  const nsRandn = time(() => (sink += rs.randn(COUNT).data[0]));
  const nsRand = time(() => (sink += rs.rand(COUNT).data[0]));
  const nsRandnScalar = time(() => {
    for (let i = 0; i < COUNT; i++) sink += rs.randn();
  });
  const nsRandScalar = time(() => {
    for (let i = 0; i < COUNT; i++) sink += rs.rand();
  });
  console.log(`randn(1e6): ${nsRandn.toFixed(1)} ns/draw · rand(1e6): ${nsRand.toFixed(1)} ns/draw`);
  console.log(`randn() ×1e6: ${nsRandnScalar.toFixed(1)} ns/draw · rand() ×1e6: ${nsRandScalar.toFixed(1)} ns/draw   (sink ${sink.toFixed(2)})`);
}

void main();
