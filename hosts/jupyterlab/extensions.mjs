// What our JupyterLab is made of: the npm packages whose plugins it loads (as JupyterLab's own
// `examples/app` lists them), chosen for what a learner does with a notebook. The build bundles
// each package's code and style and copies its settings schemas; the front end registers them.

/** Application extensions: shell, files, notebooks, editors, kernels, menus, settings, themes. */
export const EXTENSIONS = [
  "@jupyterlab/application-extension",
  "@jupyterlab/apputils-extension",
  "@jupyterlab/celltags-extension",
  "@jupyterlab/codemirror-extension",
  "@jupyterlab/completer-extension",
  "@jupyterlab/console-extension",
  "@jupyterlab/docmanager-extension",
  "@jupyterlab/documentsearch-extension",
  "@jupyterlab/filebrowser-extension",
  "@jupyterlab/fileeditor-extension",
  "@jupyterlab/help-extension",
  "@jupyterlab/imageviewer-extension",
  "@jupyterlab/launcher-extension",
  "@jupyterlab/mainmenu-extension",
  "@jupyterlab/markdownviewer-extension",
  "@jupyterlab/markedparser-extension",
  "@jupyterlab/mathjax-extension",
  "@jupyterlab/metadataform-extension",
  "@jupyterlab/notebook-extension",
  "@jupyterlab/rendermime-extension",
  "@jupyterlab/running-extension",
  "@jupyterlab/settingeditor-extension",
  "@jupyterlab/shortcuts-extension",
  "@jupyterlab/statusbar-extension",
  "@jupyterlab/theme-dark-extension",
  "@jupyterlab/theme-light-extension",
  "@jupyterlab/toc-extension",
  "@jupyterlab/tooltip-extension",
  "@jupyterlab/translation-extension",
  "@jupyterlab/ui-components-extension",
];

/** Mime renderer extensions: JSON outputs, and Plotly figures drawn from their JSON. */
export const MIME_EXTENSIONS = ["@jupyterlab/json-extension", "jupyterlab-plotly/lib/plotly-renderer.js"];

/**
 * Plugins left out, by a part of their id: the language-server ones need a language server that
 * jupyter-server 1.23 does not have (examples/app leaves them out too); the announcements one asks
 * the learner whether to fetch news from the internet, through an API only python's jupyterlab has.
 */
export const LEFT_OUT = [":language-server", "@jupyterlab/apputils-extension:announcements"];
