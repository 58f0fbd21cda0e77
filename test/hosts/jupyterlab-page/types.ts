// What the JupyterLab host test hands its page and what the page reports back (shared by
// jupyterlab.test.ts and main.ts).

/** One notebook as the page gets it: its code cells' saved outputs (nbformat JSON), unchanged. */
export interface PageNotebook {
  name: string;
  trusted: boolean;
  cells: { index: number; outputs: unknown[] }[];
}

/** Set by the page as `window.tsdlJupyterLab` once every output area is attached. */
export interface PageState {
  cells: number;
  /** output items in the models (JupyterLab joins consecutive stream outputs of one name) */
  outputs: number;
  /** the registry's mime types, most preferred first */
  mimeTypes: readonly string[];
  error?: string;
}
