// The JupyterLab part of `npm run setup`: python's jupyterlab_server (Debian's
// python3-jupyterlab-server, apt-get when missing and we are root), then our front-end build
// (build.mjs, skipped when current). Never fatal: without it `npm start` opens the classic Notebook.
import { spawnSync } from "node:child_process";
import { ensureLabBuilt } from "./build.mjs";

export const LAB_SERVER_PACKAGE = "python3-jupyterlab-server";

const imports = (python) => spawnSync(python, ["-c", "import jupyterlab_server, jupyter_server"], { stdio: "ignore" }).status === 0;

/**
 * Makes our JupyterLab ready: `ready` when `npm start` can open it, `built` when it was (re)built now.
 * Example: `await ensureLab("/usr/bin/python3", (m) => console.log(m))` → { ready: true, built: false }.
 * @param {string} python the python that runs Jupyter
 * @param {(msg: string) => void} say
 * @returns {Promise<{ ready: boolean, built: boolean }>}
 */
export async function ensureLab(python, say) {
  if (!imports(python)) {
    const isRoot = process.getuid?.() === 0;
    const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
    if (!isRoot || !hasApt) {
      say(`JupyterLab needs python's jupyterlab_server, which ${python} lacks: install it (Debian/Ubuntu: ` +
        `sudo apt-get install ${LAB_SERVER_PACKAGE}; pip: pip install jupyterlab-server) and run this again; until then npm start opens the classic Notebook`);
      return { ready: false, built: false };
    }
    say(`installing ${LAB_SERVER_PACKAGE} with apt-get (for JupyterLab) …`);
    const t = Date.now();
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const install = () => spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", LAB_SERVER_PACKAGE], { env, encoding: "utf8" });
    let r = install();
    if (r.status !== 0) {
      spawnSync("apt-get", ["update", "-qq"], { env, stdio: "ignore" }); // a fresh machine's package lists may be empty
      r = install();
    }
    if (r.status !== 0 || !imports(python)) {
      say(`apt-get install ${LAB_SERVER_PACKAGE} failed (exit ${r.status}): npm start opens the classic Notebook\n${(r.stdout + r.stderr).slice(-1500)}`);
      return { ready: false, built: false };
    }
    say(`installed ${LAB_SERVER_PACKAGE} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  try {
    const { built } = await ensureLabBuilt({ log: (line) => console.log(line) });
    return { ready: true, built };
  } catch (e) {
    say(e.message);
    return { ready: false, built: false };
  }
}
