// Which kernel grades a submission: a SandboxKernel in bubblewrap (the default), or — only with
// --unsafe-no-sandbox, for a single trusted user — the same kernel without the box, said loudly.
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import type { GradingKernel } from "./grade";
import { SandboxKernel, sandboxAvailability } from "./sandbox";

export interface KernelChoice {
  /** opens a fresh kernel for one submission (grade.ts opens another after a timeout or a death) */
  openKernel: () => Promise<GradingKernel>;
  /** what the person grading must hear first ("NO SANDBOX …"), or nothing */
  warning?: string;
}

/** Stream text kept per cell: room for a reply carrying a trained network's weights. */
const MAX_STREAM_BYTES = 8 << 20;

/**
 * The kernel factory for grading, or a sentence saying why grading cannot start (no working
 * bubblewrap, and how to get it). Example: `const c = kernelChoice(false); if (typeof c === "string") die(c)`.
 */
export function kernelChoice(unsafeNoSandbox: boolean): KernelChoice | string {
  if (unsafeNoSandbox) {
    return {
      // the box's own "NO SANDBOX" per kernel is said once per run instead (a class would print it 300 times)
      openKernel: () => SandboxKernel.open({ unsafeNoSandbox: true, maxStreamBytes: MAX_STREAM_BYTES, onWarning: (m) => void (/^NO SANDBOX/.test(m) || process.stderr.write(`${m}\n`)) }),
      warning: "NO SANDBOX (--unsafe-no-sandbox): the submissions' code runs with your rights — it can read the hidden tests, change your files and the project, use the network and outlive the run. Use this only for your own code.",
    };
  }
  const a = sandboxAvailability(projectRoot);
  if (!a.ok) return `the grader runs each submission in a bubblewrap sandbox, which does not work here: ${a.reason}${a.install ? `\n  ${a.install}` : ""}\n  (for your own, trusted code only: --unsafe-no-sandbox)`;
  return { openKernel: () => SandboxKernel.open({ maxStreamBytes: MAX_STREAM_BYTES }) };
}
