// The page of the JupyterLab host test (bundled by build.ts, run in Chromium): JupyterLab's own
// output area and renderers show one notebook's saved outputs, as a JupyterLab notebook does —
// a RenderMimeRegistry with the standard factories plus the plotly extension's factory at rank 0
// (how jupyterlab-plotly registers it), and per code cell an OutputArea whose OutputAreaModel is
// filled from the cell's nbformat `outputs`. No server, no kernel.
import { OutputArea, OutputAreaModel } from "@jupyterlab/outputarea";
import { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
import { Widget } from "@lumino/widgets";
import { rendererFactory as plotlyFactory } from "jupyterlab-plotly/lib/plotly-renderer.js";
import outputareaCss from "@jupyterlab/outputarea/style/base.css";
import rendermimeCss from "@jupyterlab/rendermime/style/base.css";
import plotlyCss from "jupyterlab-plotly/style/index.css";
import type { PageNotebook, PageState } from "./types";

declare global {
  interface Window {
    /** set by the notebook's data script, before this one runs */
    TSDL_NOTEBOOK?: PageNotebook;
    /** set by this script once every output area is attached */
    tsdlJupyterLab?: PageState;
  }
}

function render(nb: PageNotebook): PageState {
  const style = document.createElement("style");
  style.textContent = [rendermimeCss, outputareaCss, plotlyCss].join("\n"); // no theme: JupyterLab's --jp-* variables are unset
  document.head.appendChild(style);

  const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories });
  rendermime.addFactory(plotlyFactory, 0); // jupyterlab-plotly's extension declares rank 0
  const heading = document.createElement("h1");
  heading.textContent = `${nb.name} (${nb.trusted ? "trusted" : "untrusted"})`;
  document.body.appendChild(heading);

  let outputs = 0;
  for (const cell of nb.cells) {
    const box = document.createElement("div");
    box.className = "tsdl-cell";
    box.dataset.cell = String(cell.index);
    document.body.appendChild(box);
    const model = new OutputAreaModel({ values: cell.outputs as never, trusted: nb.trusted });
    Widget.attach(new OutputArea({ model, rendermime }), box);
    outputs += model.length;
  }
  return { cells: nb.cells.length, outputs, mimeTypes: rendermime.mimeTypes };
}

try {
  if (!window.TSDL_NOTEBOOK) throw new Error("no TSDL_NOTEBOOK: the notebook's data script did not load");
  window.tsdlJupyterLab = render(window.TSDL_NOTEBOOK);
} catch (e) {
  window.tsdlJupyterLab = { cells: 0, outputs: 0, mimeTypes: [], error: String((e as Error)?.stack ?? e) };
  throw e;
}
