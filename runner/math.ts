// TeX typeset at export time: the math of an exported page's markdown (cells and markdown/LaTeX
// outputs) becomes MathJax's SVG in the page itself, so it reads the same with scripts off (viewers
// that strip them) as with them on, and the page needs no MathJax script. MathJax 3 (npm `mathjax`)
// runs in Node on its lite DOM with the Notebook's delimiters; all of a page's markdown goes
// through one MathJax document, so equation numbers and references span cells as in the browser.
import { createRequire } from "node:module";

/** The Notebook's TeX settings: `$…$`, `$$…$$`, `\(…\)`, `\[…\]`, `\$` for a dollar, AMS numbering. */
export const TEX_CONFIG = {
  inlineMath: [["$", "$"], ["\\(", "\\)"]],
  displayMath: [["$$", "$$"], ["\\[", "\\]"]],
  processEscapes: true,
  processEnvironments: true,
  tags: "ams",
};

/** What typesetting a page did. */
export interface TypesetResult {
  html: string;
  /** <style> rules MathJax's SVG needs (display math centred, …); "" when the page has no math */
  css: string;
  /** math expressions typeset (an escaped `\$` counts too) */
  math: number;
  /** TeX errors with their source, e.g. 'Missing argument for \\frac in "\\frac{1}"' */
  errors: string[];
}

// the markdown renderers' outputs in nbconvert's lab template: markdown cells, text/markdown and text/latex outputs
const FRAGMENT_OPEN = /<div class="[^"]*\bjp-Rendered(?:Markdown|Latex)\b[^"]*"[^>]*>/g;
const MAY_HOLD_TEX = /\$|\\\(|\\\[|\\begin\{/;
const WRAP_ATTR = "data-tsdl-math";

type MathJaxApi = any; // MathJax 3's global object: untyped in the es5 component bundle

let mathjax: Promise<MathJaxApi> | undefined;

/** MathJax 3 in Node, loaded once: TeX (all packages) in, SVG out (glyphs kept in each formula), lite DOM. */
function loadMathJax(): Promise<MathJaxApi> {
  const require = createRequire(import.meta.url);
  try {
    require.resolve("mathjax");
  } catch {
    throw new Error("the npm package mathjax is not installed, so the export cannot typeset its math: run `npm ci`");
  }
  mathjax ??= require("mathjax").init({
    loader: { load: ["input/tex-full", "output/svg", "adaptors/liteDOM"], versionWarnings: false },
    tex: TEX_CONFIG,
    // "local": each formula carries its glyphs, so a formula stays whole wherever it is cut or copied
    svg: { fontCache: "local" },
    startup: { typeset: false },
  });
  return mathjax!;
}

/** [start, end) of each fragment's inner HTML, in page order; `end` is where its closing </div> starts. */
function fragments(html: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of html.matchAll(FRAGMENT_OPEN)) {
    if (out.length && m.index! < out[out.length - 1][1]) continue; // inside the previous one: typeset with it
    const start = m.index! + m[0].length;
    const tags = /<div\b[^>]*>|<\/div\s*>/g;
    tags.lastIndex = start;
    let depth = 1;
    let t: RegExpExecArray | null;
    while (depth > 0 && (t = tags.exec(html))) depth += t[0][1] === "/" ? -1 : 1;
    if (depth > 0) throw new Error(`an unclosed <div> in the page at offset ${m.index}: is it nbconvert's HTML?`);
    out.push([start, tags.lastIndex - t![0].length]);
  }
  return out;
}

/**
 * Typesets the TeX in a page's markdown as inline SVG; other parts of the page stay byte for byte.
 * Example: `const { html, css, math } = await typesetMath(page, "04-optimization.html")`.
 */
export async function typesetMath(html: string, page: string): Promise<TypesetResult> {
  const parts = fragments(html).filter(([a, b]) => MAY_HOLD_TEX.test(html.slice(a, b)));
  if (parts.length === 0) return { html, css: "", math: 0, errors: [] };
  const MathJax = await loadMathJax();
  const adaptor = MathJax.startup.adaptor;
  const body = parts.map(([a, b], k) => `<div ${WRAP_ATTR}="${k}">${html.slice(a, b)}</div>`).join("\n");
  MathJax.texReset(); // equation numbers start at 1 on every page
  const doc = MathJax.startup.getDocument(`<!DOCTYPE html><html><head></head><body>${body}</body></html>`);
  doc.render();
  const items = Array.from(doc.math as Iterable<{ math: string; typesetRoot: unknown }>);
  // TeX errors: MathJax's message on the error node; an unknown macro (the noundefined package) drawn in red
  const errors: string[] = [];
  for (const item of items) {
    const out = item.typesetRoot ? (adaptor.outerHTML(item.typesetRoot) as string) : "";
    const message = /data-mjx-error="([^"]*)"/.exec(out)?.[1] ?? (/<g data-mml-node="mtext" fill="red" stroke="red">/.test(out) ? "undefined control sequence" : null);
    if (message) errors.push(`${message} in ${JSON.stringify(item.math)}`);
  }
  const typeset: string[] = [];
  for (const node of adaptor.childNodes(adaptor.body(doc.document))) {
    const k = adaptor.kind(node) === "div" ? adaptor.getAttribute(node, WRAP_ATTR) : null;
    if (k !== null && k !== undefined) typeset[Number(k)] = adaptor.innerHTML(node);
  }
  if (typeset.length !== parts.length || typeset.some((s) => s === undefined)) {
    throw new Error(`${page}: MathJax returned ${typeset.filter((s) => s !== undefined).length} of ${parts.length} markdown blocks`);
  }
  let out = "";
  let at = 0;
  parts.forEach(([a, b], k) => {
    out += html.slice(at, a) + typeset[k];
    at = b;
  });
  out += html.slice(at);
  const css = adaptor.textContent(MathJax.startup.output.styleSheet(doc)) as string;
  return { html: out, css, math: items.length, errors };
}
