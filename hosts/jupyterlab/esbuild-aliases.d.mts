import type { Plugin } from "esbuild";
/** The esbuild plugin that resolves Lumino, plotly.js and `path` as JupyterLab's build does. */
export function jupyterlabAliases(luminoFrom: string): Plugin;
