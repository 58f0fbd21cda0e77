// A new learner's first steps in JupyterLab (what `npm start` opens), end to end in headless
// Chromium: the file browser of their folder, double-click exercises/ then the first exercise, Run
// All (it stops at "not implemented"), type one function into its cell, run down to its check, see
// "All tests passed.", save with Ctrl+S, grade that file by name from its own folder: full marks for
// that function. Screenshots go to test-artifacts/hosts/learner-path-lab/.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { readSetup } from "../../kernel-setup/jupyter-env.mjs";
import { readNotebook, sourceText } from "../../runner/notebook";
import { grade, solutionSource } from "../helpers/learner";
import { alive, killTree, npmStart, type NpmStart } from "../helpers/npm-start";
import { artifactDir, chromiumProcesses, launchBrowser, needChromium, scratch } from "./hosts";
import { kernelIdle, runAll, runAllDone, save } from "./jupyterlab-ui";

const LAB = "01-initialization";
const FN = "initializeParametersZeros";

/** The texts of the notebook's cells (editor text of code, source of rendered markdown), in order. */
function cellTexts(page: Page): Promise<{ code: boolean; text: string; output: string }[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll(".jp-NotebookPanel .jp-Cell")).map((c) => ({
    code: c.classList.contains("jp-CodeCell"),
    text: Array.from(c.querySelectorAll(".cm-content .cm-line")).map((l) => l.textContent ?? "").join("\n"),
    output: c.querySelector(".jp-OutputArea")?.textContent ?? "",
  })));
}

describe("hosts: a learner's path in JupyterLab (npm start → exercise → check → save → grade)", function () {
  this.timeout(600_000);
  let home: string;
  let started: NpmStart | undefined;
  let browser: Browser | undefined;
  let shots: string;

  before(function () {
    needChromium(this);
    if (!readSetup().labApp && !readSetup().jupyterLab) {
      console.log("      skipped: npm start has no JupyterLab here (`npm run setup` builds it; it needs python3-jupyterlab-server)");
      this.skip();
    }
    home = scratch("learner-home-lab"); // inside the project: `import "tsdl"` resolves from it
    shots = artifactDir("learner-path-lab");
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
    started = await npmStart(home);
    expect(started.url, "npm start opens JupyterLab").to.match(/\/lab\?token=/);
    browser = await launchBrowser();
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => errors.push(e.message));

    // the file browser: the learner's folders and START-HERE, no sources
    await page.goto(`${started.url}&reset`, { timeout: 60_000 });
    await page.waitForSelector("body[data-tsdl-lab]", { state: "attached", timeout: 120_000 });
    expect(await page.getAttribute("body", "data-tsdl-lab")).to.equal("restored");
    const item = (name: string) => page.locator(".jp-DirListing-item", { has: page.locator(".jp-DirListing-itemText", { hasText: new RegExp(`^${name.replace(/\./g, "\\.")}$`) }) });
    await item("exercises").waitFor({ timeout: 30_000 });
    const names = (await page.locator(".jp-DirListing-itemText").allInnerTexts()).map((t) => t.trim());
    expect(names).to.include.members(["exercises", "solutions", "lectures-and-notes", "START-HERE.ipynb"]);
    expect(names).to.not.include("src");
    await page.screenshot({ path: path.join(shots, "1-file-browser.png") });

    // open the first exercise as a learner does: double-click the folder, then the notebook
    await item("exercises").dblclick();
    await item(`${LAB}.ipynb`).dblclick({ timeout: 30_000 });
    await page.waitForSelector(".jp-NotebookPanel .jp-Cell", { timeout: 60_000 });
    await kernelIdle(page, 180_000);
    expect(decodeURIComponent(new URL(page.url()).pathname)).to.equal(`/lab/tree/exercises/${LAB}.ipynb`);

    // Run All from the menu: it stops at the first test of a function not written yet
    await runAll(page);
    let cells = await cellTexts(page);
    const graded = cells.findIndex((c) => c.code && c.text.includes(`function ${FN}(`));
    const check = cells.findIndex((c, i) => i > graded && c.text.includes(`tsdl.checks.${FN}(${FN})`));
    expect(graded, "the graded cell").to.be.greaterThan(0);
    expect(check, "its check cell").to.be.greaterThan(graded);
    const testCell = cells.findIndex((c, i) => i > graded && c.code);
    expect(cells[testCell].output).to.match(new RegExp(`not implemented: ${FN}`));
    await page.locator(".jp-NotebookPanel .jp-Cell").nth(testCell).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "2-not-implemented.png") });

    // write the function: select the cell's code and type the solved cell's in its place
    const editor = page.locator(".jp-NotebookPanel .jp-Cell").nth(graded).locator(".cm-content");
    await editor.click();
    await page.keyboard.press("Control+a");
    await page.keyboard.insertText(solutionSource(LAB, FN));
    // run it and each cell down to its check, as Shift+Enter does cell after cell
    for (let i = graded; i <= check; i++) {
      await page.keyboard.press("Shift+Enter");
      await runAllDone(page);
    }
    // a run may not have shown "[*]" yet when the loop ended: wait for the check's answer
    await page.waitForFunction((i) => /All tests passed|Error/.test(document.querySelectorAll(".jp-NotebookPanel .jp-Cell")[i]?.querySelector(".jp-OutputArea")?.textContent ?? ""), check, { timeout: 120_000, polling: 250 });
    await runAllDone(page);
    cells = await cellTexts(page);
    expect(cells[check].output).to.match(/All tests passed\./);
    await page.locator(".jp-NotebookPanel .jp-Cell").nth(check).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "3-all-tests-passed.png") });

    // save with the keyboard
    await save(page);
    const saved = path.join(home, "exercises", `${LAB}.ipynb`);
    const onDisk = readNotebook(saved).cells.find((c) => sourceText(c).includes(`function ${FN}(`))!;
    expect(sourceText(onDisk)).to.not.match(/not implemented/);
    expect(sourceText(onDisk).trim()).to.equal(solutionSource(LAB, FN).trim());
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
