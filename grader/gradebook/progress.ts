// Progress of a batch: on a terminal one line redrawn in place (bar, done/total, rate, time left,
// the last submission); elsewhere (CI logs, files) one plain line per finished submission.

export interface BatchProgress {
  /** a submission finished: its id and a short result such as "3/3" or "not graded" */
  done(id: string, result: string): void;
  /** the batch is over: ends the terminal line */
  finish(): void;
}

export interface ProgressOptions {
  /** redraw one line (a terminal) or print lines; default: whether stderr is a terminal */
  tty?: boolean;
  write?: (text: string) => void;
  now?: () => number;
  /** terminal width for the bar line (default: stderr's columns, else 80) */
  columns?: number;
}

/** Seconds as a person reads them: "42 s", "3 min 05 s", "1 h 02 min". */
export function duration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const t = Math.round(s);
  if (t < 60) return `${t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} min ${String(t % 60).padStart(2, "0")} s`;
  return `${Math.floor(t / 3600)} h ${String(Math.floor((t % 3600) / 60)).padStart(2, "0")} min`;
}

/** Progress for `total` submissions. Example: `const p = batchProgress(40); p.done("ana", "3/3"); p.finish();`. */
export function batchProgress(total: number, options: ProgressOptions = {}): BatchProgress {
  const tty = options.tty ?? Boolean(process.stderr.isTTY);
  const write = options.write ?? ((t: string) => void process.stderr.write(t));
  const now = options.now ?? Date.now;
  const columns = options.columns ?? process.stderr.columns ?? 80;
  const t0 = now();
  let count = 0;
  return {
    done(id, result) {
      count++;
      const elapsed = (now() - t0) / 1000;
      const rate = count / Math.max(elapsed, 1e-3);
      const left = (total - count) / rate;
      const stats = `${count}/${total}  ${rate.toFixed(2)}/s  ${count < total ? `${duration(left)} left` : `done in ${duration(elapsed)}`}`;
      // learner ids come from file names: no control characters on the terminal
      const last = `${id}: ${result}`.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
      if (!tty) {
        write(`[${stats}] ${last}\n`);
        return;
      }
      const width = 20;
      const filled = Math.round((count / total) * width);
      const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${stats}  ${last}`;
      write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
    },
    finish() {
      if (tty && count > 0) write("\n");
    },
  };
}
