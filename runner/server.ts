// A private Jupyter server: 127.0.0.1 only, a free port, a random token, stopped with every kernel
// it started (kernels run in their own process sessions and survive a killed server).
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import { jupyterEnv, readSetup } from "../kernel-setup/jupyter-env.mjs";

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

/** A port nobody listens on right now, e.g. `await freePort()`. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves true when something accepts connections on 127.0.0.1:port. */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: "127.0.0.1", port });
    sock.once("connect", () => (sock.destroy(), resolve(true)));
    sock.once("error", () => resolve(false));
  });
}

/** PIDs of every live descendant of `pid` (read from /proc; empty elsewhere). */
export function descendants(pid: number): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const e of entries) {
    try {
      // field 4 of /proc/PID/stat is the parent pid; the command name (field 2) may hold spaces
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(e)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const todo = [pid];
  while (todo.length) {
    for (const c of children.get(todo.pop()!) ?? []) {
      out.push(c);
      todo.push(c);
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `jupyter server` and waits until its API answers, e.g. `await startServer({ rootDir: "." })`. */
export async function startServer(options: ServerOptions): Promise<JupyterServer> {
  const { python } = readSetup();
  const { rootDir, startTimeoutMs = 30_000, extraArgs = [] } = options;
  const port = options.port ?? (await freePort());
  if (await portInUse(port)) throw new Error(`port ${port} on 127.0.0.1 is already in use: choose another port or omit it to get a free one`);
  const token = crypto.randomBytes(24).toString("hex"); // 192 bits
  const args = [
    "-m", "jupyter", "server", "--no-browser",
    "--ServerApp.ip=127.0.0.1", `--ServerApp.port=${port}`, "--ServerApp.port_retries=0",
    `--ServerApp.token=${token}`, `--ServerApp.root_dir=${rootDir}`,
    // a kernel that ignores shutdown_request (stuck in a loop) is killed after 1 s, not 5
    "--KernelManager.shutdown_wait_time=1",
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ...extraArgs,
  ];
  const proc: ChildProcess = spawn(python, args, { env: jupyterEnv(), stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  proc.stderr!.on("data", (d) => (log = (log + d).slice(-20_000)));
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  let known: number[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    known = [...new Set([...known, ...descendants(proc.pid!)])];
    if (proc.exitCode === null) {
      proc.kill("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
      if (proc.exitCode === null) proc.kill("SIGKILL");
    }
    for (const pid of known) if (alive(pid)) process.kill(pid, "SIGKILL");
  };
  const server: JupyterServer = {
    baseUrl, token, port, pid: proc.pid!, stop,
  };
  // refresh the list of kernel PIDs while running, so stop() can kill orphans afterwards
  const watch = setInterval(() => (known = [...new Set([...known, ...descendants(proc.pid!)])]), 500);
  watch.unref();
  exited.then(() => clearInterval(watch));

  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) {
      throw new Error(`jupyter server exited (code ${proc.exitCode}) before answering on port ${port}:\n${log.slice(-3000)}`);
    }
    try {
      const r = await fetch(`${baseUrl}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`jupyter server did not answer on ${baseUrl} within ${startTimeoutMs / 1000} s:\n${log.slice(-3000)}`);
}
