// `npm run grade -- submission.ipynb… [--json report.json] [--lab NAME] [--timeout S] [--total-timeout S]`:
// grades each submission through the real kernel and prints its score per graded function.
// Exit 0 when every file was graded (whatever the score), 1 when one could not be, 2 on bad usage.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import { startServer } from "../runner/server";
import { gradeSubmission, reportText, submissionLab, type GradeReport } from "./grade";
import { readSubmission } from "./submission";

const USAGE = `usage: npm run grade -- SUBMISSION.ipynb [more.ipynb …] [--json REPORT.json] [--lab NAME] [--timeout SECONDS] [--total-timeout SECONDS]
  Runs each submission's graded cells and the lab's hidden tests in a tslab kernel and prints the
  points per graded function. Paths are relative to the folder the command was typed in. The lab is
  read from the file; --lab is needed only when the file does not say (and must agree when it does).
  --json writes the report(s) as JSON (one object, or a list for several files). --timeout limits
  each cell (default 60 s), --total-timeout each submission (default 600 s).`;

/** The folder the user typed the command in: npm sets INIT_CWD (it runs scripts from the project root). */
function typedIn(): string {
  return process.env.INIT_CWD || process.cwd();
}

/**
 * Usage errors found without starting anything: a submission that does not exist, a --lab that is no
 * lab or disagrees with a file's own. Example: `usageErrors(["/abs/a.ipynb"], "01-initialization")` → [].
 */
function usageErrors(files: string[], lab: string | undefined): string[] {
  const errors: string[] = [];
  for (const file of files) {
    if (!fs.existsSync(file)) {
      errors.push(`${file}: no such file (paths are relative to the folder the command was typed in, ${typedIn()})`);
      continue;
    }
    const { nb } = readSubmission(file);
    const found = nb ? submissionLab(nb, lab) : undefined;
    if (typeof found === "object" && found.usage) errors.push(`${file}: ${found.error}`);
  }
  return errors;
}

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
  const files = positionals.map((p) => path.resolve(typedIn(), p));
  const errors = usageErrors(files, values.lab);
  if (errors.length) usage(errors.join("\n"));
  const jsonFile = values.json === undefined ? undefined : path.resolve(typedIn(), values.json);
  const reports: GradeReport[] = [];
  // one server for all submissions, stopped on Ctrl-C too: nothing is left running
  const server = await startServer({ rootDir: projectRoot });
  const stop = () => void server.stop().finally(() => process.exit(130));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    for (const file of files) {
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
  if (jsonFile) {
    const tmp = `${jsonFile}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + "\n");
    fs.renameSync(tmp, jsonFile);
  }
  return reports.every((r) => r.graded) ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`npm run grade: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
