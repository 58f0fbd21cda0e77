// Types for what the page imports without its own declarations (build.ts bundles CSS as text).
declare module "*.css" {
  const text: string;
  export default text;
}

declare module "jupyterlab-plotly/lib/plotly-renderer.js" {
  import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
  export const MIME_TYPE: "application/vnd.plotly.v1+json";
  export const rendererFactory: IRenderMime.IRendererFactory;
}
