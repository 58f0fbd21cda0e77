// runner/math.ts without a browser: which parts of an exported page get typeset, what stays byte
// for byte, escapes, numbering and TeX errors.
import { expect } from "chai";
import { typesetMath } from "../../runner/math";

/** A page shaped like nbconvert's lab template: a markdown cell, a code cell's html and text outputs. */
function page(markdown: string, html = "<b>see $TSDL_DATA, then $TSDL_DATA</b>"): { whole: string; before: string; after: string } {
  const before = `<!DOCTYPE html><html><head><!-- tsdl:mathjax --></head><body>\n<div class="jp-Cell jp-MarkdownCell"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput " data-mime-type="text/markdown">`;
  const after = `</div></div>\n<div class="jp-OutputArea-output"><div class="jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output " data-mime-type="text/html">${html}</div>` +
    `<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain"><pre>cost $1 and $2</pre></div></div></body></html>`;
  return { whole: before + markdown + after, before, after };
}

describe("runner/math: TeX typeset at export", function () {
  this.timeout(60_000); // MathJax loads once, ~0.2-2 s

  it("typesets the markdown's math as SVG and leaves every other byte of the page alone", async () => {
    const md = `<p>Cost \\$5 and <div class="note">$J = \\frac{1}{m}$</div> but <code>$x$</code></p>\n<p>$$\\alpha_0 \\tag{7}$$</p>`;
    const { whole, before, after } = page(md);
    const r = await typesetMath(whole, "test.html");
    expect(r.html.startsWith(before), "before the markdown").to.equal(true);
    expect(r.html.endsWith(after), "after the markdown: html and text outputs untouched").to.equal(true);
    const typeset = r.html.slice(before.length, r.html.length - after.length);
    expect(typeset.match(/<mjx-container[^>]*>/g)).to.have.length(2);
    expect(typeset).to.match(/<mjx-container[^>]*display="true"/);
    expect(typeset).to.include("<svg");
    expect(typeset).to.include("Cost <span>$</span>5"); // the escaped dollar, as MathJax writes it in the browser
    expect(typeset).to.include("<code>$x$</code>");
    expect(typeset).not.to.match(/\\frac|\\alpha/);
    expect([r.math, r.errors]).to.deep.equal([3, []]); // two formulas and one escape
    expect(r.css).to.include('mjx-container[jax="SVG"]');
  });

  it("reports TeX errors, and leaves a page without math unchanged", async () => {
    const bad = await typesetMath(page("<p>$\\fracc{1}{2}$ and $\\frac{1}$, fine: $x$</p>").whole, "bad.html");
    expect(bad.errors).to.deep.equal(['undefined control sequence in "\\\\fracc{1}{2}"', 'Missing argument for \\frac in "\\\\frac{1}"']);
    const plain = page("<p>No math here, 5 € only.</p>").whole;
    expect(await typesetMath(plain, "plain.html")).to.deep.equal({ html: plain, css: "", math: 0, errors: [] });
    const err = await typesetMath(`<div class="jp-RenderedMarkdown"><p>$x$</p>`, "cut.html").then(() => null, (e: Error) => e);
    expect(err?.message).to.match(/an unclosed <div> in the page at offset 0/);
  });

  it("numbers equations across cells and restarts on every page", async () => {
    const two = `<div class="jp-RenderedMarkdown">$$a\\tag{1}\\label{a}$$</div><div class="jp-RenderedMarkdown">$$b$$ see \\eqref{a}</div>`;
    const r = await typesetMath(two, "refs.html");
    expect(r.errors).to.deep.equal([]);
    // the reference in the second cell resolves to the label in the first: "(1)" linked to its anchor
    expect(r.html).to.include('id="mjx-eqn:a"');
    expect(r.html).to.include('<a href="#mjx-eqn%3Aa">');
    // a second page numbers from scratch: a label used before is no "multiply defined" error
    const again = await typesetMath(two, "again.html");
    expect(again.errors).to.deep.equal([]);
    expect(again.html.replace(/MJX-\d+-/g, "MJX-")).to.equal(r.html.replace(/MJX-\d+-/g, "MJX-"));
  });
});
