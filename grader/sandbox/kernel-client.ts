// A Jupyter client over ZeroMQ for one kernel started from a connection file: shell, iopub and
// control sockets, signed requests, replies matched to their request by msg_id.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as zmq from "zeromq";
import { decodeMessage, encodeMessage, newHeader, type WireMessage } from "./wire";

/** The ports are only suffixes of the socket paths with the ipc transport (`ipc://PATH:PORT`). */
const PORTS = { shell_port: 1, iopub_port: 2, stdin_port: 3, control_port: 4, hb_port: 5 } as const;
const SOCKET_BASENAME = "k";

export interface ConnectionInfo {
  transport: "ipc";
  ip: string;
  key: string;
  signature_scheme: "hmac-sha256";
  kernel_name: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

/**
 * Writes `connection.json` into `hostDir` for a kernel that sees that folder as `insideDir`, with a
 * new random key. Example: `writeConnectionFile("/tmp/tsdl-sbx-1/k", "/run/kernel")` → {file, info}.
 */
export function writeConnectionFile(hostDir: string, insideDir: string): { file: string; info: ConnectionInfo } {
  const info: ConnectionInfo = {
    transport: "ipc",
    ip: path.posix.join(insideDir, SOCKET_BASENAME),
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: "tslab",
    ...PORTS,
  };
  const file = path.join(hostDir, "connection.json");
  fs.writeFileSync(file, JSON.stringify(info), { mode: 0o644 });
  return { file, info };
}

export interface ClientOptions {
  /** a larger message from the kernel drops the connection instead of taking the grader's memory */
  maxMessageBytes: number;
  /** says, by message type and content size, whether to parse a message at all */
  admitContent: (msgType: string, bytes: number) => boolean;
  /** every decoded iopub message */
  onIOPub: (msg: WireMessage) => void;
  /** called when a connection dropped (e.g. an over-size message) */
  onDrop: (what: string) => void;
}

/**
 * The client side of one kernel's sockets, connected through the host path of its socket folder.
 * Example: `const c = KernelClient.connect(hostDir, info, opts); const reply = await c.request("shell", "kernel_info_request", {});`
 */
export class KernelClient {
  private readonly key: Buffer;
  private readonly session = randomBytes(16).toString("hex");
  private readonly waiting = new Map<string, (msg: WireMessage) => void>();
  private closed = false;
  private readonly listeners = new Set<(msg: WireMessage) => void>();
  /** zeromq allows one send in progress per socket; a Dealer's send waits until the kernel has bound */
  private sending: Record<"shell" | "control", Promise<unknown>> = { shell: Promise.resolve(), control: Promise.resolve() };

  private constructor(
    info: ConnectionInfo,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
    private readonly options: ClientOptions,
  ) {
    this.key = Buffer.from(info.key, "utf8");
    void this.pump(shell, (m) => this.resolveReply(m));
    void this.pump(control, (m) => this.resolveReply(m));
    void this.pump(iopub, (m) => {
      options.onIOPub(m);
      for (const l of this.listeners) l(m);
    });
  }

  static connect(hostDir: string, info: ConnectionInfo, options: ClientOptions): KernelClient {
    const at = (port: number) => `ipc://${path.join(hostDir, SOCKET_BASENAME)}:${port}`;
    const common = { linger: 0, maxMessageSize: options.maxMessageBytes };
    const shell = new zmq.Dealer(common);
    const control = new zmq.Dealer(common);
    const iopub = new zmq.Subscriber(common);
    iopub.subscribe();
    for (const s of [shell, control, iopub]) {
      s.events.on("disconnect", () => options.onDrop(`the kernel's ${s === iopub ? "iopub" : "shell/control"} connection dropped`));
    }
    shell.connect(at(info.shell_port));
    control.connect(at(info.control_port));
    iopub.connect(at(info.iopub_port));
    return new KernelClient(info, shell, control, iopub, options);
  }

  private async pump(socket: zmq.Socket & AsyncIterable<Buffer[]>, handle: (m: WireMessage) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        const msg = decodeMessage(this.key, frames, socket === this.iopub ? this.options.admitContent : () => true);
        if (msg) handle(msg);
      }
    } catch {
      // the socket was closed
    }
  }

  private resolveReply(msg: WireMessage): void {
    const id = msg.parent_header.msg_id;
    const resolve = id ? this.waiting.get(id) : undefined;
    if (resolve) {
      this.waiting.delete(id!);
      resolve(msg);
    }
  }

  /**
   * Sends a request; returns its msg_id at once and the reply's promise (never settles if the
   * kernel never answers: the caller races it with a timeout and the kernel's exit).
   */
  send(channel: "shell" | "control", msgType: string, content: Record<string, unknown>): { msgId: string; reply: Promise<WireMessage> } {
    const header = newHeader(msgType, this.session);
    const reply = new Promise<WireMessage>((resolve) => this.waiting.set(header.msg_id, resolve));
    const socket = channel === "shell" ? this.shell : this.control;
    const frames = encodeMessage(this.key, header, content);
    this.sending[channel] = this.sending[channel].then(() => (this.closed ? undefined : socket.send(frames))).catch(() => {});
    return { msgId: header.msg_id, reply };
  }

  /** Also calls `listener` with every iopub message, until the returned function is called. */
  watchIOPub(listener: (msg: WireMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting.clear();
    for (const s of [this.shell, this.control, this.iopub]) s.close();
  }
}
