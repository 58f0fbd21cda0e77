/**
 * Axis ticks with nice numbers, the way plotly.js picks them: about one tick per 80 px on x and
 * per 40 px on y, a step of 1, 2 or 5 × 10^k, labels with "k"/"M" on axes reaching 10,000 and a
 * true minus.
 */

/** SI suffixes of 10^3, 10^6, 10^9, 10^12 (plotly's exponentformat "SI"). */
const SI_SUFFIX = ["", "k", "M", "G", "T"];

/**
 * The power of ten an axis's labels are written in, by plotly.js's rule for exponentformat "SI"
 * (axes/tick_round): 3, 6, … once the larger end of the range reaches ~10^4, else 0. The layout
 * picks "SI" for such axes and the static SVG divides by the same power, so both print "2k", not
 * plotly's "0.2e+4" of exponentformat "e". Example: `siExponent([0, 9900])` → 3.
 */
export function siExponent(range: readonly [number, number]): number {
  const end = Math.max(Math.abs(range[0]), Math.abs(range[1]));
  if (!(end > 0) || !Number.isFinite(end)) return 0;
  const e = Math.floor(Math.log(end) / Math.LN10 + 0.01); // plotly's own expression: same edge cases
  return e > 3 && e <= 14 ? 3 * Math.round((e - 1) / 3) : 0;
}

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
 * A tick label as plotly prints it on an axis over `range` (default: up to `v`):
 * `formatTick(0.5, 0.5)` → "0.5", `formatTick(-2, 1)` → "−2", `formatTick(2000, 2000, [0, 9900])` → "2k".
 */
export function formatTick(v: number, step: number, range: readonly [number, number] = [0, v]): string {
  let s: string;
  const e = siExponent(range);
  if (e > 0) {
    const div = Math.pow(10, e);
    s = v === 0 ? "0" : String(Number((v / div).toFixed(decimals(step / div)))) + SI_SUFFIX[e / 3];
  } else if (step < 1e-6) {
    s = v === 0 ? "0" : Number(v.toPrecision(6)).toExponential();
  } else {
    s = String(Number(v.toFixed(decimals(step))));
  }
  return s.replace(/^-/, "\u2212");
}
