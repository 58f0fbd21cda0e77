// Opening a notebook the project saved does not mark it changed (issue 27 item 7): in the classic
// Notebook (Notebook 6, headless Chromium) a lab notebook and an exercise stay clean once their
// tslab kernel has connected and reported its language_info, while a copy carrying other
// language_info (what the project saved before) turns dirty — so the test can tell the two apart.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { readNotebook, writeNotebookAtomic } from "../../runner/notebook";
import { startNotebookServer, type NotebookServer } from "../../runner/notebook-server";
import { jupyterProcesses, leftovers } from "../helpers/notebooks";
import { chromiumProcesses, launchBrowser, needChromium, scratch, within } from "./hosts";

/** What the page says about a notebook once its kernel is ready. */
interface OpenState {
  dirty: boolean;
  saveStatus: string;
  languageInfo: unknown;
}

async function openAndWait(browser: Browser, server: NotebookServer, rel: string): Promise<OpenState> {
  const page = await browser.newPage();
  try {
    await page.goto(server.notebookUrl(rel), { timeout: 30_000 });
    // kernel_ready: the Notebook has the kernel_info reply and has copied its language_info
    await page.waitForFunction(() => {
      const nb = (window as any).Jupyter?.notebook;
      return nb?._fully_loaded === true && nb.kernel?.info_reply?.language_info !== undefined && nb.metadata.language_info !== undefined;
    }, null, { timeout: 60_000, polling: 100 });
    await page.waitForTimeout(500); // handlers of kernel_ready that run after ours
    return await within(page.evaluate(() => {
      const nb = (window as any).Jupyter.notebook;
      return { dirty: nb.dirty as boolean, saveStatus: document.querySelector(".autosave_status")?.textContent ?? "", languageInfo: nb.metadata.language_info };
    }), 5000, `reading ${rel}'s state`);
  } finally {
    await page.close();
  }
}

describe("hosts: a saved notebook opens unchanged in the classic Notebook", function () {
  this.timeout(240_000);
  let before0: Set<number>;
  let dir: string;
  let server: NotebookServer | undefined;
  let browser: Browser | undefined;
  const lab = "00-getting-started.ipynb";
  const exercise = "exercise-01-initialization.ipynb";
  const stale = "stale-language-info.ipynb";

  before(async function () {
    needChromium(this);
    before0 = jupyterProcesses();
    dir = scratch("clean-open");
    fs.copyFileSync(path.join(projectRoot, "notebooks", lab), path.join(dir, lab));
    fs.copyFileSync(path.join(projectRoot, "exercises", "01-initialization.ipynb"), path.join(dir, exercise));
    const nb = readNotebook(path.join(dir, lab));
    writeNotebookAtomic(path.join(dir, stale), { ...nb, metadata: { ...nb.metadata, language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" } } });
    server = await startNotebookServer({ app: "notebook", notebookDir: dir, startTimeoutMs: 30_000 });
    browser = await launchBrowser();
  });

  after(async function () {
    this.timeout(30_000);
    await within(browser?.close() ?? Promise.resolve(), 10_000, "closing Chromium").catch((e) => console.log(`      ${e.message}`));
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (!before0) return; // skipped
    let left = leftovers(before0);
    for (let i = 0; i < 30 && (left.length || chromiumProcesses().length); i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = leftovers(before0);
    }
    expect(left, "Jupyter/kernel processes left behind").to.deep.equal([]);
    expect(chromiumProcesses(), "Chromium processes left behind").to.deep.equal([]);
  });

  for (const rel of [lab, exercise]) {
    it(`${rel}: not dirty, no "(unsaved changes)" after the kernel connects`, async () => {
      const s = await openAndWait(browser!, server!, rel);
      expect(s.languageInfo, "the Notebook's language_info (the kernel's)").to.deep.equal(readNotebook(path.join(dir, rel)).metadata.language_info);
      expect(s.dirty, `${rel}: Jupyter.notebook.dirty`).to.equal(false);
      expect(s.saveStatus).to.not.include("unsaved");
    });
  }

  it("control: a notebook with other language_info is marked dirty", async () => {
    const s = await openAndWait(browser!, server!, stale);
    expect(s.dirty).to.equal(true);
  });
});
