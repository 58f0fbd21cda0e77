// Whether bubblewrap can sandbox a kernel on this machine, and as which uid; and why not, with the
// command that fixes it. Probed once per process by running node inside a real sandbox.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SANDBOX_UID, sandboxArgv, type UidMode } from "./launch";

export const INSTALL_BUBBLEWRAP = "apt-get install --no-install-recommends bubblewrap (as root; or run `npm run setup` as root)";
const PROBE_TIMEOUT_MS = 30_000;

export interface SandboxAvailability {
  ok: boolean;
  /** the uid mode that worked: "nobody" (the grader is root) or "self" */
  uid: UidMode;
  /** when !ok: why, in words */
  reason?: string;
  /** when !ok and installing helps: the command */
  install?: string;
  /** things that work, but less well than they should (printed by the caller) */
  warnings: string[];
}

const cache = new Map<string, SandboxAvailability>();

function probe(projectRoot: string, uid: UidMode): { ok: boolean; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-sbx-probe-"));
  try {
    if (uid === "nobody") fs.chownSync(dir, SANDBOX_UID, SANDBOX_UID);
    const plan = { sandboxed: true, mounts: { projectRoot, kernelDir: dir, dataDir: null }, hostWorkDir: dir, cgroupDirs: [], uid };
    // tslab and tsdl must resolve from the working dir, as the kernel will need them
    const check = `require.resolve("tslab/package.json"); require("tsdl/package.json"); process.stdout.write("sandbox-ok " + process.getuid())`;
    const argv = sandboxArgv(plan, [process.execPath, "-e", check]);
    const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", timeout: PROBE_TIMEOUT_MS, cwd: dir, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
    const out = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`.trim();
    return { ok: r.status === 0 && out.includes("sandbox-ok"), out };
  } catch (e) {
    return { ok: false, out: (e as Error).message };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Whether the sandbox works here for the project at `projectRoot` (cached per process).
 * Example: `const a = sandboxAvailability("/work/main"); if (!a.ok) console.error(a.reason, a.install)`.
 */
export function sandboxAvailability(projectRoot: string): SandboxAvailability {
  const key = `${projectRoot}\0${process.env.PATH}`; // PATH decides which bwrap runs
  const known = cache.get(key);
  if (known) return known;
  const result = check(projectRoot);
  cache.set(key, result);
  return result;
}

function check(projectRoot: string): SandboxAvailability {
  const warnings: string[] = [];
  if (process.platform !== "linux") return { ok: false, uid: "self", reason: `bubblewrap needs Linux (this is ${process.platform})`, warnings };
  if (spawnSync("bwrap", ["--version"]).status !== 0) {
    return { ok: false, uid: "self", reason: "bubblewrap (bwrap) is not installed", install: INSTALL_BUBBLEWRAP, warnings };
  }
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    if (spawnSync("setpriv", ["--version"]).status !== 0) warnings.push("setpriv (util-linux) is missing: the sandbox runs as root inside a user namespace, not as nobody");
    else {
      const asNobody = probe(projectRoot, "nobody");
      if (asNobody.ok) return { ok: true, uid: "nobody", warnings };
      warnings.push(`the sandbox cannot run as uid ${SANDBOX_UID} (nobody): ${asNobody.out.slice(0, 400)} — is ${projectRoot} readable by other users? It runs as root inside a user namespace instead`);
    }
  }
  const asSelf = probe(projectRoot, "self");
  if (asSelf.ok) return { ok: true, uid: "self", warnings };
  return {
    ok: false,
    uid: "self",
    reason: `bubblewrap is installed but could not start node in a sandbox: ${asSelf.out.slice(0, 600)}` + (isRoot ? "" : " (unprivileged user namespaces may be disabled: sysctl kernel.unprivileged_userns_clone=1, or run the grader as root)"),
    warnings,
  };
}
