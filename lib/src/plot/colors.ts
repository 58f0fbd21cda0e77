/**
 * Colours. The course draws its two classes with matplotlib's `plt.cm.Spectral` (ColorBrewer's
 * 11-class Spectral): label 0 → Spectral(0.0) = #9e0142 (dark red), label 1 → Spectral(1.0) =
 * #5e4fa2 (violet blue). Its decision-boundary background (contourf of 0/1) uses nearly the same
 * colours; we tint the background towards white instead, so the points stay visible on it.
 */

/** ColorBrewer Spectral, 11 classes: matplotlib's `plt.cm.Spectral` control points. */
export const SPECTRAL: readonly string[] = [
  "#9e0142", "#d53e4f", "#f46d43", "#fdae61", "#fee08b", "#ffffbf",
  "#e6f598", "#abdda4", "#66c2a5", "#3288bd", "#5e4fa2",
];

/** Point colours of label 0 and label 1 (Spectral's two ends, as in the course). */
export const CLASS_COLORS: readonly [string, string] = ["#9e0142", "#5e4fa2"];

/** Decision-region colours of label 0 and label 1: Spectral(0.1) and Spectral(0.9), 45 % toward white. */
export const REGION_COLORS: readonly [string, string] = [mix("#d53e4f", "#ffffff", 0.45), mix("#3288bd", "#ffffff", 0.45)];

/** plotly.js's default trace colours (d3 category10), set explicitly so every renderer agrees. */
export const COLORWAY: readonly string[] = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
];

/** `#rrggbb` → [r, g, b] in 0..255, e.g. `rgb("#9e0142")` → [158, 1, 66]. */
export function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`rgb: expected a colour like "#9e0142", got ${JSON.stringify(hex)}`);
  const v = parseInt(m[1], 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Linear mix of two `#rrggbb` colours, e.g. `mix("#000000", "#ffffff", 0.5)` → "#808080". */
export function mix(a: string, b: string, t: number): string {
  const ca = rgb(a);
  const cb = rgb(b);
  const c = ca.map((v, i) => Math.round(v + (cb[i] - v) * t));
  return "#" + c.map((v) => v.toString(16).padStart(2, "0")).join("");
}
