/**
 * Checks of the framework lab's graded functions (notebook 05, TensorFlow.js). Each takes the
 * learner's function and the notebook's `tf` module (tsdl does not import TensorFlow.js), runs it
 * on the lab's inputs and others, and compares with float64 references written here, within
 * float32 tolerances (the cpu and wasm backends differ in the last bits). Tensors: the right shape
 * and dtype, and no tensor left allocated besides the result (tf.tidy is the lab's tool for that) —
 * except forwardPropagation and computeCost, which the optimizer calls inside its own bookkeeping.
 */
import { matmul, addColumn, relu, zeros, type Mat } from "../array";
import { random, RandomState } from "../random";
import { isTensor, type TensorLike } from "../framework/tensors";
import { forwardPropagation as forwardPropagation1D, type OneD } from "./gradientChecking";
import { call, CheckFailed, isMatrix, kindOf, runChecks, shapeText, valuesOf, type CheckOptions } from "./core";

/** The `@tensorflow/tfjs` module as these checks use it (typed loosely: tsdl has no TF.js types). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TfModule = any;

type Fn = (...args: any[]) => unknown;

function numTensors(tf: TfModule): number {
  return tf.memory().numTensors as number;
}

/** Fails unless `v` is a tensor of `shape` (and `dtype`); returns its values. */
function expectTensor(label: string, v: unknown, shape: readonly number[], dtype = "float32", dtypeHint = ""): number[] {
  if (isMatrix(v)) throw new CheckFailed(`${label} returned a tsdl matrix ${shapeText(v.shape)}; return the TF.js tensor itself`);
  if (!isTensor(v)) throw new CheckFailed(`${label} returned ${kindOf(v)}, expected a ${shapeText(shape)} tf.Tensor`);
  if ((v as { isDisposed?: boolean }).isDisposed) throw new CheckFailed(`${label} returned a disposed tensor: return the result from tf.tidy(() => …) instead of disposing it`);
  if (v.shape.join(",") !== shape.join(",")) throw new CheckFailed(`${label} returned a tensor of shape ${shapeText(v.shape)}, expected ${shapeText(shape)}`);
  if (v.dtype !== dtype) throw new CheckFailed(`${label} returned a ${v.dtype} tensor, expected ${dtype}${dtypeHint}`);
  return Array.from(v.dataSync());
}

/** |a − e| ≤ atol + rtol·|e| for every element, else the first difference, with `hint`. */
function expectClose(label: string, got: readonly number[], want: readonly number[], rtol: number, atol: number, hint = ""): void {
  const k = got.findIndex((g, i) => !(Math.abs(g - want[i]) <= atol + rtol * Math.abs(want[i])));
  if (k >= 0) throw new CheckFailed(`${label}: element ${k} is ${got[k]}, expected ${want[k]}${hint ? ` (${hint})` : ""}`);
}

function allClose(got: readonly number[], want: readonly number[], rtol = 1e-5, atol = 1e-6): boolean {
  return got.length === want.length && got.every((g, i) => Math.abs(g - want[i]) <= atol + rtol * Math.abs(want[i]));
}

/** Fails when the call left more tensors than `kept` allocated. */
function expectNoLeak(label: string, tf: TfModule, before: number, kept: number): void {
  const left = numTensors(tf) - before - kept;
  if (left > 0) {
    throw new CheckFailed(`${label} left ${left} tensor(s) allocated besides its result: compute inside tf.tidy(() => …), which disposes every tensor the function does not return`);
  }
}

function dispose(tf: TfModule, v: unknown): void {
  if (isTensor(v)) tf.dispose(v);
  else if (v && typeof v === "object") for (const x of Object.values(v)) if (isTensor(x)) tf.dispose(x);
}

function tensorOf(tf: TfModule, M: Mat): TensorLike {
  return tf.tensor(Float32Array.from(M.data), M.shape.slice(), "float32");
}

// ------------------------------------------------------------------ linearFunction
/** The course's linear_function in float64: seed(1); X = randn(3,1), W = randn(4,3), b = randn(4,1); W·X + b. */
export function linearFunctionReference(): { Y: number[]; WX: number[] } {
  const rs = new RandomState(1);
  const X = rs.randn(3, 1), W = rs.randn(4, 3), b = rs.randn(4, 1);
  const WX = matmul(W, X);
  return { Y: valuesOf(addColumn(WX, b)), WX: valuesOf(WX) };
}

/**
 * linearFunction(): Y = W·X + b from tsdl.random after seed(1), as a (4, 1) float32 tensor.
 * Example: `tsdl.checks.linearFunction(linearFunction, tf)` → prints "All tests passed.".
 */
export function linearFunction(fn: unknown, tf: TfModule, opts: CheckOptions<null> = {}): void {
  const ref = linearFunctionReference();
  runChecks("linearFunction", fn, opts.cases ?? [null], () => {
    const label = "linearFunction()";
    for (const attempt of [0, 1]) {
      if (attempt === 1) random.rand(5); // move the global stream: the function must seed it itself
      const before = numTensors(tf);
      const { value } = call(label, () => (fn as Fn)());
      try {
        const got = expectTensor(label, value, [4, 1]);
        expectNoLeak(label, tf, before, 1);
        if (allClose(got, ref.WX)) throw new CheckFailed(`${label}: the result is W·X without b: add b (tf.add(tf.matMul(W, X), b))`);
        expectClose(label, got, ref.Y, 1e-6, 1e-6,
          attempt === 1 ? "call tsdl.random.seed(1) inside linearFunction, before drawing X" : "after tsdl.random.seed(1) draw X = randn(3, 1), then W = randn(4, 3), then b = randn(4, 1), and return W·X + b");
      } finally {
        dispose(tf, value);
      }
    }
  }, opts);
}


// ------------------------------------------------------------------ sigmoid
/**
 * sigmoid(z): the value (a number) of tf.sigmoid on a float32 scalar, nothing left allocated.
 * Example: `tsdl.checks.sigmoid(sigmoid, tf)`.
 */
export function sigmoid(fn: unknown, tf: TfModule, opts: CheckOptions<number> = {}): void {
  runChecks("sigmoid", fn, opts.cases ?? [0, 12, -1, 3.5, -20], (z) => {
    const label = `sigmoid(${z})`;
    const before = numTensors(tf);
    const { value } = call(label, () => (fn as Fn)(z));
    if (isTensor(value)) {
      dispose(tf, value);
      throw new CheckFailed(`${label} returned a tensor; return its value, a number: result.dataSync()[0] (what the course's sess.run gives)`);
    }
    if (typeof value !== "number") throw new CheckFailed(`${label} returned ${kindOf(value)}, expected a number`);
    const want = Math.fround(1 / (1 + Math.exp(-z)));
    expectClose(label, [value], [want], 1e-6, 1e-7, "compute tf.sigmoid(tf.scalar(z, \"float32\"))");
    expectNoLeak(label, tf, before, 0);
  }, opts);
}

// ------------------------------------------------------------------ cost
export interface CostCase {
  logits: number[];
  labels: number[];
  shape: number[];
}

const sigmoidCE = (z: number, y: number) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));

/**
 * cost(logits, labels): the sigmoid cross-entropy of each logit (no reduction), a tensor shaped as
 * the logits. Example: `tsdl.checks.cost(cost, tf)`.
 */
export function cost(fn: unknown, tf: TfModule, opts: CheckOptions<CostCase> = {}): void {
  const cases = opts.cases ?? [
    { logits: [0.2, 0.4, 0.7, 0.9], labels: [0, 0, 1, 1], shape: [4] },
    { logits: [-3, 2.5, 0, 8, -0.5, 1.5], labels: [1, 0, 1, 1, 0, 0], shape: [6] },
    { logits: [1, -2, 0.5, 3, -1, 4], labels: [1, 1, 0, 0, 1, 0], shape: [2, 3] },
  ];
  runChecks("cost", fn, cases, (c) => {
    const label = `cost(tf.tensor([${c.logits.join(", ")}]), tf.tensor([${c.labels.join(", ")}]))`;
    const logits = tf.tensor(c.logits, c.shape, "float32");
    const labels = tf.tensor(c.labels, c.shape, "float32");
    const before = numTensors(tf);
    const { value } = call(label, () => (fn as Fn)(logits, labels));
    try {
      if (isTensor(value) && value.shape.length === 0) throw new CheckFailed(`${label} returned one number; return the cost of each logit: pass tf.Reduction.NONE as the reduction`);
      const got = expectTensor(label, value, c.shape);
      const want = c.logits.map((z, i) => sigmoidCE(z, c.labels[i]));
      const sig = (z: number) => 1 / (1 + Math.exp(-z));
      if (allClose(got, c.logits.map((z, i) => sigmoidCE(sig(z), c.labels[i])))) {
        throw new CheckFailed(`${label}: you applied the sigmoid to the logits first; sigmoidCrossEntropy applies it itself: pass the logits as they are`);
      }
      if (allClose(got, c.logits.map((z, i) => sigmoidCE(c.labels[i], z)))) throw new CheckFailed(`${label}: labels and logits are swapped: tf.losses.sigmoidCrossEntropy(labels, logits, …) takes the labels first`);
      expectClose(label, got, want, 1e-5, 1e-6, "the cost of each logit is max(z, 0) − z·y + log(1 + e^−|z|)");
      expectNoLeak(label, tf, before, 1);
    } finally {
      dispose(tf, value);
      tf.dispose([logits, labels]);
    }
  }, opts);
}

// ------------------------------------------------------------------ oneHotMatrix
export interface OneHotCase {
  labels: number[];
  C: number;
}

/**
 * oneHotMatrix(labels, C): a (C, m) float32 tensor with a 1 in row labels[i] of column i.
 * Example: `tsdl.checks.oneHotMatrix(oneHotMatrix, tf)`.
 */
export function oneHotMatrix(fn: unknown, tf: TfModule, opts: CheckOptions<OneHotCase> = {}): void {
  const cases = opts.cases ?? [{ labels: [1, 2, 3, 0, 2, 1], C: 4 }, { labels: [0, 5, 2], C: 6 }, { labels: [2], C: 3 }];
  runChecks("oneHotMatrix", fn, cases, ({ labels, C }) => {
    const label = `oneHotMatrix([${labels.join(", ")}], ${C})`;
    const m = labels.length;
    const before = numTensors(tf);
    const { value } = call(label, () => (fn as Fn)(labels.slice(), C));
    try {
      if (isTensor(value) && m !== C && value.shape.join() === [m, C].join()) {
        throw new CheckFailed(`${label} returned shape ${shapeText(value.shape)}: tf.oneHot puts the classes on the last axis; transpose it to (C, m), one column per example (the course's axis=0)`);
      }
      const got = expectTensor(label, value, [C, m], "float32", ": tf.oneHot gives int32; convert with tf.cast(…, \"float32\")");
      const want = new Array<number>(C * m).fill(0);
      labels.forEach((y, i) => (want[y * m + i] = 1));
      if (got.some((g) => g !== 0 && g !== 1 && g < 1e-30)) {
        throw new CheckFailed(`${label}: the ones are ${got.find((g) => g !== 0)}: tf.oneHot(…, "float32") stores the integer bits on the wasm backend; build the int32 one-hot and convert it with tf.cast(…, "float32")`);
      }
      expectClose(label, got, want, 0, 0, "column i must hold a 1 in row labels[i] and 0 elsewhere");
      expectNoLeak(label, tf, before, 1);
    } finally {
      dispose(tf, value);
    }
  }, opts);
}

// ------------------------------------------------------------------ ones
/**
 * ones(shape): a float32 tensor of ones of that shape. Example: `tsdl.checks.ones(ones, tf)`.
 */
export function ones(fn: unknown, tf: TfModule, opts: CheckOptions<number[]> = {}): void {
  runChecks("ones", fn, opts.cases ?? [[3], [2, 3], [1], [4, 1, 2]], (shape) => {
    const label = `ones([${shape.join(", ")}])`;
    const before = numTensors(tf);
    const { value } = call(label, () => (fn as Fn)(shape.slice()));
    try {
      const got = expectTensor(label, value, shape);
      expectClose(label, got, got.map(() => 1), 0, 0, "use tf.ones(shape)");
      expectNoLeak(label, tf, before, 1);
    } finally {
      dispose(tf, value);
    }
  }, opts);
}

// ------------------------------------------------------------------ initializeParameters
const SIGNS_SHAPES: Record<string, number[]> = { W1: [25, 12288], b1: [25, 1], W2: [12, 25], b2: [12, 1], W3: [6, 12], b3: [6, 1] };

/**
 * initializeParameters(): W1 (25, 12288), W2 (12, 25), W3 (6, 12) Glorot-uniform with seed 1,
 * b1, b2, b3 zeros, all tf.Variable, nothing else left allocated.
 * Example: `tsdl.checks.initializeParameters(initializeParameters, tf)`.
 */
export function initializeParameters(fn: unknown, tf: TfModule, opts: CheckOptions<null> = {}): void {
  runChecks("initializeParameters", fn, opts.cases ?? [null], () => {
    const label = "initializeParameters()";
    const before = numTensors(tf);
    const { value } = call(label, () => (fn as Fn)());
    try {
      if (typeof value !== "object" || value === null || isTensor(value)) throw new CheckFailed(`${label} returned ${kindOf(value)}, expected a dictionary with W1, b1, W2, b2, W3, b3`);
      const p = value as Record<string, unknown>;
      const missing = Object.keys(SIGNS_SHAPES).filter((k) => !(k in p));
      if (missing.length) throw new CheckFailed(`${label}: parameters has no ${missing.join(", ")}`);
      for (const [k, shape] of Object.entries(SIGNS_SHAPES)) {
        const v = expectTensor(`${label}: ${k}`, p[k], shape);
        if (!(p[k] instanceof tf.Variable)) throw new CheckFailed(`${label}: ${k} is a plain tensor; make it a tf.variable(…) so that the optimizer can train it`);
        if (k.startsWith("b")) {
          if (v.some((x) => x !== 0)) throw new CheckFailed(`${label}: ${k} should be zeros (tf.zeros(${JSON.stringify(shape)}))`);
          continue;
        }
        const limit = Math.sqrt(6 / (shape[0] + shape[1]));
        const want = tf.tidy(() => Array.from((tf.initializers.glorotUniform({ seed: 1 }).apply(shape) as TensorLike).dataSync()));
        if (v.every((x) => x === v[0])) throw new CheckFailed(`${label}: every entry of ${k} is ${v[0]}; draw it with tf.initializers.glorotUniform({ seed: 1 })`);
        const out = v.findIndex((x) => Math.abs(x) > limit * (1 + 1e-6));
        if (out >= 0) throw new CheckFailed(`${label}: ${k} holds ${v[out]}, outside Glorot's ±√(6 / (n_in + n_out)) = ±${limit.toPrecision(6)}: use tf.initializers.glorotUniform({ seed: 1 })`);
        expectClose(`${label}: ${k}`, v, want, 0, 0, "use tf.initializers.glorotUniform({ seed: 1 }).apply(shape) for each W");
      }
      expectNoLeak(label, tf, before, Object.keys(SIGNS_SHAPES).length);
    } finally {
      dispose(tf, value);
    }
  }, opts);
}

// ------------------------------------------------------------------ forwardPropagation
/** Parameters of a [n0, n1, n2, n3] net drawn from RandomState(seed), as float64 matrices. */
function seededNet(dims: readonly number[], seed: number): Record<string, Mat> {
  const rs = new RandomState(seed);
  const p: Record<string, Mat> = {};
  for (let l = 1; l <= 3; l++) {
    p["W" + l] = rs.uniform(-1, 1, [dims[l], dims[l - 1]]);
    p["b" + l] = rs.uniform(-0.5, 0.5, [dims[l], 1]);
  }
  return p;
}

function forward64(X: Mat, p: Record<string, Mat>, act: (A: Mat) => Mat = relu): Mat {
  const A1 = act(addColumn(matmul(p.W1, X), p.b1));
  const A2 = act(addColumn(matmul(p.W2, A1), p.b2));
  return addColumn(matmul(p.W3, A2), p.b3);
}

function softmaxColumns(Z: number[], K: number, m: number): number[] {
  const out = Z.slice();
  for (let j = 0; j < m; j++) {
    let mx = -Infinity, s = 0;
    for (let i = 0; i < K; i++) mx = Math.max(mx, Z[i * m + j]);
    for (let i = 0; i < K; i++) s += Math.exp(Z[i * m + j] - mx);
    for (let i = 0; i < K; i++) out[i * m + j] = Math.exp(Z[i * m + j] - mx) / s;
  }
  return out;
}

export interface ForwardCase {
  dims: number[];
  m: number;
  seed: number;
}

/**
 * forwardPropagation(X, parameters): Z3 = W3·relu(W2·relu(W1·X + b1) + b2) + b3, shape (6, m), no softmax.
 * Example: `tsdl.checks.forwardPropagation(forwardPropagation, tf)`.
 */
export function forwardPropagationTf(fn: unknown, tf: TfModule, opts: CheckOptions<ForwardCase> = {}): void {
  const cases = opts.cases ?? [{ dims: [5, 4, 3, 6], m: 3, seed: 1 }, { dims: [12288, 25, 12, 6], m: 2, seed: 2 }];
  runChecks("forwardPropagation", fn, cases, ({ dims, m, seed }) => {
    const label = `forwardPropagation(X ${shapeText([dims[0], m])}, parameters of a [${dims.join(", ")}] network)`;
    const p64 = seededNet(dims, seed);
    const X64 = new RandomState(seed + 100).rand(dims[0], m);
    const X = tensorOf(tf, X64);
    const params = Object.fromEntries(Object.entries(p64).map(([k, v]) => [k, tensorOf(tf, v)]));
    // the optimizer calls it inside its own tidy: intermediate tensors are freed there, not checked here
    const { value } = call(label, () => tf.tidy(() => (fn as Fn)(X, params)));
    try {
      const K = dims[3];
      const got = expectTensor(label, value, [K, m]);
      const want = valuesOf(forward64(X64, p64));
      const tol = { rtol: 1e-4, atol: 1e-4 * Math.max(1, ...want.map(Math.abs)) };
      if (allClose(got, softmaxColumns(want, K, m), 1e-4, 1e-6)) throw new CheckFailed(`${label}: that is softmax(Z3); return Z3 itself, the cost applies the softmax`);
      if (allClose(got, valuesOf(forward64(X64, p64, (A) => A)), tol.rtol, tol.atol)) throw new CheckFailed(`${label}: no ReLU: apply tf.relu to Z1 and to Z2`);
      expectClose(label, got, want, tol.rtol, tol.atol, "Z1 = W1·X + b1, A1 = relu(Z1), Z2 = W2·A1 + b2, A2 = relu(Z2), Z3 = W3·A2 + b3");
    } finally {
      dispose(tf, value);
      tf.dispose([X, ...Object.values(params)]);
    }
  }, opts);
}

/** True for the `@tensorflow/tfjs` module (what the lab 05 checks take as their second argument). */
function isTfModule(v: unknown): boolean {
  return typeof v === "object" && v !== null && typeof (v as TfModule).tidy === "function" && typeof (v as TfModule).memory === "function";
}

/**
 * Two labs have a graded forwardPropagation: `tsdl.checks.forwardPropagation(forwardPropagation, tf)`
 * checks the framework lab's (05, TF.js), `tsdl.checks.forwardPropagation(forwardPropagation)` the
 * gradient-checking lab's 1-D J = θ·x (03).
 */
export function forwardPropagation(fn: unknown, tfOrOpts?: TfModule | CheckOptions<OneD>, opts: CheckOptions<ForwardCase> = {}): void {
  if (isTfModule(tfOrOpts)) forwardPropagationTf(fn, tfOrOpts, opts);
  else forwardPropagation1D(fn, (tfOrOpts ?? {}) as CheckOptions<OneD>);
}

// ------------------------------------------------------------------ computeCost
export interface CostMatrixCase {
  m: number;
  seed: number;
  /** all logits zero: the cost is ln 6 */
  zero?: boolean;
}

/** Mean over columns of −Σ y·log softmax(z); with `rows`, over rows instead (a forgotten transpose). */
function softmaxCE(Z: number[], Y: number[], K: number, m: number, rows = false): number {
  if (rows) {
    const Zt = new Array<number>(K * m), Yt = new Array<number>(K * m);
    for (let i = 0; i < K; i++) for (let j = 0; j < m; j++) { Zt[j * K + i] = Z[i * m + j]; Yt[j * K + i] = Y[i * m + j]; }
    return softmaxCE(Zt, Yt, m, K);
  }
  const P = softmaxColumns(Z, K, m);
  let s = 0;
  for (let k = 0; k < K * m; k++) if (Y[k] !== 0) s -= Y[k] * Math.log(P[k]);
  return s / m;
}

/**
 * computeCost(Z3, Y): the mean over the examples of the softmax cross-entropy, a scalar tensor.
 * Example: `tsdl.checks.computeCost(computeCost, tf)`.
 */
export function computeCost(fn: unknown, tf: TfModule, opts: CheckOptions<CostMatrixCase> = {}): void {
  const cases = opts.cases ?? [{ m: 4, seed: 1, zero: true }, { m: 5, seed: 2 }, { m: 8, seed: 3 }];
  runChecks("computeCost", fn, cases, ({ m, seed, zero }) => {
    const K = 6;
    const rs = new RandomState(seed);
    const Z64 = zero ? zeros([K, m]) : rs.uniform(-2, 2, [K, m]);
    const Y64 = zeros([K, m]);
    for (let j = 0; j < m; j++) Y64.set(rs.randint(0, K), j, 1);
    const label = `computeCost(Z3 ${shapeText([K, m])}${zero ? " of zeros" : ""}, Y ${shapeText([K, m])})`;
    const Z = tensorOf(tf, Z64), Y = tensorOf(tf, Y64);
    const { value } = call(label, () => tf.tidy(() => (fn as Fn)(Z, Y)));
    try {
      if (isTensor(value) && value.shape.length === 1) throw new CheckFailed(`${label} returned a cost per example ${shapeText(value.shape)}; return their mean, a scalar`);
      const got = expectTensor(label, value, []);
      const z = valuesOf(Z64), y = valuesOf(Y64);
      const want = softmaxCE(z, y, K, m);
      const alongExamples = softmaxCE(z, y, K, m, true);
      if (Math.abs(alongExamples - want) > 1e-3 * want && Math.abs(got[0] - alongExamples) <= 1e-5 * want) {
        throw new CheckFailed(`${label}: the softmax ran along the examples: tf.losses.softmaxCrossEntropy works on the last axis, pass the transposes (Y^T, Z3^T), one row per example`);
      }
      if (m > 1 && Math.abs(got[0] - m * want) <= 1e-5 * m * want) throw new CheckFailed(`${label} returned the sum over the examples; return the mean`);
      expectClose(label, got, [want], 1e-5, 1e-6, zero ? "zero logits give each class 1/6: the cost is ln 6" : "mean over the m examples of −Σ_k y_k log softmax(z)_k");
    } finally {
      dispose(tf, value);
      tf.dispose([Z, Y]);
    }
  }, opts);
}

// ------------------------------------------------------------------ model
export interface ModelCase {
  m: number;
  numEpochs: number;
  seed: number;
}

/** The lab's training loop written here: the reference the learner's model is compared with. */
function referenceModel(tf: TfModule, X: TensorLike, Y: TensorLike, m: number, numEpochs: number): { costs: number[]; W3: number[] } {
  const glorot = tf.initializers.glorotUniform({ seed: 1 });
  const p: Record<string, any> = tf.tidy(() => ({
    W1: tf.variable(glorot.apply([25, 12288])), b1: tf.variable(tf.zeros([25, 1])), W2: tf.variable(glorot.apply([12, 25])),
    b2: tf.variable(tf.zeros([12, 1])), W3: tf.variable(glorot.apply([6, 12])), b3: tf.variable(tf.zeros([6, 1])),
  }));
  const opt = tf.train.adam(0.0001);
  const costs: number[] = [];
  let seed = 3;
  const rs = new RandomState(0);
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    seed += 1;
    rs.seed(seed);
    const perm = Array.from(rs.permutation(m).data);
    let epochCost = 0;
    for (let k = 0; k * 32 < m; k++) {
      const c = tf.tidy(() => {
        const idx = tf.tensor1d(perm.slice(k * 32, (k + 1) * 32), "int32");
        const Xb = tf.gather(X, idx, 1), Yb = tf.gather(Y, idx, 1);
        return opt.minimize(() => {
          const Z3 = tf.add(tf.matMul(p.W3, tf.relu(tf.add(tf.matMul(p.W2, tf.relu(tf.add(tf.matMul(p.W1, Xb), p.b1))), p.b2))), p.b3);
          return tf.losses.softmaxCrossEntropy(tf.transpose(Yb), tf.transpose(Z3));
        }, true).dataSync()[0] as number;
      });
      epochCost += c / Math.floor(m / 32);
    }
    if (epoch % 5 === 0) costs.push(epochCost);
  }
  const W3 = Array.from((p.W3 as TensorLike).dataSync());
  opt.dispose();
  tf.dispose(Object.values(p));
  return { costs, W3 };
}

/**
 * model(XTrain, YTrain, XTest, YTest, { numEpochs, printCost: false }): a short run on random
 * "pictures" against the lab's loop written here — the same costs (seed 3 incremented before each
 * epoch, each mini-batch cost divided by ⌊m / 32⌋) and weights; parameters returned as tsdl
 * matrices; no tensor left allocated. Example: `tsdl.checks.model(model, tf)` (about a second).
 */
export function model(fn: unknown, tf: TfModule, opts: CheckOptions<ModelCase> = {}): void {
  runChecks("model", fn, opts.cases ?? [{ m: 80, numEpochs: 2, seed: 5 }], ({ m, numEpochs, seed }) => {
    const label = `model(X_train (12288, ${m}), …, { numEpochs: ${numEpochs} })`;
    const rs = new RandomState(seed);
    const X = tf.tensor(Float32Array.from(rs.rand(12288, m).data), [12288, m], "float32");
    const Yv = new Float32Array(6 * m);
    for (let j = 0; j < m; j++) Yv[rs.randint(0, 6) * m + j] = 1;
    const Y = tf.tensor(Yv, [6, m], "float32");
    try {
      const before = numTensors(tf);
      const { value } = call(label, () => (fn as Fn)(X, Y, X, Y, { numEpochs, printCost: false }));
      const left = numTensors(tf) - before;
      if (left > 0) throw new CheckFailed(`${label} left ${left} tensor(s) allocated: read the parameters' values (tsdl.framework.toMats(parameters)), then dispose the variables and the optimizer (optimizer.dispose())`);
      if (typeof value !== "object" || value === null) throw new CheckFailed(`${label} returned ${kindOf(value)}, expected { parameters, costs, trainAccuracy, testAccuracy }`);
      const r = value as { parameters?: Record<string, unknown>; costs?: unknown; trainAccuracy?: unknown };
      if (!Array.isArray(r.costs)) throw new CheckFailed(`${label}: costs is ${kindOf(r.costs)}, expected the list of epoch costs (one every 5 epochs)`);
      const ref = referenceModel(tf, X, Y, m, numEpochs);
      if (r.costs.length !== ref.costs.length) throw new CheckFailed(`${label}: costs has ${r.costs.length} entries, expected ${ref.costs.length} (the cost of epochs 0, 5, 10, …)`);
      const c0 = Number(r.costs[0]);
      const ratio = c0 / ref.costs[0];
      const quirk = Math.floor(m / 32) / Math.ceil(m / 32);
      if (Math.abs(ratio - quirk) < 1e-3) throw new CheckFailed(`${label}: the epoch cost is ${c0}, expected ${ref.costs[0]}: divide each mini-batch cost by numMinibatches = Math.floor(m / minibatchSize), the lab's int(m / 32), although there is one more, smaller mini-batch`);
      expectClose(`${label}: costs`, r.costs.map(Number), ref.costs, 1e-4, 1e-6, "the mini-batches: seed = 3, incremented before each epoch's randomMiniBatches(X, Y, minibatchSize, seed); Adam with learningRate; the cost of the mini-batch from optimizer.minimize(…, true)");
      const W3 = r.parameters?.W3;
      if (!isMatrix(W3)) throw new CheckFailed(`${label}: parameters.W3 is ${kindOf(W3)}, expected a (6, 12) tsdl matrix (tsdl.framework.toMat of the variable)`);
      if (W3.shape.join() !== "6,12") throw new CheckFailed(`${label}: parameters.W3 has shape ${shapeText(W3.shape)}, expected (6, 12)`);
      expectClose(`${label}: parameters.W3`, valuesOf(W3), ref.W3, 1e-3, 1e-5, "train every variable with the optimizer, for numEpochs epochs");
      if (typeof r.trainAccuracy !== "number" || !(r.trainAccuracy >= 0 && r.trainAccuracy <= 1)) throw new CheckFailed(`${label}: trainAccuracy is ${String(r.trainAccuracy)}, expected a fraction in [0, 1]`);
    } finally {
      tf.dispose([X, Y]);
    }
  }, opts);
}
