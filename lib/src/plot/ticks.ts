/**
 * Axis ticks with nice numbers, the way plotly.js picks them: about one tick per 80 px on x and
 * per 40 px on y, a step of 1, 2 or 5 × 10^k, labels with "k"/"M" above 10,000 and a true minus.
 */

/** The nice step (1, 2 or 5 × 10^k) at or above `rough`, e.g. `niceStep(0.37)` → 0.5. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) throw new Error(`niceStep: expected a positive finite number, got ${rough}`);
  const base = Math.pow(10, Math.floor(Math.log10(rough)));
  const f = rough / base;
  // small slack so 0.2/1 is not pushed to 5 by rounding error
  const m = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10;
  return m * base;
}

/**
 * Tick values inside [lo, hi] for an axis `lengthPx` long, e.g. `ticks(0, 14, 560, "x")` →
 * {step: 2, values: [0, 2, …, 14]}.
 */
export function ticks(lo: number, hi: number, lengthPx: number, dir: "x" | "y"): { step: number; values: number[] } {
  const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return { step: 1, values: [] };
  // a span too small for doubles to step through (k·step would stop advancing): one tick
  if (!(b - a > Math.max(Math.abs(a), Math.abs(b)) * 1e-12)) return { step: 1, values: [a] };
  const n = Math.min(9, Math.max(4, lengthPx / (dir === "y" ? 40 : 80))) + 1;
  const step = niceStep((b - a) / n);
  const values: number[] = [];
  for (let k = Math.ceil(a / step - 1e-9); k * step <= b + step * 1e-9; k++) {
    // k * step, then trimmed to the step's decimals, so 0.1 * 3 prints as 0.3
    values.push(Number((k * step).toFixed(decimals(step))));
  }
  return { step, values };
}

function decimals(step: number): number {
  return Math.max(0, Math.min(15, -Math.floor(Math.log10(step) + 1e-9)));
}

/**
 * A tick label as plotly prints it: `formatTick(0.5, 0.5)` → "0.5", `formatTick(-2, 1)` → "−2",
 * `formatTick(20000, 5000)` → "20k".
 */
export function formatTick(v: number, step: number, axisMax = Math.abs(v)): string {
  let s: string;
  if (axisMax >= 1e4 && step >= 1) {
    const [div, suffix] = axisMax >= 1e10 ? [1e9, "B"] : axisMax >= 1e7 ? [1e6, "M"] : [1e3, "k"];
    s = v === 0 ? "0" : String(Number((v / div).toFixed(decimals(step / div)))) + suffix;
  } else if (step < 1e-6) {
    s = v === 0 ? "0" : Number(v.toPrecision(6)).toExponential();
  } else {
    s = String(Number(v.toFixed(decimals(step))));
  }
  return s.replace(/^-/, "\u2212");
}
