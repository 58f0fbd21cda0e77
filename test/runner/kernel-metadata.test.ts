// Every notebook the project saves carries the kernelspec and language_info a real tslab kernel
// reports, so no host marks it changed when its kernel connects (issue 27 item 7).
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { KernelManager } from "@jupyterlab/services";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { settingsFor } from "../../runner/execute";
import { TSLAB_KERNELSPEC, TSLAB_LANGUAGE_INFO } from "../../runner/kernel-metadata";
import { readNotebook } from "../../runner/notebook";
import { runNotebooks } from "../../runner/run";
import { startServer, type JupyterServer } from "../../runner/server";
import { code, jupyterProcesses, leftovers, makeNotebook, scratchDir } from "../helpers/notebooks";

/** Every committed notebook: the labs and the exercises. */
function committedNotebooks(): string[] {
  return ["notebooks", "exercises"].flatMap((d) =>
    fs.readdirSync(path.join(projectRoot, d)).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(projectRoot, d, f)));
}

describe("notebook metadata = what the tslab kernel reports", function () {
  this.timeout(90_000);
  let existing: Set<number>;
  let server: JupyterServer | undefined;
  let reported: { language_info: unknown; kernelspec: unknown };

  before(async () => {
    existing = jupyterProcesses();
    server = await startServer({ rootDir: scratchDir });
    const serverSettings = settingsFor(server);
    const kernels = new KernelManager({ serverSettings });
    const kernel = await kernels.startNew({ name: "tslab" });
    try {
      const info = await kernel.info; // the kernel_info reply's content
      const specs = await (await fetch(`${server.baseUrl}/api/kernelspecs`, { headers: { Authorization: `token ${server.token}` } })).json();
      const spec = specs.kernelspecs.tslab.spec;
      // as the classic Notebook builds it (notebook.js, 'spec_changed.Kernel')
      reported = { language_info: info.language_info, kernelspec: { name: "tslab", display_name: spec.display_name, language: spec.language } };
    } finally {
      await kernel.shutdown();
      kernels.dispose();
    }
  });

  after(async () => {
    await server?.stop();
    expect(leftovers(existing), "Jupyter/kernel processes left behind").to.deep.equal([]);
  });

  it("runner/kernel-metadata.ts holds the kernel's kernel_info language_info and its kernelspec", () => {
    expect(TSLAB_LANGUAGE_INFO).to.deep.equal(reported.language_info);
    expect(TSLAB_KERNELSPEC).to.deep.equal(reported.kernelspec);
  });

  it("every committed notebook and exercise carries exactly them", () => {
    const files = committedNotebooks();
    expect(files.length).to.be.greaterThan(10);
    for (const f of files) {
      const { metadata } = readNotebook(f);
      const rel = path.relative(projectRoot, f);
      expect(metadata.language_info, `${rel}: metadata.language_info`).to.deep.equal(reported.language_info);
      expect(metadata.kernelspec, `${rel}: metadata.kernelspec`).to.deep.equal(reported.kernelspec);
    }
  });

  it("the runner saves them over whatever a notebook had", async () => {
    const file = makeNotebook("stale-metadata", [code("1 + 1")], { language_info: { name: "typescript", version: "0.0" } });
    const { results } = await runNotebooks([file], { outDir: path.join(scratchDir, "executed") });
    const { metadata } = readNotebook(results[0].written);
    expect(metadata.language_info).to.deep.equal(reported.language_info);
    expect(metadata.kernelspec).to.deep.equal(reported.kernelspec);
  });
});
