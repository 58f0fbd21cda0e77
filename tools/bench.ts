/**
 * `npm run bench`: tsdl against numpy on the shapes and loops the labs run.
 *
 * Micro cases: four matrix products, one forward+backward step of the init lab's [2,10,5,1] net
 * (m = 300, convention A; with preallocated outputs, with allocating helpers, and through the lib's
 * nn functions as the lab's model calls them) and one step of a SIGNS-size [12288,25,12,6] net on a
 * mini-batch of 32. Each is timed for ~50 ms per round.
 *
 * Model cases (whole training runs, one run per side per round, same data and start on both sides):
 * - A: the init lab's model, [2,10,5,1], m = 300 (make_circles), He init, lr 0.01, 15000
 *   full-batch iterations: nn.forwardPropagation, nn.crossEntropyNansum, nn.backwardPropagationA,
 *   nn.updateParameters (the calls tsdl.initUtils makes);
 * - B: the regularization lab's L2 model, [2,20,3,1], m = 211 (data.mat, or its synthetic stand-in),
 *   λ = 0.7, lr 0.3, 30000 iterations: nn.forwardPropagation, then the cost with L2 and the backward
 *   pass with L2 written with the array helpers op by op as the notebook writes them, nn.updateParameters;
 * - B0: the same lab's baseline (λ = 0) through the lib: nn.backwardPropagationB;
 * - B1: the same lab's dropout model (keepProb 0.86, seed(1) inside every forward pass as the
 *   course), forward and backward with dropout written op by op as the notebook's solutions;
 * - C: the optimization lab's Adam model, [2,5,2,1], m = 300 (make_moons, seed 3), He init (seed 3),
 *   lr 0.0007, 10000 epochs of mini-batches of 64 (seed 10 + 1 + epoch, 5 per epoch: 50000 Adam
 *   steps): nn.randomMiniBatches, nn.forwardPropagation, optUtils.computeCost (the plain sum),
 *   nn.backwardPropagationA and nn.optimizer("adam") (in place); the final cost is the last epoch's
 *   cost_total / m;
 * - D: SIGNS size [12288,25,12,6], m = 1080 random inputs, one epoch: permutation, 34 mini-batches
 *   of 32 (the last of 24), relu-relu-linear, softmax cross-entropy, Adam. tsdl runs the lib's
 *   training step of the framework lab (tsdl.framework.signsTrainer, what notebook 05 trains with
 *   through signsModelTsdl: mini-batches gathered into reused arrays, W1·X, dZ1·Xᵀ and Adam on the
 *   compiled kernels' memory once built); numpy runs the course's op-by-op code (column shuffle,
 *   slices, allocating Adam) — every numpy epoch is alike. D is one epoch of a training run in
 *   progress (the trainer is made and run once before the rounds; a learner's run makes it once for
 *   all its epochs); D1 is the first epoch of a new trainer, setting up its memory included.
 *   float64 on both sides;
 * - D32: D in float32 on both sides (the course's TF model's dtype): signsTrainer's opt-in
 *   `dtype: "float32"`, numpy's same code on float32 arrays (its ReLU mask float32, not int64).
 * Every other case runs float64 on both sides.
 * After the table the final costs of A, B, B0, B1 and C on both sides are printed: they agree to ~1e-10
 * (numpy's BLAS rounds differently), which shows both sides ran the same computation.
 *
 * numpy runs in a child process (tools/bench_numpy.py, one BLAS thread); each round times every case
 * on both sides in turn and the table shows medians over the rounds. Without python3 + numpy only
 * tsdl is timed. tsdl is timed from lib/dist (what the notebooks load: `npm run build`, tsc and the
 * compiled kernels lib/dist/kernels/gemm.wasm), so build first.
 *
 *   npm run bench                 # 7 rounds of micro cases, 5 of model cases
 *   npx tsx tools/bench.ts 3      # 3 rounds of each
 *   npx tsx tools/bench.ts 3 A,D  # only the micro cases and model cases A and D
 *   TSDL_BENCH_LIB=/tmp/old-dist/index.js NODE_PATH=$PWD/node_modules TSDL_DATA=$PWD/../shared/data npx tsx tools/bench.ts
 *                                 # another build of the lib (e.g. a copy of an older lib/dist), same cases
 *
 * The machine may be shared: the table gives the ratio of the medians and of the best rounds.
 */
import { spawn, spawnSync, type ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type * as Tsdl from "../lib/src/index";
import type { Mat } from "../lib/src/array";

const here = path.dirname(fileURLToPath(import.meta.url));
// time the tsc build (lib/dist, what notebooks run; `npm run bench` builds it first), typed from the sources
const tsdl: typeof Tsdl = createRequire(import.meta.url)(process.env.TSDL_BENCH_LIB ?? "../lib/dist/index.js");
const A = tsdl; // the array helpers
const nn = tsdl.nn;
type Parameters = Tsdl.nn.Parameters;
type Grads = Tsdl.nn.Grads;
type Cache = Tsdl.nn.Cache;
const ROUNDS = Number(process.argv[2] ?? 7);
const MODEL_ROUNDS = Math.min(ROUNDS, 5);
const ONLY_MODELS = process.argv[3]?.split(",");
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

// ------------------------------------------------------------------ micro cases, tsdl side
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

/** Workspace of the preallocated steps: activations and gradients, written in place. */
interface Work { a1: Mat; a2: Mat; dz3: Mat; dW3: Mat; da2: Mat; dz2: Mat; dW2: Mat; da1: Mat; dz1: Mat; dW1: Mat }

/** The backward pass from dz3 on (dW = dz·a_prevᵀ, db = Σ dz), into the workspace; returns dW1, db1, …, db3. */
function backwardFromDz3(W: Work, params: { W2: Mat; W3: Mat }, X0: Mat): Mat[] {
  A.matmulTB(W.dz3, W.a2, W.dW3);
  const db3 = A.sum(W.dz3, 1, true);
  A.matmulTA(params.W3, W.dz3, W.da2);
  A.reluBackward(W.da2, W.a2, W.dz2);
  A.matmulTB(W.dz2, W.a1, W.dW2);
  const db2 = A.sum(W.dz2, 1, true);
  A.matmulTA(params.W2, W.dz2, W.da1);
  A.reluBackward(W.da1, W.a1, W.dz1);
  A.matmulTB(W.dz1, X0, W.dW1);
  const db1 = A.sum(W.dz1, 1, true);
  return [W.dW1, db1, W.dW2, db2, W.dW3, db3];
}

function stepSmall(): Mat[] {
  A.addColumn(A.matmul(P.W1, X, T.z1), P.b1, T.z1);
  A.relu(T.z1, T.a1);
  A.addColumn(A.matmul(P.W2, T.a1, T.z2), P.b2, T.z2);
  A.relu(T.z2, T.a2);
  A.addColumn(A.matmul(P.W3, T.a2, T.z3), P.b3, T.z3);
  A.sigmoid(T.z3, T.a3);
  A.mul(1 / m, A.sub(T.a3, Y, T.dz3), T.dz3);
  return backwardFromDz3(T, P, X);
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

/** One iteration of the init lab's model through the lib (the parameters are not kept). */
function stepSmallNn(): number {
  const [a3, cache] = nn.forwardPropagation(X, P);
  const cost = nn.crossEntropyNansum(a3, Y);
  const grads = nn.backwardPropagationA(X, Y, cache);
  nn.updateParameters(P, grads, 0.01);
  return cost;
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
  return backwardFromDz3(U, S, XS);
}

const CASES: [string, () => unknown][] = [
  ["mm (10,2)·(2,300)", () => A.matmul(A10, B300, C1)],
  ["mm (25,12288)·(12288,32)", () => A.matmul(W1s, Xb, C2)],
  ["mm (25,12288)·(12288,1080)", () => A.matmul(W1s, Xfull, C3)],
  ["mm (25,32)·(12288,32)ᵀ", () => A.matmulTB(dZb, Xb, C4)],
  ["step [2,10,5,1] m=300", stepSmall],
  ["step [2,10,5,1] m=300 (alloc)", stepSmallAlloc],
  ["step [2,10,5,1] m=300 (lib nn + cost + update)", stepSmallNn],
  ["step [12288,25,12,6] mb=32", stepSigns],
];

// ------------------------------------------------------------------ model cases, tsdl side
/** He initialization as the init lab's graded function does it: seed(3), randn·√(2/n_{l−1}). */
function initHe(dims: number[]): Parameters {
  tsdl.random.seed(3);
  const p: Parameters = {};
  for (let l = 1; l < dims.length; l++) {
    p["W" + l] = A.mul(tsdl.random.randn(dims[l], dims[l - 1]) as Mat, Math.sqrt(2 / dims[l - 1]));
    p["b" + l] = A.zeros([dims[l], 1]);
  }
  return p;
}

const initData = tsdl.data.loadInitDataset();
const initStart = initHe([2, 10, 5, 1]);

/** Model A: the init lab's `model` loop (15000 iterations, lr 0.01); returns the final cost. */
function modelA(): number {
  const Xa = initData.trainX, Ya = initData.trainY;
  let parameters = initStart;
  let cost = NaN;
  for (let i = 0; i < 15000; i++) {
    const [a3, cache] = nn.forwardPropagation(Xa, parameters);
    cost = nn.crossEntropyNansum(a3, Ya);
    const grads = nn.backwardPropagationA(Xa, Ya, cache);
    parameters = nn.updateParameters(parameters, grads, 0.01);
  }
  return cost;
}

const regData = tsdl.data.load2DDataset();
const regStart = tsdl.regUtils.initializeParameters([2, 20, 3, 1]);

/** The notebook's computeCostWithRegularization, op by op with the array helpers. */
function costWithRegularization(A3: Mat, Yr: Mat, parameters: Parameters, lambd: number): number {
  const mr = Yr.shape[1];
  const cross = nn.crossEntropyNansum(A3, Yr);
  const l2 = (lambd / (2 * mr)) * (A.sum(A.square(parameters["W1"])) + A.sum(A.square(parameters["W2"])) + A.sum(A.square(parameters["W3"])));
  return cross + l2;
}

/** The notebook's backwardPropagationWithRegularization, op by op with the array helpers. */
function backwardWithRegularization(Xr: Mat, Yr: Mat, cache: Cache, lambd: number): Grads {
  const mr = Xr.shape[1];
  const [, A1, W1, , , A2, W2, , , A3, W3] = cache;
  const dZ3 = A.sub(A3, Yr);
  const dW3 = A.add(A.mul(1 / mr, A.matmulTB(dZ3, A2)), A.mul(lambd / mr, W3));
  const db3 = A.mul(1 / mr, A.sum(dZ3, 1, true));
  const dA2 = A.matmulTA(W3, dZ3);
  const dZ2 = nn.reluBackward(dA2, A2);
  const dW2 = A.add(A.mul(1 / mr, A.matmulTB(dZ2, A1)), A.mul(lambd / mr, W2));
  const db2 = A.mul(1 / mr, A.sum(dZ2, 1, true));
  const dA1 = A.matmulTA(W2, dZ2);
  const dZ1 = nn.reluBackward(dA1, A1);
  const dW1 = A.add(A.mul(1 / mr, A.matmulTB(dZ1, Xr)), A.mul(lambd / mr, W1));
  const db1 = A.mul(1 / mr, A.sum(dZ1, 1, true));
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

/** Model B: the reg lab's `model` with λ = 0.7 (30000 iterations, lr 0.3); λ = 0 is the lab's baseline (B0). */
function modelB(lambd: number): number {
  const Xr = regData.trainX, Yr = regData.trainY;
  let parameters = regStart;
  let cost = NaN;
  for (let i = 0; i < 30000; i++) {
    const [a3, cache] = nn.forwardPropagation(Xr, parameters);
    cost = lambd === 0 ? nn.crossEntropyNansum(a3, Yr) : costWithRegularization(a3, Yr, parameters, lambd);
    const grads = lambd === 0 ? nn.backwardPropagationB(Xr, Yr, cache) : backwardWithRegularization(Xr, Yr, cache, lambd);
    parameters = nn.updateParameters(parameters, grads, 0.3);
  }
  return cost;
}

/** The notebook's forwardPropagationWithDropout (the course re-seeds with 1 on every call). */
function forwardWithDropout(Xr: Mat, parameters: Parameters, keepProb: number): [Mat, Mat[]] {
  tsdl.random.seed(1);
  const { W1, b1, W2, b2, W3, b3 } = parameters;
  const Z1 = A.addColumn(A.matmul(W1, Xr), b1);
  let A1 = tsdl.regUtils.relu(Z1);
  let D1 = tsdl.random.rand(A1.shape[0], A1.shape[1]);
  D1 = A.less(D1, keepProb);
  A1 = A.mul(A1, D1);
  A1 = A.div(A1, keepProb);
  const Z2 = A.addColumn(A.matmul(W2, A1), b2);
  let A2 = tsdl.regUtils.relu(Z2);
  let D2 = tsdl.random.rand(A2.shape[0], A2.shape[1]);
  D2 = A.less(D2, keepProb);
  A2 = A.mul(A2, D2);
  A2 = A.div(A2, keepProb);
  const Z3 = A.addColumn(A.matmul(W3, A2), b3);
  const A3 = tsdl.regUtils.sigmoid(Z3);
  return [A3, [Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3]];
}

/** The notebook's backwardPropagationWithDropout. */
function backwardWithDropout(Xr: Mat, Yr: Mat, cache: Mat[], keepProb: number): Grads {
  const mr = Xr.shape[1];
  const [, D1, A1, , , , D2, A2, W2, , , A3, W3] = cache;
  const dZ3 = A.sub(A3, Yr);
  const dW3 = A.mul(1 / mr, A.matmulTB(dZ3, A2));
  const db3 = A.mul(1 / mr, A.sum(dZ3, 1, true));
  let dA2 = A.matmulTA(W3, dZ3);
  dA2 = A.mul(dA2, D2);
  dA2 = A.div(dA2, keepProb);
  const dZ2 = nn.reluBackward(dA2, A2);
  const dW2 = A.mul(1 / mr, A.matmulTB(dZ2, A1));
  const db2 = A.mul(1 / mr, A.sum(dZ2, 1, true));
  let dA1 = A.matmulTA(W2, dZ2);
  dA1 = A.mul(dA1, D1);
  dA1 = A.div(dA1, keepProb);
  const dZ1 = nn.reluBackward(dA1, A1);
  const dW1 = A.mul(1 / mr, A.matmulTB(dZ1, Xr));
  const db1 = A.mul(1 / mr, A.sum(dZ1, 1, true));
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

/** Model B1: the reg lab's `model` with keepProb 0.86 (30000 iterations, lr 0.3). */
function modelB1(): number {
  const Xr = regData.trainX, Yr = regData.trainY;
  let parameters = regStart;
  let cost = NaN;
  for (let i = 0; i < 30000; i++) {
    const [a3, cache] = forwardWithDropout(Xr, parameters, 0.86);
    cost = nn.crossEntropyNansum(a3, Yr);
    parameters = nn.updateParameters(parameters, backwardWithDropout(Xr, Yr, cache, 0.86), 0.3);
  }
  return cost;
}

const optData = tsdl.optUtils.loadDataset();

/** Model C: the optimization lab's `model(..., optimizer="adam")` through the lib; returns the last epoch's cost. */
function modelC(): number {
  const [Xo, Yo] = optData;
  const mo = Xo.shape[1];
  const parameters = tsdl.optUtils.initializeParameters([2, 5, 2, 1]);
  const adam = nn.optimizer("adam", parameters);
  let seed = 10;
  let costAvg = NaN;
  for (let i = 0; i < 10000; i++) {
    seed = seed + 1;
    let costTotal = 0;
    for (const [minibatchX, minibatchY] of nn.randomMiniBatches(Xo, Yo, 64, seed)) {
      const [a3, caches] = nn.forwardPropagation(minibatchX, parameters);
      costTotal += tsdl.optUtils.computeCost(a3, minibatchY);
      adam.step(parameters, nn.backwardPropagationA(minibatchX, minibatchY, caches), 0.0007);
    }
    costAvg = costTotal / mo;
  }
  return costAvg;
}

// D: SIGNS size, one epoch of mini-batch Adam; inputs uniform in [0,1) like scaled pixels
const MD = 1080;
const XD = A.map(A.zeros([12288, MD]), () => Math.random());
const YD = A.zeros([6, MD]);
for (let j = 0; j < MD; j++) YD.set(Math.floor(Math.random() * 6), j, 1);
const DStart: Parameters = {
  W1: randn([25, 12288], Math.sqrt(1 / 12288)), b1: A.zeros([25, 1]), W2: randn([12, 25], Math.sqrt(1 / 25)), b2: A.zeros([12, 1]),
  W3: randn([6, 12], Math.sqrt(1 / 12)), b3: A.zeros([6, 1]),
};

/** A trainer of the framework lab's tsdl model (tsdl.framework.signsTrainer, what notebook 05 runs through signsModelTsdl) from DStart. */
function newTrainerD(): Tsdl.framework.SignsTrainer {
  return tsdl.framework.signsTrainer(Object.fromEntries(Object.entries(DStart).map(([k, v]) => [k, A.copy(v)])), 0.0001, mb);
}
let trainerD: Tsdl.framework.SignsTrainer | null = null;
let epochD = 0;

/** Model D: one more epoch (34 mini-batches) of one training run; returns the epoch cost. */
function modelD(): number {
  trainerD ??= newTrainerD();
  return trainerD.epoch(XD, YD, 4 + epochD++);
}

let trainerD32: Tsdl.framework.SignsTrainer | null = null;
/** Model D32: model D in float32. */
function modelD32(): number {
  trainerD32 ??= tsdl.framework.signsTrainer(Object.fromEntries(Object.entries(DStart).map(([k, v]) => [k, A.copy(v)])), 0.0001, mb, { dtype: "float32" });
  return trainerD32.epoch(XD, YD, 4 + epochD++);
}

/** Model D1: the first epoch of a new trainer (its arrays and memory set up in the timing). */
function modelD1(): number {
  return newTrainerD().epoch(XD, YD, 4);
}

const MODELS: [string, string, () => number][] = [
  ["A", "A init model [2,10,5,1] m=300, 15000 it", modelA],
  ["B", "B reg model L2 [2,20,3,1] m=211, 30000 it", () => modelB(0.7)],
  ["B0", "B0 reg model baseline (lib), 30000 it", () => modelB(0)],
  ["B1", "B1 reg model dropout (notebook's code), 30000 it", modelB1],
  ["C", "C opt model Adam [2,5,2,1] mb=64, 10000 epochs", modelC],
  ["D", "D SIGNS [12288,25,12,6] Adam mb=32, 1 epoch", modelD],
  ["D1", "D1 SIGNS, first epoch of a new trainer", modelD1],
  ["D32", "D32 SIGNS as D, float32", modelD32],
];
const models = MODELS.filter(([id]) => !ONLY_MODELS || ONLY_MODELS.includes(id));

/** What the numpy side needs to run A, B, B0 and C from the same data and start (C initializes itself, seed 3). */
function setupMessage(): object {
  const nested = (x: Mat) => A.toNested(x);
  const params = (p: Parameters) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, nested(v)]));
  return {
    setup: {
      A: { X: nested(initData.trainX), Y: nested(initData.trainY), parameters: params(initStart) },
      B: { X: nested(regData.trainX), Y: nested(regData.trainY), parameters: params(regStart) },
      C: { X: nested(optData[0]), Y: nested(optData[1]), parameters: {} },
    },
  };
}

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

function timeOnce(f: () => number): [number, number] {
  const t0 = performance.now();
  const r = f();
  return [(performance.now() - t0) / 1000, r];
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

function push(map: Map<string, number[]>, key: string, v: number): void {
  (map.get(key) ?? map.set(key, []).get(key)!).push(v);
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
    for (const [, name] of MODELS) if (!listed.includes(name)) throw new Error(`bench_numpy.py has no case "${name}"`);
    await np.ask(setupMessage());
    header = `tsdl vs numpy ${info.numpy} (${info.blas}, 1 thread)`;
  }
  console.log(`${header}; Node ${process.version}; median of ${ROUNDS} interleaved rounds (models: ${MODEL_ROUNDS})`);
  if (regData.source !== "course") console.log("(B uses the synthetic stand-in of data.mat: the course file was not found)");
  for (const [, f] of CASES) timeCase(f, 0.2); // let the JIT settle before measuring
  const ts = new Map<string, number[]>();
  const ns = new Map<string, number[]>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, f] of CASES) {
      push(ts, name, timeCase(f, TARGET));
      if (np) push(ns, name, (await np.ask({ case: name, target: TARGET })).seconds as number);
    }
  }
  const finals = new Map<string, [number, number]>();
  for (const [, , f] of models) f(); // warm-up run
  for (let r = 0; r < MODEL_ROUNDS; r++) {
    for (const [, name, f] of models) {
      const [sec, cost] = timeOnce(f);
      push(ts, name, sec);
      if (np) {
        const res = await np.ask({ case: name, target: 0 });
        push(ns, name, res.seconds as number);
        finals.set(name, [cost, res.result as number]);
      } else finals.set(name, [cost, NaN]);
    }
  }
  np?.close();
  const names = [...CASES.map(([name]) => name), ...models.map(([, name]) => name)];
  const rows = names.map((name) => {
    const t = median(ts.get(name)!);
    const n = np ? median(ns.get(name)!) : NaN;
    const best = np ? Math.min(...ts.get(name)!) / Math.min(...ns.get(name)!) : NaN;
    return [name, fmtTime(t), np ? fmtTime(n) : "—", np ? `${(t / n).toFixed(2)}×` : "—", np ? `${best.toFixed(2)}×` : "—"];
  });
  const head = ["case", "tsdl", "numpy", "tsdl ÷ numpy", "best ÷ best"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  console.log(line(head));
  console.log(w.map((n) => "-".repeat(n)).join("  "));
  for (const r of rows) console.log(line(r));
  if (trainerD) console.log(`D and D1: tsdl's signsTrainer ran its "${trainerD.path}" step in float64, as numpy`);
  if (trainerD32) console.log(`D32: its "${trainerD32.path}" step in float32, numpy in float32; every other case float64 on both sides`);
  for (const [, name] of models) {
    const [c, n] = finals.get(name)!;
    if (name.startsWith("D")) continue; // D starts from different random data on each side
    console.log(`final cost, ${name.split(" ")[0]}: tsdl ${c}, numpy ${n} (relative difference ${Math.abs(c - n) / Math.abs(n)})`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
