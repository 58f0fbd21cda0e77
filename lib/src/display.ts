/**
 * The one wrapper over tslab's display machinery: a multi-MIME `display_data` bundle, updated in
 * place through a display id. tslab's public API sends one MIME type per call; a bundle needs
 * its internal writer `lastWriteDisplayData` (tslab/dist/jupyter.js, set for the running cell,
 * the same function `display.raw` and `newDisplay()` use). We find the running kernel's copy of
 * that module in Node's module cache, so loading tsdl never loads tslab (or its TypeScript).
 * Outside a kernel (tests, CLI) nothing is sent: the bundle's text/plain is printed instead.
 */
import { randomBytes } from "crypto";
import path from "path";

/** MIME type → data, e.g. {"text/plain": "…", "image/svg+xml": "<svg…"}; JSON types may be objects. */
export type MimeBundle = Record<string, unknown>;

/** The content of a Jupyter display_data / update_display_data message. */
export interface DisplayContent {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/** Sends one display message; `update` makes it an update_display_data of `transient.display_id`. */
export type DisplayWriter = (content: DisplayContent, update: boolean) => void;

export interface DisplayOptions {
  /** ties this output to an id, so later calls with `update: true` replace it in place */
  displayId?: string;
  /** replace the output shown earlier with the same displayId (update_display_data) */
  update?: boolean;
}

let override: DisplayWriter | null = null;
let tslabJupyter: { lastWriteDisplayData?: unknown } | null = null;
const JUPYTER_JS = path.join("tslab", "dist", "jupyter.js");

/**
 * Routes displays to `writer` instead of tslab (tests, other hosts); `null` restores the default.
 * Example: `setDisplayWriter((c, update) => sent.push({c, update}))`.
 */
export function setDisplayWriter(writer: DisplayWriter | null): void {
  override = writer;
}

/** tslab's jupyter module (found in Node's module cache), or null when this process is not a tslab kernel. */
function tslabModule(): { lastWriteDisplayData?: unknown } | null {
  if (tslabJupyter === null) {
    const cache = typeof require !== "undefined" ? require.cache : undefined;
    if (!cache) return null;
    for (const key of Object.keys(cache)) {
      if (key.endsWith(JUPYTER_JS)) {
        const exp = cache[key]?.exports as { lastWriteDisplayData?: unknown } | undefined;
        if (exp && "lastWriteDisplayData" in exp) {
          tslabJupyter = exp;
          break;
        }
      }
    }
  }
  return tslabJupyter;
}

/** True in a tslab kernel process (whether or not a cell is running), e.g. `if (inTslabKernel()) …`. */
export function inTslabKernel(): boolean {
  return tslabModule() !== null;
}

/** tslab's writer for the running cell, or null when this process is not a tslab kernel. */
function tslabWriter(): DisplayWriter | null {
  const w = tslabModule()?.lastWriteDisplayData;
  return typeof w === "function" ? (w as DisplayWriter) : null;
}

/** True when displays reach a notebook (a tslab kernel, or a writer set with setDisplayWriter), e.g. `if (inKernel()) …`. */
export function inKernel(): boolean {
  return override !== null || tslabWriter() !== null;
}

/** A fresh display id, e.g. "3f9a0c1d2b4e5f60". */
export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * Shows one multi-MIME output; returns true when it went to a notebook, false when only its
 * text/plain line was printed (not in a kernel).
 * Example: `displayBundle({"text/plain": "hi", "text/html": "<b>hi</b>"})`.
 */
export function displayBundle(bundle: MimeBundle, opts: DisplayOptions = {}): boolean {
  if (opts.update && !opts.displayId) throw new Error("displayBundle: update needs the displayId of the output to replace");
  const writer = override ?? tslabWriter();
  if (writer === null) {
    const text = typeof bundle["text/plain"] === "string" ? (bundle["text/plain"] as string) : `[output: ${Object.keys(bundle).join(", ")}]`;
    process.stdout.write(text.split("\n")[0] + "\n");
    return false;
  }
  writer({ data: bundle, metadata: {}, transient: opts.displayId ? { display_id: opts.displayId } : {} }, !!opts.update);
  return true;
}
