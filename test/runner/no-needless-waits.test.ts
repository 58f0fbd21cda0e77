// No needless waits: a usage error of `npm run labs` / `npm run grade` comes back before any build
// of tsdl, and @jupyterlab/services' reconnect chatter is not printed.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { stampFile } from "../../kernel-setup/build-lib.mjs";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { quietServicesLog } from "../../runner/services-log";

describe("no needless waits", function () {
  this.timeout(120_000);

  it("a usage error of labs or grade returns (exit 2) without building tsdl, even when the build is stale", () => {
    const stamp = stampFile(projectRoot);
    const saved = fs.readFileSync(stamp, "utf8");
    fs.rmSync(stamp); // as after a change to lib/src: the next command that needs tsdl would build it
    try {
      for (const [script, args] of [["labs", ["--timeout", "soon"]], ["grade", ["--jobs", "2", "no-such.ipynb"]], ["grade", ["--lab", "99-nothing", "exercises/01-initialization.ipynb"]]] as const) {
        const t0 = Date.now();
        const r = spawnSync("npm", ["run", "-s", script, "--", ...args], { cwd: projectRoot, encoding: "utf8" });
        expect(r.status, `${script} ${args.join(" ")}: ${r.stderr}`).to.equal(2);
        expect(r.stderr).to.match(/usage: npm run/);
        expect(r.stderr + r.stdout).to.not.match(/\[build\]/);
        expect(fs.existsSync(stamp), `${script} built tsdl`).to.equal(false);
        console.log(`      npm run ${script} -- ${args.join(" ")}: exit 2 in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    } finally {
      fs.writeFileSync(stamp, saved);
    }
  });

  it("drops 'Connection lost, reconnecting' and the WebSocket debug lines, keeps other warnings", () => {
    const seen: string[] = [];
    const fake = { warn: (...a: unknown[]) => void seen.push(`warn ${a.join(" ")}`), debug: (...a: unknown[]) => void seen.push(`debug ${a.join(" ")}`) };
    quietServicesLog(fake);
    fake.warn("Connection lost, reconnecting in 2 seconds.");
    fake.debug("Starting WebSocket: ws://127.0.0.1:1/api/kernels/x");
    fake.warn("something else");
    expect(seen).to.deep.equal(["warn something else"]);
  });
});
