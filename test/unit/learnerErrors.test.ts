// lib/src/learnerErrors.ts on stacks as Node's vm leaves them in a tslab kernel (the kernel itself:
// test/runner/learner-errors.test.ts).
import { expect } from "chai";
import path from "node:path";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { learnerErrorText, withoutProjectPaths } from "../../lib/src/learnerErrors";

const TSLAB_FRAMES = [
  "    at sigintHandlersWrap (node:vm:280:12)",
  "    at Script.runInThisContext (node:vm:135:14)",
  `    at Object.execute (${projectRoot}/node_modules/tslab/dist/executor.js:160:38)`,
  `    at async JupyterHandlerImpl.handleExecute (${projectRoot}/node_modules/tslab/dist/jupyter.js:208:21)`,
].join("\n");

/** An error whose stack is `stack`, as Node's vm decorates it. */
function errorWith(name: string, message: string, stack: string): Error {
  const e = new Error(message);
  e.name = name;
  e.stack = stack;
  return e;
}

describe("learnerErrors", () => {
  it("a failed check: its sentence, without the library's file and source line", () => {
    const e = errorWith("CheckFailed", "f([2, 4, 1]): W1 has shape (2, 4), expected (4, 2)",
      `${projectRoot}/lib/dist/checks/core.js:172\n        throw new CheckFailed(\`…\`);\n        ^\n\nCheckFailed: f([2, 4, 1]): W1 has shape (2, 4), expected (4, 2)`);
    expect(learnerErrorText(e)).to.equal("CheckFailed: f([2, 4, 1]): W1 has shape (2, 4), expected (4, 2)");
  });

  it("a throw in notebook code: its line and caret, the message, the named notebook frames only", () => {
    const e = errorWith("Error", "not implemented: f",
      'evalmachine.<anonymous>:5\n    throw new Error("not implemented: f");\n    ^\n\nError: not implemented: f\n' +
      "    at Proxy.f (evalmachine.<anonymous>:5:11)\n    at async g (evalmachine.<anonymous>:9:3)\n    at evalmachine.<anonymous>:3:30\n" + TSLAB_FRAMES);
    expect(learnerErrorText(e)).to.equal(
      '    throw new Error("not implemented: f");\n    ^\n\nError: not implemented: f\n    at f (notebook)\n    at async g (notebook)');
  });

  it("a cell's last expression: shown without tslab's exports.tsLastExpr, caret moved with it", () => {
    const e = errorWith("TypeError", "x is null",
      "evalmachine.<anonymous>:5\nexports.tsLastExpr = q.foo;\n                       ^\n\nTypeError: x is null\n    at evalmachine.<anonymous>:5:24\n" + TSLAB_FRAMES);
    expect(learnerErrorText(e)).to.equal("q.foo;\n  ^\n\nTypeError: x is null");
  });

  it("a throw inside tsdl: the message and the notebook's frames, no library line", () => {
    const e = errorWith("Error", "seed: out of range",
      `${projectRoot}/lib/dist/random.js:88\n    throw new Error("seed: …");\n    ^\n\nError: seed: out of range\n    at seed (${projectRoot}/lib/dist/random.js:88:11)\n    at Proxy.setUp (evalmachine.<anonymous>:4:5)\n` + TSLAB_FRAMES);
    expect(learnerErrorText(e)).to.equal("Error: seed: out of range\n    at setUp (notebook)");
  });

  it("project paths: tsdl's build as tsdl, packages by name, the rest relative", () => {
    expect(withoutProjectPaths(`typeof import("${path.join(projectRoot, "lib", "dist", "index")}")`)).to.equal('typeof import("tsdl")');
    expect(withoutProjectPaths(`${projectRoot}/lib/dist/plot/index.js`)).to.equal("tsdl/plot/index.js");
    expect(withoutProjectPaths(`import("${projectRoot}/node_modules/@tensorflow/tfjs-core/dist/index")`)).to.equal('import("@tensorflow/tfjs-core/dist/index")');
    expect(withoutProjectPaths(`${projectRoot}/notebooks/a.ipynb and /elsewhere/b`)).to.equal("notebooks/a.ipynb and /elsewhere/b");
  });
});
