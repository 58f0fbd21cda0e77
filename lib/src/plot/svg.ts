/**
 * A static SVG of a figure, made in Node without a browser: what GitHub and nbviewer show (they
 * strip scripts). It draws the subset our builders use — scatter lines and markers, overlaid bars,
 * image traces, layout images, annotations, a legend, a title, axis labels and nice ticks — in
 * plotly.js's default look (white plot, light grid, no axis lines), so the static picture and
 * the interactive one agree.
 */
import { COLORWAY } from "./colors";
import { DEFAULT_MARGIN, DEFAULT_SIZE, FONT_FAMILY, type Axis, type Figure, type Legend, type Trace } from "./figure";
import { padded } from "./input";
import { textWidth } from "./layout";
import { pngSize } from "./png";
import { formatTick, ticks } from "./ticks";

const TEXT_COLOR = "#444444";
const GRID_COLOR = "#eeeeee";

/** XML-escapes text for content and attribute values, e.g. `xmlEscape("a<b")` → "a&lt;b". */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** 2-decimal coordinates keep the SVG small. */
function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** FNV-1a of the figure: ids unique per figure, stable across runs (classic Notebook inlines SVGs in one page). */
function hashId(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

interface Extents {
  x: number[];
  y: number[];
}

/** Data extents per axis when a layout gives no range (our builders always do). */
function dataExtents(fig: Figure): Extents {
  const e: Extents = { x: [], y: [] };
  for (const t of fig.data) {
    if (t.type === "scatter") {
      e.x.push(...t.x);
      e.y.push(...t.y);
    } else if (t.type === "bar") {
      const w = t.width ?? 1;
      for (let i = 0; i < t.x.length; i++) e.x.push(t.x[i] - w / 2, t.x[i] + w / 2);
      e.y.push(0, ...t.y);
    } else {
      const { width, height } = pngSize(t.source);
      e.x.push(t.x0 - t.dx / 2, t.x0 + (width - 0.5) * t.dx);
      e.y.push(t.y0 - t.dy / 2, t.y0 + (height - 0.5) * t.dy);
    }
  }
  for (const im of fig.layout.images ?? []) {
    e.x.push(im.x, im.x + im.sizex);
    e.y.push(im.y, im.y - im.sizey);
  }
  return e;
}

function axisRange(a: Axis | undefined, values: number[], pad: number): [number, number] {
  if (a?.range) return a.range;
  const finite = values.filter(Number.isFinite);
  const r = padded(finite.length ? [Math.min(...finite), Math.max(...finite)] : [NaN, NaN], pad);
  return a?.autorange === "reversed" ? [r[1], r[0]] : r;
}

function traceColor(t: Trace, k: number): string {
  if (t.type === "scatter") return t.line?.color ?? (typeof t.marker?.color === "string" ? t.marker.color : COLORWAY[k % COLORWAY.length]);
  if (t.type === "bar") return typeof t.marker?.color === "string" ? t.marker.color : COLORWAY[k % COLORWAY.length];
  return "#888888";
}

/** A line's stroke width and plotly's dash lengths for it (Drawing.dashStyle: multiples of max(width, 3)). */
function lineStroke(t: Trace): string {
  const width = (t.type === "scatter" && t.line?.width) || 2;
  const dash = t.type === "scatter" ? t.line?.dash : undefined;
  const u = Math.max(width, 3);
  const patterns: Record<string, number[]> = { dot: [u, u], dash: [3 * u, 3 * u], longdash: [5 * u, 5 * u], dashdot: [3 * u, u, u, u] };
  const pattern = dash ? patterns[dash] : undefined;
  return `stroke-width="${width}"` + (pattern ? ` stroke-dasharray="${pattern.join(",")}"` : "");
}

function text(x: number, y: number, s: string, attrs: string, size = 12, color = TEXT_COLOR): string {
  return `<text x="${n(x)}" y="${n(y)}" font-size="${size}" fill="${color}" ${attrs}>${xmlEscape(s)}</text>`;
}

/**
 * The figure as a standalone SVG document (`image/svg+xml`).
 * Example: `fs.writeFileSync("cost.svg", renderSvg(costCurve(costs)))`.
 */
export function renderSvg(fig: Figure): string {
  const L = fig.layout;
  const W = L.width ?? DEFAULT_SIZE.width;
  const H = L.height ?? DEFAULT_SIZE.height;
  const m = L.margin ?? DEFAULT_MARGIN;
  const [px0, px1, py0, py1] = [m.l, W - m.r, m.t, H - m.b];
  const ext = dataExtents(fig);
  const xr = axisRange(L.xaxis, ext.x, 0.05);
  const yr = axisRange(L.yaxis, ext.y, 0.05);
  const sx = (v: number) => px0 + ((v - xr[0]) / (xr[1] - xr[0])) * (px1 - px0);
  const sy = (v: number) => py1 - ((v - yr[0]) / (yr[1] - yr[0])) * (py1 - py0);
  const id = "tsdl-" + hashId(JSON.stringify(fig));
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${xmlEscape(FONT_FAMILY)}">`,
    `<defs><clipPath id="${id}-clip"><rect x="${n(px0)}" y="${n(py0)}" width="${n(px1 - px0)}" height="${n(py1 - py0)}"/></clipPath></defs>`,
    `<rect width="${W}" height="${H}" fill="${L.paper_bgcolor ?? "#ffffff"}"/>`,
    `<rect x="${n(px0)}" y="${n(py0)}" width="${n(px1 - px0)}" height="${n(py1 - py0)}" fill="${L.plot_bgcolor ?? "#ffffff"}"/>`,
  );

  const xt = ticks(xr[0], xr[1], px1 - px0, "x");
  const yt = ticks(yr[0], yr[1], py1 - py0, "y");
  const xShown = L.xaxis?.visible !== false;
  const yShown = L.yaxis?.visible !== false;
  const grid: string[] = [];
  if (xShown && L.xaxis?.showgrid !== false) for (const v of xt.values) grid.push(`M${n(sx(v))},${n(py0)}V${n(py1)}`);
  if (yShown && L.yaxis?.showgrid !== false) for (const v of yt.values) grid.push(`M${n(px0)},${n(sy(v))}H${n(px1)}`);
  if (grid.length) out.push(`<path class="grid" d="${grid.join("")}" stroke="${GRID_COLOR}" stroke-width="1" fill="none"/>`);

  const images = (layer: "below" | "above") => {
    for (const im of L.images ?? []) {
      if (im.layer !== layer) continue;
      const x = sx(im.x);
      const y = sy(im.y);
      const w = sx(im.x + im.sizex) - x;
      const h = sy(im.y - im.sizey) - y;
      out.push(`<image x="${n(Math.min(x, x + w))}" y="${n(Math.min(y, y + h))}" width="${n(Math.abs(w))}" height="${n(Math.abs(h))}" preserveAspectRatio="none" xlink:href="${im.source}"/>`);
    }
  };

  out.push(`<g class="plot" clip-path="url(#${id}-clip)">`);
  images("below");
  fig.data.forEach((t, k) => {
    if (t.type === "image") {
      const { width, height } = pngSize(t.source);
      const xa = sx(t.x0 - t.dx / 2);
      const xb = sx(t.x0 + (width - 0.5) * t.dx);
      const ya = sy(t.y0 - t.dy / 2); // edge of row 0
      const yb = sy(t.y0 + (height - 0.5) * t.dy);
      const [x, y, w, h] = [Math.min(xa, xb), Math.min(ya, yb), Math.abs(xb - xa), Math.abs(yb - ya)];
      // row 0 of the picture must sit at y0: mirror when the axis puts it at the bottom
      const flips: string[] = [];
      if (xa > xb) flips.push(`translate(${n(2 * x + w)},0) scale(-1,1)`);
      if (ya > yb) flips.push(`translate(0,${n(2 * y + h)}) scale(1,-1)`);
      const tr = flips.length ? ` transform="${flips.join(" ")}"` : "";
      out.push(`<image class="trace image" x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" preserveAspectRatio="none" style="image-rendering:pixelated" image-rendering="optimizeSpeed"${tr} xlink:href="${t.source}"/>`);
    } else if (t.type === "bar") {
      const color = traceColor(t, k);
      const w = t.width ?? 1;
      const line = t.marker?.line;
      const rects = t.x.map((c, i) => {
        const xa = sx(c - w / 2);
        const xb = sx(c + w / 2);
        const ya = sy(0);
        const yb = sy(t.y[i]);
        return `<rect x="${n(Math.min(xa, xb))}" y="${n(Math.min(ya, yb))}" width="${n(Math.abs(xb - xa))}" height="${n(Math.abs(yb - ya))}"/>`;
      });
      out.push(`<g class="trace bars" fill="${color}" fill-opacity="${t.opacity ?? 1}"${line ? ` stroke="${line.color ?? "#444444"}" stroke-width="${line.width ?? 0}"` : ""}>${rects.join("")}</g>`);
    } else {
      const color = traceColor(t, k);
      if (t.mode.includes("lines")) {
        let d = "";
        let pen = false;
        for (let i = 0; i < t.x.length; i++) {
          if (!Number.isFinite(t.x[i]) || !Number.isFinite(t.y[i])) {
            pen = false;
            continue;
          }
          d += `${pen ? "L" : "M"}${n(sx(t.x[i]))},${n(sy(t.y[i]))}`;
          pen = true;
        }
        out.push(`<path class="trace line" d="${d}" fill="none" stroke="${color}" ${lineStroke(t)} stroke-linejoin="round"/>`);
      }
      if (t.mode.includes("markers")) {
        const mk = t.marker ?? {};
        const r = (mk.size ?? 6) / 2;
        const colors = Array.isArray(mk.color) ? mk.color : null;
        const fill = typeof mk.color === "string" ? mk.color : color;
        const stroke = mk.line && (mk.line.width ?? 0) > 0 ? ` stroke="${mk.line.color ?? "#444444"}" stroke-width="${mk.line.width}"` : "";
        const dots: string[] = [];
        for (let i = 0; i < t.x.length; i++) {
          if (!Number.isFinite(t.x[i]) || !Number.isFinite(t.y[i])) continue;
          dots.push(`<circle cx="${n(sx(t.x[i]))}" cy="${n(sy(t.y[i]))}" r="${r}"${colors ? ` fill="${colors[i]}"` : ""}/>`);
        }
        out.push(`<g class="trace markers" fill="${fill}"${mk.opacity !== undefined ? ` fill-opacity="${mk.opacity}"` : ""}${stroke}>${dots.join("")}</g>`);
      }
    }
  });
  images("above");
  out.push(`</g>`);

  const zero: string[] = [];
  if (xShown && L.xaxis?.zeroline !== false && Math.min(...xr) < 0 && Math.max(...xr) > 0) zero.push(`M${n(sx(0))},${n(py0)}V${n(py1)}`);
  if (yShown && L.yaxis?.zeroline !== false && Math.min(...yr) < 0 && Math.max(...yr) > 0) zero.push(`M${n(px0)},${n(sy(0))}H${n(px1)}`);
  if (zero.length) out.push(`<path class="zeroline" d="${zero.join("")}" stroke="${TEXT_COLOR}" stroke-width="1"/>`);

  if (xShown) {
    if (L.xaxis?.showticklabels !== false) {
      out.push(`<g class="xtick" text-anchor="middle">${xt.values.map((v) => text(sx(v), py1 + 14, formatTick(v, xt.step, xr), "")).join("")}</g>`);
    }
    if (L.xaxis?.title?.text) out.push(text((px0 + px1) / 2, py1 + 50, L.xaxis.title.text, `class="xtitle" text-anchor="middle"`, 14));
  }
  if (yShown) {
    const labels = L.yaxis?.showticklabels !== false ? yt.values.map((v) => formatTick(v, yt.step, yr)) : [];
    if (labels.length) out.push(`<g class="ytick" text-anchor="end">${yt.values.map((v, i) => text(px0 - 6, sy(v) + 4, labels[i], "")).join("")}</g>`);
    if (L.yaxis?.title?.text) {
      const widest = Math.max(0, ...labels.map((s) => textWidth(s)));
      const x = Math.max(14, px0 - 16 - widest);
      out.push(`<text class="ytitle" x="0" y="0" font-size="14" fill="${TEXT_COLOR}" text-anchor="middle" transform="translate(${n(x)},${n((py0 + py1) / 2)}) rotate(-90)">${xmlEscape(L.yaxis.title.text)}</text>`);
    }
  }
  if (L.title?.text) out.push(text(W / 2, Math.max(18, m.t / 2), L.title.text, `class="title" text-anchor="middle"`, L.title.font?.size ?? 17));

  for (const a of L.annotations ?? []) {
    const x = a.xref === "x" ? sx(a.x) : px0 + a.x * (px1 - px0);
    const y = a.yref === "y" ? sy(a.y) : py1 - a.y * (py1 - py0);
    const size = a.font?.size ?? 12;
    const anchor = a.xanchor === "left" ? "start" : a.xanchor === "right" ? "end" : "middle";
    const dy = a.yanchor === "top" ? size * 0.8 : a.yanchor === "bottom" ? 0 : size * 0.35;
    out.push(text(x, y + dy, a.text, `class="annotation" text-anchor="${anchor}"`, size, a.font?.color ?? TEXT_COLOR));
  }

  const entries = fig.data.map((t, k) => ({ t, k })).filter(({ t }) => t.showlegend !== false && t.type !== "image" && t.name);
  const showLegend = L.showlegend ?? entries.length > 1;
  if (showLegend && entries.length) out.push(legend(entries, L.legend ?? {}, [px0, px1, py0, py1]));
  out.push(`</svg>`);
  return out.join("\n");
}

function legend(entries: { t: Trace; k: number }[], lg: Legend, [px0, px1, py0, py1]: number[]): string {
  const rowH = 19;
  const w = 46 + Math.max(...entries.map(({ t }) => textWidth(t.name ?? "")));
  const h = entries.length * rowH + 8;
  let x = px0 + (lg.x ?? 1.02) * (px1 - px0);
  let y = py1 - (lg.y ?? 1) * (py1 - py0);
  if (lg.xanchor === "right") x -= w;
  else if (lg.xanchor === "center") x -= w / 2;
  if (lg.yanchor === "bottom") y -= h;
  else if (lg.yanchor === "middle") y -= h / 2;
  const items = entries.map(({ t, k }, i) => {
    const cy = y + 4 + rowH * i + rowH / 2;
    const color = traceColor(t, k);
    let sym: string;
    if (t.type === "bar") {
      sym = `<rect x="${n(x + 8)}" y="${n(cy - 6)}" width="24" height="12" fill="${color}" fill-opacity="${t.opacity ?? 1}"/>`;
    } else if (t.type === "scatter" && !t.mode.includes("lines")) {
      const mk = t.marker ?? {};
      const stroke = mk.line && (mk.line.width ?? 0) > 0 ? ` stroke="${mk.line.color}" stroke-width="${mk.line.width}"` : "";
      sym = `<circle cx="${n(x + 20)}" cy="${n(cy)}" r="${(mk.size ?? 6) / 2}" fill="${color}"${stroke}/>`;
    } else {
      sym = `<path d="M${n(x + 5)},${n(cy)}h30" stroke="${color}" ${lineStroke(t)}/>`;
    }
    return sym + text(x + 40, cy + 4, t.name ?? "", "");
  });
  return `<g class="legend"><rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${lg.bgcolor ?? "#ffffff"}"/>${items.join("")}</g>`;
}
