// The browser side of our JupyterLab (bundled by ../build.mjs): registers the plugins of the
// packages in ../extensions.mjs and starts the application, as JupyterLab's examples/app does.
// The page's #jupyter-config-data (server/templates/index.html) tells it where the server is.
import { JupyterLab } from "@jupyterlab/application";
import { extensions, leftOut, mimeExtensions } from "tsdl-lab:extensions";

type Plugin = { id: string };
type PluginModule = { __esModule: true; default: Plugin[] };

/**
 * A bundled module as JupyterLab reads one: its plugins as a list, without the left-out ones.
 * `__esModule` is set because JupyterLab takes a module without it for CommonJS (webpack sets it;
 * esbuild's module objects have no such property).
 */
function pluginModule(mod: unknown): PluginModule {
  const exported = (mod as { default: Plugin | Plugin[] }).default;
  const plugins = Array.isArray(exported) ? exported : [exported];
  return { __esModule: true, default: plugins.filter((p) => !leftOut.some((part) => p.id.includes(part))) };
}

async function start(): Promise<void> {
  const lab = new JupyterLab({ mimeExtensions: mimeExtensions.map(pluginModule) as never });
  lab.registerPluginModules(extensions.map(pluginModule) as never);
  await lab.start();
  await lab.restored;
  document.body.dataset.tsdlLab = "restored"; // what the host test waits for
}

window.addEventListener("load", () => {
  start().catch((e: unknown) => {
    // a blank page says nothing: show why the application did not start
    document.body.dataset.tsdlLab = "failed";
    const pre = document.createElement("pre");
    pre.textContent = `JupyterLab did not start: ${String((e as Error)?.stack ?? e)}`;
    document.body.appendChild(pre);
    throw e;
  });
});
