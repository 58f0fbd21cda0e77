/**
 * Fitting batch norm into a network (Week 3): an L-layer binary classifier, (LINEAR → [BN] →
 * RELU) × (L − 1) → LINEAR → SIGMOID, examples as columns. With batch norm, hidden layer l has
 * W^[l], γ^[l], β^[l] and no b^[l] (BN subtracts the mean, so a bias would cancel; β takes its
 * role): Z^[l] = W^[l] A^[l−1], Z̃^[l] = BN(Z^[l]; γ^[l], β^[l]), A^[l] = relu(Z̃^[l]). Without it,
 * Z^[l] = W^[l] A^[l−1] + b^[l], A^[l] = relu(Z^[l]). The output layer is the same in both.
 * Both variants start from the same He-initialized W's (one seed), so a comparison sees batch
 * norm's effect only. Backward: dZ^[L] = (1/m)(A^[L] − Y), dW = dZ A_prevᵀ, db = Σ dZ (the 1/m
 * sits on dZ^[L], the init and optimization labs' convention).
 */
import { addColumn, full, matmul, matmulTA, matmulTB, mul, relu, reluBackward, sigmoid, sub, sum, zeros, type Mat } from "../array";
import { RandomState } from "../random";
import { batchnormBackward, batchnormForward, batchnormInference, initRunningStats, updateRunningStats, BN_EPSILON, type BatchNormCache, type RunningStats } from "./batchnorm";
import { crossEntropyNansum } from "./cost";
import type { Grads, Parameters } from "./threeLayer";

/** One layer's values from the forward pass. */
export interface LayerCache {
  Aprev: Mat;
  Z: Mat;
  /** the BN layer's cache (training mode with batch norm only) */
  bn?: BatchNormCache;
  A: Mat;
}

/** How the hidden layers normalize: training uses the batch, inference the running averages. */
export interface DeepForwardOptions {
  mode?: "train" | "inference";
  /** per hidden layer (index l − 1): updated in place in training mode, used in inference mode */
  running?: RunningStats[];
  /** momentum of the running averages (default 0.9) */
  momentum?: number;
  eps?: number;
}

/** Number of layers L of a parameter dictionary (its W's). */
export function depthOf(parameters: Parameters): number {
  let L = 0;
  while (parameters[`W${L + 1}`]) L++;
  if (L < 1) throw new Error(`depthOf: parameters has no W1 (has ${Object.keys(parameters).join(", ") || "nothing"})`);
  return L;
}

/** Whether the hidden layers of these parameters use batch norm (they have gamma1). */
export function usesBatchnorm(parameters: Parameters): boolean {
  return depthOf(parameters) > 1 && "gamma1" in parameters;
}

/**
 * He-initialized parameters for layersDims [n_x, n_1, …, n_L]: W^[l] = randn(n_l, n_{l−1}) · √(2 / n_{l−1})
 * from a RandomState seeded with `seed` (W1 first); with batchnorm γ^[l] = 1, β^[l] = 0 for the
 * hidden layers and no b^[l]; b^[L] = 0. Example: `initializeDeepNetwork([2, 10, 10, 10, 10, 1], { batchnorm: true, seed: 1 })`.
 */
export function initializeDeepNetwork(layersDims: readonly number[], { batchnorm, seed }: { batchnorm: boolean; seed: number }): Parameters {
  if (!Array.isArray(layersDims) || layersDims.length < 2 || !layersDims.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`initializeDeepNetwork: layersDims must list at least two positive integer sizes, got [${String(layersDims)}]`);
  }
  if (layersDims[layersDims.length - 1] !== 1) throw new Error(`initializeDeepNetwork: the output layer has one sigmoid unit, got layersDims [${layersDims.join(", ")}]`);
  const rng = new RandomState(seed);
  const L = layersDims.length - 1;
  const parameters: Parameters = {};
  for (let l = 1; l <= L; l++) {
    parameters[`W${l}`] = mul(rng.randn(layersDims[l], layersDims[l - 1]) as Mat, Math.sqrt(2 / layersDims[l - 1]));
    if (batchnorm && l < L) {
      parameters[`gamma${l}`] = full([layersDims[l], 1], 1);
      parameters[`beta${l}`] = zeros([layersDims[l], 1]);
    } else {
      parameters[`b${l}`] = zeros([layersDims[l], 1]);
    }
  }
  return parameters;
}

/**
 * Running averages for every hidden layer of these parameters (zero mean, unit variance).
 * Example: `const running = initDeepRunningStats(parameters)`.
 */
export function initDeepRunningStats(parameters: Parameters): RunningStats[] {
  const L = depthOf(parameters);
  return Array.from({ length: L - 1 }, (_, k) => initRunningStats(parameters[`W${k + 1}`].shape[0]));
}

/**
 * The forward pass; returns [A^[L], caches]. In training mode the hidden layers use the batch's
 * μ and σ² and, when `running` is given, update it; in inference mode they use `running`.
 * Example: `const [AL, caches] = deepForward(X, parameters, { mode: "train", running })`.
 */
export function deepForward(X: Mat, parameters: Parameters, options: DeepForwardOptions = {}): [Mat, LayerCache[]] {
  const { mode = "train", running, momentum = 0.9, eps = BN_EPSILON } = options;
  const L = depthOf(parameters);
  const bn = usesBatchnorm(parameters);
  if (X.shape.length !== 2 || X.shape[0] !== parameters.W1.shape[1]) {
    throw new Error(`deepForward: X (${X.shape.join(",")}) must be (${parameters.W1.shape[1]}, m) for W1 (${parameters.W1.shape.join(",")})`);
  }
  if (bn && mode === "inference" && (!running || running.length !== L - 1)) {
    throw new Error(`deepForward: inference with batch norm needs the running averages of the ${L - 1} hidden layers, got ${running ? running.length : "none"}`);
  }
  const caches: LayerCache[] = [];
  let A = X;
  for (let l = 1; l <= L; l++) {
    const Aprev = A;
    const W = parameters[`W${l}`];
    if (l === L) {
      const Z = addColumn(matmul(W, Aprev), parameters[`b${l}`]);
      A = sigmoid(Z);
      caches.push({ Aprev, Z, A });
    } else if (bn) {
      const Z = matmul(W, Aprev);
      const gamma = parameters[`gamma${l}`], beta = parameters[`beta${l}`];
      if (mode === "train") {
        const [Ztilde, cache] = batchnormForward(Z, gamma, beta, eps);
        if (running) updateRunningStats(running[l - 1], cache, momentum);
        A = relu(Ztilde);
        caches.push({ Aprev, Z, bn: cache, A });
      } else {
        A = relu(batchnormInference(Z, gamma, beta, running![l - 1], eps));
        caches.push({ Aprev, Z, A });
      }
    } else {
      const Z = addColumn(matmul(W, Aprev), parameters[`b${l}`]);
      A = relu(Z);
      caches.push({ Aprev, Z, A });
    }
  }
  return [A, caches];
}

/**
 * The gradients of the cost 1/m Σ cross-entropy through a training-mode forward pass: dW^[l],
 * and db^[l] or dgamma^[l], dbeta^[l]. Example: `const grads = deepBackward(AL, Y, caches, parameters)`.
 */
export function deepBackward(AL: Mat, Y: Mat, caches: LayerCache[], parameters: Parameters): Grads {
  const L = depthOf(parameters);
  if (caches.length !== L) throw new Error(`deepBackward: ${caches.length} layer caches for a ${L}-layer network`);
  if (AL.shape.join() !== Y.shape.join()) throw new Error(`deepBackward: AL (${AL.shape.join(",")}) and Y (${Y.shape.join(",")}) differ in shape`);
  const bn = usesBatchnorm(parameters);
  const m = Y.shape[1];
  const grads: Grads = {};
  let dZ = mul(1 / m, sub(AL, Y));
  for (let l = L; l >= 1; l--) {
    const { Aprev } = caches[l - 1];
    grads[`dW${l}`] = matmulTB(dZ, Aprev);
    if (l === L || !bn) grads[`db${l}`] = sum(dZ, 1, true);
    if (l === 1) break;
    const below = caches[l - 2];
    const dA = matmulTA(parameters[`W${l}`], dZ);
    const dZtilde = reluBackward(dA, below.A); // through the RELU of layer l − 1
    if (bn) {
      if (!below.bn) throw new Error(`deepBackward: layer ${l - 1} has no batch-norm cache (the forward pass ran in inference mode?)`);
      const g = batchnormBackward(dZtilde, below.bn);
      grads[`dgamma${l - 1}`] = g.dgamma;
      grads[`dbeta${l - 1}`] = g.dbeta;
      dZ = g.dZ;
    } else {
      dZ = dZtilde;
    }
  }
  return grads;
}

/**
 * Gradient descent on every parameter: θ = θ − α dθ (W, b, γ, β alike). Returns a new dictionary.
 * Example: `parameters = updateDeepNetwork(parameters, grads, 0.1)`.
 */
export function updateDeepNetwork(parameters: Parameters, grads: Grads, learningRate: number): Parameters {
  const next: Parameters = {};
  for (const [k, p] of Object.entries(parameters)) {
    const g = grads["d" + k];
    if (!g) throw new Error(`updateDeepNetwork: grads has no "d${k}" (has ${Object.keys(grads).join(", ")})`);
    next[k] = sub(p, mul(learningRate, g));
  }
  return next;
}

/** The cost 1/m · nansum of the cross-entropy (the init lab's compute_loss). Example: `deepCost(AL, Y)`. */
export function deepCost(AL: Mat, Y: Mat): number {
  return crossEntropyNansum(AL, Y);
}
