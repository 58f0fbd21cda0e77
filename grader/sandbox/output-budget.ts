// Caps what a submission's kernel may print or display, per cell and per submission, before any of
// it is parsed or kept: a learner's 30 displays of 50 MiB must not take the grader's memory.

export const MiB = 1024 * 1024;
/** Messages that become outputs and count against the budget. */
const OUTPUT_TYPES = new Set(["stream", "display_data", "update_display_data", "execute_result", "error"]);
/** Dropped stderr text kept (its tail) so a cell's error message survives a cap. */
const STDERR_TAIL_CHARS = 4096;

export interface OutputLimits {
  /** bytes of output content per cell (default 8 MiB) */
  cellBytes: number;
  /** bytes of output content per submission, i.e. per SandboxKernel (default 64 MiB) */
  totalBytes: number;
}

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = { cellBytes: 8 * MiB, totalBytes: 64 * MiB };

/**
 * Counts the content bytes of output messages and says which to keep. Past a limit the rest of the
 * cell is dropped, and `endCell()` returns the note to show (plus the tail of dropped stderr).
 * Example: `const b = new OutputBudget(DEFAULT_OUTPUT_LIMITS); b.beginCell(); b.admit("display_data", 5e7)` → true.
 */
export class OutputBudget {
  private cell = 0;
  private total = 0;
  private capped: "cell" | "submission" | null = null;
  private dropped = 0;
  private stderrTail = "";
  constructor(private readonly limits: OutputLimits) {}

  beginCell(): void {
    this.cell = 0;
    this.capped = null;
    this.dropped = 0;
    this.stderrTail = "";
  }

  /** True when a message of this type and content size may be parsed and kept. */
  admit(msgType: string, bytes: number): boolean {
    if (!OUTPUT_TYPES.has(msgType)) return true;
    if (this.capped === null && this.cell + bytes <= this.limits.cellBytes && this.total + bytes <= this.limits.totalBytes) {
      this.cell += bytes;
      this.total += bytes;
      return true;
    }
    this.capped ??= this.cell + bytes > this.limits.cellBytes ? "cell" : "submission";
    this.dropped += bytes;
    return false;
  }

  /** Remembers the end of dropped stderr text (the caller parses small stderr messages for this). */
  keepStderrTail(text: string): void {
    this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
  }

  /** True when this cell's output was capped (so far). */
  get isCapped(): boolean {
    return this.capped !== null;
  }

  /** The note for the end of a capped cell, or null when nothing was dropped. */
  endCell(): string | null {
    if (this.capped === null) return null;
    const limit = this.capped === "cell" ? `${fmt(this.limits.cellBytes)} per cell` : `${fmt(this.limits.totalBytes)} per submission`;
    const tail = this.stderrTail ? `; the end of the dropped stderr follows\n${this.stderrTail}` : "";
    return `\n[output capped: more than ${limit}; ${fmt(this.dropped)} of output dropped${tail}]\n`;
  }
}

function fmt(bytes: number): string {
  return bytes >= MiB ? `${+(bytes / MiB).toFixed(1)} MiB` : `${bytes} bytes`;
}
