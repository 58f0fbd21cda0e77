// A graded function's verdict, decided in the grader's process. The hidden test (lib's checks) runs
// here with a stand-in for the learner's function. Each time the test reaches a call it has no answer
// for, the stand-in stops it; the call's arguments (plain data) go to the learner's kernel, which
// runs the learner's function on them and sends back what it did (lib/src/checks/grade.ts); then the
// test runs again from the start, the stand-in answering the known calls with the learner's results.
// So the test walks the learner's own path, comparisons and messages are the checks' own, and no
// expected value, token or test code ever enters the kernel.
import { tsdl } from "./tsdl";
import type { CallReply, CallRequest } from "../lib/dist/checks/grade.js";
import type { TensorMaker, Wire } from "../lib/dist/checks/wire.js";
import type { Graded, HiddenTest } from "./hidden";

/** What the kernel did with one call: its reply, or why there is none (a sentence for the learner). */
export type Answer = { reply: CallReply } | { failure: string };

/** Sends one call to the learner's kernel. */
export type Ask = (request: CallRequest) => Promise<Answer>;

export interface Verdict {
  passed: boolean;
  /** "All tests passed." or the first failure, in words */
  message: string;
  /** calls of the learner's function the test made */
  calls: number;
}

/** Calls one hidden test may make of the learner's function (a loop in a test is a grader bug). */
const MAX_CALLS = 400;
const ORIGINAL_WRITE = process.stdout.write;

/** Thrown through the checks (which let `passThrough` errors by): a call to send, or a failure that ends the test. */
class Signal extends Error {
  readonly passThrough = true;
  constructor(readonly pending?: CallRequest, readonly failure?: string) {
    super(failure ?? "a call to ask the kernel");
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Fails unless `r` (parsed from the kernel's reply line) has the shape of a CallReply for `nArgs` arguments. */
export function validReply(r: unknown, nArgs: number): string | undefined {
  if (!isObject(r)) return "the reply is not an object";
  if (r.outcome !== "ok" && r.outcome !== "threw" && r.outcome !== "not-a-function") return "the reply has no outcome";
  if (r.outcome !== "not-a-function" && (!Array.isArray(r.values) || r.values.length !== nArgs + 1)) return "the reply has no result";
  if (typeof r.printed !== "string") return "the reply has no printed text";
  if (r.outcome === "threw" && !(isObject(r.thrown) && typeof r.thrown.name === "string" && typeof r.thrown.message === "string")) return "the reply has no error";
  if (!isObject(r.random) || !Array.isArray(r.random.key)) return "the reply has no random state";
  if (r.tensorsLeft !== undefined && !Number.isInteger(r.tensorsLeft)) return "the reply has a bad tensor count";
  return undefined;
}

/**
 * The stand-in's answer to one known call: the learner's result, its arguments updated in place as
 * the learner's function left them, its printing, its throw, the random stream after it.
 */
function answer(name: string, reply: CallReply, args: unknown[], tf: TfLike | undefined): unknown {
  if (reply.outcome === "not-a-function") throw new Signal(undefined, `${name} is not a function (it holds ${String(reply.kind ?? "something else").slice(0, 200)}): the graded cell must define a function named ${name}`);
  try {
    tsdl.random.setState(reply.random);
  } catch (e) {
    throw new Signal(undefined, `the kernel's reply for ${name} is malformed (${(e as Error).message})`);
  }
  const state = tsdl.checks.wire.newDecodeState(tf);
  const before = tf?.memory().numTensors ?? 0;
  let value: unknown;
  try {
    args.forEach((a, i) => tsdl.checks.wire.writeBack(a, reply.values[i], state, `argument ${i + 1}`));
    value = tsdl.checks.wire.decode(reply.values[args.length], state, "the result");
  } catch (e) {
    throw new Signal(undefined, `the kernel's reply for ${name} is malformed (${(e as Error).message})`);
  }
  // the checks read what a call printed through their own capture; printed elsewhere it is dropped
  if (reply.printed && process.stdout.write !== ORIGINAL_WRITE) process.stdout.write(reply.printed);
  if (tf && reply.tensorsLeft !== undefined) {
    // tensors the learner's call left allocated: as many here, so the checks' leak count sees them
    const extra = Math.min(10_000, reply.tensorsLeft - (tf.memory().numTensors - before));
    for (let i = 0; i < extra; i++) tf.scalar(0);
  }
  if (reply.outcome === "threw") {
    const e = new Error(reply.thrown!.message);
    e.name = reply.thrown!.name;
    throw e;
  }
  return value;
}

interface TfLike extends TensorMaker {
  memory(): { numTensors: number };
  scalar(x: number): unknown;
}

/**
 * Runs hidden test `test` of graded function `name`, asking the kernel for each call of it.
 * Example: `await verdictOf("initializeParametersHe", hidden.tests.initializeParametersHe, ask)`.
 */
export async function verdictOf(name: string, test: HiddenTest, ask: Ask, tf?: TfLike, matmulMode: "fast" | "fma" = "fast"): Promise<Verdict> {
  const known: { request: string; reply: CallReply }[] = [];
  for (;;) {
    let calls = 0;
    let pending: CallRequest | undefined;
    const standIn: Graded = (...args: unknown[]) => {
      const k = calls++;
      if (k >= MAX_CALLS) throw new Signal(undefined, `its hidden test called ${name} more than ${MAX_CALLS} times (a grader bug: please report it)`);
      const request: CallRequest = { args: tsdl.checks.wire.encode(args) as Wire[], random: tsdl.grading.randomState() };
      if (k < known.length) {
        if (JSON.stringify(request) !== known[k].request) throw new Signal(undefined, `its hidden test did not repeat call ${k + 1} of ${name} the same way (a grader bug: please report it)`);
        return answer(name, known[k].reply, args, tf);
      }
      pending = request;
      throw new Signal(pending);
    };
    // the test runs synchronously: global state set here is its alone, even with other submissions in flight
    const state = tsdl.random.getState();
    const mode = tsdl.setMatmulMode(matmulMode);
    let failure: unknown;
    try {
      test(standIn, tf);
      return { passed: true, message: "All tests passed.", calls };
    } catch (e) {
      failure = e;
    } finally {
      tsdl.random.setState(state);
      tsdl.setMatmulMode(mode);
    }
    if (pending) {
      const a = await ask(pending);
      if ("failure" in a) return { passed: false, message: a.failure, calls };
      const problem = validReply(a.reply, pending.args.length);
      if (problem) return { passed: false, message: `the kernel's reply for ${name} is malformed (${problem})`, calls };
      known.push({ request: JSON.stringify(pending), reply: a.reply });
      continue;
    }
    const e = failure as Error;
    const message = e instanceof Signal ? e.failure! : e instanceof tsdl.checks.CheckFailed ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { passed: false, message, calls };
  }
}
