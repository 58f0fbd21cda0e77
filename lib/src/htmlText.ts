/**
 * Plain text inside the HTML outputs tsdl displays (banners, progress lines). Notebook hosts run
 * MathJax over HTML outputs with `$…$` as inline math, so a text that mentions `$TSDL_DATA` twice
 * came out as garbled italics. Entities do not help (MathJax reads the decoded DOM text), and a
 * backslash would show where no MathJax runs; the documented switch is a class on the element:
 * `tex2jax_ignore` for MathJax 2 (classic Notebook 6, JupyterLab 3, nbconvert's default pages),
 * `mathjax_ignore` for MathJax 3 (JupyterLab 4, our HTML export).
 */

/** The classes that make MathJax 2 and 3 leave an element's text alone. */
export const NO_MATH_CLASS = "tex2jax_ignore mathjax_ignore";

/**
 * Text made safe to put between HTML tags or in an attribute: `&`, `<`, `>`, `"` escaped.
 * Example: `escapeHtml('a < b & "c"')` → `a &lt; b &amp; &quot;c&quot;`.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A `<div>` showing `text` literally in every host: escaped, and marked so that no MathJax sets
 * `$…$` in it as math. Example: `textDiv("$TSDL_DATA (not set)", "font-family:monospace")`.
 */
export function textDiv(text: string, style: string, prefixHtml = ""): string {
  return `<div class="${NO_MATH_CLASS}" style="${style}">${prefixHtml}${escapeHtml(text)}</div>`;
}
