#!/usr/bin/env node
// Makes this machine ready to run the notebooks, and says what it did. Idempotent: with
// everything present it changes nothing. Steps: Jupyter (apt-get when missing and we are root),
// npm packages (`npm ci` when node_modules is missing or older than package-lock.json), the tslab
// kernelspec in .jupyter-local/ (never the user's home), checked with `jupyter kernelspec list`,
// plotly.min.js as a classic-Notebook nbextension there, so saved plots load plotly.js from
// the server instead of carrying it (lib/src/plot/html.ts), and code cells that wrap long lines.
// Also bubblewrap, the grader's sandbox (apt-get when missing and we are root; otherwise it prints
// the command).
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

/** bubblewrap (`bwrap`) for the grader's sandbox: installed like Jupyter, but its absence only warns (notebooks do not need it). */
function ensureBubblewrap() {
  if (run("bwrap", ["--version"]).ok) return false;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = run("sh", ["-c", "command -v apt-get"]).ok;
  const manual = "the grader needs it to sandbox submissions: sudo apt-get install --no-install-recommends bubblewrap";
  if (!isRoot || !hasApt) {
    say(`WARNING: bubblewrap (bwrap) is not installed; ${manual}`);
    return false;
  }
  say("installing bubblewrap with apt-get (the grader's sandbox) …");
  const t = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  // another apt run may hold the lock for a while: wait for it instead of failing
  let r = run("apt-get", ["install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=300", "--no-install-recommends", "bubblewrap"], { env });
  if (!r.ok) {
    run("apt-get", ["update", "-qq", "-o", "DPkg::Lock::Timeout=300"], { env });
    r = run("apt-get", ["install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=300", "--no-install-recommends", "bubblewrap"], { env });
  }
  if (!r.ok || !run("bwrap", ["--version"]).ok) fail(`apt-get install bubblewrap failed (exit ${r.status}):\n${r.out.slice(-2000)}\n${manual}`);
  say(`apt-get installed bubblewrap in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return true;
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

/** Adds the keys of `defaults` that `target` lacks, at any depth; returns whether it added any. */
function addMissing(target, defaults) {
  let added = false;
  for (const [k, v] of Object.entries(defaults)) {
    if (!(k in target)) {
      target[k] = v;
      added = true;
    } else if (v && typeof v === "object" && target[k] && typeof target[k] === "object") {
      added = addMissing(target[k], v) || added;
    }
  }
  return added;
}

/** Merges `defaults` into the JSON settings file `file` (made when absent), keeping every value already there; returns whether it wrote. */
function mergeSettings(file, defaults) {
  let current = {};
  if (fs.existsSync(file)) {
    try {
      current = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      fail(`${file} is not valid JSON (${e.message}); Jupyter cannot read it either: fix it or delete it, then run this again`);
    }
  }
  if (!addMissing(current, defaults)) return false;
  return writeIfChanged(file, JSON.stringify(current, null, 2) + "\n");
}

/**
 * Long code lines wrap at the cell's edge instead of running out of sight. Notebook 6 reads the
 * CodeMirror options of code cells (CodeCell.cm_config) from nbconfig/notebook.json in our
 * JUPYTER_CONFIG_DIR; JupyterLab and Notebook 7 read codeCellConfig.lineWrap from overrides.json
 * in JupyterLab's app folder (the conda env's, as on Binder). A value already set there is kept.
 */
function ensureLineWrapping(python, jupyterLab) {
  const changed = [];
  const nbconfig = path.join(jupyterEnv().JUPYTER_CONFIG_DIR, "nbconfig", "notebook.json");
  if (mergeSettings(nbconfig, { CodeCell: { cm_config: { lineWrapping: true } } })) changed.push(path.relative(projectRoot, nbconfig));
  if (jupyterLab) {
    const r = run(python, ["-c", "from jupyterlab.commands import get_app_dir; print(get_app_dir())"], { env: jupyterEnv() });
    if (!r.ok) {
      say(`note: could not ask JupyterLab for its app folder, so its code cells keep their line-wrap setting:\n${r.out.trim()}`);
    } else {
      const overrides = path.join(r.out.trim().split("\n").pop(), "settings", "overrides.json");
      try {
        if (mergeSettings(overrides, { "@jupyterlab/notebook-extension:tracker": { codeCellConfig: { lineWrap: true } } })) changed.push(overrides);
      } catch (e) {
        say(`note: ${overrides} is not writable (${e.code ?? e.message}): JupyterLab's code cells keep their line-wrap setting`);
      }
    }
  }
  if (changed.length) say(`code cells wrap long lines: wrote ${changed.join(", ")}`);
  return changed.length > 0;
}

const jupyter = ensureJupyter();
const bubblewrap = ensureBubblewrap();
const installed = ensureNodeModules();
const kernel = ensureKernel(jupyter.python);
const nbextension = ensurePlotlyNbextension();
const wrapping = ensureLineWrapping(jupyter.python, jupyter.jupyterLab);
// imported only now: it needs esbuild from node_modules; a grader's bundle (npm run autograder) has no hosts/
const labSetup = path.join(projectRoot, "hosts", "jupyterlab", "setup-lab.mjs");
const lab = jupyter.jupyterLab || !fs.existsSync(labSetup) ? { ready: false, built: false } : await (await import(labSetup)).ensureLab(jupyter.python, say);
const labApp = lab.ready;
const record = { python: jupyter.python, jupyterLab: jupyter.jupyterLab, labApp, tslab: kernel.tslab };
const wrote = writeIfChanged(setupFile, JSON.stringify(record, null, 2) + "\n");
const changes = [bubblewrap && "bubblewrap", installed && "npm packages", kernel.changed && "kernelspec", nbextension && "plotly nbextension", wrapping && "line wrapping", lab.built && "JupyterLab build", wrote && "setup.json"].filter(Boolean);
say(
  `ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: python ${jupyter.python} ` +
    `(${jupyter.jupyterLab ? "its JupyterLab" : labApp ? "our JupyterLab build" : "classic Notebook, no JupyterLab"}), tslab kernel and plotly nbextension in place; ` +
    (changes.length ? `changed: ${changes.join(", ")}` : "nothing changed"),
);
