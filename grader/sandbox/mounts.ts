// What the kernel's file system looks like inside the sandbox, as bubblewrap arguments: the
// runtime read-only, a private tmpfs /tmp and working dir, and nothing of the project but
// node_modules and lib's package.json + dist (grader/, notebooks/, .git, home, host /tmp: absent).
import fs from "node:fs";
import path from "node:path";

/** Where things are inside the sandbox. */
export const INSIDE = {
  project: "/sandbox",
  work: "/sandbox/work",
  kernelDir: "/run/kernel",
  data: "/data",
} as const;

export interface MountPlan {
  /** the project whose node_modules and lib/ the kernel uses */
  projectRoot: string;
  /** host folder with the connection file and sockets (bound read-write at INSIDE.kernelDir) */
  kernelDir: string;
  /** host folder with course data, bound read-only at INSIDE.data (null: none) */
  dataDir: string | null;
  /** extra read-only files or folders: host path → path inside */
  readOnly?: Record<string, string>;
}

/** /usr-merged systems have /bin, /lib… as symlinks into /usr: recreate the links, bind real folders. */
function systemMounts(): string[] {
  const args = ["--ro-bind", "/usr", "/usr"];
  for (const top of ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(top);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) args.push("--symlink", fs.readlinkSync(top), top);
    else if (st.isDirectory()) args.push("--ro-bind", top, top);
  }
  // the dynamic loader's cache, and the time zone (a Date printed inside must read as outside)
  for (const f of ["/etc/ld.so.cache", "/etc/localtime"]) if (fs.existsSync(f)) args.push("--ro-bind", f, f);
  return args;
}

/** node's own binary when it lives outside /usr (nvm, npm's node package): bound at the same path. */
function nodeMount(): string[] {
  const exe = fs.realpathSync(process.execPath);
  if (exe.startsWith("/usr/")) return [];
  const dir = path.dirname(path.dirname(exe)); // …/bin/node → the install's folder (its lib/ too)
  return ["--ro-bind", dir, dir];
}

/**
 * bubblewrap's mount arguments for the plan (files of the project must exist: run `npm run build`).
 * Example: `mountArgs({projectRoot: "/work/main", kernelDir: "/tmp/tsdl-sbx-1/k", dataDir: null})`.
 */
export function mountArgs(plan: MountPlan): string[] {
  const lib = path.join(plan.projectRoot, "lib");
  for (const need of [path.join(plan.projectRoot, "node_modules", "tslab"), path.join(lib, "package.json"), path.join(lib, "dist", "index.js")]) {
    if (!fs.existsSync(need)) throw new Error(`the sandbox needs ${need}, which is missing: run \`npm ci && npm run build\` in ${plan.projectRoot}`);
  }
  const args = [
    ...systemMounts(),
    ...nodeMount(),
    "--proc", "/proc",
    "--dev", "/dev",
    "--tmpfs", "/tmp",
    "--ro-bind", path.join(plan.projectRoot, "node_modules"), `${INSIDE.project}/node_modules`,
    // node_modules/tsdl is the symlink ../lib: it resolves to these two inside
    "--ro-bind", path.join(lib, "package.json"), `${INSIDE.project}/lib/package.json`,
    "--ro-bind", path.join(lib, "dist"), `${INSIDE.project}/lib/dist`,
    "--tmpfs", INSIDE.work,
    "--bind", plan.kernelDir, INSIDE.kernelDir,
  ];
  if (plan.dataDir) args.push("--ro-bind", plan.dataDir, INSIDE.data);
  for (const [host, inside] of Object.entries(plan.readOnly ?? {})) args.push("--ro-bind", host, inside);
  return args;
}

/**
 * The host folder of course data the labs may load ($TSDL_DATA, else ../shared/data beside the
 * project, else data/ in it: lib/src/data/paths.ts's order), or null. Example: `dataDirFor("/work/main")` → "/work/shared/data".
 */
export function dataDirFor(projectRoot: string): string | null {
  const candidates = [process.env.TSDL_DATA, path.resolve(projectRoot, "..", "shared", "data"), path.join(projectRoot, "data")];
  for (const c of candidates) {
    try {
      if (c && fs.statSync(c).isDirectory()) return path.resolve(c);
    } catch {
      // absent: next place
    }
  }
  return null;
}
