// The runner's private, headless Jupyter server: `jupyter server`, launched by notebook-server.ts.
import { startNotebookServer } from "./notebook-server";
import { freePort, portInUse } from "./processes";

export { freePort } from "./processes";

export interface ServerOptions {
  /** folder the server serves; notebooks must lie inside it */
  rootDir: string;
  /** port to use; default: a free one */
  port?: number;
  /** how long to wait for the server to answer (ms), default 30 s */
  startTimeoutMs?: number;
  /** extra command-line arguments for `jupyter server` */
  extraArgs?: string[];
}

export interface JupyterServer {
  baseUrl: string;
  token: string;
  port: number;
  pid: number;
  /** stops the server and kills any process it started; safe to call twice */
  stop(): Promise<void>;
}

/** Starts `jupyter server` and waits until its API answers, e.g. `await startServer({ rootDir: "." })`. */
export async function startServer(options: ServerOptions): Promise<JupyterServer> {
  const { rootDir, startTimeoutMs, extraArgs = [] } = options;
  const port = options.port ?? (await freePort());
  if (await portInUse(port)) throw new Error(`port ${port} on 127.0.0.1 is already in use: choose another port or omit it to get a free one`);
  return startNotebookServer({
    app: "server",
    notebookDir: rootDir,
    port,
    startTimeoutMs,
    // a kernel that ignores shutdown_request (stuck in a loop) is killed after 1 s, not 5
    extraArgs: ["--KernelManager.shutdown_wait_time=1", ...extraArgs],
  });
}
