/**
 * Which TensorFlow.js backend the framework lab runs on, and switching to it.
 *
 * tsdl does not depend on TensorFlow.js: the notebook imports `@tensorflow/tfjs` and hands the module
 * to these functions. The wasm backend (`@tensorflow/tfjs-backend-wasm`, its .wasm binaries ship in
 * the npm package) is loaded on first use, from the project's node_modules; in Node its binaries are
 * read from that package's dist/ folder (setWasmPaths), nothing is downloaded. `tfjs-node` cannot be
 * installed here (its install script downloads a native library).
 *
 * Measured on this machine kind (2 cores, Node 20, tools/bench-framework.ts, the SIGNS model
 * [12288, 25, 12, 6], mini-batches of 32, Adam): see PREFERRED_BACKEND below.
 */
import * as path from "node:path";
import { displayPath } from "../data/paths";

/** The backends this lab can use. */
export type BackendName = "cpu" | "wasm";

/**
 * The faster backend in our measurement (tools/bench-framework.ts, s/epoch on the SIGNS model):
 * chosen once from the measurement, not re-measured at run time, so every run prints the same digits.
 * `$TSDL_TF_BACKEND` (cpu or wasm) overrides it.
 */
export const PREFERRED_BACKEND: BackendName = "wasm";

/** The part of the `@tensorflow/tfjs` module used here. */
export interface TfLike {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
}

/** The folder holding tfjs-backend-wasm's .wasm files (with a trailing separator, as setWasmPaths wants). */
export function wasmDir(): string {
  const main = require.resolve("@tensorflow/tfjs-backend-wasm"); // …/tfjs-backend-wasm/dist/tf-backend-wasm.node.js
  return path.dirname(main) + path.sep;
}

let wasmLoaded = false;

/** Registers the wasm backend (once) with its binaries' folder. */
function loadWasm(): void {
  if (wasmLoaded) return;
  const wasm = require("@tensorflow/tfjs-backend-wasm") as { setWasmPaths(prefix: string, usePlatformFetch?: boolean): void };
  wasm.setWasmPaths(wasmDir());
  wasmLoaded = true;
}

/** The backend asked for by name, `$TSDL_TF_BACKEND`, or PREFERRED_BACKEND. */
export function backendName(name?: string): BackendName {
  const want = name ?? process.env.TSDL_TF_BACKEND ?? PREFERRED_BACKEND;
  if (want !== "cpu" && want !== "wasm") throw new Error(`useBackend: unknown backend "${want}" (cpu or wasm)`);
  return want;
}

/**
 * Switches TensorFlow.js to `name` (default: `$TSDL_TF_BACKEND`, else PREFERRED_BACKEND) and waits
 * until it is ready; returns its name. Example: `await tsdl.framework.useBackend(tf)` → "wasm".
 */
export async function useBackend(tf: TfLike, name?: string): Promise<BackendName> {
  const want = backendName(name);
  if (want === "wasm") loadWasm();
  const ok = await tf.setBackend(want);
  if (!ok) throw new Error(`useBackend: TensorFlow.js could not start its ${want} backend` + (want === "wasm" ? ` (binaries looked for in ${displayPath(wasmDir())})` : ""));
  await tf.ready();
  if (tf.getBackend() !== want) throw new Error(`useBackend: asked for ${want}, TensorFlow.js runs on ${tf.getBackend()}`);
  return want;
}
