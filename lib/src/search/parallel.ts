/**
 * Running the trials of a search: one after the other ("panda"-like: one process, one model at a
 * time), or several at once on the machine's cores ("caviar"), one Node worker thread per core,
 * each taking the next trial as soon as it is free. A trial's result does not depend on where it
 * ran (see ./trial), so both give the same results; only the time differs.
 *
 * The worker script is the compiled ./worker.js next to this module (`__dirname`), so it is found
 * wherever tsdl is loaded from: a tslab kernel (node_modules/tsdl → lib/dist), a test or the CLI.
 * Workers are always terminated before runTrialsParallel settles — after success, a trial's error,
 * a worker crash or a timeout — so a search leaves no thread behind.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { getMatmulMode, type Mat, type MatmulMode } from "../array";
import type { TrainDev } from "./devSplit";
import type { Trial } from "./space";
import { DEFAULT_SETTINGS, runTrial, type TrialResult, type TrialSettings } from "./trial";

/** Trials' results in the order of the trials, and how long the whole run took. */
export interface SearchRun {
  results: TrialResult[];
  ms: number;
  /** worker threads used (0: one at a time in this thread) */
  workers: number;
}

export interface ParallelOptions {
  /** worker threads (default: os.availableParallelism(), at most one per trial) */
  workers?: number;
  /** longest time one trial may take, ms (default 120,000); then the whole run fails */
  timeoutMs?: number;
  /** called with each worker right after it starts (tests watch them exit) */
  onWorker?: (worker: Worker) => void;
}

/** A matrix as the worker receives it (structured clone of its elements and shape). */
interface Transferred {
  data: Float64Array;
  shape: number[];
}

/** What every worker gets at start: the data, the fixed settings and the main thread's matmul mode. */
export interface WorkerInput {
  data: Record<keyof TrainDev, Transferred>;
  settings: TrialSettings;
  matmulMode: MatmulMode;
}

/** Main → worker: run trial `index`. Worker → main: its result, or the error it threw. */
export type WorkerRequest = { index: number; trial: Trial };
export type WorkerReply = { index: number; result: TrialResult } | { index: number; error: string };

function checkTrials(op: string, trials: readonly Trial[]): void {
  if (!Array.isArray(trials) || trials.length === 0) throw new Error(`${op}: expected a non-empty list of trials`);
}

/**
 * Every trial, one at a time, in this thread. Example: `runTrialsSerial(trials, split).results[0].devAccuracy`.
 */
export function runTrialsSerial(trials: readonly Trial[], data: TrainDev, settings: TrialSettings = DEFAULT_SETTINGS): SearchRun {
  checkTrials("runTrialsSerial", trials);
  const start = performance.now();
  const results = trials.map((t) => runTrial(t, data, settings));
  return { results, ms: performance.now() - start, workers: 0 };
}

/**
 * The compiled worker beside this module; from the TypeScript sources (tests under tsx) the
 * build of those sources in lib/dist. Example: `workerScript()` → ".../lib/dist/search/worker.js".
 */
export function workerScript(): string {
  const compiled = path.join(__dirname, "worker.js");
  if (fs.existsSync(compiled)) return compiled;
  const tried = [compiled];
  if (path.extname(__filename) === ".ts") {
    const built = path.resolve(__dirname, "..", "..", "dist", "search", "worker.js");
    if (fs.existsSync(built)) return built;
    tried.push(built);
  }
  throw new Error(`runTrialsParallel: the worker script is missing (looked for ${tried.join(" and ")}): build tsdl with \`npm run build\``);
}

function transfer(A: Mat): Transferred {
  return { data: Float64Array.from(A.data.subarray(A.offset, A.offset + A.size)), shape: A.shape.slice() };
}

/**
 * Every trial on worker threads, each worker taking the next trial when it is free. Resolves with
 * the results in the order of `trials`; rejects (after terminating every worker) when a trial
 * throws, a worker dies or a trial exceeds `timeoutMs`.
 * Example: `const { results, ms } = await runTrialsParallel(trials, split, DEFAULT_SETTINGS, { workers: 2 })`.
 */
export async function runTrialsParallel(trials: readonly Trial[], data: TrainDev, settings: TrialSettings = DEFAULT_SETTINGS,
  options: ParallelOptions = {}): Promise<SearchRun> {
  const op = "runTrialsParallel";
  checkTrials(op, trials);
  const timeoutMs = options.timeoutMs ?? 120_000;
  if (!(timeoutMs > 0)) throw new Error(`${op}: timeoutMs must be > 0, got ${timeoutMs}`);
  const wanted = options.workers ?? os.availableParallelism();
  if (!Number.isInteger(wanted) || wanted < 1) throw new Error(`${op}: workers must be a positive integer, got ${wanted}`);
  const count = Math.min(wanted, trials.length);
  const script = workerScript();
  const input: WorkerInput = {
    data: { trainX: transfer(data.trainX), trainY: transfer(data.trainY), devX: transfer(data.devX), devY: transfer(data.devY) },
    settings,
    matmulMode: getMatmulMode(), // the same rounding as this thread's, so results are the same
  };
  const start = performance.now();
  const workers: Worker[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const results: TrialResult[] = new Array(trials.length);
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let finished = 0;
      let failed = false;
      const fail = (message: string): void => {
        if (failed) return;
        failed = true;
        reject(new Error(`${op}: ${message}`));
      };
      const startWorker = (k: number): void => {
        const worker = new Worker(script, { workerData: input });
        workers.push(worker);
        options.onWorker?.(worker);
        let timer: ReturnType<typeof setTimeout> | undefined;
        let busy = -1; // index of the trial this worker runs
        const stopTimer = (): void => {
          if (timer !== undefined) {
            clearTimeout(timer);
            timers.delete(timer);
            timer = undefined;
          }
        };
        const giveNext = (): void => {
          if (failed || next >= trials.length) return;
          busy = next++;
          const id = trials[busy].id;
          timer = setTimeout(() => fail(`trial ${id} did not finish within ${timeoutMs} ms (worker ${k})`), timeoutMs);
          timers.add(timer);
          worker.postMessage({ index: busy, trial: trials[busy] } satisfies WorkerRequest);
        };
        worker.on("message", (reply: WorkerReply) => {
          stopTimer();
          if (failed) return;
          if ("error" in reply) return fail(`trial ${trials[reply.index].id} failed in worker ${k}: ${reply.error}`);
          results[reply.index] = reply.result;
          busy = -1;
          if (++finished === trials.length) resolve();
          else giveNext();
        });
        worker.on("error", (e: Error) => {
          stopTimer();
          fail(`worker ${k} crashed${busy >= 0 ? ` running trial ${trials[busy].id}` : ""}: ${e.message}`);
        });
        worker.on("exit", (code) => {
          stopTimer();
          if (finished < trials.length) fail(`worker ${k} exited with code ${code} before the search finished`);
        });
        giveNext();
      };
      for (let k = 0; k < count && !failed; k++) startWorker(k);
    });
  } finally {
    for (const t of timers) clearTimeout(t);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { results, ms: performance.now() - start, workers: count };
}
