/**
 * Training progress: iterations i/total, the latest values (cost …), elapsed and remaining time.
 * In a notebook one output is updated in place (display id), at most every 200 ms; elsewhere a
 * plain text line is printed when another 10 % is done or 2 s have passed. A throttled update()
 * is a clock read and a comparison, so a 30,000-iteration loop does not notice it.
 */
import { displayBundle, inKernel, newDisplayId } from "./display";
import { textDiv } from "./htmlText";

export interface ProgressOptions {
  /** number of iterations (update(i) takes i = 0 … total−1) */
  total: number;
  /** what runs, e.g. "training" */
  label?: string;
  /** least time between two notebook updates, ms (default 200: at most 5 per second) */
  minIntervalMs?: number;
  /** text mode: a line when another 10 % is done or this many ms have passed (default 2000) */
  textIntervalMs?: number;
  /** "display" (update one notebook output), "text" (print lines); default: display when in a kernel */
  mode?: "display" | "text";
  /** clock in ms (tests) */
  now?: () => number;
  /** where text lines go (tests; default stdout) */
  write?: (line: string) => void;
}

export interface Progress {
  /** iteration i (0-based) has finished, with its values, e.g. `p.update(i, {cost})` */
  update(i: number, values?: Record<string, number>): void;
  /** the loop is over: shows the final state (optionally with final values) */
  done(values?: Record<string, number>): void;
}

/** A duration for people, e.g. `formatDuration(185000)` → "3 min 05 s". */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(Math.floor(s % 60)).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** 6 significant digits: "0.693147", "3.33333e-5", "12". */
function formatValue(v: number): string {
  const a = Math.abs(v);
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  if (a < 1e-4 || a >= 1e9) return v.toExponential(5).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(6)));
}

class ProgressDisplay implements Progress {
  private readonly total: number;
  private readonly label: string;
  private readonly mode: "display" | "text";
  private readonly interval: number;
  private readonly now: () => number;
  private readonly write: (line: string) => void;
  private readonly start: number;
  private next: number; // earliest time of the next render
  private nextCount: number; // text mode: count that starts the next 10 %
  private count = 0;
  private values: Record<string, number> | undefined;
  private displayId: string | null = null;
  private finished = false;

  constructor(o: ProgressOptions) {
    if (!(Number.isInteger(o.total) && o.total > 0)) throw new Error(`progress: total must be a positive integer, got ${o.total}`);
    this.total = o.total;
    this.label = o.label ?? "progress";
    this.mode = o.mode ?? (inKernel() ? "display" : "text");
    this.interval = this.mode === "display" ? o.minIntervalMs ?? 200 : o.textIntervalMs ?? 2000;
    this.now = o.now ?? (() => performance.now());
    this.write = o.write ?? ((line) => void process.stdout.write(line + "\n"));
    this.start = this.now();
    this.next = this.start; // the first update shows at once
    this.nextCount = this.mode === "text" ? Math.max(1, Math.ceil(this.total / 10)) : Infinity;
  }

  update(i: number, values?: Record<string, number>): void {
    this.count = i + 1;
    this.values = values;
    // the hot path: one comparison on the count, one clock read
    if (this.count < this.nextCount) {
      const t = this.now();
      if (t < this.next) return;
      this.render(t);
    } else {
      this.render(this.now());
    }
  }

  done(values?: Record<string, number>): void {
    if (this.finished) return;
    this.finished = true;
    this.count = this.total;
    if (values) this.values = values;
    this.render(this.now());
  }

  private render(t: number): void {
    this.next = t + this.interval;
    if (this.mode === "text") {
      const c = Math.min(this.count, this.total);
      const step = Math.ceil(this.total / 10);
      this.nextCount = c >= this.total ? Infinity : (Math.floor(c / step) + 1) * step;
      this.write(this.line(t));
      return;
    }
    const text = this.line(t);
    const c = Math.min(this.count, this.total);
    const bar = `<progress max="${this.total}" value="${c}" style="width:16em;vertical-align:middle"></progress> `;
    const html = textDiv(text, "font-family:monospace;white-space:pre", bar);
    const bundle = { "text/plain": text, "text/html": html };
    if (this.displayId === null) {
      this.displayId = newDisplayId();
      displayBundle(bundle, { displayId: this.displayId });
    } else {
      displayBundle(bundle, { displayId: this.displayId, update: true });
    }
  }

  /** e.g. "training: 3000/30000 (10%) · cost 0.6931 · 2.1 s elapsed · ~18.9 s left" */
  private line(t: number): string {
    const c = Math.min(this.count, this.total);
    const elapsed = t - this.start;
    const parts = [`${this.label}: ${c}/${this.total} (${Math.floor((100 * c) / this.total)}%)`];
    for (const [k, v] of Object.entries(this.values ?? {})) parts.push(`${k} ${formatValue(v)}`);
    if (this.finished) parts.push(`done in ${formatDuration(elapsed)}`);
    else {
      parts.push(`${formatDuration(elapsed)} elapsed`);
      if (c > 0) parts.push(`~${formatDuration((elapsed / c) * (this.total - c))} left`);
    }
    return parts.join(" · ");
  }
}

/**
 * A progress display for a training loop.
 * Example: `const p = progress({total: 30000, label: "training"}); for (…) p.update(i, {cost}); p.done();`
 */
export function progress(opts: ProgressOptions): Progress {
  return new ProgressDisplay(opts);
}
