// `npm run grade -- submission.ipynb… [--json report.json] [--lab NAME] [--timeout S] [--total-timeout S]`:
// grades each submission through the real kernel and prints its score per graded function.
// Exit 0 when every file was graded (whatever the score), 1 when one could not be, 2 on bad usage.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBuilt } from "../kernel-setup/build-lib.mjs";
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import { invocationDir } from "../runner/invocation";
import { startServer } from "../runner/server";
import { gradeSubmission, reportText, type GradeReport } from "./grade";

const USAGE = `usage: npm run grade -- SUBMISSION.ipynb [more.ipynb …] [--json REPORT.json] [--lab NAME] [--timeout SECONDS] [--total-timeout SECONDS]
  Runs each submission's graded cells and the lab's hidden tests in a tslab kernel and prints the
  points per graded function. --json writes the report(s) as JSON (one object, or a list for several
  files). --timeout limits each cell (default 60 s), --total-timeout each submission (default 600 s).`;

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<number> {
  console.debug = () => {}; // @jupyterlab/services announces every WebSocket it opens
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { json: { type: "string" }, lab: { type: "string" }, timeout: { type: "string" }, "total-timeout": { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) usage("no submission given");
  const seconds = (v: string | undefined, flag: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(n > 0)) usage(`--${flag} must be a positive number of seconds, got "${v}"`);
    return n;
  };
  const cellTimeoutS = seconds(values.timeout, "timeout");
  const totalTimeoutS = seconds(values["total-timeout"], "total-timeout");
  ensureBuilt(); // after the usage checks: a typo costs no build
  const reports: GradeReport[] = [];
  // one server for all submissions, stopped on Ctrl-C too: nothing is left running
  const server = await startServer({ rootDir: projectRoot });
  const stop = () => void server.stop().finally(() => process.exit(130));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    for (const file of positionals.map((f) => path.resolve(invocationDir(), f))) {
      const r = await gradeSubmission(file, {
        lab: values.lab, cellTimeoutS, totalTimeoutS, server,
        onProgress: (line) => process.stderr.write(`${path.basename(file)}: ${line}\n`),
      });
      reports.push(r);
      console.log(reportText(r));
    }
  } finally {
    await server.stop();
  }
  if (values.json) {
    const tmp = `${values.json}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + "\n");
    fs.renameSync(tmp, values.json);
  }
  return reports.every((r) => r.graded) ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`npm run grade: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
