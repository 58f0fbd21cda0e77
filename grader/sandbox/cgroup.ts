// Memory and process-count limits for one sandbox through a cgroup (v1 memory + pids hierarchies,
// or v2), created under the grader's own cgroup so the sandbox stays inside whatever limits the
// grader itself has. Every process the sandbox starts stays in it, so close() can kill them all.
import fs from "node:fs";
import path from "node:path";

const ROOT = "/sys/fs/cgroup";
export const CGROUP_PREFIX = "tsdl-sbx-";

export interface CgroupLimits {
  memoryBytes: number;
  maxProcesses: number;
}

/** The cgroup folders of one sandbox (one per v1 hierarchy, or one v2 folder). */
export interface SandboxCgroup {
  version: 1 | 2;
  /** folders whose cgroup.procs the sandbox's first process joins */
  dirs: string[];
  memoryDir: string | null;
  /** limits that could not be set, in words (also printed by the caller) */
  warnings: string[];
}

function ownPath(controller: string | null): string | null {
  try {
    for (const line of fs.readFileSync("/proc/self/cgroup", "utf8").split("\n")) {
      const [, names, p] = line.split(":");
      if (p === undefined) continue;
      if (controller === null ? names === "" : names.split(",").includes(controller)) return p;
    }
  } catch {
    // no /proc: no cgroups
  }
  return null;
}

function write(file: string, value: string | number): void {
  fs.writeFileSync(file, String(value));
}

function makeDir(parent: string, name: string): string {
  const dir = path.join(parent, name);
  fs.mkdirSync(dir);
  return dir;
}

/** The v2 folder when this machine has a usable unified hierarchy with memory and pids, else null. */
function v2Parent(): string | null {
  const own = ownPath(null);
  if (own === null || !fs.existsSync(path.join(ROOT, "cgroup.controllers"))) return null;
  const parent = path.join(ROOT, own);
  const controllers = fs.readFileSync(path.join(parent, "cgroup.controllers"), "utf8");
  return /\bmemory\b/.test(controllers) && /\bpids\b/.test(controllers) ? parent : null;
}

/**
 * Creates the cgroup(s) of a sandbox named `name` with these limits, or returns warnings saying what
 * could not be limited. Example: `const cg = createCgroup("tsdl-sbx-1-ab", {memoryBytes: 2 ** 31, maxProcesses: 512})`.
 */
export function createCgroup(name: string, limits: CgroupLimits): SandboxCgroup {
  const warnings: string[] = [];
  const v2 = v2Parent();
  if (v2) {
    try {
      // a v2 child gets controllers only when its parent delegates them
      write(path.join(v2, "cgroup.subtree_control"), "+memory +pids");
      const dir = makeDir(v2, name);
      write(path.join(dir, "memory.max"), limits.memoryBytes);
      if (fs.existsSync(path.join(dir, "memory.swap.max"))) write(path.join(dir, "memory.swap.max"), 0);
      write(path.join(dir, "pids.max"), limits.maxProcesses);
      return { version: 2, dirs: [dir], memoryDir: dir, warnings };
    } catch (e) {
      warnings.push(`cgroup v2 at ${v2} not usable (${(e as Error).message})`);
    }
  }
  const dirs: string[] = [];
  let memoryDir: string | null = null;
  const memOwn = ownPath("memory");
  try {
    if (memOwn === null) throw new Error("no memory controller in /proc/self/cgroup");
    memoryDir = makeDir(path.join(ROOT, "memory", memOwn), name);
    dirs.push(memoryDir);
    write(path.join(memoryDir, "memory.limit_in_bytes"), limits.memoryBytes);
    // with swap accounting, swap must be capped too (it must stay >= the memory limit)
    const memsw = path.join(memoryDir, "memory.memsw.limit_in_bytes");
    if (fs.existsSync(memsw)) write(memsw, limits.memoryBytes);
  } catch (e) {
    warnings.push(`memory is NOT limited: cgroup v1 memory controller not usable (${(e as Error).message}); run the grader as root on a machine with cgroups`);
  }
  const pidsOwn = ownPath("pids");
  try {
    if (pidsOwn === null) throw new Error("no pids controller in /proc/self/cgroup");
    const dir = makeDir(path.join(ROOT, "pids", pidsOwn), name);
    dirs.push(dir);
    write(path.join(dir, "pids.max"), limits.maxProcesses);
  } catch (e) {
    warnings.push(`the process count is NOT limited by a cgroup: pids controller not usable (${(e as Error).message})`);
  }
  return { version: 1, dirs, memoryDir, warnings };
}

function readPids(dir: string): number[] {
  try {
    return fs.readFileSync(path.join(dir, "cgroup.procs"), "utf8").split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** PIDs of every process in the sandbox's cgroups. Example: `cgroupPids(cg).length` → 3. */
export function cgroupPids(cg: SandboxCgroup): number[] {
  return [...new Set(cg.dirs.flatMap(readPids))];
}

/** Times the memory limit was hit hard enough to kill a process (0 when unknown). Example: `oomKills(cg)` → 1. */
export function oomKills(cg: SandboxCgroup): number {
  if (!cg.memoryDir) return 0;
  try {
    const file = cg.version === 2 ? "memory.events" : "memory.oom_control";
    const m = /^oom_kill (\d+)$/m.exec(fs.readFileSync(path.join(cg.memoryDir, file), "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGKILLs every process in the cgroups until they are empty (a fork racing the kill is caught on
 * the next pass), then removes them. Resolves false when something survived `timeoutMs`.
 * Example: `await killAndRemove(cg, 5000)` → true.
 */
export async function killAndRemove(cg: SandboxCgroup, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pids = cgroupPids(cg);
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
    let removed = true;
    for (const dir of cg.dirs) {
      try {
        fs.rmdirSync(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") removed = false; // EBUSY while a dying process is still in it
      }
    }
    if (removed) return true;
    if (Date.now() > deadline) return false;
    await sleep(pids.length ? 20 : 50);
  }
}

/**
 * Removes sandbox cgroups left by graders that died (SIGKILL leaves no chance to clean up): those
 * named for a process that no longer exists. Example: `removeStaleCgroups()` → 2.
 */
export function removeStaleCgroups(): number {
  let removed = 0;
  const parents = [ownPath(null) !== null ? path.join(ROOT, ownPath(null)!) : null, ...["memory", "pids"].map((c) => (ownPath(c) !== null ? path.join(ROOT, c, ownPath(c)!) : null))];
  for (const parent of parents) {
    if (!parent) continue;
    let names: string[];
    try {
      names = fs.readdirSync(parent).filter((n) => n.startsWith(CGROUP_PREFIX));
    } catch {
      continue;
    }
    for (const n of names) {
      if (isAlive(Number(n.slice(CGROUP_PREFIX.length).split("-")[0]))) continue;
      try {
        for (const pid of readPids(path.join(parent, n))) process.kill(pid, "SIGKILL");
        fs.rmdirSync(path.join(parent, n));
        removed++;
      } catch {
        // still busy: a later run removes it
      }
    }
  }
  return removed;
}

/** True when a process with this pid exists and is not a zombie. Example: `isAlive(process.pid)` → true. */
export function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z"; // a zombie waits only for its parent to reap it
  } catch {
    return false;
  }
}
