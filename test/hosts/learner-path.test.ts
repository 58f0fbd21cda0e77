// A new learner's first steps, end to end, in the classic Notebook in headless Chromium: `npm start`,
// the tree of their folder, open the first exercise, Run All (it stops at "not implemented"), write
// one function, see "All tests passed.", save, then grade that file by name from its own folder:
// full marks for that function. Screenshots go to test-artifacts/hosts/learner-path/.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { readNotebook, sourceText } from "../../runner/notebook";
import { grade, solutionSource } from "../helpers/learner";
import { alive, killTree, npmStart, type NpmStart } from "../helpers/npm-start";
import { artifactDir, chromiumProcesses, launchBrowser, needChromium, scratch } from "./hosts";

const LAB = "01-initialization";
const FN = "initializeParametersZeros";

/** Waits until the kernel is idle and no cell is queued or running (prompt "In [*]"). */
async function settled(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => {
    const J = (window as any).Jupyter;
    const busy = J.notebook.get_cells().some((c: any) => c.cell_type === "code" && /\*/.test(c.element.find(".input_prompt").text()));
    return J.notebook.kernel?.is_connected() && J.notebook.kernel_busy === false && !busy;
  }, null, { timeout: timeoutMs, polling: 250 });
}

/** The text of the output area of the notebook's cell number `index`. */
function outputOf(page: Page, index: number): Promise<string> {
  return page.evaluate((i) => (window as any).Jupyter.notebook.get_cell(i).element.find(".output_area").text() as string, index);
}

describe("hosts: a learner's path in the classic Notebook (npm start → exercise → check → save → grade)", function () {
  this.timeout(420_000);
  let home: string;
  let started: NpmStart | undefined;
  let browser: Browser | undefined;
  let shots: string;

  before(function () {
    needChromium(this);
    home = scratch("learner-home"); // inside the project: `import "tsdl"` resolves from it
    shots = artifactDir("learner-path");
  });
  after(async () => {
    await browser?.close();
    if (started) {
      const tree = started.tree();
      process.kill(started.npm.pid!, "SIGINT");
      const t0 = Date.now();
      while (tree.some(alive) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 100));
      killTree(tree);
    }
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it("walks the path and earns the point of the function written", async () => {
    started = await npmStart(home, ["--classic"]);
    expect(started.output()).to.match(/START-HERE\.ipynb/);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const tree = await context.newPage();
    tree.on("pageerror", (e) => errors.push(`tree: ${e.message}`));

    // the tree: the learner's folders and START-HERE, no sources
    await tree.goto(started.url, { timeout: 30_000 });
    await tree.waitForSelector("#notebook_list .list_item a.item_link", { timeout: 30_000 });
    const names = async () => (await tree.locator("#notebook_list .list_item a.item_link .item_name").allInnerTexts()).map((t) => t.trim());
    expect(await names()).to.include.members(["exercises", "solutions", "lectures-and-notes", "START-HERE.ipynb"]);
    expect(await names()).to.not.include("src");
    await tree.screenshot({ path: path.join(shots, "1-tree.png") });

    // open the first exercise from the tree, as a learner clicks it (it opens in a new tab)
    await tree.locator("#notebook_list .item_name", { hasText: /^exercises$/ }).click();
    await tree.waitForSelector(`#notebook_list .item_name:text-is("${LAB}.ipynb")`, { timeout: 30_000 });
    const [page] = await Promise.all([context.waitForEvent("page"), tree.locator(`#notebook_list .item_name:text-is("${LAB}.ipynb")`).click()]);
    page.on("pageerror", (e) => errors.push(`notebook: ${e.message}`));
    await page.waitForFunction(() => (window as any).Jupyter?.notebook?._fully_loaded === true && (window as any).Jupyter.notebook.kernel?.is_connected(), null, { timeout: 90_000, polling: 200 });
    expect(new URL(page.url()).pathname).to.equal(`/notebooks/exercises/${LAB}.ipynb`);

    // Run All from the menu: it stops at the first test of a function not written yet
    await page.click("#celllink");
    await page.click("#run_all_cells");
    await settled(page, 180_000);
    const cells: { type: string; text: string }[] = await page.evaluate(() => (window as any).Jupyter.notebook.get_cells().map((c: any) => ({ type: c.cell_type, text: c.get_text() as string })));
    const graded = cells.findIndex((c) => c.type === "code" && c.text.includes(`function ${FN}(`));
    const check = cells.findIndex((c, i) => i > graded && c.text.includes(`tsdl.checks.${FN}(${FN})`));
    expect(graded, "the graded cell").to.be.greaterThan(0);
    expect(check, "its check cell").to.be.greaterThan(graded);
    const testCell = cells.findIndex((c, i) => i > graded && c.type === "code");
    expect(await outputOf(page, testCell)).to.match(new RegExp(`not implemented: ${FN}`));
    await page.evaluate((i) => (window as any).Jupyter.notebook.scroll_to_cell(i), testCell);
    await page.screenshot({ path: path.join(shots, "2-not-implemented.png") });

    // write the function (the solved cell's code, typed into the editor), run it and the cells after it
    await page.evaluate(([i, text]) => {
      const nb = (window as any).Jupyter.notebook;
      nb.get_cell(i).set_text(text);
      nb.select(i);
    }, [graded, solutionSource(LAB, FN)] as const);
    for (let i = graded; i <= check; i++) {
      await page.evaluate((j) => (window as any).Jupyter.notebook.select(j), i);
      await page.evaluate(() => (window as any).Jupyter.notebook.command_mode());
      await page.keyboard.press("Control+Enter");
      await settled(page, 60_000);
    }
    expect(await outputOf(page, check)).to.match(/All tests passed\./);
    await page.evaluate((i) => (window as any).Jupyter.notebook.scroll_to_cell(i), check);
    await page.screenshot({ path: path.join(shots, "3-all-tests-passed.png") });

    // save with the keyboard, as a learner does
    await page.evaluate(() => (window as any).Jupyter.notebook.command_mode());
    await page.keyboard.press("Control+s");
    await page.waitForFunction(() => (window as any).Jupyter.notebook.dirty === false, null, { timeout: 30_000 });
    const saved = path.join(home, "exercises", `${LAB}.ipynb`);
    const onDisk = readNotebook(saved).cells.find((c) => sourceText(c).includes(`function ${FN}(`))!;
    expect(sourceText(onDisk)).to.not.match(/not implemented/);
    expect(errors).to.deep.equal([]);

    // grade that file by name, from its own folder
    const report = path.join(home, "report.json");
    const r = await grade(path.join(home, "exercises"), `${LAB}.ipynb`, report);
    expect(r.code, r.out).to.equal(0);
    const json = JSON.parse(fs.readFileSync(report, "utf8"));
    const fn = json.functions.find((f: { id: string }) => f.id === FN);
    expect(fn, r.out).to.include({ points: fn.maxPoints, passed: true });
    expect(json.functions.filter((f: { id: string; points: number }) => f.id !== FN && f.points > 0), "the functions not written earn nothing").to.deep.equal([]);
    fs.writeFileSync(path.join(shots, "4-grade.txt"), r.out);
  });

  it("leaves no browser behind", async () => {
    await browser?.close();
    browser = undefined;
    expect(chromiumProcesses()).to.deep.equal([]);
  });
});
