// `npm run grade -- submission.ipynb… [--json report.json] [--lab NAME] [--timeout S] [--total-timeout S]`:
// grades each submission through the real kernel and prints its score per graded function.
// `npm run grade -- submissions/ [more files or folders] [--out DIR] [--jobs N] [--roster roster.csv] [--force]`:
// grades a class, N at a time, into one gradebook (grades.csv, grades.json, feedback/).
// Exit 0 when every file was graded (whatever the score), 1 when one could not be, 2 on bad usage.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBuilt } from "../kernel-setup/build-lib.mjs";
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import { invocationDir } from "../runner/invocation";
import { gradeSubmission, reportText, submissionLab, type GradeReport } from "./grade";
import { gradeBatch } from "./gradebook/batch";
import { kernelChoice } from "./kernel-choice";
import { readRoster } from "./gradebook/roster";
import { readSubmission } from "./submission";

const USAGE = `usage: npm run grade -- SUBMISSION.ipynb [more.ipynb …] [--json REPORT.json] [--lab NAME] [--timeout SECONDS] [--total-timeout SECONDS]
       npm run grade -- FOLDER [more files or folders …] [--out DIR] [--jobs N] [--roster ROSTER.csv] [--force] [--lab NAME] [--timeout S] [--total-timeout S]
       (either form: [--unsafe-no-sandbox])
  Runs each submission's graded cells in a tslab kernel, tests them with the lab's hidden tests and
  prints the points per graded function. Paths are relative to the folder the command was typed in.
  The lab is read from the file; --lab is needed only when the file does not say (and must agree
  when it does). --json writes the report(s) as JSON (one object, or a list for several files).
  --timeout limits each cell (default 60 s), --total-timeout each submission (default 600 s).
  A class: given a folder (or --out), every file found is graded, --jobs N at a time (default: the
  number of cores), into --out DIR (default grades/): grades.csv (one row per submission), grades.json
  (the full reports) and feedback/ID.md to hand back. A learner's id is the file's name, or the
  roster's (a CSV with a file column and an id column). A second run regrades only files whose
  content changed, unless --force.
  Each submission runs in its own bubblewrap sandbox (no network, no project files, memory and
  process limits); --unsafe-no-sandbox runs them without it, for your own trusted code only.`;

/**
 * Usage errors found without starting anything: a submission that does not exist, a --lab that is no
 * lab or disagrees with a file's own. Example: `usageErrors(["/abs/a.ipynb"], "01-initialization")` → [].
 */
function usageErrors(files: string[], lab: string | undefined): string[] {
  const errors: string[] = [];
  for (const file of files) {
    if (!fs.existsSync(file)) {
      errors.push(`${file}: no such file (paths are relative to the folder the command was typed in, ${invocationDir()})`);
      continue;
    }
    if (fs.statSync(file).isDirectory()) continue;
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
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: "string" }, lab: { type: "string" }, timeout: { type: "string" }, "total-timeout": { type: "string" },
        out: { type: "string" }, jobs: { type: "string" }, roster: { type: "string" }, force: { type: "boolean" },
        "unsafe-no-sandbox": { type: "boolean" }, help: { type: "boolean", short: "h" },
      },
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
  const base = invocationDir();
  const files = positionals.map((p) => path.resolve(base, p));
  const errors = usageErrors(files, values.lab);
  if (errors.length) usage(errors.join("\n"));
  const batch = values.out !== undefined || values.roster !== undefined || files.some((f) => fs.statSync(f).isDirectory());
  if (!batch && (values.jobs !== undefined || values.force)) usage("--jobs and --force are for a class: give a folder or --out DIR");
  if (batch && values.json !== undefined) usage("--json is for single files; a class's reports go to --out DIR/grades.json");
  const jobs = values.jobs === undefined ? os.availableParallelism() : Number(values.jobs);
  if (!(Number.isInteger(jobs) && jobs >= 1)) usage(`--jobs must be a whole number ≥ 1, got "${values.jobs}"`);
  let roster: Map<string, string> | undefined;
  try {
    roster = values.roster === undefined ? undefined : readRoster(path.resolve(base, values.roster));
  } catch (e) {
    usage((e as Error).message);
  }
  const choice = kernelChoice(Boolean(values["unsafe-no-sandbox"]));
  if (typeof choice === "string") {
    console.error(`npm run grade: ${choice}`);
    return 1;
  }
  const loud = () => choice.warning && console.error(`\n*** ${choice.warning} ***\n`);
  loud();
  process.once("exit", loud);
  ensureBuilt(); // after the usage checks: a typo costs no build
  const { openKernel } = choice;

  if (batch) {
    const outDir = path.resolve(base, values.out ?? "grades");
    const r = await gradeBatch({
      args: positionals, base, outDir, jobs, roster, lab: values.lab, force: values.force,
      exclude: roster ? [path.resolve(base, values.roster!)] : [],
      settings: { cellTimeoutS, totalTimeoutS, sandbox: !values["unsafe-no-sandbox"] },
      grade: (file, lab) => gradeSubmission(file, { lab, cellTimeoutS, totalTimeoutS, openKernel }),
    });
    const rel = (p: string) => path.relative(base, p) || p;
    const notGraded = r.book.entries.filter((e) => !e.report.graded);
    console.log(`graded ${r.graded} submission(s); ${r.reused} identical to one graded before (this run or the last), not graded again; ${notGraded.length} not graded; ${r.seconds.toFixed(1)} s with --jobs ${jobs}`);
    for (const e of notGraded) console.log(`  not graded: ${e.file}: ${e.report.error}`);
    if (r.notInRoster.length) console.log(`not in the roster (their id is the file name): ${r.notInRoster.join(", ")}`);
    console.log(`wrote ${rel(r.written.csv)}, ${rel(r.written.json)} and ${r.written.feedback.length} feedback file(s) in ${rel(path.dirname(r.written.feedback[0] ?? outDir))}/`);
    return notGraded.length ? 1 : 0;
  }

  const jsonFile = values.json === undefined ? undefined : path.resolve(base, values.json);
  const reports: GradeReport[] = [];
  for (const file of files) {
    const r = await gradeSubmission(file, {
      lab: values.lab, cellTimeoutS, totalTimeoutS, openKernel,
      onProgress: (line) => process.stderr.write(`${path.basename(file)}: ${line}\n`),
    });
    const shown = { ...r, submission: path.relative(base, file) || file };
    reports.push(shown);
    console.log(reportText(shown));
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
  console.error(`npm run grade: ${(e as Error).message}`);
  process.exit(1);
});
