/**
 * Compares lib/src/libm.ts with glibc (through Python's math module) on many random inputs and
 * reports the share of bit-identical results, next to V8's Math.*, plus ns per call.
 * Needs python3 with numpy. Run by hand:
 *   npx tsx tools/libm-sweep.ts [--n 1000000] [--seed 1]
 * --n is the number of inputs per function (four input distributions each); the inputs and
 * glibc's results are written to a temporary folder and deleted afterwards. Timings are best of
 * 5 passes, measured in order (later distributions run on code already tuned to earlier ones).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cos, exp, log, sin } from "../lib/src/libm";

const PY = String.raw`
import ctypes, math, sys
import numpy as np
n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
libm = ctypes.CDLL("libm.so.6")
rng = np.random.RandomState(seed)
q = n // 4
def bits(m):  # random bit patterns of finite doubles
    u = rng.randint(0, 0x7ff0000000000000, m, dtype=np.int64)
    return u.view(np.float64)
dists = {
    "log": [rng.uniform(0, 1, q), rng.uniform(0.9375, 1.0647, q), np.exp(rng.uniform(-744, 709, q)), bits(n - 3 * q)],
    "exp": [rng.uniform(-745.2, 709.8, q), rng.uniform(-20, 20, q), rng.uniform(-1, 1, q) * 2.0 ** rng.randint(-60, 1, q),
            np.concatenate([rng.uniform(-745.2, -708, q // 2), rng.uniform(512, 709.78, n - 3 * q - q // 2)])],
    "sin": [rng.uniform(-10, 10, q), rng.uniform(-1, 1, q) * 2.0 ** rng.uniform(-30, 2, q), rng.uniform(-1e8, 1e8, q),
            bits(n - 3 * q) * rng.choice([-1.0, 1.0], n - 3 * q)],
}
dists["cos"] = dists["sin"]
for fn, parts in dists.items():
    f, c = getattr(math, fn), getattr(libm, fn)
    c.restype, c.argtypes = ctypes.c_double, [ctypes.c_double]
    x = np.concatenate(parts)
    y = np.empty_like(x)
    for i, v in enumerate(x.tolist()):
        try:
            y[i] = f(v)
        except (ValueError, OverflowError):  # math raises where libm returns inf/nan
            y[i] = c(v)
    np.stack([x, y], axis=1).astype("<f8").tofile(f"{out}/{fn}.bin")
`;

const DISTS: Record<string, string[]> = {
  log: ["U(0,1)", "U(0.9375,1.0647)", "exp(U(-744,709))", "random bits"],
  exp: ["U(-745.2,709.8)", "U(-20,20)", "±2^[-60,0]", "[-745,-708]∪[512,709.78]"],
  sin: ["U(-10,10)", "±2^U(-30,2)", "U(-1e8,1e8)", "random bits"],
};
DISTS.cos = DISTS.sin;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** ns per call of f over xs (best of 5 passes). */
function timeIt(f: (x: number) => number, xs: Float64Array): number {
  // a fresh loop per measurement keeps its call site monomorphic (as in real code)
  const loop = new Function("f", "xs", "let s = 0; for (let i = 0; i < xs.length; i++) s += f(xs[i]); return s;") as (
    f: (x: number) => number,
    xs: Float64Array,
  ) => number;
  let best = Infinity;
  for (let pass = 0; pass < 5; pass++) {
    const t0 = process.hrtime.bigint();
    loop(f, xs);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / xs.length);
  }
  return best;
}

const n = arg("n", 1_000_000);
const seed = arg("seed", 1);
const dir = mkdtempSync(join(tmpdir(), "libm-sweep-"));
try {
  console.log(`generating ${n} inputs per function and glibc's results (python3) ...`);
  execFileSync("python3", ["-c", PY, String(n), String(seed), dir], { stdio: "inherit" });
  const ours: Record<string, (x: number) => number> = { log, exp, sin, cos };
  const v8: Record<string, (x: number) => number> = { log: Math.log, exp: Math.exp, sin: Math.sin, cos: Math.cos };
  let failed = false;
  for (const fn of ["log", "exp", "sin", "cos"]) {
    const buf = readFileSync(join(dir, `${fn}.bin`));
    const data = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
    const m = data.length / 2;
    const xs = new Float64Array(m);
    for (let i = 0; i < m; i++) xs[i] = data[2 * i];
    const q = Math.floor(n / 4);
    const bounds = [0, q, 2 * q, 3 * q, m];
    console.log(`\n${fn}: ${m} inputs`);
    // time first, before the comparison loop feeds every kind of input to both functions
    const times = [0, 1, 2, 3].map((d) => {
      const part = xs.subarray(bounds[d], bounds[d + 1]);
      return [timeIt(ours[fn], part), timeIt(v8[fn], part)];
    });
    for (let d = 0; d < 4; d++) {
      let okOurs = 0;
      let okV8 = 0;
      const bad: string[] = [];
      for (let i = bounds[d]; i < bounds[d + 1]; i++) {
        const x = data[2 * i];
        const y = data[2 * i + 1];
        if (same(ours[fn](x), y)) okOurs++;
        else if (bad.length < 3) bad.push(`${fn}(${x}) = ${ours[fn](x)}, glibc ${y}`);
        if (same(v8[fn](x), y)) okV8++;
      }
      const count = bounds[d + 1] - bounds[d];
      console.log(
        `  ${DISTS[fn][d].padEnd(26)} libm ${((100 * okOurs) / count).toFixed(4).padStart(8)} %` +
          `   Math.${fn} ${((100 * okV8) / count).toFixed(4).padStart(8)} %` +
          `   ${times[d][0].toFixed(1).padStart(6)} ns vs ${times[d][1].toFixed(1).padStart(6)} ns per call`,
      );
      for (const b of bad) console.log(`    mismatch: ${b}`);
      if (okOurs !== count) failed = true;
    }
  }
  console.log(failed ? "\nMISMATCHES FOUND" : "\nall results bit-identical to glibc");
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
