// Builds our JupyterLab's front end into .jupyter-local/jupyterlab/ — only when its inputs changed
// since the last build (the inputs' hash is kept in its .build-stamp, written last):
//   static/   bundle.js + bundle.css (esbuild: app/index.ts, every package of extensions.mjs, fonts)
//   schemas/  each extension's settings schemas, as JupyterLab's builder lays them out
//   themes/   each theme's CSS, one index.css per theme package
// server/tsdl_lab.py serves it. Plain JS (esbuild's API), so setup runs it with node alone.
import { build } from "esbuild";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inputsHash } from "../../kernel-setup/build-lib.mjs";
import { localDir, projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { jupyterlabAliases } from "./esbuild-aliases.mjs";
import { EXTENSIONS, LEFT_OUT, MIME_EXTENSIONS } from "./extensions.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Where the build goes (server/tsdl_lab.py serves it from there). */
export const labBuildDir = path.join(localDir, "jupyterlab");

/** What decides the build, relative to the project root (package-lock.json pins every package's version). */
const INPUTS = ["hosts/jupyterlab/app", "hosts/jupyterlab/build.mjs", "hosts/jupyterlab/extensions.mjs", "hosts/jupyterlab/esbuild-aliases.mjs", "package-lock.json"];

const FONT_AND_IMAGE = [".woff", ".woff2", ".ttf", ".eot", ".png", ".jpg", ".gif"];

function packageJson(name) {
  const file = require.resolve(`${name}/package.json`);
  return { dir: path.dirname(file), file, data: JSON.parse(fs.readFileSync(file, "utf8")) };
}

/** The package name of an import path: "@scope/pkg/lib/x.js" → "@scope/pkg". */
const packageOf = (spec) => spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/");

/** The module "tsdl-lab:extensions" (app/modules.d.ts): the plugins' modules, their styles first. */
function extensionsModule() {
  const styles = [...EXTENSIONS, ...MIME_EXTENSIONS].flatMap((spec) => {
    const { data } = packageJson(packageOf(spec));
    const style = data.styleModule ?? data.style; // what examples/app's builder imports
    return spec === packageOf(spec) && typeof style === "string" ? [`import "${spec}/${style}";`] : [];
  });
  const imports = (specs, prefix) => specs.map((spec, i) => `import * as ${prefix}${i} from "${spec}";`);
  const list = (specs, prefix) => `[${specs.map((_, i) => `${prefix}${i}`).join(", ")}]`;
  return [
    ...styles,
    ...imports(EXTENSIONS, "e"),
    ...imports(MIME_EXTENSIONS, "m"),
    `export const extensions = ${list(EXTENSIONS, "e")};`,
    `export const mimeExtensions = ${list(MIME_EXTENSIONS, "m")};`,
    `export const leftOut = ${JSON.stringify(LEFT_OUT)};`,
  ].join("\n");
}

/**
 * The esbuild plugin for JupyterLab's assets: the virtual module above; an SVG imported by code is
 * its text (JupyterLab's icons), one in a CSS url() a data URL; `*.raw.css` is text.
 * @returns {import("esbuild").Plugin}
 */
function labAssets() {
  return {
    name: "tsdl-lab-assets",
    setup(b) {
      b.onResolve({ filter: /^tsdl-lab:extensions$/ }, () => ({ path: "extensions", namespace: "tsdl-lab" }));
      b.onLoad({ filter: /.*/, namespace: "tsdl-lab" }, () => ({ contents: extensionsModule(), loader: "js", resolveDir: projectRoot }));
      // "~pkg/file" in CSS is webpack's way to name a file in a package
      b.onResolve({ filter: /^~/ }, (args) => b.resolve(args.path.slice(1), { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer }));
      b.onResolve({ filter: /\.svg$/ }, async (args) => {
        if (args.kind !== "url-token" || args.pluginData === "svg") return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "svg" });
        return r.errors.length ? { errors: r.errors } : { path: r.path, namespace: "svg-url" };
      });
      b.onLoad({ filter: /.*/, namespace: "svg-url" }, (args) => ({ contents: fs.readFileSync(args.path), loader: "dataurl" }));
      b.onLoad({ filter: /\.raw\.css$/ }, (args) => ({ contents: fs.readFileSync(args.path, "utf8"), loader: "text" }));
    },
  };
}

const loaders = (fonts) => ({ ".svg": "text", ".md": "text", ".html": "text", ...Object.fromEntries(FONT_AND_IMAGE.map((e) => [e, fonts])) });

/** Bundles the application into `out/static`; returns the bytes of what it wrote. */
async function bundleApp(out) {
  const result = await build({
    entryPoints: { bundle: path.join(here, "app", "index.ts") },
    outdir: path.join(out, "static"),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome110",
    minify: true,
    legalComments: "linked", // the packages' licence texts, beside the bundle
    logLevel: "error",
    metafile: true,
    assetNames: "assets/[name]-[hash]",
    loader: loaders("file"),
    inject: [path.join(here, "app", "process-shim.ts")],
    define: { "process.env.NODE_ENV": '"production"', global: "globalThis", __dirname: '"/"' }, // what webpack 5 gives a browser bundle
    plugins: [labAssets(), jupyterlabAliases("@jupyterlab/application")],
  });
  return Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
}

/** Each theme package's theme CSS into `out/themes/NAME/index.css` (where JupyterLab's theme manager loads it). */
async function buildThemes(out) {
  const themes = EXTENSIONS.map(packageJson).filter((p) => p.data.jupyterlab?.themePath);
  for (const p of themes) {
    await build({
      entryPoints: [path.join(p.dir, p.data.jupyterlab.themePath)],
      outfile: path.join(out, "themes", p.data.name, "index.css"),
      bundle: true,
      minify: true,
      logLevel: "error",
      loader: { ...loaders("dataurl"), ".svg": "dataurl" },
    });
  }
  return themes.length;
}

/** Each extension's settings schemas into `out/schemas/NAME/`, with its package.json as package.json.orig. */
function copySchemas(out) {
  let files = 0;
  for (const p of EXTENSIONS.map(packageJson)) {
    const schemaDir = p.data.jupyterlab?.schemaDir;
    if (!schemaDir) continue;
    const dest = path.join(out, "schemas", p.data.name);
    fs.mkdirSync(dest, { recursive: true });
    for (const name of fs.readdirSync(path.join(p.dir, schemaDir))) {
      fs.copyFileSync(path.join(p.dir, schemaDir, name), path.join(dest, name));
      files++;
    }
    fs.copyFileSync(p.file, path.join(dest, "package.json.orig"));
  }
  return files;
}

/**
 * Builds our JupyterLab unless .jupyter-local/jupyterlab/ was built from the same inputs.
 * Example: `await ensureLabBuilt()` → { built: false, seconds: 0.3, dir } when nothing changed.
 * @param {{ force?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ built: boolean, seconds: number, dir: string, bytes?: number }>}
 */
export async function ensureLabBuilt({ force = false, log = (line) => console.log(line) } = {}) {
  const t0 = Date.now();
  const hash = inputsHash(projectRoot, INPUTS);
  const stamp = path.join(labBuildDir, ".build-stamp");
  const previous = fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8").trim() : null;
  const seconds = () => (Date.now() - t0) / 1000;
  if (!force && previous === hash) return { built: false, seconds: seconds(), dir: labBuildDir };
  log(`[jupyterlab] ${previous ? "its inputs changed: rebuilding" : "building"} the JupyterLab front end (${EXTENSIONS.length + MIME_EXTENSIONS.length} extension packages) in ${path.relative(projectRoot, labBuildDir)}/ …`);
  const tmp = `${labBuildDir}.${process.pid}.tmp`; // a server running meanwhile keeps serving the old build
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    log(`[jupyterlab]   settings schemas: ${copySchemas(tmp)} files`);
    log(`[jupyterlab]   themes: ${await buildThemes(tmp)} built (${seconds().toFixed(1)} s)`);
    log(`[jupyterlab]   bundling the application with esbuild …`);
    const bytes = await bundleApp(tmp);
    log(`[jupyterlab]   bundle: ${(bytes / 1e6).toFixed(1)} MB (${seconds().toFixed(1)} s)`);
    fs.writeFileSync(path.join(tmp, ".build-stamp"), `${hash}\n`);
    fs.rmSync(labBuildDir, { recursive: true, force: true });
    fs.renameSync(tmp, labBuildDir);
    log(`[jupyterlab] built in ${seconds().toFixed(1)} s`);
    return { built: true, seconds: seconds(), dir: labBuildDir, bytes };
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`[jupyterlab] the JupyterLab build failed: ${e.message}\n(npm start still works with --classic; \`rm -rf node_modules && npm ci\` if a package is missing)`);
  }
}

// `node hosts/jupyterlab/build.mjs [--force]`
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureLabBuilt({ force: process.argv.includes("--force") }).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
