// Where our Jupyter state lives and the environment every Jupyter process of ours runs with.
// Plain JS with no dependencies: kernel-setup runs it before `npm ci`; the runner imports it too.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (the folder holding package.json). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Project-local Jupyter folder: kernelspecs, config, data (trust database), runtime files. */
export const localDir = path.join(projectRoot, ".jupyter-local");

/** The file kernel-setup writes: which python runs Jupyter, whether JupyterLab is there. */
export const setupFile = path.join(localDir, "setup.json");

/**
 * Environment for a Jupyter process of ours, e.g. `spawn(py, ["-m", "jupyter", "server"], { env: jupyterEnv() })`.
 * Everything Jupyter writes stays in `.jupyter-local/`, never in the user's home.
 */
export function jupyterEnv(base = process.env) {
  const share = path.join(localDir, "share", "jupyter");
  return {
    ...base,
    JUPYTER_PATH: [share, base.JUPYTER_PATH].filter(Boolean).join(path.delimiter),
    JUPYTER_CONFIG_DIR: path.join(localDir, "config"),
    JUPYTER_DATA_DIR: path.join(localDir, "data"),
    JUPYTER_RUNTIME_DIR: path.join(localDir, "runtime"),
    IPYTHONDIR: path.join(localDir, "ipython"),
    // the kernel's `tslab` launcher is a `#!/usr/bin/env node` script: keep this node first on PATH
    PATH: [path.dirname(process.execPath), base.PATH].filter(Boolean).join(path.delimiter),
  };
}

/** Reads what kernel-setup recorded; throws a clear error when setup has not run. */
export function readSetup() {
  if (!fs.existsSync(setupFile)) {
    throw new Error(`${setupFile} is missing: run \`npm run setup\` (or \`npm start\` / \`npm test\`, which run it) first`);
  }
  return JSON.parse(fs.readFileSync(setupFile, "utf8"));
}
