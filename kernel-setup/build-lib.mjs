// Builds tsdl (lib/src → lib/dist: tsc, then the compiled kernels with asc) — only when its inputs
// changed since the last build, so `npm start`, `labs`, `grade` and `test` do not wait ~5 s for
// nothing. The inputs' hash is kept in lib/dist/.build-stamp, written after a build succeeds.
// Plain JS with no dependencies: it runs before anything else of ours.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { projectRoot } from "./jupyter-env.mjs";

/** What decides lib/dist's content, relative to the project root; folders are read whole. */
const INPUTS = ["lib/src", "lib/tsconfig.json", "lib/package.json", "tsconfig.base.json", "node_modules/typescript/package.json", "node_modules/assemblyscript/package.json"];

/** The build's steps: [what, command, args]; run from the project root. */
const STEPS = [
  ["tsc", "node_modules/.bin/tsc", ["-p", "lib/tsconfig.json"]],
  ["asc", "node_modules/.bin/asc", ["lib/src/kernels/gemm.as.ts", "-O3", "--runtime", "stub", "--noAssert", "--enable", "simd", "--outFile", "lib/dist/kernels/gemm.wasm"]],
];

function filesUnder(root, rel) {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return [];
  if (!fs.statSync(abs).isDirectory()) return [rel];
  return fs.readdirSync(abs).sort().flatMap((name) => filesUnder(root, path.join(rel, name)));
}

/**
 * Hash of every build input's path and content.
 * Example: `inputsHash("/work/main")` → "3f2a…" (64 hex digits).
 */
export function inputsHash(root = projectRoot, inputs = INPUTS) {
  const h = crypto.createHash("sha256");
  for (const rel of inputs.flatMap((i) => filesUnder(root, i))) {
    h.update(`${rel}\0`);
    h.update(fs.readFileSync(path.join(root, rel)));
    h.update("\0");
  }
  return h.digest("hex");
}

/** The stamp file of a project root. */
export const stampFile = (root = projectRoot) => path.join(root, "lib", "dist", ".build-stamp");

/**
 * Builds tsdl unless lib/dist was built from the same inputs; returns what it did.
 * Example: `ensureBuilt()` → { built: false, seconds: 0.04 } when nothing changed.
 * `steps` and `inputs` are for tests; `force` builds whatever the stamp says.
 */
export function ensureBuilt({ root = projectRoot, force = false, steps = STEPS, inputs = INPUTS, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const t0 = Date.now();
  const hash = inputsHash(root, inputs);
  const stamp = stampFile(root);
  const previous = fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8").trim() : null;
  if (!force && previous === hash) return { built: false, seconds: (Date.now() - t0) / 1000 };
  log(`[build] ${force ? "building" : previous ? "tsdl's sources changed since the last build: building" : "no build of tsdl yet: building"} lib/dist (about 5 s) …`);
  fs.rmSync(stamp, { force: true }); // a build that fails half-way must not look current
  for (const [what, cmd, args] of steps) {
    const r = spawnSync(path.join(root, cmd), args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (r.error) throw new Error(`[build] ${what} could not start (${r.error.message}): is node_modules installed? run \`npm ci\``);
    if (r.status !== 0) throw new Error(`[build] ${what} failed (exit ${r.status ?? r.signal}); its messages are above`);
  }
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, `${hash}\n`);
  const seconds = (Date.now() - t0) / 1000;
  log(`[build] built lib/dist in ${seconds.toFixed(1)} s`);
  return { built: true, seconds };
}

// `node kernel-setup/build-lib.mjs [--force]`
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureBuilt({ force: process.argv.includes("--force") });
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
