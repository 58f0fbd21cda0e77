// One submission's tslab kernel in its own bubblewrap sandbox, driven over ZeroMQ with no Jupyter
// server: the same public shape as runner/execute.ts's KernelSession, so the grader can use either.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot as defaultProjectRoot } from "../../kernel-setup/jupyter-env.mjs";
import type { CellRun } from "../../runner/execute";
import { descendants } from "../../runner/processes";
import { OutputCollector } from "../../runner/outputs";
import { sandboxAvailability } from "./availability";
import { CGROUP_PREFIX, cgroupPids, createCgroup, killAndRemove, oomKills, type SandboxCgroup } from "./cgroup";
import { KernelClient, writeConnectionFile } from "./kernel-client";
import { SANDBOX_UID, launchKernel, type KernelProcess, type UidMode } from "./launch";
import { removeLeftovers } from "./leftovers";
import { INSIDE, dataDirFor } from "./mounts";
import { DEFAULT_OUTPUT_LIMITS, MiB, OutputBudget, type OutputLimits } from "./output-budget";
import type { WireMessage } from "./wire";

const GiB = 1024 * MiB;
export const DEFAULT_MEMORY_BYTES = 2 * GiB;
/** processes and threads (a pids cgroup counts threads): node alone runs ~11 */
export const DEFAULT_MAX_PROCESSES = 512;
const DEFAULT_START_TIMEOUT_S = 60;
/** tslab answers requests sent right after an error with an empty error: wait this long first (as KernelSession). */
const AFTER_ERROR_PAUSE_MS = 600;
const KILL_TIMEOUT_MS = 5_000;
/** a dropped stderr message up to this size is still read, for the tail of the cell's error text */
const STDERR_TAIL_PARSE_BYTES = 64 * 1024;

export interface SandboxOptions {
  /** the project whose node_modules and lib/ the kernel uses (default: this checkout) */
  projectRoot?: string;
  /** run the kernel without bubblewrap (--unsafe-no-sandbox): the learner's code has the grader's rights */
  unsafeNoSandbox?: boolean;
  /** memory of the whole sandbox, bytes (default 2 GiB) */
  memoryBytes?: number;
  /** processes + threads (default 512) */
  maxProcesses?: number;
  /** stream text kept per cell by the OutputCollector (default: output.cellBytes) */
  maxStreamBytes?: number;
  output?: Partial<OutputLimits>;
  /** a bigger single message from the kernel drops its connection (default 64 MiB) */
  maxMessageBytes?: number;
  /** seconds to wait for the kernel's first answer (default 60) */
  startTimeoutS?: number;
  /** course data folder, bound read-only at /data with TSDL_DATA=/data (default: as lib finds it; null: none) */
  dataDir?: string | null;
  /** extra read-only mounts: host path → path inside */
  readOnly?: Record<string, string>;
  /** where warnings go besides `warnings` (default: stderr) */
  onWarning?: (message: string) => void;
}

type Deferred = { promise: Promise<void>; resolve: () => void };
function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}
type Ending = { kind: "reply"; status: string } | { kind: "exit" } | { kind: "timeout" };

/**
 * A tslab kernel in a bubblewrap sandbox (or, explicitly, without one). After a "timeout" or "died"
 * the sandbox is gone: close it and open another.
 * Example: `const k = await SandboxKernel.open({}); await k.run("1 + 1", 10, "cell 0"); await k.close();`
 */
export class SandboxKernel {
  private readonly collector: OutputCollector;
  private readonly budget: OutputBudget;
  private count = 0;
  private current: { msgId: string; idle: Deferred } | null = null;
  private lastAdmitted = true;
  private dropNote: string | null = null;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly proc: KernelProcess,
    private readonly client: KernelClient,
    private readonly cgroup: SandboxCgroup | null,
    private readonly hostDir: string,
    private readonly limits: { memoryBytes: number },
    options: SandboxOptions,
    /** seconds from spawning the sandbox to the kernel's first answer */
    readonly startSeconds: number,
    /** true when the kernel runs in bubblewrap */
    readonly sandboxed: boolean,
    /** limits that could not be applied, and unsafe mode: each also went to onWarning */
    readonly warnings: readonly string[],
  ) {
    const output = { ...DEFAULT_OUTPUT_LIMITS, ...options.output };
    this.collector = new OutputCollector(options.maxStreamBytes ?? output.cellBytes);
    this.budget = new OutputBudget(output);
  }

  /** Starts a sandbox and its kernel, and waits until the kernel answers (or throws a clear error). */
  static async open(options: SandboxOptions = {}): Promise<SandboxKernel> {
    const projectRoot = path.resolve(options.projectRoot ?? defaultProjectRoot);
    const warn = options.onWarning ?? ((m: string) => console.error(`[sandbox] WARNING: ${m}`));
    const warnings: string[] = [];
    const note = (m: string) => (warnings.push(m), warn(m));
    const sandboxed = !options.unsafeNoSandbox;
    let uid: UidMode = "self";
    if (sandboxed) {
      const a = sandboxAvailability(projectRoot);
      if (!a.ok) throw new Error(`cannot sandbox the kernel: ${a.reason}.${a.install ? ` Install it: ${a.install}.` : ""} (--unsafe-no-sandbox runs it without a sandbox, for a single trusted user only)`);
      uid = a.uid;
      a.warnings.forEach(note);
    } else {
      note("NO SANDBOX (--unsafe-no-sandbox): the submission's code runs with the grader's rights; it can read the hidden tests, write any of your files and use the network");
    }
    removeLeftovers();

    const id = `${CGROUP_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}`;
    const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), `${id}-`));
    const kernelDir = path.join(hostDir, "k");
    fs.mkdirSync(kernelDir);
    if (uid === "nobody") {
      fs.chmodSync(hostDir, 0o711); // bubblewrap, as nobody, must reach k/ to bind it
      fs.chownSync(kernelDir, SANDBOX_UID, SANDBOX_UID);
    }
    if (!sandboxed) fs.symlinkSync(path.join(projectRoot, "node_modules"), path.join(hostDir, "node_modules"));

    const memoryBytes = options.memoryBytes ?? DEFAULT_MEMORY_BYTES;
    const maxProcesses = options.maxProcesses ?? DEFAULT_MAX_PROCESSES;
    let cgroup: SandboxCgroup | null = null;
    if (process.getuid?.() === 0) {
      cgroup = createCgroup(path.basename(hostDir), { memoryBytes, maxProcesses });
      cgroup.warnings.forEach(note);
    } else {
      note(`memory (${memoryBytes} bytes) and process count are NOT limited: cgroups need the grader to run as root`);
    }
    const pidsLimited = cgroup?.dirs.some((d) => d.includes("/pids/")) || cgroup?.version === 2;
    if (!pidsLimited && uid === "nobody") note(`process count limited by RLIMIT_NPROC=${maxProcesses} for uid ${SANDBOX_UID} instead (shared by all its processes)`);

    const dataDir = options.dataDir === undefined ? dataDirFor(projectRoot) : options.dataDir;
    const conn = writeConnectionFile(kernelDir, sandboxed ? INSIDE.kernelDir : kernelDir);
    const t0 = Date.now();
    let proc: KernelProcess | undefined;
    let client: KernelClient | undefined;
    let kernel: SandboxKernel | undefined;
    try {
      proc = launchKernel(
        {
          sandboxed,
          mounts: { projectRoot, kernelDir, dataDir, readOnly: options.readOnly },
          hostWorkDir: hostDir,
          cgroupDirs: cgroup?.dirs ?? [],
          uid,
          nprocLimit: !pidsLimited && uid === "nobody" ? maxProcesses : undefined,
        },
        { inside: path.posix.join(INSIDE.kernelDir, "connection.json"), host: conn.file },
      );
      const self: { k?: SandboxKernel } = {};
      client = KernelClient.connect(kernelDir, conn.info, {
        maxMessageBytes: options.maxMessageBytes ?? 64 * MiB,
        admitContent: (type, bytes) => self.k?.admit(type, bytes) ?? true,
        onIOPub: (msg) => self.k?.onIOPub(msg),
        onDrop: (what) => self.k?.onDrop(what),
      });
      const startTimeoutS = options.startTimeoutS ?? DEFAULT_START_TIMEOUT_S;
      await waitForKernel(client, proc, startTimeoutS);
      // the kernel has bound its sockets: it may no longer create files in the host folder
      if (uid === "nobody") fs.chownSync(kernelDir, 0, 0);
      fs.chmodSync(kernelDir, 0o555);
      kernel = new SandboxKernel(proc, client, cgroup, hostDir, { memoryBytes }, options, (Date.now() - t0) / 1000, sandboxed, warnings);
      self.k = kernel;
      return kernel;
    } catch (e) {
      client?.close();
      await destroy(proc, cgroup, hostDir);
      throw e;
    }
  }

  private admit(msgType: string, bytes: number): boolean {
    if (this.current === null) return false; // output of no running cell is not kept (KernelSession drops it too)
    this.lastAdmitted = this.budget.admit(msgType, bytes);
    // a small dropped stream message is still read, for the tail of stderr
    return this.lastAdmitted || (msgType === "stream" && bytes <= STDERR_TAIL_PARSE_BYTES);
  }

  private onIOPub(msg: WireMessage): void {
    const cur = this.current;
    if (!cur || msg.parent_header.msg_id !== cur.msgId) return;
    if (msg.header.msg_type === "status" && msg.content.execution_state === "idle") return cur.idle.resolve();
    if (!this.lastAdmitted) {
      if (msg.header.msg_type === "stream" && msg.content.name === "stderr") this.budget.keepStderrTail(String(msg.content.text ?? ""));
      return;
    }
    this.collector.handle(msg);
  }

  private onDrop(what: string): void {
    if (this.current && !this.closing) this.dropNote = `\n[output dropped: ${what} (a single message over the size limit?)]\n`;
  }

  /** Runs one cell's code; never rejects for what the code does (see CellRun.status). `where` names the cell in messages. */
  async run(code: string, timeoutS: number, where: string): Promise<CellRun> {
    const t0 = Date.now();
    this.collector.begin(++this.count);
    this.budget.beginCell();
    this.dropNote = null;
    const seconds = () => (Date.now() - t0) / 1000;
    if (this.closing) return { status: "died", outputs: this.collector.outputs, seconds: 0, reason: `${where}: the sandbox was already closed` };
    const content = { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true };
    const idle = deferred();
    const { msgId, reply } = this.client.send("shell", "execute_request", content);
    this.current = { msgId, idle };
    let timer: NodeJS.Timeout | undefined;
    const ending = await Promise.race<Ending>([
      Promise.all([reply, idle.promise]).then(([r]) => ({ kind: "reply", status: String(r.content.status) }) as const),
      this.proc.exited.then(() => ({ kind: "exit" }) as const),
      new Promise<Ending>((r) => (timer = setTimeout(() => r({ kind: "timeout" }), timeoutS * 1000))),
    ]);
    clearTimeout(timer);
    this.current = null;
    for (const text of [this.budget.endCell(), this.dropNote]) {
      if (text) this.collector.handle({ header: { msg_type: "stream" }, content: { name: "stderr", text } });
    }
    if (ending.kind === "reply") {
      if (ending.status !== "ok") await sleep(AFTER_ERROR_PAUSE_MS);
      return { status: ending.status === "ok" ? "ok" : "error", outputs: this.collector.outputs, seconds: seconds() };
    }
    if (ending.kind === "timeout") {
      await this.close(); // the whole sandbox: a stopped or spinning kernel and all it started
      return { status: "timeout", outputs: this.collector.outputs, seconds: seconds(), reason: `${where}: timed out after ${timeoutS} s (the sandbox was killed; raise metadata tsdl.timeout if the cell needs longer)` };
    }
    const reason = `${where}: the kernel died while running this cell (${await this.deathCause()})`;
    await this.close();
    return { status: "died", outputs: this.collector.outputs, seconds: seconds(), reason };
  }

  /** Why the kernel process ended, in words: memory when the cgroup killed it or V8 ran out of heap. */
  private async deathCause(): Promise<string> {
    const { code, signal } = await this.proc.exited;
    await sleep(50); // the last stderr bytes may still be in the pipe
    const stderr = this.proc.stderrTail();
    const limit = `${+(this.limits.memoryBytes / GiB).toFixed(2)} GiB`;
    if (this.cgroup && oomKills(this.cgroup) > 0) return `out of memory: the sandbox's memory limit of ${limit} was reached and the kernel was killed`;
    if (/heap out of memory|Allocation failed|Out of memory/i.test(stderr)) return `out of memory: the JavaScript heap could not grow (memory limit ${limit})`;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    return `${how}; did it call process.exit or run out of memory?`;
  }

  /** Host PIDs of the sandbox's processes now (its cgroup, else the launcher and its descendants). Example: `k.pids().length` → 3. */
  pids(): number[] {
    if (this.cgroup?.dirs.length) return cgroupPids(this.cgroup);
    const pid = this.proc.child.pid;
    return pid && this.proc.child.exitCode === null && this.proc.child.signalCode === null ? [pid, ...descendants(pid)] : [];
  }

  /** The execution count the next run() gets. */
  get nextCount(): number {
    return this.count + 1;
  }

  /** Kills the sandbox and everything in it, and removes its cgroups and folder. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.current?.idle.resolve();
      this.client.close();
      await destroy(this.proc, this.cgroup, this.hostDir);
    })();
    return this.closing;
  }
}

/** Sends kernel_info until the shell answers and an iopub message arrived (iopub is then connected), or throws. */
async function waitForKernel(client: KernelClient, proc: KernelProcess, timeoutS: number): Promise<void> {
  const deadline = Date.now() + timeoutS * 1000;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  let sawIOPub = false;
  let answered = false;
  const unseen = new Set<string>();
  // iopub's status messages of our kernel_info requests tell that the subscription is live
  const unwatch = client.watchIOPub((m) => {
    if (unseen.has(String(m.parent_header.msg_id))) sawIOPub = true;
  });
  try {
    while (!(answered && sawIOPub)) {
      if (exited) {
        const { code, signal } = await proc.exited;
        throw new Error(`the sandboxed tslab kernel exited before answering (${signal ? `signal ${signal}` : `exit code ${code}`}): ${proc.stderrTail().trim().slice(-1500) || "(no output)"}`);
      }
      if (Date.now() > deadline) throw new Error(`the tslab kernel did not answer within ${timeoutS} s; its stderr: ${proc.stderrTail().trim().slice(-1500) || "(nothing)"}`);
      const { msgId, reply } = client.send("shell", "kernel_info_request", {});
      unseen.add(msgId);
      const got: boolean = await Promise.race([reply.then(() => true), sleep(answered ? 200 : 1000).then(() => false), proc.exited.then(() => false)]);
      answered ||= got;
    }
  } finally {
    unwatch();
  }
}

/** Kills the kernel's process tree (all of the cgroup, or the process and its descendants) and removes the host folder. */
async function destroy(proc: KernelProcess | undefined, cgroup: SandboxCgroup | null, hostDir: string): Promise<void> {
  const pid = proc?.child.pid;
  if (pid && proc.child.exitCode === null && proc.child.signalCode === null) {
    // everything but the outermost process first: it then reaps the sandbox's init and exits by
    // itself, instead of leaving it a zombie for the host's init to reap
    const inner = cgroup?.dirs.length ? cgroupPids(cgroup).filter((p) => p !== pid) : descendants(pid);
    for (const p of inner) kill(p);
    await Promise.race([proc.exited, sleep(1000)]);
    kill(pid);
  }
  if (cgroup && !(await killAndRemove(cgroup, KILL_TIMEOUT_MS))) console.error(`[sandbox] WARNING: processes of ${cgroup.dirs.join(", ")} survived SIGKILL for ${KILL_TIMEOUT_MS / 1000} s`);
  if (proc) await Promise.race([proc.exited, sleep(KILL_TIMEOUT_MS)]);
  fs.rmSync(hostDir, { recursive: true, force: true });
}

