// The roster: which learner handed in which file, from a CSV with a header row naming a file column
// (file, filename, submission or path) and an id column (id, student_id, learner, email, login or
// sis_id). Without a roster, a learner's id is the file's name without ".ipynb".
import fs from "node:fs";
import path from "node:path";
import { parseCsv } from "./csv";

const FILE_COLUMNS = ["file", "filename", "submission", "path"];
const ID_COLUMNS = ["id", "student_id", "learner", "email", "login", "sis_id"];

/** file name (no folder) → learner id */
export type Roster = Map<string, string>;

/** Reads a roster CSV; throws naming the file and the columns it needs. Example: `readRoster("roster.csv").get("ana.ipynb")` → "ana@uni.edu". */
export function readRoster(file: string): Roster {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`--roster ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const [header, ...rows] = parseCsv(text);
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const fileCol = names.findIndex((n) => FILE_COLUMNS.includes(n));
  const idCol = names.findIndex((n) => ID_COLUMNS.includes(n));
  if (fileCol < 0 || idCol < 0) {
    throw new Error(`--roster ${file}: its first row must name a file column (${FILE_COLUMNS.join(", ")}) and an id column (${ID_COLUMNS.join(", ")}); it has: ${(header ?? []).join(", ") || "nothing"}`);
  }
  const roster: Roster = new Map();
  rows.forEach((r, i) => {
    const name = path.basename((r[fileCol] ?? "").trim());
    const id = (r[idCol] ?? "").trim();
    if (!name || !id) throw new Error(`--roster ${file}: row ${i + 2} has no ${!name ? "file" : "id"}`);
    if (roster.has(name) && roster.get(name) !== id) throw new Error(`--roster ${file}: ${name} is listed for both ${roster.get(name)} and ${id}`);
    roster.set(name, id);
  });
  return roster;
}

/** The learner id of a submission file: the roster's, else its name without extension. Example: `learnerId("sub/ana.ipynb")` → "ana". */
export function learnerId(file: string, roster?: Roster): string {
  const name = path.basename(file);
  return roster?.get(name) ?? name.replace(/\.ipynb$/i, "");
}
