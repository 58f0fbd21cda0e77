// Executes one notebook's code cells in a tslab kernel session, in order, with per-cell timeouts.
import path from "node:path";
import { KernelConnection, ServerConnection, type Kernel, type KernelMessage } from "@jupyterlab/services";
import WebSocket from "ws";
import { cellTags, sourceText, type Notebook, type Output } from "./notebook";
import { OutputCollector, errorMessage, streamText } from "./outputs";
import type { JupyterServer } from "./server";
import { quietServicesLog } from "./services-log";

quietServicesLog(); // every user of kernel sessions (runner, grader, tests) shuts kernels down on purpose

export const DEFAULT_CELL_TIMEOUT_S = 120;
/** tslab answers requests sent right after an error with an empty error: wait this long first. */
const AFTER_ERROR_PAUSE_MS = 600;
/** A kernel that has not answered kernel_info by then is given up and started afresh, once (issue 23: rarely one never answers). */
const KERNEL_START_TIMEOUT_MS = 40_000;
/** The fresh kernel's bound: a loaded machine may really take this long. */
const KERNEL_RESTART_TIMEOUT_MS = 90_000;


/** How to open a kernel session (see KernelSession.open). */
export interface OpenOptions {
  rootDir: string;
  file: string;
  kernelName?: string;
  maxStreamBytes?: number;
  /** bound for the kernel's first answer (default 40 s), and for the fresh kernel's after it (default 90 s) */
  startTimeoutMs?: number;
  restartTimeoutMs?: number;
  /** what the session has to say (a kernel started afresh); default: a line on stderr */
  onNote?: (text: string) => void;
}

export interface CellEvent {
  index: number;
  total: number;
  seconds: number;
  status: "ok" | "error" | "expected-error" | "skipped";
}

export interface ExecuteOptions {
  /** folder the server serves (to give the session the notebook's path relative to it) */
  rootDir: string;
  /** the notebook's path on disk (for messages and the session path) */
  file: string;
  /** per-cell timeout in seconds; notebook metadata `tsdl.timeout` and cell metadata `tsdl.timeout` override it */
  cellTimeoutS?: number;
  kernelName?: string;
  onCell?: (e: CellEvent) => void;
  /** called when a cell starts */
  onCellStart?: (index: number, total: number) => void;
  /** a session opened ahead for this notebook (see runNotebooks); executeNotebook closes it */
  session?: Promise<KernelSession>;
}

export interface ExecuteResult {
  cells: number;
  seconds: number;
  kernelStartSeconds: number;
  /** set when a cell failed: names notebook, cell index and the error text */
  error?: string;
}

/** Thrown inside the runner when a cell fails; the message names notebook, cell and cause. */
export class CellError extends Error {}

/** The kernel of a new session did not answer in time. */
class KernelStartTimeout extends CellError {}

/** Connection settings for @jupyterlab/services on our server, e.g. `new KernelManager({ serverSettings: settingsFor(server) })`. */
export function settingsFor(server: JupyterServer): ServerConnection.ISettings {
  return ServerConnection.makeSettings({
    baseUrl: server.baseUrl + "/",
    wsUrl: server.baseUrl.replace(/^http/, "ws") + "/",
    token: server.token,
    appendToken: true,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function timeoutFor(nb: Notebook, cellMeta: Record<string, any>, fallback: number): number {
  const t = cellMeta?.tsdl?.timeout ?? nb.metadata?.tsdl?.timeout ?? fallback;
  if (typeof t !== "number" || !(t > 0)) throw new Error(`invalid timeout ${JSON.stringify(t)} in notebook metadata (tsdl.timeout must be seconds > 0)`);
  return t;
}

/** How one cell ended: its reply, or no reply because the timeout fired or the kernel died. */
export type CellStatus = "ok" | "error" | "timeout" | "died";

export interface CellRun {
  status: CellStatus;
  outputs: Output[];
  seconds: number;
  /** for "timeout" and "died": what happened, naming `where` */
  reason?: string;
}

/**
 * One tslab kernel session on a server, for running cells one by one (the runner and the grader
 * both use it). After a "timeout" or "died" the session is unusable: close it and open another.
 * Example: `const k = await KernelSession.open(server, {rootDir, file}); await k.run("1 + 1", 10, "cell 0"); await k.close();`
 */
export class KernelSession {
  private readonly collector: OutputCollector;
  private count = 0;
  private constructor(
    maxStreamBytes: number,
    private readonly kernel: Kernel.IKernelConnection,
    private readonly session: RestSession,
    /** seconds the kernel took to answer its first request */
    readonly startSeconds: number,
  ) {
    this.collector = new OutputCollector(maxStreamBytes);
  }

  /**
   * Starts a session for `file` (relative to the served `rootDir`) and waits for its kernel to
   * answer; a kernel that does not answer within 40 s is shut down and a fresh one started, once,
   * saying so through `onNote` (default: stderr).
   */
  static async open(server: JupyterServer, options: OpenOptions): Promise<KernelSession> {
    try {
      return await KernelSession.openOnce(server, options, options.startTimeoutMs ?? KERNEL_START_TIMEOUT_MS);
    } catch (e) {
      if (!(e instanceof KernelStartTimeout)) throw e;
      const note = options.onNote ?? ((text: string) => void process.stderr.write(`${text}\n`));
      note(`${e.message}; it was shut down and a fresh kernel started`);
      return await KernelSession.openOnce(server, options, options.restartTimeoutMs ?? KERNEL_RESTART_TIMEOUT_MS);
    }
  }

  /**
   * One try: the session through the REST API and a bare kernel connection. No KernelManager on
   * purpose: its polls of /api/kernels declare a kernel dead when a listing made before the kernel
   * existed arrives after it (or when the server answers 500 while another kernel starts), which
   * disposed connections mid-start and mid-cell under load.
   */
  private static async openOnce(server: JupyterServer, options: OpenOptions, timeoutMs: number): Promise<KernelSession> {
    const name = path.relative(process.cwd(), options.file) || options.file;
    const kernelName = options.kernelName ?? "tslab";
    const t0 = Date.now();
    const session = await RestSession.start(server, {
      path: path.relative(options.rootDir, path.resolve(options.file)),
      type: "notebook",
      name: path.basename(options.file),
      kernel: { name: kernelName },
    }, name);
    let kernel: Kernel.IKernelConnection | undefined;
    try {
      kernel = new KernelConnection({ model: session.kernel, serverSettings: settingsFor(server), handleComms: false });
      handleDisposalRejections(kernel);
      await withTimeout(kernel.info, timeoutMs, `${name}: the ${kernelName} kernel did not answer within ${timeoutMs / 1000} s`, KernelStartTimeout);
      return new KernelSession(options.maxStreamBytes ?? Infinity, kernel, session, (Date.now() - t0) / 1000);
    } catch (e) {
      await shutdownQuietly(session, kernel);
      throw e;
    }
  }

  /** Runs one cell's code; never rejects for what the code does (see CellRun.status). `where` names the cell in messages. */
  async run(code: string, timeoutS: number, where: string): Promise<CellRun> {
    const t0 = Date.now();
    const outputs = this.collector.begin(++this.count);
    try {
      const status = await runCell(this.kernel, code, this.collector, timeoutS, where);
      if (status === "error") await sleep(AFTER_ERROR_PAUSE_MS);
      return { status, outputs: this.collector.outputs, seconds: (Date.now() - t0) / 1000 };
    } catch (e) {
      const reason = (e as Error).message;
      const status = /timed out/.test(reason) ? "timeout" : "died";
      return { status, outputs: this.collector.outputs ?? outputs, seconds: (Date.now() - t0) / 1000, reason };
    }
  }

  /** The execution count the next run() gets. */
  get nextCount(): number {
    return this.count + 1;
  }

  /** Shuts the kernel down (waiting out a restart the server may be doing) and disposes the connection. */
  async close(): Promise<void> {
    await shutdownQuietly(this.session, this.kernel);
  }
}

/**
 * Disposing a connection rejects its pending info and reconnect promises ("Kernel connection
 * disconnected"). The services start a reconnect themselves when a kernel restarts (after a
 * process.exit) and leave its promise unawaited, so our close() would turn it into an unhandled
 * rejection — fatal in a process where TensorFlow.js's wasm backend rethrows every one. Handled here.
 */
function handleDisposalRejections(kernel: Kernel.IKernelConnection): void {
  kernel.info.catch(() => {});
  const reconnect = kernel.reconnect.bind(kernel);
  // the services await this inside a promise chain of their own that nobody handles: resolve instead
  kernel.reconnect = () => reconnect().catch((e: Error) => {
    if (e?.message !== "Kernel connection disconnected") throw e;
  });
}

/** A notebook session on the server, made and ended through its REST API (/api/sessions). */
class RestSession {
  private constructor(
    private readonly server: JupyterServer,
    readonly id: string,
    readonly kernel: Kernel.IModel,
  ) {}

  /** POST /api/sessions; `name` names the notebook in errors. */
  static async start(server: JupyterServer, body: Record<string, unknown>, name: string): Promise<RestSession> {
    const r = await fetch(`${server.baseUrl}/api/sessions`, { method: "POST", headers: { Authorization: `token ${server.token}`, "Content-Type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(KERNEL_RESTART_TIMEOUT_MS) })
      .catch((e: Error) => {
        throw new CellError(`${name}: the Jupyter server did not start a session (${e.message})`);
      });
    const model = (await r.json().catch(() => ({}))) as { id?: string; kernel?: Kernel.IModel; message?: string };
    if (!r.ok || !model.id || !model.kernel?.id) throw new CellError(`${name}: the Jupyter server did not start a kernel (HTTP ${r.status}${model.message ? `: ${model.message}` : ""})`);
    return new RestSession(server, model.id, model.kernel);
  }

  /** DELETE /api/sessions/ID, which shuts its kernel down. */
  async shutdown(): Promise<void> {
    const r = await fetch(`${this.server.baseUrl}/api/sessions/${this.id}`, { method: "DELETE", headers: { Authorization: `token ${this.server.token}` }, signal: AbortSignal.timeout(10_000) });
    if (!r.ok && r.status !== 404) throw new Error(`session shutdown: HTTP ${r.status}`);
  }
}

/**
 * Runs the code cells of `nb` (modified in place: outputs and execution counts) in a fresh tslab
 * session; stops at the first unexpected error. Always shuts its session down.
 */
export async function executeNotebook(server: JupyterServer, nb: Notebook, options: ExecuteOptions): Promise<ExecuteResult> {
  const started = Date.now();
  const name = path.relative(process.cwd(), options.file) || options.file;
  const codeCells = nb.cells.map((c, i) => [c, i] as const).filter(([c]) => c.cell_type === "code");
  let kernel: KernelSession | undefined;
  let kernelStartSeconds = 0;
  let current = -1;
  let cellStarted = Date.now();
  try {
    kernel = await (options.session ?? KernelSession.open(server, options));
    kernelStartSeconds = kernel.startSeconds;
    for (const [cell, index] of codeCells) {
      current = index;
      const tags = cellTags(cell);
      if (tags.includes("skip-execution")) {
        cell.outputs = [];
        cell.execution_count = null;
        options.onCell?.({ index, total: nb.cells.length, seconds: 0, status: "skipped" });
        continue;
      }
      const timeoutS = timeoutFor(nb, cell.metadata, options.cellTimeoutS ?? DEFAULT_CELL_TIMEOUT_S);
      options.onCellStart?.(index, nb.cells.length);
      cellStarted = Date.now();
      const count = kernel.nextCount;
      cell.execution_count = count;
      const r = await kernel.run(sourceText(cell), timeoutS, `${name}: cell ${index}`);
      cell.outputs = r.outputs;
      if (r.status === "ok") {
        options.onCell?.({ index, total: nb.cells.length, seconds: r.seconds, status: "ok" });
        continue;
      }
      if (r.status === "timeout" || r.status === "died") throw new CellError(r.reason!);
      const message = `${name}: cell ${index} (execution ${count}) failed: ${errorMessage(streamText(cell.outputs, "stderr"))}`;
      if (!tags.includes("raises-exception")) {
        options.onCell?.({ index, total: nb.cells.length, seconds: r.seconds, status: "error" });
        throw new CellError(message);
      }
      options.onCell?.({ index, total: nb.cells.length, seconds: r.seconds, status: "expected-error" });
    }
    return { cells: codeCells.length, seconds: (Date.now() - started) / 1000, kernelStartSeconds };
  } catch (e) {
    const error = e instanceof CellError ? e.message : `${name}: ${(e as Error).message}`;
    if (current >= 0 && !(e instanceof CellError && /\(execution \d+\) failed/.test(error))) {
      // timeouts and kernel deaths end the cell without a reply: report that cell too
      options.onCell?.({ index: current, total: nb.cells.length, seconds: (Date.now() - cellStarted) / 1000, status: "error" });
    }
    return { cells: codeCells.length, seconds: (Date.now() - started) / 1000, kernelStartSeconds, error };
  } finally {
    await kernel?.close();
  }
}

async function shutdownQuietly(session: RestSession, kernel: Kernel.IKernelConnection | undefined): Promise<void> {
  // a dead kernel is being restarted by the server, which refuses to shut it down until it is up
  for (let waited = 0; kernel && (kernel.status === "restarting" || kernel.status === "autorestarting") && waited < 10_000; waited += 100) await sleep(100);
  try {
    await withTimeout(session.shutdown(), 10_000, "session shutdown timed out");
  } catch {
    // the server stop that follows kills what remains
  }
  kernel?.dispose();
}

/** Rejects with `message` (a CellError, or `Kind`) when `p` takes longer than `ms`. */
async function withTimeout<T>(p: Promise<T>, ms: number, message: string, Kind: typeof CellError = CellError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Kind(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Executes one cell; resolves "ok" or "error" (the reply's status). Rejects with a CellError when
 * the timeout fires or the kernel dies / restarts meanwhile.
 */
async function runCell(kernel: Kernel.IKernelConnection, code: string, collector: OutputCollector, timeoutS: number, where: string): Promise<"ok" | "error"> {
  const future = kernel.requestExecute({ code, stop_on_error: true, allow_stdin: false, store_history: true }, true);
  future.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
    collector.handle(msg as unknown as { header: { msg_type: string }; content: Record<string, any> });
  };
  let onStatus: ((k: Kernel.IKernelConnection, s: KernelMessage.Status) => void) | undefined;
  const died = new Promise<never>((_, reject) => {
    onStatus = (_k, status) => {
      if (status === "dead" || status === "restarting" || status === "autorestarting") {
        reject(new CellError(`${where}: the kernel died while running this cell (status ${status}; did it call process.exit or run out of memory?)`));
      }
    };
    kernel.statusChanged.connect(onStatus);
  });
  try {
    const reply = await withTimeout(Promise.race([future.done, died]), timeoutS * 1000, `${where}: timed out after ${timeoutS} s (the kernel was shut down; raise metadata tsdl.timeout if the cell needs longer)`);
    return reply.content.status === "ok" ? "ok" : "error";
  } finally {
    kernel.statusChanged.disconnect(onStatus!);
    future.dispose();
  }
}
