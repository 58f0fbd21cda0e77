// `npm run autograder -- LAB --target gradescope|prairielearn [--out DIR] [--visibility V] [--timeout S] [--total-timeout S]`
import path from "node:path";
import { parseArgs } from "node:util";
import { invocationDir } from "../../runner/invocation";
import { buildBundle, VISIBILITIES } from "./bundle";
import type { Engine } from "./autograde";
import type { Visibility } from "./results";

const USAGE = `usage: npm run autograder -- LAB --target gradescope|prairielearn [--out DIR] [--visibility V] [--timeout S] [--total-timeout S]
  Packages the grader of lab LAB for a grading engine that runs one container per submission.
  gradescope: DIR/tsdl-LAB-gradescope.zip to upload as the autograder (setup.sh, run_autograder);
  prairielearn: DIR/tsdl-LAB-prairielearn/ (Containerfile, run.sh, info.json options, README).
  --out DIR (default out/autograder), --visibility of each graded function's line on Gradescope
  (${VISIBILITIES.join(", ")}; default visible), --timeout per cell (60 s), --total-timeout per submission (600 s).`;

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { target: { type: "string" }, out: { type: "string" }, visibility: { type: "string" }, timeout: { type: "string" }, "total-timeout": { type: "string" }, help: { type: "boolean", short: "h" } } });
} catch (e) {
  usage((e as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) usage(positionals.length ? `one lab at a time, got ${positionals.join(", ")}` : "which lab? e.g. npm run autograder -- 01-initialization --target gradescope");
if (values.target !== "gradescope" && values.target !== "prairielearn") usage(`--target must be gradescope or prairielearn${values.target ? `, got "${values.target}"` : ""}`);
if (values.visibility !== undefined && !VISIBILITIES.includes(values.visibility as Visibility)) usage(`--visibility must be one of ${VISIBILITIES.join(", ")}, got "${values.visibility}"`);
const seconds = (v: string | undefined, flag: string) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0)) usage(`--${flag} must be a positive number of seconds, got "${v}"`);
  return n;
};
try {
  const out = buildBundle(
    { lab: positionals[0], engine: values.target as Engine, visibility: values.visibility as Visibility | undefined, cellTimeoutS: seconds(values.timeout, "timeout"), totalTimeoutS: seconds(values["total-timeout"], "total-timeout") },
    path.resolve(invocationDir(), values.out ?? "out/autograder"),
  );
  console.log(`wrote ${path.relative(invocationDir(), out) || out}`);
} catch (e) {
  console.error(`npm run autograder: ${(e as Error).message}`);
  process.exit(1);
}
