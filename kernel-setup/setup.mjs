#!/usr/bin/env node
// Makes this machine ready to run the notebooks, and says what it did. Idempotent: with
// everything present it changes nothing. Steps: Jupyter (apt-get when missing and we are root),
// npm packages (`npm ci` when node_modules is missing or older than package-lock.json), the tslab
// kernelspec in .jupyter-local/ (never the user's home), checked with `jupyter kernelspec list`,
// and plotly.min.js as a classic-Notebook nbextension there, so saved plots load plotly.js from
// the server instead of carrying it (lib/src/plot/html.ts).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { jupyterEnv, localDir, projectRoot, setupFile } from "./jupyter-env.mjs";

const t0 = Date.now();
const DEBIAN_PACKAGES = [
  "jupyter-server", "python3-jupyter-server", "jupyter-notebook", "python3-nbclient", "jupyter-nbconvert",
  "python3-nbconvert", "jupyter-core", "jupyter-client", "jupyter-nbformat",
];
// what a python must import to serve our notebooks (JupyterLab is optional)
const PROBE = "import jupyter_server, notebook, nbformat, nbconvert, jupyter_client, importlib.util as u; " +
  "print('lab' if u.find_spec('jupyterlab') else 'nolab')";

const say = (msg) => console.log(`[setup] ${msg}`);
function fail(msg) {
  console.error(`[setup] ERROR: ${msg}`);
  process.exit(1);
}
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...opts });
  return { ok: r.status === 0, out: (r.stdout ?? "") + (r.stderr ?? ""), status: r.status, error: r.error };
}

/** First python that can run Jupyter: $TSDL_PYTHON, the conda env, python3 on PATH, Debian's. */
function findJupyterPython() {
  const candidates = [
    process.env.TSDL_PYTHON,
    process.env.CONDA_PREFIX && path.join(process.env.CONDA_PREFIX, "bin", "python"),
    "python3",
    "/usr/bin/python3",
  ].filter(Boolean);
  for (const py of candidates) {
    const r = run(py, ["-c", PROBE]);
    if (r.ok) {
      const abs = run(py, ["-c", "import sys; print(sys.executable)"]).out.trim() || py;
      return { python: abs, jupyterLab: r.out.trim() === "lab" };
    }
  }
  return null;
}

function ensureJupyter() {
  let found = findJupyterPython();
  if (found) return found;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = run("sh", ["-c", "command -v apt-get"]).ok;
  const manual =
    `Install Jupyter, then run this again:\n` +
    `  Debian/Ubuntu: sudo apt-get install --no-install-recommends ${DEBIAN_PACKAGES.join(" ")}\n` +
    `  conda:         conda env create -f environment.yml && conda activate tsdl-labs\n` +
    `  or point TSDL_PYTHON at a python that has jupyter_server, notebook, nbconvert and nbformat.`;
  if (!isRoot || !hasApt) fail(`no python with Jupyter found (tried $TSDL_PYTHON, $CONDA_PREFIX, python3, /usr/bin/python3).\n${manual}`);
  say(`no Jupyter found: installing Debian packages (${DEBIAN_PACKAGES.length}) with apt-get …`);
  const t = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-qq"], ["install", "-y", "-qq", "--no-install-recommends", ...DEBIAN_PACKAGES]]) {
    const r = run("apt-get", args, { env, stdio: ["ignore", "pipe", "pipe"] });
    if (!r.ok) fail(`apt-get ${args.join(" ")} failed (exit ${r.status}):\n${r.out.slice(-2000)}\n${manual}`);
  }
  say(`apt-get installed Jupyter in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  found = findJupyterPython();
  if (!found) fail(`apt-get finished but no python imports Jupyter.\n${manual}`);
  return found;
}

function ensureNodeModules() {
  const marker = path.join(projectRoot, "node_modules", ".package-lock.json");
  const lock = path.join(projectRoot, "package-lock.json");
  const fresh = fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (fresh) return false;
  say("installing npm packages (npm ci) …");
  const t = Date.now();
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: projectRoot, stdio: "inherit" });
  if (r.status !== 0) fail(`npm ci failed (exit ${r.status}); see its output above`);
  say(`npm ci done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return true;
}

/** Registers the tslab kernel under .jupyter-local/ unless a spec pointing at our launcher exists. */
function ensureKernel(python) {
  const tslab = path.join(projectRoot, "node_modules", ".bin", "tslab");
  if (!fs.existsSync(tslab)) fail(`${tslab} is missing after npm ci; reinstall with \`rm -rf node_modules && npm ci\``);
  const specFile = path.join(localDir, "share", "jupyter", "kernels", "tslab", "kernel.json");
  let current = null;
  try {
    current = JSON.parse(fs.readFileSync(specFile, "utf8"));
  } catch {
    // absent or unreadable: (re)install below
  }
  let changed = false;
  if (!current || current.argv?.[0] !== tslab) {
    say(`registering the tslab kernel in ${path.relative(projectRoot, path.dirname(specFile))}`);
    const r = run(tslab, ["install", `--python=${python}`, `--binary=${tslab}`, `--prefix=${localDir}`], { env: jupyterEnv() });
    if (!r.ok) fail(`tslab install failed (exit ${r.status}):\n${r.out}`);
    changed = true;
  }
  const list = run(python, ["-m", "jupyter", "kernelspec", "list"], { env: jupyterEnv() });
  const line = list.out.split("\n").find((l) => /^\s*tslab\s/.test(l));
  if (!list.ok || !line || !line.includes(localDir)) {
    fail(`\`jupyter kernelspec list\` does not show our tslab kernel under ${localDir}:\n${list.out}`);
  }
  return { tslab, changed };
}

/** Copies plotly.min.js to .jupyter-local/share/jupyter/nbextensions/tsdl-plotly/ unless the same file is there. */
function ensurePlotlyNbextension() {
  const src = path.join(projectRoot, "node_modules", "plotly.js-dist-min", "plotly.min.js");
  if (!fs.existsSync(src)) fail(`${src} is missing after npm ci; reinstall with \`rm -rf node_modules && npm ci\``);
  const dest = path.join(localDir, "share", "jupyter", "nbextensions", "tsdl-plotly", "plotly.min.js");
  const bytes = fs.readFileSync(src);
  if (fs.existsSync(dest) && fs.readFileSync(dest).equals(bytes)) return false;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, dest); // a server reading it meanwhile sees the old file or the new one, never half
  say(`installed plotly.min.js (${(bytes.length / 1e6).toFixed(1)} MB) as the nbextension tsdl-plotly in ${path.relative(projectRoot, path.dirname(dest))}`);
  return true;
}

function writeIfChanged(file, text) {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return true;
}

const jupyter = ensureJupyter();
const installed = ensureNodeModules();
const kernel = ensureKernel(jupyter.python);
const nbextension = ensurePlotlyNbextension();
// imported only now: it needs esbuild from node_modules
const lab = jupyter.jupyterLab ? { ready: false, built: false } : await (await import("../hosts/jupyterlab/setup-lab.mjs")).ensureLab(jupyter.python, say);
const labApp = lab.ready;
const record = { python: jupyter.python, jupyterLab: jupyter.jupyterLab, labApp, tslab: kernel.tslab };
const wrote = writeIfChanged(setupFile, JSON.stringify(record, null, 2) + "\n");
const changes = [installed && "npm packages", kernel.changed && "kernelspec", nbextension && "plotly nbextension", lab.built && "JupyterLab build", wrote && "setup.json"].filter(Boolean);
say(
  `ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: python ${jupyter.python} ` +
    `(${jupyter.jupyterLab ? "its JupyterLab" : labApp ? "our JupyterLab build" : "classic Notebook, no JupyterLab"}), tslab kernel and plotly nbextension in place; ` +
    (changes.length ? `changed: ${changes.join(", ")}` : "nothing changed"),
);
