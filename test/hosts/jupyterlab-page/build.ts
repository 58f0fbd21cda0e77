// Bundles the JupyterLab host test's page (main.ts) with esbuild into one browser script:
// `await buildPage("out/test-hosts/jupyterlab-x/page.js")` → bytes written.
import { build, type Plugin } from "esbuild";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** where @jupyterlab/rendermime resolves its own imports from */
const rendermimeDir = path.dirname(require.resolve("@jupyterlab/rendermime/package.json"));
const plotlyExtDir = path.dirname(require.resolve("jupyterlab-plotly/package.json"));
/**
 * jupyterlab-plotly's renderer does `import("plotly.js/dist/plotly")`; package.json's overrides
 * install plotly.js as plotly.js-dist-min 2.35.2 (same library, without plotly.js's ~500 build
 * packages), whose one file is plotly.min.js.
 */
const plotlyMin = require.resolve("plotly.js/plotly.min.js", { paths: [plotlyExtDir] });

/**
 * jupyterlab-plotly declares @lumino/widgets ^1 (npm gives it its own lumino 1 copy), but in
 * JupyterLab 4 an extension gets the application's singleton lumino 2 at run time (shared
 * modules). So every @lumino/* import in the bundle resolves to the single copy that
 * @jupyterlab/rendermime uses, as in JupyterLab.
 */
const aliases: Plugin = {
  name: "jupyterlab-aliases",
  setup(b) {
    b.onResolve({ filter: /^plotly\.js\/dist\/plotly(\.js)?$/ }, () => ({ path: plotlyMin }));
    b.onResolve({ filter: /^@lumino\// }, async (args) => {
      if (args.pluginData === "lumino-resolved") return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: rendermimeDir, pluginData: "lumino-resolved" });
      return r.errors.length ? { errors: r.errors } : { path: r.path, sideEffects: r.sideEffects };
    });
  },
};

/** Writes the page script to `outfile` (iife, no splitting: plotly.js is inlined, loaded once). */
export async function buildPage(outfile: string): Promise<number> {
  const result = await build({
    entryPoints: [path.join(here, "main.ts")],
    outfile,
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome110",
    minify: false,
    sourcemap: false,
    legalComments: "none",
    logLevel: "silent",
    metafile: true,
    loader: { ".css": "text", ".svg": "text" }, // CSS as text, injected by main.ts into a <style>
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [aliases],
  });
  const out = Object.values(result.metafile!.outputs)[0];
  return out.bytes;
}
