// Driving our JupyterLab's UI from a test, as a learner would (headless Chromium, playwright-core):
// open a notebook, menus, Run All, save, and read what the notebook page shows.
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { within } from "./hosts";

/** Running a whole lab through the UI on 2 busy cores: 05 trains a network for 150 epochs. */
export const RUN_TIMEOUT_MS = 600_000;

/**
 * Opens a notebook's URL (token included) in a new page of JupyterLab, with `reset` so that no tab of
 * an earlier session reopens; waits until the application restored and the kernel is idle.
 * Example: `const page = await openInLab(browser, server.notebookUrl("01-initialization.ipynb"), errors)`.
 */
export async function openInLab(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const name = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? url);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("pageerror", (e) => errors.push(`${name}: ${e.message}`));
  await page.goto(`${url}${url.includes("?") ? "&" : "?"}reset`, { timeout: 60_000 });
  await page.waitForSelector("body[data-tsdl-lab]", { state: "attached", timeout: 120_000 });
  expect(await page.getAttribute("body", "data-tsdl-lab"), `${name}: JupyterLab started`).to.equal("restored");
  await page.waitForSelector(".jp-NotebookPanel .jp-Cell", { timeout: 60_000 });
  await kernelIdle(page, 180_000); // a tslab kernel starts in 2 s when the machine is calm, in a minute or more when it is not
  return page;
}

/** The kernel's state as the status bar shows it ("TypeScript | Idle" → "Idle"), or "" before it shows one. */
export function kernelState(): string {
  const items = Array.from(document.querySelectorAll(".jp-StatusBar-Item")).map((e) => e.textContent ?? "");
  return items.map((t) => /\|\s*(\w+)\s*$/.exec(t)?.[1]).find(Boolean) ?? "";
}

/** Waits until the status bar says the kernel is idle; else fails with what it says. */
export async function kernelIdle(page: Page, timeoutMs: number): Promise<void> {
  try {
    await page.waitForFunction(`(${kernelState})() === "Idle"`, null, { timeout: timeoutMs, polling: 250 });
  } catch (e) {
    const state = await page.evaluate(`(${kernelState})()`).catch(() => "?");
    throw new Error(`the kernel was not idle within ${timeoutMs / 1000} s: the status bar says "${state || "(no kernel)"}" (${(e as Error).message.split("\n")[0]})`);
  }
}

/** Clicks through a menu of the menu bar, e.g. `menu(page, "Run", "Run All Cells")`. */
export async function menu(page: Page, top: string, item: string): Promise<void> {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: new RegExp(`^${top}$`) }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: new RegExp(`^${item}$`) }).first().click();
}

/** Runs all cells through the menu and waits until no cell is queued or running and the kernel is idle. */
export async function runAll(page: Page): Promise<void> {
  await menu(page, "Run", "Run All Cells");
  await page.waitForFunction(() => Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")).some((p) => /\[\*\]|\[\d+\]/.test(p.textContent ?? "")), null, { timeout: 60_000, polling: 250 });
  await runAllDone(page);
}

/** How long "no cell queued or running, kernel idle" must hold: JupyterLab sends a run's cells one after another, idle for a moment between two. */
const SETTLED_MS = 4000;

/** Waits until no cell is queued or running and the kernel is idle, and that for SETTLED_MS on end. */
export async function runAllDone(page: Page): Promise<void> {
  const done = `(() => {
    const prompts = Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")).map((p) => p.textContent ?? "");
    const quiet = !prompts.some((p) => p.includes("*")) && (${kernelState})() === "Idle";
    if (!quiet) window.tsdlQuietSince = undefined;
    else window.tsdlQuietSince ??= Date.now();
    return quiet && Date.now() - window.tsdlQuietSince >= ${SETTLED_MS};
  })()`;
  await page.evaluate("window.tsdlQuietSince = undefined");
  await page.waitForFunction(done, null, { timeout: RUN_TIMEOUT_MS, polling: 250 });
}

/** Saves with Ctrl+S and waits until the tab is no longer marked changed. */
export async function save(page: Page): Promise<void> {
  await page.locator(".jp-NotebookPanel .jp-Notebook").first().click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+s");
  await page.waitForFunction(() => !document.querySelector(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty"), null, { timeout: 30_000, polling: 250 });
}

/** Shuts down every kernel of the server: a closed page leaves its kernel running, as in JupyterLab. */
export async function shutDownKernels(server: { baseUrl: string; token: string }): Promise<void> {
  const auth = { Authorization: `token ${server.token}` };
  const r = await fetch(`${server.baseUrl}/api/kernels`, { headers: auth, signal: AbortSignal.timeout(10_000) });
  const kernels = (await r.json()) as { id: string }[];
  await Promise.all(kernels.map((k) => fetch(`${server.baseUrl}/api/kernels/${k.id}`, { method: "DELETE", headers: auth, signal: AbortSignal.timeout(15_000) })));
}

export interface PageView {
  /** per rendered plotly output: drawn (.main-svg) and its trace counts */
  figures: { drawn: boolean; scatter: number; bar: number; image: number }[];
  /** typeset formulas in rendered markdown */
  formulas: number;
  /** raw `$…$` left in rendered markdown */
  rawMath: number;
  /** outputs rendered as errors or stderr, their text */
  errors: string[];
  passed: number;
  cells: number;
}

/** Scrolls through the notebook (JupyterLab renders cells as they come into view), then reads what the page shows. */
export async function view(page: Page): Promise<PageView> {
  const cells = page.locator(".jp-NotebookPanel .jp-Cell");
  const n = await cells.count();
  for (let i = 0; i < n; i += 4) await cells.nth(i).scrollIntoViewIfNeeded({ timeout: 10_000 }).catch(() => undefined);
  await page.waitForFunction(() => Array.from(document.querySelectorAll(".jp-RenderedPlotly")).every((el) => el.querySelector(".main-svg")), null, { timeout: 30_000, polling: 250 }).catch(() => undefined);
  return within(page.evaluate(() => {
    const figures = Array.from(document.querySelectorAll(".jp-RenderedPlotly")).map((el) => ({
      drawn: el.querySelector(".main-svg") !== null,
      scatter: el.querySelectorAll(".scatterlayer .trace").length,
      bar: el.querySelectorAll(".barlayer .trace").length,
      image: el.querySelectorAll(".imagelayer .im").length,
    }));
    const markdown = Array.from(document.querySelectorAll(".jp-MarkdownCell .jp-RenderedMarkdown"));
    return {
      figures,
      formulas: markdown.reduce((s, m) => s + m.querySelectorAll("mjx-container").length, 0),
      rawMath: markdown.filter((m) => /\$[^$\s][^$]*\$/.test(m.textContent ?? "")).length,
      errors: Array.from(document.querySelectorAll(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")).map((e) => (e.textContent ?? "").slice(0, 300)),
      passed: Array.from(document.querySelectorAll(".jp-OutputArea-output")).filter((o) => (o.textContent ?? "").includes("All tests passed.")).length,
      cells: document.querySelectorAll(".jp-NotebookPanel .jp-Cell").length,
    };
  }), 20_000, "reading the notebook page");
}
