// Cell code shared by the sandbox tests and their SIGKILL stand-in (test/grader/sandbox-parent.ts).

/**
 * A cell that starts a detached child and a double-forked process spinning a core, both with `mark`
 * on their command line. Example: `await k.run(spawnersCell("m-123"), 10, "cell")`.
 */
export function spawnersCell(mark: string): string {
  return `
import * as cp from "child_process";
cp.spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", "detached-${mark}"], { detached: true, stdio: "ignore" }).unref();
// double fork: the middle shell exits at once, the spinner is re-parented
cp.spawn("sh", ["-c", "(" + process.execPath + " -e 'for (;;) {}' spinner-${mark} &) ; exit 0"], { detached: true, stdio: "ignore" }).unref();
console.log("started");
`;
}
