// `npm start`: makes or refreshes the learner's home (workspace/: START-HERE, their exercise copies,
// the solutions, the lectures and notes), builds tsdl when its sources changed, and opens the home
// in JupyterLab (python's, or the one setup built from npm), otherwise — or with `--classic` — the
// classic Notebook, on 127.0.0.1 with a random token.
// Runs until Ctrl-C, SIGTERM or SIGHUP (to npm's process or ours) or until npm goes away, then
// stops Jupyter and its kernels.
import path from "node:path";
import { ensureBuilt } from "../kernel-setup/build-lib.mjs";
import { homeSummary, prepareLearnerHome } from "./learner-home";
import { startNotebookServer, type JupyterApp } from "./notebook-server";
import { trustNotebooks } from "./trust";

/** How often we look whether npm (our parent) is still there: SIGHUP kills npm without telling us. */
const PARENT_POLL_MS = 500;

/** The Jupyter app the command line asks for: `npm start -- --classic` → "notebook"; none → the default. */
function appFromArgs(args: string[]): JupyterApp | undefined {
  const unknown = args.filter((a) => a !== "--classic");
  if (unknown.length) throw new Error(`npm start does not know ${unknown.join(" ")}: its one option is --classic (the classic Notebook instead of JupyterLab), e.g. \`npm start -- --classic\``);
  return args.includes("--classic") ? "notebook" : undefined;
}

async function main(): Promise<void> {
  const app = appFromArgs(process.argv.slice(2));
  const home = prepareLearnerHome();
  for (const line of homeSummary(home)) console.log(line);
  ensureBuilt();
  trustNotebooks(home.projectCopies); // lets the classic Notebook run the saved plots' scripts
  const server = await startNotebookServer({
    app,
    notebookDir: home.dir,
    openBrowser: Boolean(process.env.DISPLAY),
    detached: true,
    onLog: (text) => {
      if (process.env.TSDL_DEBUG) process.stderr.write(text);
    },
  });
  const name = server.app === "lab" ? "JupyterLab" : "Jupyter Notebook";
  const rel = path.relative(process.cwd(), home.dir) || ".";
  console.log(`\n${name} is serving your folder ${rel}/ at\n\n    ${server.url}\n\nOpen it in your browser and start with START-HERE.ipynb; press Ctrl-C here to stop.\n`);

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return; // npm forwards a terminal's Ctrl-C, which we receive too
    stopping = true;
    console.log(`\n${why}: stopping Jupyter and its kernels …`);
    void server.stop().then(() => process.exit(0));
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stop(signal));
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop("npm has stopped");
  }, PARENT_POLL_MS).unref();

  const code = await server.exited;
  await server.stop(); // kills kernels that outlived a server stopped from its own UI
  process.exit(code ?? 0);
}

main().catch((e) => {
  console.error(`ERROR ${(e as Error).message}`);
  process.exit(1);
});
