/**
 * Batch normalization of a fully connected layer (Week 3), in the lectures' notation. Z (n, m)
 * holds the layer's pre-activations, one column per example of the mini-batch; γ and β (n, 1) are
 * learned; per unit (row):
 *   μ = (1/m) Σ_i z^(i)                    σ² = (1/m) Σ_i (z^(i) − μ)²
 *   z_norm^(i) = (z^(i) − μ) / √(σ² + ε)    z̃^(i) = γ z_norm^(i) + β
 * Backward, for dZ̃ = ∂J/∂Z̃ (n, m):
 *   dβ = Σ_i dz̃^(i)        dγ = Σ_i dz̃^(i) z_norm^(i)        dz_norm = γ dz̃
 *   dZ = (1/m) (1/√(σ² + ε)) (m dz_norm − Σ_i dz_norm^(i) − z_norm Σ_i dz_norm^(i) z_norm^(i))
 * (the chain rule through μ and σ², which depend on every example of the batch).
 * At test time there is no batch: μ and σ² are exponentially weighted averages kept during
 * training (running = momentum · running + (1 − momentum) · batch value), and z_norm uses them.
 *
 * Means and variances are numpy's (np.mean / np.var along axis 1: pairwise sums); the per-row
 * broadcasts run in the "loops" section below on the row-major data.
 */
import { copy, fromData, mean, square, sum, type Mat } from "../array";

/** What the backward pass needs from a training-mode forward pass. */
export interface BatchNormCache {
  /** z_norm (n, m) */
  Znorm: Mat;
  /** μ and σ² of this batch (n, 1) */
  mu: Mat;
  var: Mat;
  /** √(σ² + ε) (n, 1) */
  std: Mat;
  gamma: Mat;
  eps: number;
}

/** The averages used at test time, one per unit (n, 1), updated in place during training. */
export interface RunningStats {
  mean: Mat;
  var: Mat;
}

/** The lectures' ε: keeps √(σ² + ε) away from 0 when a unit does not vary over the batch. */
export const BN_EPSILON = 1e-5;

function shapeText(A: Mat): string {
  return `(${A.shape.join(",")})`;
}

function checkLayer(op: string, Z: Mat, gamma: Mat, beta: Mat): [number, number] {
  if (!Z || Z.shape?.length !== 2) throw new Error(`${op}: Z must be (n, m), one column per example, got ${Z?.shape ? shapeText(Z) : String(Z)}`);
  const [n, m] = Z.shape;
  if (m < 1) throw new Error(`${op}: Z ${shapeText(Z)} has no examples`);
  for (const [name, p] of [["gamma", gamma], ["beta", beta]] as const) {
    if (!p || p.shape?.length !== 2 || p.shape[0] !== n || p.shape[1] !== 1) {
      throw new Error(`${op}: ${name} must be (${n}, 1) for Z ${shapeText(Z)}, got ${p?.shape ? shapeText(p) : String(p)}`);
    }
  }
  return [n, m];
}

function checkEps(op: string, eps: number): void {
  if (!(eps > 0)) throw new Error(`${op}: eps must be > 0, got ${eps}`);
}

// ------------------------------------------------------------------ loops
/** A's elements, row-major, as a Float64Array (a copy when A is not one already). */
function values(A: Mat): Float64Array {
  return copy(A).data;
}

/** out[r, j] = f(A[r, j], c[r]) for a (n, m) array and a column c (n, 1): numpy's A op c. */
function byRow(A: Float64Array, c: Float64Array, n: number, m: number, op: "-" | "/" | "*" | "+"): Float64Array {
  const out = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    const v = c[r];
    const o = r * m;
    if (op === "-") for (let j = 0; j < m; j++) out[o + j] = A[o + j] - v;
    else if (op === "/") for (let j = 0; j < m; j++) out[o + j] = A[o + j] / v;
    else if (op === "*") for (let j = 0; j < m; j++) out[o + j] = A[o + j] * v;
    else for (let j = 0; j < m; j++) out[o + j] = A[o + j] + v;
  }
  return out;
}

/** elementwise product of two same-size arrays. */
function times(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * b[i];
  return out;
}

function checkFinite(op: string, name: string, d: Float64Array, m: number): void {
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) throw new Error(`${op}: ${name}[${Math.floor(i / m)},${i % m}] is ${d[i]}`);
  }
}

// ------------------------------------------------------------------ forward
/**
 * Training mode: normalizes each unit with this batch's μ and σ², then scales by γ and shifts by β.
 * Returns [Z̃, cache]. Example: `const [Ztilde, cache] = batchnormForward(Z1, gamma1, beta1)`.
 */
export function batchnormForward(Z: Mat, gamma: Mat, beta: Mat, eps: number = BN_EPSILON): [Mat, BatchNormCache] {
  const op = "batchnormForward";
  const [n, m] = checkLayer(op, Z, gamma, beta);
  checkEps(op, eps);
  const z = values(Z);
  checkFinite(op, "Z", z, m);
  const mu = mean(Z, 1, true); // np.mean(Z, axis=1, keepdims=True)
  const centred = byRow(z, mu.data, n, m, "-"); // Z − μ
  const variance = mean(square(fromData(centred, [n, m])), 1, true); // np.var: mean of (Z − μ)²
  const std = fromData(variance.data.map((v) => Math.sqrt(v + eps)), [n, 1]); // √(σ² + ε)
  const Znorm = byRow(centred, std.data, n, m, "/");
  const Ztilde = byRow(byRow(Znorm, values(gamma), n, m, "*"), values(beta), n, m, "+"); // γ z_norm + β
  const cache: BatchNormCache = { Znorm: fromData(Znorm, [n, m]), mu, var: variance, std, gamma, eps };
  return [fromData(Ztilde, [n, m]), cache];
}

/**
 * Test mode: normalizes with the running averages instead of the batch's statistics, so one
 * example alone gets an output (in training mode its σ² would be 0 and z_norm 0).
 * Example: `batchnormInference(Z1, gamma1, beta1, running1)`.
 */
export function batchnormInference(Z: Mat, gamma: Mat, beta: Mat, running: RunningStats, eps: number = BN_EPSILON): Mat {
  const op = "batchnormInference";
  const [n, m] = checkLayer(op, Z, gamma, beta);
  checkEps(op, eps);
  for (const [name, s] of [["running.mean", running?.mean], ["running.var", running?.var]] as const) {
    if (!s || s.shape?.length !== 2 || s.shape[0] !== n || s.shape[1] !== 1) throw new Error(`${op}: ${name} must be (${n}, 1), got ${s?.shape ? shapeText(s) : String(s)}`);
  }
  const z = values(Z);
  checkFinite(op, "Z", z, m);
  const std = values(running.var).map((v) => Math.sqrt(v + eps));
  const Znorm = byRow(byRow(z, values(running.mean), n, m, "-"), std, n, m, "/");
  return fromData(byRow(byRow(Znorm, values(gamma), n, m, "*"), values(beta), n, m, "+"), [n, m]);
}

/**
 * Zero means and unit variances for n units (what the averages start from).
 * Example: `const running1 = initRunningStats(5)`.
 */
export function initRunningStats(n: number): RunningStats {
  if (!Number.isInteger(n) || n < 1) throw new Error(`initRunningStats: n must be a positive integer, got ${n}`);
  return { mean: fromData(new Float64Array(n), [n, 1]), var: fromData(new Float64Array(n).fill(1), [n, 1]) };
}

/**
 * One step of the exponentially weighted averages, in place: running = momentum · running +
 * (1 − momentum) · (this batch's μ, σ²). Example: `updateRunningStats(running1, cache, 0.9)`.
 */
export function updateRunningStats(running: RunningStats, cache: BatchNormCache, momentum = 0.9): void {
  if (!(momentum >= 0 && momentum < 1)) throw new Error(`updateRunningStats: momentum must be in [0, 1), got ${momentum}`);
  for (const [avg, batch, name] of [[running.mean, cache.mu, "mean"], [running.var, cache.var, "var"]] as const) {
    if (avg.shape.join() !== batch.shape.join()) throw new Error(`updateRunningStats: running.${name} ${shapeText(avg)} does not match the batch's ${shapeText(batch)}`);
    const a = avg.data;
    const b = values(batch);
    const o = avg.offset;
    for (let i = 0; i < b.length; i++) a[o + i] = momentum * a[o + i] + (1 - momentum) * b[i];
  }
}

// ------------------------------------------------------------------ backward
/**
 * The gradients of a training-mode batchnormForward: given dZ̃ (n, m), returns dZ (n, m), dgamma
 * and dbeta (n, 1). Example: `const { dZ, dgamma, dbeta } = batchnormBackward(dZtilde, cache)`.
 */
export function batchnormBackward(dZtilde: Mat, cache: BatchNormCache): { dZ: Mat; dgamma: Mat; dbeta: Mat } {
  const op = "batchnormBackward";
  const { Znorm, std, gamma } = cache;
  if (!dZtilde || dZtilde.shape?.join() !== Znorm.shape.join()) {
    throw new Error(`${op}: dZtilde must have the shape of the forward pass's Z ${shapeText(Znorm)}, got ${dZtilde?.shape ? shapeText(dZtilde) : String(dZtilde)}`);
  }
  const [n, m] = Znorm.shape;
  const dzt = values(dZtilde);
  checkFinite(op, "dZtilde", dzt, m);
  const zn = values(Znorm);
  const dbeta = sum(dZtilde, 1, true); // Σ_i dz̃
  const dgamma = sum(fromData(times(dzt, zn), [n, m]), 1, true); // Σ_i dz̃ · z_norm
  const dZnorm = byRow(dzt, values(gamma), n, m, "*"); // γ · dz̃
  const sumD = sum(fromData(dZnorm, [n, m]), 1, true).data; // Σ_i dz_norm
  const sumDZ = sum(fromData(times(dZnorm, zn), [n, m]), 1, true).data; // Σ_i dz_norm · z_norm
  const s = values(std);
  const dZ = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    const k = (1 / m) * (1 / s[r]);
    for (let j = 0; j < m; j++) {
      const i = r * m + j;
      dZ[i] = k * (m * dZnorm[i] - sumD[r] - zn[i] * sumDZ[r]);
    }
  }
  return { dZ: fromData(dZ, [n, m]), dgamma, dbeta };
}
