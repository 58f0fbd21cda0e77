/**
 * Where course data files are looked for (README "Data policy"), in this order:
 * an explicit path (a file, or a folder holding the file); `$TSDL_DATA/<name>`;
 * `<projectRoot>/../shared/data/<name>` (CI and developers); `<projectRoot>/data/<name>` (learners,
 * git-ignored). projectRoot is the folder of the package.json named "tsdl-labs", found by walking up
 * from this module (lib/src or lib/dist, also through node_modules/tsdl) and else from the working
 * directory (a notebook's folder).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The name of the root package.json that marks the project root. */
export const PROJECT_PACKAGE = "tsdl-labs";

/** One place a data file is looked for: what it is, and the path (null when the place is undefined). */
export interface DataCandidate {
  where: string;
  path: string | null;
}

/** `p` written from `base` as `prefix/rel` when `p` lies inside `base`, else null. */
function under(p: string, base: string, prefix: string): string | null {
  const rel = path.relative(base, p);
  if (rel === "") return prefix || ".";
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return prefix ? `${prefix}/${rel.split(path.sep).join("/")}` : rel.split(path.sep).join("/");
}

/**
 * A path as messages and banners show it, never naming this machine's folders (a notebook's saved
 * outputs travel): inside `$TSDL_DATA` as `$TSDL_DATA/…`, inside the project relative to its root
 * (`data/x.mat`), beside it as `../shared/data/x.mat`, under the home folder as `~/…`; any other
 * path as given. Example: `displayPath("/home/ana/tsdl-labs/data/data.mat")` → "data/data.mat".
 */
export function displayPath(p: string): string {
  const abs = path.resolve(p);
  const env = process.env.TSDL_DATA;
  const root = findProjectRoot();
  const home = os.homedir();
  return (
    (env ? under(abs, path.resolve(env), "$TSDL_DATA") : null) ??
    (root !== null ? under(abs, root, "") ?? (path.dirname(root) !== path.parse(root).root ? under(abs, path.dirname(root), "..") : null) : null) ??
    (home && home !== "/" ? under(abs, home, "~") : null) ??
    p
  );
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isProjectRoot(dir: string): boolean {
  const pkg = path.join(dir, "package.json");
  if (!existsSync(pkg)) return false;
  try {
    return (JSON.parse(readFileSync(pkg, "utf8")) as { name?: unknown }).name === PROJECT_PACKAGE;
  } catch {
    return false; // an unreadable package.json is not ours
  }
}

function walkUp(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    if (isProjectRoot(dir)) return dir;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * The project root (folder of the package.json named "tsdl-labs"), or null when neither this module
 * nor the working directory lies inside the project. Example: `findProjectRoot()` → "/work/main".
 */
export function findProjectRoot(): string | null {
  // __dirname exists in the CommonJS build and when tsx loads lib/src (lib/package.json: CommonJS)
  const here = typeof __dirname === "string" ? __dirname : null;
  return (here !== null ? walkUp(here) : null) ?? walkUp(process.cwd());
}

/**
 * The places `name` is looked for, in order. Example: `dataCandidates("data.mat")[1]` →
 * `{ where: "$TSDL_DATA", path: null }` when TSDL_DATA is not set.
 */
export function dataCandidates(name: string, explicitPath?: string | null): DataCandidate[] {
  const out: DataCandidate[] = [];
  if (explicitPath) {
    const p = isDir(explicitPath) ? path.join(explicitPath, name) : explicitPath;
    out.push({ where: "explicit path", path: path.resolve(p) });
  } else {
    out.push({ where: "explicit path (none given)", path: null });
  }
  const env = process.env.TSDL_DATA;
  out.push(env ? { where: "$TSDL_DATA", path: path.resolve(env, name) } : { where: "$TSDL_DATA (not set)", path: null });
  const root = findProjectRoot();
  if (root === null) {
    out.push({ where: "../shared/data beside the project (project root not found)", path: null });
    out.push({ where: "data/ in the project (project root not found)", path: null });
  } else {
    out.push({ where: "../shared/data beside the project", path: path.resolve(root, "..", "shared", "data", name) });
    out.push({ where: "data/ in the project", path: path.join(root, "data", name) });
  }
  return out;
}

/**
 * The first existing file among `dataCandidates(name, explicitPath)`, or null.
 * Example: `findDataFile("data.mat")` → "/work/shared/data/data.mat".
 */
export function findDataFile(name: string, explicitPath?: string | null): string | null {
  for (const c of dataCandidates(name, explicitPath)) if (c.path !== null && isFile(c.path)) return c.path;
  return null;
}

/**
 * Where `name` was looked for, one line per place with "found" / "not found" (for banners and errors),
 * paths as `displayPath` writes them.
 * Example: `console.log(describeSearch("train_signs.h5"))`.
 */
export function describeSearch(name: string, explicitPath?: string | null): string {
  return dataCandidates(name, explicitPath)
    .map((c, i) => `  ${i + 1}. ${c.where}${c.path === null ? "" : `: ${displayPath(c.path)} — ${isFile(c.path) ? "found" : "not found"}`}`)
    .join("\n");
}
