// The submissions named on the command line: files as given, folders searched for every file in
// them (a file that is not a notebook gets its row in the gradebook, saying so), hidden files,
// Jupyter's checkpoints and the grader's own output folder left out.
import fs from "node:fs";
import path from "node:path";

export interface Collected {
  /** absolute paths, sorted within each folder, each once */
  files: string[];
  /** arguments that named nothing, as absolute paths */
  missing: string[];
}

/**
 * Expands files and folders (relative to `base`) into submission files.
 * Example: `collectSubmissions(["submissions/"], process.cwd(), ["out"]).files`.
 */
export function collectSubmissions(args: readonly string[], base: string, exclude: readonly string[] = []): Collected {
  const skip = new Set(exclude.map((e) => path.resolve(base, e)));
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      if (name.startsWith(".")) continue; // .ipynb_checkpoints, .DS_Store, the grader's cache
      const p = path.join(dir, name);
      if (skip.has(p)) continue;
      const st = fs.statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else if (st?.isFile()) files.push(p);
    }
  };
  for (const arg of args) {
    const p = path.resolve(base, arg);
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) missing.push(p);
    else if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return { files: [...new Set(files)], missing };
}
