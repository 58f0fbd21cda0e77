// `npm start`: opens the notebooks in JupyterLab when installed, otherwise the classic Notebook, on
// 127.0.0.1 with a random token, and prints the URL. Runs until Ctrl-C, then stops Jupyter and its kernels.
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import { startNotebookServer } from "./notebook-server";
import { defaultNotebooks } from "./source";
import { trustNotebooks } from "./trust";

async function main(): Promise<void> {
  trustNotebooks(defaultNotebooks().filter((f) => fs.existsSync(f))); // lets the classic Notebook run the saved plots' scripts
  const server = await startNotebookServer({
    notebookDir: path.join(projectRoot, "notebooks"),
    openBrowser: Boolean(process.env.DISPLAY),
    stdout: "inherit",
    onLog: (text) => {
      if (process.env.TSDL_DEBUG) process.stderr.write(text);
    },
  });
  const name = server.app === "lab" ? "Lab" : "Notebook";
  console.log(`\nJupyter ${name} is serving notebooks/ at\n\n    ${server.url}\n\nOpen it in your browser; press Ctrl-C here to stop.\n`);
  const stop = () => void server.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const code = await server.exited;
  await server.stop(); // kills kernels that outlived a server stopped from its own UI
  process.exit(code ?? 0);
}

main().catch((e) => {
  console.error(`ERROR ${(e as Error).message}`);
  process.exit(1);
});
