// `npm start` as a learner runs it, for tests: in its own process group (like a terminal's job),
// with a scratch home (TSDL_HOME), waited for until it prints its URL.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { descendants } from "../../runner/processes";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface NpmStart {
  npm: ChildProcess;
  /** the runner/open.ts process under npm */
  launcher: number;
  /** e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  port: number;
  token: string;
  /** the URL npm start printed */
  url: string;
  /** everything npm start printed so far */
  output(): string;
  /** npm's PID and its descendants now */
  tree(): number[];
}

/** True while `pid` runs (not a zombie). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

/** The command line of a process, or "" when it is gone. */
export function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** Runs `npm start [-- ARGS]` serving `home` and resolves once it printed its URL (90 s at most). Example: `const s = await npmStart("out/home", ["--classic"]); …; killTree(s.tree())`. */
export async function npmStart(home: string, args: string[] = []): Promise<NpmStart> {
  const npm = spawn("npm", ["start", ...(args.length ? ["--", ...args] : [])], { cwd: projectRoot, env: { ...process.env, TSDL_HOME: home, DISPLAY: "" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  npm.stdout!.on("data", (d) => (out += d));
  npm.stderr!.on("data", (d) => (out += d));
  const deadline = Date.now() + 90_000;
  let m: RegExpMatchArray | null = null;
  while (!(m = out.match(/(http:\/\/127\.0\.0\.1:(\d+))\/(?:tree|lab)\?token=(\w+)/)) && Date.now() < deadline && npm.exitCode === null) await sleep(100);
  if (!m) {
    killTree([npm.pid!, ...descendants(npm.pid!)]);
    throw new Error(`npm start printed no URL within 90 s:\n${out}`);
  }
  const launcher = descendants(npm.pid!).find((pid) => cmdline(pid).includes("runner/open.ts"));
  if (!launcher) throw new Error(`no runner/open.ts process under npm:\n${out}`);
  return {
    npm, launcher, baseUrl: m[1], port: Number(m[2]), token: m[3], url: m[0],
    output: () => out,
    tree: () => [npm.pid!, ...descendants(npm.pid!)],
  };
}

/** SIGKILLs every process of `pids` still alive. */
export function killTree(pids: number[]): void {
  for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
}
