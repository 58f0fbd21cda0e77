// @jupyterlab/services writes to the console: lines for every WebSocket it opens and every kernel
// status (console.debug), and "Connection lost, reconnecting in N seconds." (console.warn) whenever
// a kernel's socket closes — which is what happens each time the runner or the grader shuts a
// kernel down (the end of a notebook, a timeout, a kernel that died). None of it tells the person
// running us anything the runner does not report in words itself, so it is dropped unless
// TSDL_DEBUG is set.

const RECONNECT = /^Connection lost, reconnecting in \d+ seconds\.$/;
const quieted = new WeakSet<object>();

/** Drops @jupyterlab/services' connection chatter from `target` (this process's console); idempotent. Example: `quietServicesLog()`. */
export function quietServicesLog(target: Pick<Console, "warn" | "debug"> = console): void {
  if (quieted.has(target) || process.env.TSDL_DEBUG) return;
  quieted.add(target);
  target.debug = () => {};
  const warn = target.warn.bind(target);
  target.warn = (...args: unknown[]) => {
    if (!(typeof args[0] === "string" && RECONNECT.test(args[0]))) warn(...args);
  };
}
