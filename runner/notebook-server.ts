// Every Jupyter process we start: the headless `jupyter server` of the runner, and the one a learner
// opens (JupyterLab when installed, otherwise the classic Notebook, which still takes NotebookApp
// options). Always 127.0.0.1, a free port, a random token, the project-local Jupyter environment;
// stopped with every kernel it started (kernels run in their own sessions and survive the server).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { jupyterEnv, projectRoot, readSetup } from "../kernel-setup/jupyter-env.mjs";
import { descendants, freePort } from "./processes";

export interface NotebookServerOptions {
  /** folder shown in the file browser; notebooks must lie inside it */
  notebookDir: string;
  /** "server" (headless, for the runner), "lab" or "notebook"; default: "lab" when setup found or built a JupyterLab, else "notebook" */
  app?: JupyterApp;
  /** extra command-line arguments */
  extraArgs?: string[];
  /** port to use; default: a free one */
  port?: number;
  /** let Jupyter open the system browser (default false) */
  openBrowser?: boolean;
  /** how long to wait for the server to answer (ms), default 30 s */
  startTimeoutMs?: number;
  /** Jupyter's log lines (stderr); default: dropped */
  onLog?: (text: string) => void;
  /** where Jupyter's stdout goes; default "ignore" */
  stdout?: "inherit" | "ignore";
  /** run Jupyter in its own process group, so a terminal's Ctrl-C reaches only us and we stop it cleanly */
  detached?: boolean;
}

export type JupyterApp = "server" | "lab" | "notebook";

/** Our JupyterLab's server (hosts/jupyterlab/), run when the python has no JupyterLab of its own. */
const LAB_APP = path.join(projectRoot, "hosts", "jupyterlab", "server", "tsdl_lab.py");

/**
 * What runs `app`: `jupyter <app>`, or for "lab" without python's JupyterLab our build's server.
 * Example: `jupyterCommand("lab", { jupyterLab: false, labApp: true })` → [".../tsdl_lab.py"].
 */
export function jupyterCommand(app: JupyterApp, setup: { jupyterLab?: boolean; labApp?: boolean }): string[] {
  if (app !== "lab" || setup.jupyterLab) return ["-m", "jupyter", app];
  if (!setup.labApp) throw new Error("no JupyterLab here: `npm run setup` installs python3-jupyterlab-server and builds ours (its messages say why it could not); the classic Notebook needs no JupyterLab (`npm start -- --classic`)");
  return [LAB_APP];
}

export interface NotebookServer {
  app: JupyterApp;
  /** e.g. http://127.0.0.1:8890 */
  baseUrl: string;
  token: string;
  port: number;
  pid: number;
  /** the page a learner opens: the file browser (/tree or /lab) with the token */
  url: string;
  /** the URL of a notebook page, `rel` relative to notebookDir, token included */
  notebookUrl(rel: string): string;
  /** resolves with the exit code when the server process ends */
  exited: Promise<number | null>;
  /** shuts its kernels down, stops the server, kills whatever it started; safe to call twice (both wait) */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start time of a process (field 22 of /proc/PID/stat), or "" when it is gone: tells a PID reused later apart. */
function startTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

/**
 * Starts Jupyter Notebook/Lab and waits until its API answers.
 * Example: `const s = await startNotebookServer({ notebookDir: "notebooks" }); console.log(s.url); await s.stop();`
 */
export async function startNotebookServer(options: NotebookServerOptions): Promise<NotebookServer> {
  const setup = readSetup();
  const app = options.app ?? (setup.jupyterLab || setup.labApp ? "lab" : "notebook");
  const cfg = app === "notebook" ? "NotebookApp" : "ServerApp";
  const dirOption = app === "notebook" ? "notebook_dir" : "root_dir";
  const { startTimeoutMs = 30_000 } = options;
  const port = options.port ?? (await freePort());
  const token = crypto.randomBytes(24).toString("hex"); // 192 bits; passed in the environment, never on the command line (`ps` shows that to every user)
  const args = [
    ...jupyterCommand(app, setup),
    `--${cfg}.ip=127.0.0.1`, `--${cfg}.port=${port}`, `--${cfg}.port_retries=0`,
    `--${cfg}.${dirOption}=${options.notebookDir}`,
    ...(options.openBrowser ? [] : ["--no-browser"]),
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ...(options.extraArgs ?? []),
  ];
  const proc = spawn(setup.python, args, { env: { ...jupyterEnv(), JUPYTER_TOKEN: token }, stdio: ["ignore", options.stdout ?? "ignore", "pipe"], detached: options.detached ?? false });
  let log = "";
  proc.stderr!.on("data", (d: Buffer) => {
    const text = d.toString();
    log = (log + text).slice(-20_000);
    options.onLog?.(text);
  });
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const auth = { Authorization: `token ${token}` };
  // kernels run in their own sessions: remember their PIDs while the server lives, to kill orphans later
  const known = new Map<number, string>(); // pid → start time
  const remember = () => {
    for (const pid of descendants(proc.pid!)) if (!known.has(pid)) known.set(pid, startTime(pid));
  };
  const watch = setInterval(remember, 500);
  watch.unref();
  // if this process dies before stop() (a crash, process.exit), the server still gets SIGTERM and
  // shuts its kernels down itself
  const onExit = () => {
    if (proc.exitCode === null) proc.kill("SIGTERM");
  };
  process.once("exit", onExit);
  exited.then(() => {
    clearInterval(watch);
    process.removeListener("exit", onExit);
  });

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= shutdown()); // a second caller waits for the same shutdown
  const shutdown = async () => {
    remember();
    if (proc.exitCode === null) {
      // ask for a clean kernel shutdown first; the server's own SIGTERM cleanup is the second line
      try {
        const r = await fetch(`${baseUrl}/api/kernels`, { headers: auth, signal: AbortSignal.timeout(3000) });
        const kernels = r.ok ? ((await r.json()) as { id: string }[]) : [];
        await Promise.all(kernels.map((k) => fetch(`${baseUrl}/api/kernels/${k.id}`, { method: "DELETE", headers: auth, signal: AbortSignal.timeout(5000) }).catch(() => undefined)));
      } catch {
        // server not answering: signals below
      }
      proc.kill("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    }
    // only processes still the ones we saw (same start time), never a PID reused since
    for (const [pid, t0] of known) if (t0 && startTime(pid) === t0) process.kill(pid, "SIGKILL");
  };

  const server: NotebookServer = {
    app, baseUrl, token, port, pid: proc.pid!, exited, stop,
    url: `${baseUrl}/${app === "lab" ? "lab" : "tree"}?token=${token}`,
    notebookUrl: (rel) => `${baseUrl}/${app === "lab" ? "lab/tree" : "notebooks"}/${rel.split("/").map(encodeURIComponent).join("/")}?token=${token}`,
  };
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`jupyter ${app} exited (code ${proc.exitCode ?? proc.signalCode}) before answering on port ${port}:\n${log.slice(-3000)}`);
    }
    try {
      const r = await fetch(`${baseUrl}/api/status`, { headers: auth, signal: AbortSignal.timeout(2000) });
      if (r.ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`jupyter ${app} did not answer on ${baseUrl} within ${startTimeoutMs / 1000} s:\n${log.slice(-3000)}`);
}
