// Maps a kernel's IOPub messages to nbformat 4 outputs, the way Jupyter's own clients store them.
import { toLines, type Output } from "./notebook";

/** The part of a Jupyter message we read (works with @jupyterlab/services messages and plain objects). */
export interface IOPubMessage {
  header: { msg_type: string };
  content: Record<string, any>;
}

type MimeBundle = Record<string, unknown>;

/** Text MIME types are stored as lists of lines; JSON ones (`application/json`, `…+json`) as objects. */
function storeBundle(data: MimeBundle): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, value] of Object.entries(data ?? {})) {
    const isJson = mime === "application/json" || mime.endsWith("+json");
    out[mime] = !isJson && typeof value === "string" ? toLines(value) : value;
  }
  return out;
}

/**
 * Collects the outputs of one notebook run. `begin(count)` starts a cell; `handle(msg)` takes each
 * IOPub message; `outputs` is the current cell's list. Display ids are tracked across cells, so an
 * `update_display_data` rewrites the output wherever it was first shown (progress bars).
 */
export class OutputCollector {
  outputs: Output[] = [];
  private executionCount: number | null = null;
  /** stream text kept per cell; past it the rest is dropped with a note (a runaway print loop must not eat the memory) */
  private streamBytes = 0;
  constructor(private readonly maxStreamBytes = Infinity) {}
  private clearPending = false;
  private readonly displays = new Map<string, Output[]>();

  /** Starts collecting a new cell's outputs. */
  begin(executionCount: number): Output[] {
    this.outputs = [];
    this.executionCount = executionCount;
    this.clearPending = false;
    this.streamBytes = 0;
    return this.outputs;
  }

  /** Handles one IOPub message; returns true when it changed any output. */
  handle(msg: IOPubMessage): boolean {
    const c = msg.content;
    switch (msg.header.msg_type) {
      case "stream":
        this.flushClear();
        this.appendStream(c.name === "stderr" ? "stderr" : "stdout", String(c.text ?? ""));
        return true;
      case "display_data":
      case "execute_result": {
        this.flushClear();
        const output: Output =
          msg.header.msg_type === "display_data"
            ? { output_type: "display_data", data: storeBundle(c.data), metadata: c.metadata ?? {} }
            : { output_type: "execute_result", data: storeBundle(c.data), metadata: c.metadata ?? {}, execution_count: this.executionCount };
        this.outputs.push(output);
        const id = c.transient?.display_id;
        if (typeof id === "string") this.displays.set(id, [...(this.displays.get(id) ?? []), output]);
        return true;
      }
      case "update_display_data": {
        const targets = this.displays.get(c.transient?.display_id) ?? [];
        for (const t of targets) {
          t.data = storeBundle(c.data);
          t.metadata = c.metadata ?? {};
        }
        return targets.length > 0;
      }
      case "error":
        this.flushClear();
        this.outputs.push({ output_type: "error", ename: String(c.ename ?? "Error"), evalue: String(c.evalue ?? ""), traceback: c.traceback ?? [] });
        return true;
      case "clear_output":
        if (c.wait) this.clearPending = true;
        else this.outputs.splice(0);
        return true;
      default:
        return false; // status, execute_input, comm messages: not outputs
    }
  }

  /** Consecutive text on the same stream is one output, as Jupyter stores it. */
  private appendStream(name: "stdout" | "stderr", text: string): void {
    if (this.streamBytes >= this.maxStreamBytes) return;
    this.streamBytes += text.length;
    if (this.streamBytes >= this.maxStreamBytes) text = text.slice(0, Math.max(0, text.length - (this.streamBytes - this.maxStreamBytes))) + `\n[output truncated after ${this.maxStreamBytes} characters]\n`;
    const last = this.outputs[this.outputs.length - 1];
    if (last?.output_type === "stream" && last.name === name) {
      last.text = toLines((last.text as string[]).join("") + text);
    } else {
      this.outputs.push({ output_type: "stream", name, text: toLines(text) });
    }
  }

  private flushClear(): void {
    if (this.clearPending) {
      this.outputs.splice(0);
      this.clearPending = false;
    }
  }
}

/** All text a cell wrote to one stream, e.g. `streamText(cell.outputs, "stdout")`. */
export function streamText(outputs: readonly Output[] | undefined, name: "stdout" | "stderr"): string {
  return (outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === name)
    .map((o) => (Array.isArray(o.text) ? o.text.join("") : String(o.text)))
    .join("");
}

/**
 * The message of a failed tslab cell. tslab reports errors as stderr text: a compile error as
 * `1:7 - message`, a runtime error as a source excerpt, then `Error: message`, then a Node stack.
 */
export function errorMessage(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trimEnd());
  const thrown = lines.find((l) => /^([A-Za-z_$][\w$]*)?(Error|Exception)(\s*\[[^\]]*\])?:/.test(l) || /^Uncaught\b/.test(l));
  if (thrown) return thrown;
  const compile = lines.filter((l) => /^\d+:\d+ - /.test(l));
  if (compile.length) return compile.join("; ");
  return lines.filter((l) => l.length > 0).slice(0, 3).join(" | ") || "(no message on stderr)";
}
