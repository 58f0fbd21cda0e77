// Times kernel start and per-cell cost: SandboxKernel (bubblewrap, ZeroMQ) against the server-based
// KernelSession, interleaved so load changes hit both. `npx tsx tools/bench-sandbox.ts [rounds]`
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import { SandboxKernel } from "../grader/sandbox";
import { KernelSession } from "../runner/execute";
import { startServer } from "../runner/server";
import { makeNotebook } from "../test/helpers/notebooks";

const rounds = Number(process.argv[2] ?? 5);
const CELLS = 20;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) => `median ${median(xs).toFixed(3)} s (min ${Math.min(...xs).toFixed(3)}, max ${Math.max(...xs).toFixed(3)})`;

interface Kernel {
  readonly startSeconds: number;
  run(code: string, timeoutS: number, where: string): Promise<{ status: string }>;
  close(): Promise<void>;
}

/** Seconds to open (until the first answer), per small cell, and to close. */
async function measure(open: () => Promise<Kernel>): Promise<{ open: number; cell: number; close: number }> {
  let t = Date.now();
  const k = await open();
  const opened = (Date.now() - t) / 1000;
  await k.run("1", 30, "warm-up");
  t = Date.now();
  for (let i = 0; i < CELLS; i++) {
    const r = await k.run(`console.log(${i})`, 30, `cell ${i}`);
    if (r.status !== "ok") throw new Error(`cell ${i}: ${r.status}`);
  }
  const cell = (Date.now() - t) / 1000 / CELLS;
  t = Date.now();
  await k.close();
  return { open: opened, cell, close: (Date.now() - t) / 1000 };
}

const server = await startServer({ rootDir: projectRoot });
const file = makeNotebook("bench-sandbox", []);
const results = { sandbox: [] as Awaited<ReturnType<typeof measure>>[], server: [] as Awaited<ReturnType<typeof measure>>[] };
try {
  for (let r = 0; r < rounds; r++) {
    results.sandbox.push(await measure(() => SandboxKernel.open({ onWarning: () => {} })));
    results.server.push(await measure(() => KernelSession.open(server, { rootDir: projectRoot, file })));
    console.log(`round ${r + 1}: sandbox open ${results.sandbox[r].open.toFixed(2)} s, server session open ${results.server[r].open.toFixed(2)} s`);
  }
} finally {
  await server.stop();
}
for (const [name, rs] of Object.entries(results)) {
  console.log(`${name.padEnd(8)} open: ${fmt(rs.map((x) => x.open))}; per cell: ${fmt(rs.map((x) => x.cell))}; close: ${fmt(rs.map((x) => x.close))}`);
}
