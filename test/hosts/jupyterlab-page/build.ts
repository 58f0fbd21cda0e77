// Bundles the JupyterLab host test's page (main.ts) with esbuild into one browser script:
// `await buildPage("out/test-hosts/jupyterlab-x/page.js")` → bytes written.
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { jupyterlabAliases } from "../../../hosts/jupyterlab/esbuild-aliases.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

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
    plugins: [jupyterlabAliases("@jupyterlab/rendermime")],
  });
  const out = Object.values(result.metafile!.outputs)[0];
  return out.bytes;
}
