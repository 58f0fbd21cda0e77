// One esbuild plugin for every bundle of JupyterLab code here (our JupyterLab, the host test's
// output page): resolves the imports whose npm resolution differs from what JupyterLab gives at run time.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/**
 * jupyterlab-plotly declares @lumino/widgets ^1 (npm gives it its own Lumino 1 copy), but in
 * JupyterLab 4 an extension gets the application's singleton Lumino 2 at run time (shared
 * modules). So every @lumino/* import resolves to the one copy that `luminoFrom`'s package uses.
 * Its renderer does `import("plotly.js/dist/plotly")`: package.json's overrides install plotly.js as
 * plotly.js-dist-min (same library without plotly.js's ~500 build packages), whose one file is
 * plotly.min.js.
 * Example: `build({ …, plugins: [jupyterlabAliases("@jupyterlab/application")] })`.
 * @param {string} luminoFrom a package whose Lumino 2 copy every bundled module gets
 * @returns {import("esbuild").Plugin}
 */
export function jupyterlabAliases(luminoFrom) {
  const luminoDir = path.dirname(require.resolve(`${luminoFrom}/package.json`));
  const plotlyExtDir = path.dirname(require.resolve("jupyterlab-plotly/package.json"));
  const plotlyMin = require.resolve("plotly.js/plotly.min.js", { paths: [plotlyExtDir] });
  return {
    name: "jupyterlab-aliases",
    setup(b) {
      b.onResolve({ filter: /^plotly\.js\/dist\/plotly(\.js)?$/ }, () => ({ path: plotlyMin }));
      b.onResolve({ filter: /^@lumino\// }, async (args) => {
        if (args.pluginData === "lumino-resolved") return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: luminoDir, pluginData: "lumino-resolved" });
        return r.errors.length ? { errors: r.errors } : { path: r.path, sideEffects: r.sideEffects };
      });
    },
  };
}
