/**
 * A grid of small pictures (e.g. SIGNS hand signs, 64×64×3 uint8) with a label above each.
 * The tiles are packed into ONE PNG mosaic shown by one plotly `image` trace (data URI source,
 * pixel hover), with the labels as annotations: one picture, one trace, whatever k is.
 */
import type { NdArray } from "ndarray";
import type { Annotation, Figure } from "./figure";
import { isNdArray, shapeText } from "./input";
import { encodePng, pngDataUri } from "./png";

export interface ImageGridOptions {
  /** tiles per row (default min(k, 8)) */
  cols?: number;
  /** displayed size of a tile's longer side in px (default 2× for images up to 64 px, else 1×) */
  tileSize?: number;
  title?: string;
}

interface Picture {
  h: number;
  w: number;
  c: number;
  /** value at (i, j, ch) */
  at: (i: number, j: number, ch: number) => number;
}

function pictures(op: string, images: NdArray | NdArray[]): Picture[] {
  const one = (a: NdArray, lead: number[]): Picture => {
    const s = a.shape.slice(lead.length);
    if (s.length !== 2 && !(s.length === 3 && (s[2] === 1 || s[2] === 3 || s[2] === 4))) {
      throw new Error(`${op}: each image must be (h,w), (h,w,1), (h,w,3) or (h,w,4), got ${shapeText(a)}`);
    }
    const base = lead.reduce((o, v, d) => o + v * a.stride[d], a.offset);
    const st = a.stride.slice(lead.length);
    const d = a.data as ArrayLike<number>;
    const c = s.length === 2 ? 1 : s[2];
    const at = s.length === 2 ? (i: number, j: number) => Number(d[base + i * st[0] + j * st[1]]) : (i: number, j: number, ch: number) => Number(d[base + i * st[0] + j * st[1] + ch * st[2]]);
    return { h: s[0], w: s[1], c, at };
  };
  if (Array.isArray(images)) return images.map((a, k) => {
    if (!isNdArray(a)) throw new Error(`${op}: images[${k}] is not an ndarray (${shapeText(a)})`);
    return one(a, []);
  });
  if (!isNdArray(images) || images.shape.length < 3) throw new Error(`${op}: images must be (k,h,w[,c]) or a list of (h,w[,c]) ndarrays, got ${shapeText(images)}`);
  return Array.from({ length: images.shape[0] }, (_, k) => one(images, [k]));
}

/**
 * Images in a grid with labels, e.g. the first six training signs.
 * Pixel values are 0–255 (uint8 like the course's); float images whose values all lie in [0, 1]
 * are scaled by 255. Example: `show(imageGrid(Xorig.hi(6), labels.map((y) => \`y = ${y}\`), {cols: 6}))`.
 */
export function imageGrid(images: NdArray | NdArray[], labels?: ArrayLike<string | number>, opts: ImageGridOptions = {}): Figure {
  const op = "imageGrid";
  const pics = pictures(op, images);
  const k = pics.length;
  if (k === 0) throw new Error(`${op}: no images`);
  const { h, w } = pics[0];
  pics.forEach((p, i) => {
    if (p.h !== h || p.w !== w) throw new Error(`${op}: all images must have one size; image 0 is ${h}×${w}, image ${i} is ${p.h}×${p.w}`);
  });
  if (labels !== undefined && labels.length !== k) throw new Error(`${op}: ${labels.length} labels for ${k} images`);
  const cols = opts.cols ?? Math.min(k, 8);
  if (!(Number.isInteger(cols) && cols >= 1)) throw new Error(`${op}: cols must be a positive integer, got ${cols}`);
  const rows = Math.ceil(k / cols);
  const tile = opts.tileSize ?? (Math.max(h, w) <= 64 ? 2 : 1) * Math.max(h, w);
  const scale = tile / Math.max(h, w);
  const gap = Math.max(1, Math.round(6 / scale));
  const band = labels ? Math.ceil(20 / scale) : 0; // room for a label above each tile, in image pixels
  const W = cols * w + (cols - 1) * gap;
  const H = rows * (h + band) + (rows - 1) * gap;

  // 8-bit unless every value of a non-uint8 input lies in [0, 1]
  const isUint8 = (Array.isArray(images) ? images : [images]).every((a) => a.data instanceof Uint8Array || a.data instanceof Uint8ClampedArray);
  let unit = !isUint8;
  for (const p of pics) {
    for (let i = 0; i < p.h && unit; i++) for (let j = 0; j < p.w && unit; j++) for (let ch = 0; ch < Math.min(p.c, 3); ch++) if (p.at(i, j, ch) > 1) unit = false;
  }
  const mul = unit ? 255 : 1;
  const px = new Uint8Array(W * H * 3).fill(255);
  const annotations: Annotation[] = [];
  pics.forEach((p, t) => {
    const r = Math.floor(t / cols);
    const c = t % cols;
    const top = r * (h + band + gap) + band;
    const left = c * (w + gap);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const o = ((top + i) * W + left + j) * 3;
        for (let ch = 0; ch < 3; ch++) {
          const v = Math.round(p.at(i, j, p.c >= 3 ? ch : 0) * mul);
          px[o + ch] = v < 0 ? 0 : v > 255 ? 255 : v;
        }
      }
    }
    if (labels) {
      annotations.push({ text: String(labels[t]), x: left + (w - 1) / 2, y: top - band / 2 - 0.5, xref: "x", yref: "y", showarrow: false, xanchor: "center", yanchor: "middle", font: { size: 12, color: "#444444" } });
    }
  });
  const margin = { l: 10, r: 10, t: opts.title ? 40 : 10, b: 10 };
  return {
    data: [{ type: "image", name: "images", source: pngDataUri(encodePng(W, H, 3, px)), x0: 0, y0: 0, dx: 1, dy: 1 }],
    layout: {
      ...(opts.title ? { title: { text: opts.title } } : {}),
      width: Math.round(W * scale) + margin.l + margin.r,
      height: Math.round(H * scale) + margin.t + margin.b,
      margin,
      xaxis: { range: [-0.5, W - 0.5], autorange: false, visible: false, showgrid: false, zeroline: false },
      yaxis: { range: [H - 0.5, -0.5], autorange: false, visible: false, showgrid: false, zeroline: false, scaleanchor: "x" },
      showlegend: false,
      annotations,
      plot_bgcolor: "#ffffff",
      paper_bgcolor: "#ffffff",
    },
  };
}
