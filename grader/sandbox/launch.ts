// The command that starts a tslab kernel from a connection file: inside bubblewrap (unprivileged
// uid, no network, own PID namespace, dies with the grader), or plainly for --unsafe-no-sandbox;
// either way first joined to the sandbox's cgroups, so every process it starts can be found.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { INSIDE, mountArgs, type MountPlan } from "./mounts";

/** nobody/nogroup on Debian: the sandbox's uid when the grader runs as root. */
export const SANDBOX_UID = 65534;
const STDERR_TAIL_CHARS = 16_384;
// joins each cgroup folder given before the command, then becomes the command (same pid)
const JOIN_CGROUPS = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1/cgroup.procs" || exit 97; shift; n=$((n-1)); done; exec "$@"';

export type UidMode = "nobody" | "self";

export interface LaunchPlan {
  /** true: bubblewrap; false: the same kernel without it (--unsafe-no-sandbox) */
  sandboxed: boolean;
  mounts: MountPlan;
  /** host folder to run the unsandboxed kernel in (holds a node_modules symlink) */
  hostWorkDir: string;
  /** cgroup folders to join first */
  cgroupDirs: string[];
  /** "nobody": switch to SANDBOX_UID first (the grader is root); "self": keep the grader's uid */
  uid: UidMode;
  /** RLIMIT_NPROC for the sandbox's uid, when no pids cgroup limits it */
  nprocLimit?: number;
}

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

/** prlimit's part: no core dumps (a 2 GiB kernel must not write 2 GiB when it crashes), and RLIMIT_NPROC when asked. */
function limitArgv(plan: LaunchPlan): string[] {
  if (!has("prlimit")) return [];
  return ["prlimit", "--core=0:0", ...(plan.nprocLimit ? [`--nproc=${plan.nprocLimit}:${plan.nprocLimit}`] : []), "--"];
}

/**
 * The argv (program first) that runs `inner` (a program and its arguments, paths as seen inside)
 * in the sandbox. Example: `sandboxArgv(plan, [process.execPath, "-e", "0"])`.
 */
export function sandboxArgv(plan: LaunchPlan, inner: string[]): string[] {
  const user = plan.uid === "nobody" ? ["setpriv", `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, "--clear-groups", "--"] : [];
  const env = ["--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", INSIDE.work, "--setenv", "TMPDIR", "/tmp", "--setenv", "LANG", "C.UTF-8"];
  if (plan.mounts.dataDir) env.push("--setenv", "TSDL_DATA", INSIDE.data);
  if (process.env.TZ) env.push("--setenv", "TZ", process.env.TZ);
  return [
    ...limitArgv(plan),
    ...user,
    "bwrap",
    "--unshare-all", // user, ipc, pid, net, uts, cgroup namespaces: no network, own process tree
    "--die-with-parent",
    "--new-session", // no TIOCSTI into the grader's terminal
    "--cap-drop", "ALL",
    "--hostname", "sandbox",
    "--clearenv", ...env,
    ...mountArgs(plan.mounts),
    "--chdir", INSIDE.work,
    "--",
    ...inner,
  ];
}

/** The argv that starts the kernel with the connection file (its path inside and on the host). */
export function kernelCommand(plan: LaunchPlan, connFile: { inside: string; host: string }): string[] {
  const tslab = (root: string) => [process.execPath, `${root}/node_modules/tslab/bin/tslab`, "kernel", "--config-path"];
  if (!plan.sandboxed) return [...limitArgv(plan), ...tslab(plan.mounts.projectRoot), connFile.host];
  return sandboxArgv(plan, [...tslab(INSIDE.project), connFile.inside]);
}

/** `sh` arguments that join the cgroup folders, then exec argv (same pid). */
export function joinCgroupsArgv(cgroupDirs: string[], argv: string[]): string[] {
  return ["-c", JOIN_CGROUPS, "sh", String(cgroupDirs.length), ...cgroupDirs, ...argv];
}

/** A started kernel process: its exit, and the end of what it wrote to stderr outside any cell. */
export interface KernelProcess {
  child: ChildProcess;
  /** resolves when the process (the sandbox's outermost one) exits */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderrTail(): string;
}

/** Starts the kernel. Example: `const p = launchKernel(plan, {inside, host}); await p.exited;` */
export function launchKernel(plan: LaunchPlan, connFile: { inside: string; host: string }): KernelProcess {
  const child = spawn("sh", joinCgroupsArgv(plan.cgroupDirs, kernelCommand(plan, connFile)), {
    cwd: plan.hostWorkDir,
    stdio: ["ignore", "pipe", "pipe"],
    // the unsandboxed kernel keeps the grader's environment, as a Jupyter server would give it
    env: plan.sandboxed ? { PATH: process.env.PATH ?? "/usr/bin:/bin" } : process.env,
  });
  let tail = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (d: string) => (tail = (tail + d).slice(-STDERR_TAIL_CHARS)));
  child.stdout!.resume(); // drained: a kernel writing to fd 1 must not block on a full pipe
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", () => resolve({ code: null, signal: null }));
  });
  return { child, exited, stderrTail: () => tail };
}
