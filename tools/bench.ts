/**
 * `npm run bench`: tsdl's array layer against numpy on the shapes the labs run.
 * Cases: four matrix products, one forward+backward step of the init lab's [2,10,5,1] net
 * (m = 300, convention A; with preallocated outputs and with allocating helpers) and one of a
 * SIGNS-size [12288,25,12,6] net on a mini-batch of 32. numpy runs in a child process
 * (tools/bench_numpy.py, one BLAS thread); each round times every case on both sides in turn
 * and the table shows medians over the rounds. Without python3 + numpy only tsdl is timed.
 * tsdl is timed from lib/dist (the tsc build the notebooks load), so build first.
 *
 *   npm run bench              # 7 rounds
 *   npx tsx tools/bench.ts 3   # 3 rounds
 */
import { spawn, spawnSync, type ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type * as ArrayModule from "../lib/src/array";
import type { Mat } from "../lib/src/array";

const here = path.dirname(fileURLToPath(import.meta.url));
// time the tsc build (lib/dist, what notebooks run; `npm run bench` builds it first), typed from the sources
const A: typeof ArrayModule = createRequire(import.meta.url)("../lib/dist/array.js");
const ROUNDS = Number(process.argv[2] ?? 7);
const TARGET = 0.05; // seconds of calls per measurement

function randn(shape: number[], scale = 1): Mat {
  const m = A.zeros(shape);
  const d = m.data;
  for (let i = 0; i < d.length; i += 2) {
    const u = 1 - Math.random();
    const v = Math.random();
    const r = Math.sqrt(-2 * Math.log(u)) * scale;
    d[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < d.length) d[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return m;
}

// ------------------------------------------------------------------ the cases, tsdl side
const A10 = randn([10, 2]);
const B300 = randn([2, 300]);
const W1s = randn([25, 12288]);
const Xb = randn([12288, 32]);
const Xfull = randn([12288, 1080]);
const dZb = randn([25, 32]);
const C1 = A.zeros([10, 300]);
const C2 = A.zeros([25, 32]);
const C3 = A.zeros([25, 1080]);
const C4 = A.zeros([25, 12288]);

// init lab: [2,10,5,1], m = 300, convention A
const m = 300;
const X = randn([2, m]);
const Y = A.map(A.zeros([1, m]), () => (Math.random() > 0.5 ? 1 : 0));
const P = {
  W1: randn([10, 2], 1), b1: A.zeros([10, 1]), W2: randn([5, 10], Math.sqrt(0.2)), b2: A.zeros([5, 1]),
  W3: randn([1, 5], Math.sqrt(0.4)), b3: A.zeros([1, 1]),
};
const T = {
  z1: A.zeros([10, m]), a1: A.zeros([10, m]), z2: A.zeros([5, m]), a2: A.zeros([5, m]), z3: A.zeros([1, m]), a3: A.zeros([1, m]),
  dz3: A.zeros([1, m]), dW3: A.zeros([1, 5]), da2: A.zeros([5, m]), dz2: A.zeros([5, m]), dW2: A.zeros([5, 10]),
  da1: A.zeros([10, m]), dz1: A.zeros([10, m]), dW1: A.zeros([10, 2]),
};

function stepSmall(): Mat[] {
  A.addColumn(A.matmul(P.W1, X, T.z1), P.b1, T.z1);
  A.relu(T.z1, T.a1);
  A.addColumn(A.matmul(P.W2, T.a1, T.z2), P.b2, T.z2);
  A.relu(T.z2, T.a2);
  A.addColumn(A.matmul(P.W3, T.a2, T.z3), P.b3, T.z3);
  A.sigmoid(T.z3, T.a3);
  A.mul(1 / m, A.sub(T.a3, Y, T.dz3), T.dz3);
  A.matmulTB(T.dz3, T.a2, T.dW3);
  const db3 = A.sum(T.dz3, 1, true);
  A.matmulTA(P.W3, T.dz3, T.da2);
  A.reluBackward(T.da2, T.a2, T.dz2);
  A.matmulTB(T.dz2, T.a1, T.dW2);
  const db2 = A.sum(T.dz2, 1, true);
  A.matmulTA(P.W2, T.dz2, T.da1);
  A.reluBackward(T.da1, T.a1, T.dz1);
  A.matmulTB(T.dz1, X, T.dW1);
  const db1 = A.sum(T.dz1, 1, true);
  return [T.dW1, db1, T.dW2, db2, T.dW3, db3];
}

function stepSmallAlloc(): Mat[] {
  const a1 = A.relu(A.addColumn(A.matmul(P.W1, X), P.b1));
  const a2 = A.relu(A.addColumn(A.matmul(P.W2, a1), P.b2));
  const a3 = A.sigmoid(A.addColumn(A.matmul(P.W3, a2), P.b3));
  const dz3 = A.mul(1 / m, A.sub(a3, Y));
  const dW3 = A.matmulTB(dz3, a2);
  const db3 = A.sum(dz3, 1, true);
  const dz2 = A.reluBackward(A.matmulTA(P.W3, dz3), a2);
  const dW2 = A.matmulTB(dz2, a1);
  const db2 = A.sum(dz2, 1, true);
  const dz1 = A.reluBackward(A.matmulTA(P.W2, dz2), a1);
  const dW1 = A.matmulTB(dz1, X);
  const db1 = A.sum(dz1, 1, true);
  return [dW1, db1, dW2, db2, dW3, db3];
}

// SIGNS size: [12288,25,12,6], mini-batch 32, relu-relu-linear, dZ3 = (Z3 - Y)/mb
const mb = 32;
const XS = A.map(A.zeros([12288, mb]), () => Math.random());
const YS = A.zeros([6, mb]);
for (let j = 0; j < mb; j++) YS.set(Math.floor(Math.random() * 6), j, 1);
const S = {
  W1: randn([25, 12288], 0.01), b1: A.zeros([25, 1]), W2: randn([12, 25], 0.1), b2: A.zeros([12, 1]),
  W3: randn([6, 12], 0.1), b3: A.zeros([6, 1]),
};
const U = {
  z1: A.zeros([25, mb]), a1: A.zeros([25, mb]), z2: A.zeros([12, mb]), a2: A.zeros([12, mb]), z3: A.zeros([6, mb]),
  dz3: A.zeros([6, mb]), dW3: A.zeros([6, 12]), da2: A.zeros([12, mb]), dz2: A.zeros([12, mb]), dW2: A.zeros([12, 25]),
  da1: A.zeros([25, mb]), dz1: A.zeros([25, mb]), dW1: A.zeros([25, 12288]),
};

function stepSigns(): Mat[] {
  A.relu(A.addColumn(A.matmul(S.W1, XS, U.z1), S.b1, U.z1), U.a1);
  A.relu(A.addColumn(A.matmul(S.W2, U.a1, U.z2), S.b2, U.z2), U.a2);
  A.addColumn(A.matmul(S.W3, U.a2, U.z3), S.b3, U.z3);
  A.div(A.sub(U.z3, YS, U.dz3), mb, U.dz3);
  A.matmulTB(U.dz3, U.a2, U.dW3);
  const db3 = A.sum(U.dz3, 1, true);
  A.matmulTA(S.W3, U.dz3, U.da2);
  A.reluBackward(U.da2, U.a2, U.dz2);
  A.matmulTB(U.dz2, U.a1, U.dW2);
  const db2 = A.sum(U.dz2, 1, true);
  A.matmulTA(S.W2, U.dz2, U.da1);
  A.reluBackward(U.da1, U.a1, U.dz1);
  A.matmulTB(U.dz1, XS, U.dW1);
  const db1 = A.sum(U.dz1, 1, true);
  return [U.dW1, db1, U.dW2, db2, U.dW3, db3];
}

const CASES: [string, () => unknown][] = [
  ["mm (10,2)·(2,300)", () => A.matmul(A10, B300, C1)],
  ["mm (25,12288)·(12288,32)", () => A.matmul(W1s, Xb, C2)],
  ["mm (25,12288)·(12288,1080)", () => A.matmul(W1s, Xfull, C3)],
  ["mm (25,32)·(12288,32)ᵀ", () => A.matmulTB(dZb, Xb, C4)],
  ["step [2,10,5,1] m=300", stepSmall],
  ["step [2,10,5,1] m=300 (alloc)", stepSmallAlloc],
  ["step [12288,25,12,6] mb=32", stepSigns],
];

// ------------------------------------------------------------------ timing
function timeCase(f: () => unknown, target: number): number {
  f();
  let t0 = performance.now();
  f();
  const one = Math.max((performance.now() - t0) / 1000, 1e-7);
  const reps = Math.max(1, Math.floor(target / one));
  t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - t0) / 1000 / reps;
}

class NumpyBench {
  private rl: readline.Interface;
  private waiting: ((line: string) => void)[] = [];
  constructor(private child: ChildProcessByStdio<Writable, Readable, null>) {
    this.rl = readline.createInterface({ input: child.stdout });
    this.rl.on("line", (line) => this.waiting.shift()?.(line));
  }
  ask(req: object): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line)));
      this.child.stdin.write(JSON.stringify(req) + "\n");
    });
  }
  close(): void {
    this.child.stdin.end();
  }
}

function numpyAvailable(): boolean {
  return spawnSync("python3", ["-c", "import numpy"], { stdio: "ignore" }).status === 0;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function fmtTime(sec: number): string {
  if (sec < 1e-3) return `${(sec * 1e6).toFixed(1)} µs`;
  if (sec < 1) return `${(sec * 1e3).toFixed(2)} ms`;
  return `${sec.toFixed(3)} s`;
}

async function main(): Promise<void> {
  let header = "tsdl only (python3 with numpy not found)";
  let np: NumpyBench | null = null;
  if (numpyAvailable()) {
    const child = spawn("python3", [path.join(here, "bench_numpy.py")], {
      env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    np = new NumpyBench(child);
    const info = await np.ask({ cases: true });
    const listed = info.cases as string[];
    for (const [name] of CASES) if (!listed.includes(name)) throw new Error(`bench_numpy.py has no case "${name}"`);
    header = `tsdl vs numpy ${info.numpy} (${info.blas}, 1 thread)`;
  }
  console.log(`${header}; Node ${process.version}; median of ${ROUNDS} interleaved rounds`);
  for (const [, f] of CASES) timeCase(f, 0.2); // let the JIT settle before measuring
  const ts = new Map<string, number[]>();
  const ns = new Map<string, number[]>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, f] of CASES) {
      (ts.get(name) ?? ts.set(name, []).get(name)!).push(timeCase(f, TARGET));
      if (np) (ns.get(name) ?? ns.set(name, []).get(name)!).push((await np.ask({ case: name, target: TARGET })).seconds as number);
    }
  }
  np?.close();
  const rows = CASES.map(([name]) => {
    const t = median(ts.get(name)!);
    const n = np ? median(ns.get(name)!) : NaN;
    return [name, fmtTime(t), np ? fmtTime(n) : "—", np ? `${(t / n).toFixed(2)}×` : "—"];
  });
  const head = ["case", "tsdl", "numpy", "tsdl ÷ numpy"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  console.log(line(head));
  console.log(w.map((n) => "-".repeat(n)).join("  "));
  for (const r of rows) console.log(line(r));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
