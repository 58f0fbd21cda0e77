/**
 * The N-dimensional gradient check of Week 1 for any named arrays (the lab's gc_utils version is
 * tied to its 47-parameter network): every entry θ_i of every checked array is moved by ±ε in turn,
 *   gradapprox_i = (J(θ + ε e_i) − J(θ − ε e_i)) / (2ε),
 * and the backward pass's gradient is compared with it, all entries stacked in one vector:
 *   difference = ‖grad − gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂).
 * The gradient of array `X` is expected under the key `dX` (W1 → dW1, gamma1 → dgamma1, Z → dZ).
 */
import { copy, fromData, norm, type Mat } from "../array";

/** Named arrays: parameters (W1, gamma1, …) or inputs (Z) that the cost depends on. */
export type Named = Record<string, Mat>;

/** What gradientCheck found. */
export interface GradientCheckResult {
  /** ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖) over all checked entries */
  difference: number;
  /** the same for each checked array alone, e.g. {gamma1: 3e-10, beta1: 1e-10, Z: 2e-9} */
  perKey: Record<string, number>;
  /** the two-sided estimates, keyed like the gradients (dW1, …) */
  gradapprox: Named;
  /** how many entries were checked (two cost evaluations each) */
  entries: number;
}

function entriesOf(A: Mat): Float64Array {
  return copy(A).data; // row-major, the order of dictionary_to_vector's reshape(-1, 1)
}

function relativeDifference(g: Float64Array, a: Float64Array): number {
  const diff = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) diff[i] = g[i] - a[i];
  const col = (d: Float64Array): Mat => fromData(d, [d.length, 1]);
  return norm(col(diff)) / (norm(col(g)) + norm(col(a)));
}

/**
 * Checks `gradients` (dX for each checked X) against two-sided differences of the cost `J`.
 * `keys` chooses the arrays (default: all of `values`, in their order). J must not change its
 * argument; it gets `values` with one array replaced by a perturbed copy.
 * Example: `gradientCheck((p) => cost(p), {gamma1, beta1, Z1}, {dgamma1, dbeta1, dZ1}).difference` → ~1e-10.
 */
export function gradientCheck(J: (values: Named) => number, values: Named, gradients: Named,
  options: { epsilon?: number; keys?: string[] } = {}): GradientCheckResult {
  const { epsilon = 1e-7 } = options;
  const keys = options.keys ?? Object.keys(values);
  if (typeof J !== "function") throw new Error(`gradientCheck: J must be a function (values) => cost, got ${typeof J}`);
  if (!(epsilon > 0)) throw new Error(`gradientCheck: epsilon must be > 0, got ${epsilon}`);
  if (keys.length === 0) throw new Error("gradientCheck: nothing to check (no keys)");
  const grads: Float64Array[] = [];
  const approxes: Float64Array[] = [];
  const gradapprox: Named = {};
  const perKey: Record<string, number> = {};
  for (const key of keys) {
    const X = values[key];
    if (!X) throw new Error(`gradientCheck: values has no "${key}" (has ${Object.keys(values).join(", ")})`);
    const dX = gradients["d" + key];
    if (!dX) throw new Error(`gradientCheck: gradients has no "d${key}" (has ${Object.keys(gradients).join(", ")})`);
    if (dX.shape.join() !== X.shape.join()) throw new Error(`gradientCheck: d${key} has shape (${dX.shape.join(",")}), ${key} has (${X.shape.join(",")})`);
    const theta = entriesOf(X);
    const approx = new Float64Array(theta.length);
    const at = (i: number, delta: number): number => {
      const moved = theta.slice();
      moved[i] = theta[i] + delta;
      const cost = J({ ...values, [key]: fromData(moved, X.shape) });
      if (!Number.isFinite(cost)) throw new Error(`gradientCheck: J is ${cost} with ${key}[${i}] moved by ${delta}`);
      return cost;
    };
    for (let i = 0; i < theta.length; i++) {
      const JPlus = at(i, epsilon);
      const JMinus = at(i, -epsilon);
      approx[i] = (JPlus - JMinus) / (2 * epsilon);
    }
    const g = entriesOf(dX);
    grads.push(g);
    approxes.push(approx);
    gradapprox["d" + key] = fromData(approx, X.shape);
    perKey[key] = relativeDifference(g, approx);
  }
  const stack = (parts: Float64Array[]): Float64Array => {
    const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const g = stack(grads);
  return { difference: relativeDifference(g, stack(approxes)), perKey, gradapprox, entries: g.length };
}
