// `npm start`: opens the notebooks in JupyterLab when installed, otherwise the classic Notebook, on
// 127.0.0.1 with a random token, and prints the URL. Runs until Ctrl-C, then stops Jupyter and its kernels.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { jupyterEnv, projectRoot, readSetup } from "../kernel-setup/jupyter-env.mjs";
import { freePort, descendants } from "./server";
import { defaultNotebooks } from "./source";
import { trustNotebooks } from "./trust";

async function main(): Promise<void> {
  const setup = readSetup();
  trustNotebooks(defaultNotebooks().filter((f) => fs.existsSync(f))); // lets the classic Notebook run the saved plots' scripts
  const port = await freePort();
  const token = crypto.randomBytes(24).toString("hex");
  const app = setup.jupyterLab ? "lab" : "notebook";
  const cfg = setup.jupyterLab ? "ServerApp" : "NotebookApp"; // Notebook 6 still uses NotebookApp options
  const args = [
    "-m", "jupyter", app,
    `--${cfg}.ip=127.0.0.1`, `--${cfg}.port=${port}`, `--${cfg}.port_retries=0`, `--${cfg}.token=${token}`,
    `--${cfg}.notebook_dir=${path.join(projectRoot, "notebooks")}`,
    ...(process.env.DISPLAY ? [] : ["--no-browser"]),
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ];
  const proc = spawn(setup.python, args, { env: jupyterEnv(), stdio: ["ignore", "inherit", "pipe"] });
  let announced = false;
  proc.stderr!.on("data", (d: Buffer) => {
    const text = d.toString();
    if (process.env.TSDL_DEBUG) process.stderr.write(text);
    if (!announced && /is running at|Jupyter Server .* is running|http:\/\/127\.0\.0\.1/.test(text)) {
      announced = true;
      const url = `http://127.0.0.1:${port}/${app === "lab" ? "lab" : "tree"}?token=${token}`;
      console.log(`\nJupyter ${app === "lab" ? "Lab" : "Notebook"} is serving notebooks/ at\n\n    ${url}\n\nOpen it in your browser; press Ctrl-C here to stop.\n`);
    }
  });
  const stop = () => {
    for (const pid of descendants(proc.pid!)) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    proc.kill("SIGTERM");
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const code = await new Promise<number | null>((r) => proc.once("exit", r));
  process.exit(code ?? 0);
}

main().catch((e) => {
  console.error(`ERROR ${(e as Error).message}`);
  process.exit(1);
});
