// The learner's home: the folder `npm start` serves (workspace/, git-ignored). It holds
//   START-HERE.ipynb            where to start, how to check and hand in
//   exercises/NAME.ipynb        the learner's working copies of exercises/ (their work: never overwritten)
//   solutions/NAME.ipynb        the solved labs, to compare with after trying
//   lectures-and-notes/NAME.ipynb  the notebooks without exercises
// A file the learner changed is never overwritten: when the project's version changes too, the new
// version is written beside it as NAME.new.ipynb. Files the learner left as they were follow the
// project's versions. `.tsdl-home.json` remembers what was written where (Jupyter hides dotfiles).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../kernel-setup/jupyter-env.mjs";
import { serializeNotebook, toLines, writeFileAtomic, type Notebook } from "./notebook";
import { kernelMetadata } from "./kernel-metadata";

/** The learner's home folder `npm start` serves: workspace/, or `$TSDL_HOME` (tests use a scratch folder; it must lie inside the project for `import "tsdl"` to resolve). */
export const LEARNER_HOME = process.env.TSDL_HOME ? path.resolve(process.env.TSDL_HOME) : path.join(projectRoot, "workspace");
const MANIFEST = ".tsdl-home.json";
const START_HERE_TEXT = path.join(projectRoot, "runner", "start-here.md");

/** One file of the home: where it goes (relative to the home) and what the project's version is. */
export interface HomeFile {
  rel: string;
  content: string;
}

/** What happened to one file: written new, updated (the learner had not changed it), unchanged, kept as the learner's with the project's version beside it, or kept with no newer version. */
export type HomeAction = "new" | "updated" | "same" | "offered" | "kept";

export interface HomeReport {
  dir: string;
  files: { rel: string; action: HomeAction; offeredAs?: string }[];
  /** files that hold exactly the project's version now (safe to sign for the classic Notebook) */
  projectCopies: string[];
}

interface Manifest {
  /** per file: sha256 of what was last written there */
  written: Record<string, string>;
}

const sha = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** The START-HERE notebook: runner/start-here.md as one markdown cell. */
function startHereNotebook(): Notebook {
  const text = fs.readFileSync(START_HERE_TEXT, "utf8").trimEnd();
  return { nbformat: 4, nbformat_minor: 5, metadata: kernelMetadata(), cells: [{ cell_type: "markdown", id: "start-here", metadata: {}, source: toLines(text) }] };
}

/**
 * The project's version of every file of the home, e.g. `homeFiles()[0]` →
 * { rel: "START-HERE.ipynb", content: "{…" }.
 */
export function homeFiles(root = projectRoot): HomeFile[] {
  const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort() : []);
  const exercises = list(path.join(root, "exercises"));
  const files: HomeFile[] = [{ rel: "START-HERE.ipynb", content: serializeNotebook(startHereNotebook()) }];
  for (const name of exercises) files.push({ rel: `exercises/${name}`, content: fs.readFileSync(path.join(root, "exercises", name), "utf8") });
  for (const name of list(path.join(root, "notebooks"))) {
    const folder = exercises.includes(name) ? "solutions" : "lectures-and-notes";
    files.push({ rel: `${folder}/${name}`, content: fs.readFileSync(path.join(root, "notebooks", name), "utf8") });
  }
  return files;
}

/** `exercises/01-a.ipynb` → `exercises/01-a.new.ipynb`: where a newer project version goes beside the learner's file. */
export function offeredName(rel: string): string {
  return rel.replace(/\.ipynb$/, ".new.ipynb");
}

function readManifest(dir: string): Manifest {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8"));
    if (m && typeof m.written === "object") return m as Manifest;
  } catch {
    // none yet, or unreadable: every existing file then counts as the learner's
  }
  return { written: {} };
}


/**
 * Makes or refreshes the learner's home without losing any of the learner's changes.
 * Example: `prepareLearnerHome().files.filter((f) => f.action === "offered")`.
 */
export function prepareLearnerHome(dir = LEARNER_HOME, files = homeFiles()): HomeReport {
  const manifest = readManifest(dir);
  const report: HomeReport = { dir, files: [], projectCopies: [] };
  const write = (rel: string, content: string) => {
    writeFileAtomic(path.join(dir, rel), content);
    manifest.written[rel] = sha(content);
  };
  for (const { rel, content } of files) {
    const target = path.join(dir, rel);
    const want = sha(content);
    const have = fs.existsSync(target) ? sha(fs.readFileSync(target, "utf8")) : null;
    let action: HomeAction;
    let offeredAs: string | undefined;
    if (have === null) {
      write(rel, content);
      action = "new";
    } else if (have === want) {
      manifest.written[rel] = want;
      action = "same";
    } else if (have === manifest.written[rel]) {
      write(rel, content); // the learner did not touch it: follow the project
      action = "updated";
    } else if (manifest.written[rel] === want) {
      action = "kept"; // the learner's work, and the project's version is the one it started from
    } else {
      // the learner's work, and the project has a version they have not seen: beside it, never over it
      const offered = offeredName(rel);
      const offeredFile = path.join(dir, offered);
      const current = fs.existsSync(offeredFile) ? sha(fs.readFileSync(offeredFile, "utf8")) : null;
      if (current === null || current === manifest.written[offered] || current === want) {
        if (current !== want) write(offered, content);
        action = "offered";
        offeredAs = offered;
      } else {
        action = "kept"; // the learner edited the offered copy too: both are theirs now
      }
    }
    if (sha(fs.readFileSync(target, "utf8")) === want) report.projectCopies.push(target);
    report.files.push({ rel, action, ...(offeredAs ? { offeredAs } : {}) });
  }
  writeFileAtomic(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 1) + "\n");
  return report;
}

/** One line per file a learner should hear about (new, updated, a new version beside their work). */
export function homeSummary(report: HomeReport): string[] {
  const rel = path.relative(process.cwd(), report.dir) || ".";
  const lines: string[] = [];
  const made = report.files.filter((f) => f.action === "new");
  if (made.length) {
    const byFolder = new Map<string, number>();
    for (const f of made) byFolder.set(path.dirname(f.rel), (byFolder.get(path.dirname(f.rel)) ?? 0) + 1);
    const parts = [...byFolder].map(([folder, n]) => (folder === "." ? made.filter((f) => !f.rel.includes("/")).map((f) => f.rel).join(", ") : `${n} in ${folder}/`));
    lines.push(`made your folder ${rel}/: ${parts.join(", ")}`);
  }
  const updated = report.files.filter((f) => f.action === "updated");
  if (updated.length) lines.push(`updated ${updated.length} file(s) you had not changed: ${updated.map((f) => f.rel).join(", ")}`);
  for (const f of report.files.filter((x) => x.action === "offered")) {
    lines.push(`${rel}/${f.rel} holds your changes, so it was left as it is; the project's newer version is beside it: ${rel}/${f.offeredAs}`);
  }
  return lines;
}
