// A banner mentioning `$TSDL_DATA` twice reads as written in the classic Notebook (MathJax 2) and in
// our HTML export (MathJax 3): no host typesets the text between the two `$` as math (issue 27
// item 2). The same html without tsdl's no-math classes is typeset in the same page (the control),
// so the test tells a fix from a page where MathJax did not run.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { showBanner } from "../../lib/src/course/regUtils";
import { setDisplayWriter, type MimeBundle } from "../../lib/src/display";
import { NO_MATH_CLASS } from "../../lib/src/htmlText";
import { exportHtml } from "../../runner/export";
import { writeNotebookAtomic, type Output } from "../../runner/notebook";
import { startNotebookServer, type NotebookServer } from "../../runner/notebook-server";
import { trustNotebooks } from "../../runner/trust";
import { code, jupyterProcesses, leftovers } from "../helpers/notebooks";
import { chromiumProcesses, launchBrowser, needChromium, scratch, within } from "./hosts";

const TEXT = "train_signs.h5: NOT FOUND. Looked in:\n  2. $TSDL_DATA (not set)\nput it in data/ (or $TSDL_DATA), or pass a path.";

/** The bundle showBanner sends to a notebook. */
function bannerBundle(): MimeBundle {
  const sent: MimeBundle[] = [];
  setDisplayWriter((c) => sent.push(c.data));
  try {
    showBanner(TEXT);
  } finally {
    setDisplayWriter(null);
  }
  expect(sent).to.have.length(1);
  return sent[0];
}

/** Per output marker: is there typeset math inside, and the text it shows. */
async function mathIn(page: Page, ids: string[]): Promise<{ math: number; text: string }[]> {
  return within(page.evaluate((ids) => ids.map((id) => {
    const el = document.getElementById(id)!.parentElement!;
    return { math: el.querySelectorAll("mjx-container, .MathJax, .MathJax_Preview, script[type^='math/tex']").length, text: el.textContent ?? "" };
  }), ids), 5000, "reading the banners");
}

describe("hosts: banners are not typeset as math", function () {
  this.timeout(240_000);
  let before0: Set<number>;
  let dir: string;
  let server: NotebookServer | undefined;
  let browser: Browser | undefined;
  let file: string;
  const ids = ["tsdl-banner", "control-banner"];

  before(async function () {
    needChromium(this);
    before0 = jupyterProcesses();
    dir = scratch("banner-math");
    const banner = bannerBundle();
    const html = String(banner["text/html"]);
    expect(html).to.include(`class="${NO_MATH_CLASS}"`);
    // a marker before each output locates it in both hosts; the control drops only the classes
    const output = (id: string, h: string): Output[] => [
      { output_type: "display_data", data: { "text/html": `<span id="${id}"></span>${h}` }, metadata: {} },
    ];
    const cell = { ...code("// banner"), outputs: [...output(ids[0], html), ...output(ids[1], html.replace(` class="${NO_MATH_CLASS}"`, ""))] };
    file = path.join(dir, "banner.ipynb");
    writeNotebookAtomic(file, { nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } }, cells: [cell] });
    trustNotebooks([file]);
    browser = await launchBrowser();
  });

  after(async function () {
    this.timeout(30_000);
    await within(browser?.close() ?? Promise.resolve(), 10_000, "closing Chromium").catch((e) => console.log(`      ${e.message}`));
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (!before0) return; // skipped
    for (let i = 0; i < 30 && (leftovers(before0).length || chromiumProcesses().length); i++) await new Promise((r) => setTimeout(r, 100));
    expect(leftovers(before0), "Jupyter/kernel processes left behind").to.deep.equal([]);
    expect(chromiumProcesses(), "Chromium processes left behind").to.deep.equal([]);
  });

  const expectReadable = (views: { math: number; text: string }[]) => {
    expect(views[0].math, "math typeset in tsdl's banner").to.equal(0);
    expect(views[0].text).to.include("$TSDL_DATA (not set)").and.include("(or $TSDL_DATA)");
    expect(views[1].math, "the control (no classes) is typeset: MathJax ran").to.be.greaterThan(0);
  };

  it("classic Notebook 6 (MathJax 2)", async () => {
    server = await startNotebookServer({ app: "notebook", notebookDir: dir, startTimeoutMs: 30_000 });
    const page = await browser!.newPage();
    await page.goto(server.notebookUrl("banner.ipynb"), { timeout: 30_000 });
    await page.waitForFunction(() => (window as any).Jupyter?.notebook?._fully_loaded === true, null, { timeout: 30_000, polling: 100 });
    // MathJax 2 queues its typesetting: wait until the queue is empty
    await page.waitForFunction(() => {
      const hub = (window as any).MathJax?.Hub;
      return hub && hub.queue.pending === 0 && hub.queue.running === 0 && document.querySelector(".MathJax, script[type^='math/tex']") !== null;
    }, null, { timeout: 30_000, polling: 200 });
    expectReadable(await mathIn(page, ids));
    await page.close();
    await server.stop();
    server = undefined;
  });

  it("HTML export (math typeset at export, runner/math.ts: outputs' HTML is left as it is)", async () => {
    const [page0] = await exportHtml([file], path.join(dir, "html"), { timeoutMs: 60_000 });
    const page = await browser!.newPage();
    await page.goto(pathToFileURL(page0.html).href, { timeout: 30_000 });
    const views = await mathIn(page, ids);
    expect(views[0].math, "math typeset in tsdl's banner").to.equal(0);
    expect(views[0].text).to.include("$TSDL_DATA (not set)").and.include("(or $TSDL_DATA)");
    expect(views[1].math, "an HTML output without the classes is not typeset either: the export typesets markdown only").to.equal(0);
    expect(await page.evaluate(() => (window as any).MathJax === undefined), "no MathJax runs in the page").to.equal(true);
    await page.close();
  });
});
