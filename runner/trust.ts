// Notebook trust: the classic Notebook runs the scripts of saved HTML outputs (our Plotly plots)
// only in notebooks signed with the local secret, which lives in .jupyter-local/data.
import { spawnSync } from "node:child_process";
import { jupyterEnv, readSetup } from "../kernel-setup/jupyter-env.mjs";

/** Signs notebooks with `jupyter trust`; throws with Jupyter's output when it fails. */
export function trustNotebooks(files: string[]): void {
  if (files.length === 0) return;
  const { python } = readSetup();
  const r = spawnSync(python, ["-m", "jupyter", "trust", ...files], { env: jupyterEnv(), encoding: "utf8", timeout: 60_000 });
  if (r.error) throw new Error(`jupyter trust did not finish: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`jupyter trust failed (exit ${r.status}): ${r.stderr || r.stdout}`);
}
