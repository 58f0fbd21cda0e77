// A grader stand-in for test/grader/sandbox.test.ts: opens a sandbox, starts a detached child and a
// double-forked spinning process inside it (command lines carrying MARK, argv[2]), prints
// "READY <host pids>" and waits to be SIGKILLed.
import { SandboxKernel } from "../../grader/sandbox";
import { spawnersCell } from "./sandbox-cells";

const mark = process.argv[2];
const k = await SandboxKernel.open({ onWarning: () => {} });
const r = await k.run(spawnersCell(mark), 30, "spawners");
if (r.status !== "ok") throw new Error(`spawners cell: ${r.status} ${JSON.stringify(r.outputs)}`);
await new Promise((res) => setTimeout(res, 500)); // let the double fork finish
console.log(`READY ${JSON.stringify(k.pids())}`);
setInterval(() => {}, 1000);
