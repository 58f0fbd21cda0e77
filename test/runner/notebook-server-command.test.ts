// Which program runs each Jupyter app: python's own JupyterLab when it has one, else the one our
// setup built (hosts/jupyterlab/server/tsdl_lab.py), and a clear error when there is neither.
import { expect } from "chai";
import path from "node:path";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { jupyterCommand } from "../../runner/notebook-server";

describe("runner/notebook-server: jupyterCommand", () => {
  const ours = path.join(projectRoot, "hosts", "jupyterlab", "server", "tsdl_lab.py");

  it("lab: python's JupyterLab first, else our build's server", () => {
    expect(jupyterCommand("lab", { jupyterLab: true, labApp: true })).to.deep.equal(["-m", "jupyter", "lab"]);
    expect(jupyterCommand("lab", { jupyterLab: false, labApp: true })).to.deep.equal([ours]);
  });

  it("lab without either: an error that names setup and --classic", () => {
    expect(() => jupyterCommand("lab", { jupyterLab: false })).to.throw(/npm run setup.*--classic/s);
  });

  it("server and notebook: `jupyter <app>` whatever JupyterLab there is", () => {
    for (const app of ["server", "notebook"] as const) {
      expect(jupyterCommand(app, { jupyterLab: false, labApp: true })).to.deep.equal(["-m", "jupyter", app]);
    }
  });
});
