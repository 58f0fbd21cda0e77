// Removes what sandboxes of a grader that was SIGKILLed left behind: their processes die with the
// grader (bubblewrap --die-with-parent), but their cgroup and temp folders stay.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CGROUP_PREFIX, isAlive, removeStaleCgroups } from "./cgroup";

/** Removes leftovers of dead graders; returns how many cgroups and folders it removed. Example: `removeLeftovers()` → 0. */
export function removeLeftovers(): number {
  let removed = removeStaleCgroups();
  let names: string[] = [];
  try {
    names = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(CGROUP_PREFIX));
  } catch {
    return removed;
  }
  for (const n of names) {
    const pid = Number(n.slice(CGROUP_PREFIX.length).split("-")[0]);
    if (!Number.isInteger(pid) || isAlive(pid)) continue;
    fs.rmSync(path.join(os.tmpdir(), n), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
