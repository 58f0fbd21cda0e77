/**
 * The grader's only code inside the learner's kernel: `replay(fn, request)` calls the learner's
 * function on arguments the grader sent (plain data, see wire.ts), with the global random stream
 * set as the grader's was, and prints one line `TSDL-REPLY {…}` with what happened as plain data:
 * the result, the arguments afterwards, what it printed or threw, the random state and tensors
 * left. Nothing here decides anything: the grader compares, scores and words the messages in its
 * own process, so patching anything in the kernel can only change what the learner's function
 * returns.
 */
import { random, type RandomStateSnapshot } from "../random";
import { kindOf } from "./core";
import { decode, encode, newDecodeState, type TensorMaker, type Wire } from "./wire";

/** The prefix of the reply line. */
export const REPLY_MARK = "TSDL-REPLY";
/** Text a call may print that travels back (the rest is cut, with a note). */
const MAX_PRINTED = 64 * 1024;

/** What the grader asks: one call of a graded function. */
export interface CallRequest {
  /** the arguments, encoded */
  args: Wire[];
  /** the global random state to set before the call */
  random: RandomStateSnapshot;
}

/** What the kernel answers (before validation by the grader). */
export interface CallReply {
  /** "ok": it returned; "threw": it threw; "not-a-function": the name holds something else */
  outcome: "ok" | "threw" | "not-a-function";
  /** [arguments afterwards…, result], one encoding (the result may refer to an argument) */
  values: Wire[];
  printed: string;
  /** for "not-a-function": what the name holds */
  kind?: string;
  thrown?: { name: string; message: string };
  random: RandomStateSnapshot;
  /** tensors the call left allocated (lab 05), result included */
  tensorsLeft?: number;
}

interface TfLike extends TensorMaker {
  memory(): { numTensors: number };
}

/** The global random state as plain JSON (its key a plain array). Example: `JSON.stringify(randomState())`. */
export function randomState(): RandomStateSnapshot {
  const s = random.getState();
  return { ...s, key: Array.from(s.key) as unknown as RandomStateSnapshot["key"] };
}

function disposeTensors(tf: TfLike, v: unknown, seen = new Set<unknown>()): void {
  if (typeof v !== "object" || v === null || seen.has(v)) return;
  seen.add(v);
  if (typeof (v as { dataSync?: unknown }).dataSync === "function" && Array.isArray((v as { shape?: unknown }).shape)) {
    try {
      tf.dispose(v);
    } catch {
      // already disposed
    }
    return;
  }
  for (const x of Object.values(v)) disposeTensors(tf, x, seen);
}

/**
 * Calls `fn` as `request` (a JSON text) says and prints the reply line; never throws.
 * Example (what the grader sends): `tsdlGrader.grading.replay(initializeParametersHe, "{\"args\": …}")`.
 */
export function replay(fn: unknown, request: string, tf?: TfLike): void {
  const req = JSON.parse(request) as CallRequest;
  const state = newDecodeState(tf);
  const args = req.args.map((a, i) => decode(a, state, `argument ${i + 1}`));
  let reply: CallReply;
  if (typeof fn !== "function") {
    reply = { outcome: "not-a-function", values: [], kind: kindOf(fn), printed: "", random: randomState() };
  } else {
    const printed: string[] = [];
    let size = 0;
    const keep = (s: string) => {
      if (size < MAX_PRINTED) printed.push(s.slice(0, MAX_PRINTED - size));
      size += s.length;
      return true;
    };
    const log = console.log, write = process.stdout.write;
    console.log = (...a: unknown[]) => void keep(a.map(String).join(" ") + "\n");
    process.stdout.write = ((chunk: unknown) => keep(String(chunk))) as typeof process.stdout.write;
    random.setState(req.random);
    const before = tf?.memory().numTensors;
    let outcome: CallReply["outcome"] = "ok";
    let value: unknown;
    let thrown: CallReply["thrown"];
    try {
      value = fn(...args);
    } catch (e) {
      outcome = "threw";
      thrown = { name: e instanceof Error ? String(e.name) : "an exception", message: e instanceof Error ? String(e.message) : String(e) };
    } finally {
      console.log = log;
      process.stdout.write = write;
    }
    const tensorsLeft = tf && before !== undefined ? tf.memory().numTensors - before : undefined;
    const text = printed.join("") + (size > MAX_PRINTED ? `\n… (${size - MAX_PRINTED} more characters printed)` : "");
    reply = { outcome, values: encode([...args, value], { tensorsKnownIn: args.length }), printed: text, thrown, random: randomState(), tensorsLeft };
    if (tf) disposeTensors(tf, [args, value]);
  }
  process.stdout.write(`\n${REPLY_MARK} ${JSON.stringify(reply)}\n`);
}
