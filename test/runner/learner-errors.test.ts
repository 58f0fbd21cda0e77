// What a learner reads when a cell fails, through the real kernel (issue 27 item 6): an exercise
// stub (made by grader/stub.ts), a failed check, a runtime error, an error thrown inside tsdl and a
// compile error naming tsdl. No library path or source line, no node:internal, node:vm or tslab
// frame; the message stays, and so does the learner's own line where the throw is theirs.
import { expect } from "chai";
import path from "node:path";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { stubRegions } from "../../grader/stub";
import { readNotebook } from "../../runner/notebook";
import { streamText } from "../../runner/outputs";
import { runNotebooks } from "../../runner/run";
import { code, jupyterProcesses, leftovers, makeNotebook, scratchDir } from "../helpers/notebooks";

const SOLUTION = [
  "function initializeParametersHe(layersDims: number[]): any {",
  "  // START CODE HERE",
  "  const parameters = {};",
  "  // END CODE HERE",
  "  return parameters;",
  "}",
].join("\n");

/** Internals a learner must not see. */
const INTERNALS = [/\/lib\/dist\//, /node:internal/, /node:vm/, /tslab[\\/]dist/, /evalmachine/, /sigintHandlersWrap/, /runInThisContext/, /\bat .*\.js:\d+/];

describe("learner-facing errors in the tslab kernel", function () {
  this.timeout(90_000);
  let existing: Set<number>;
  const stderr: Record<string, string> = {};
  const cases: [string, string][] = [
    ["stub", "initializeParametersHe([2, 4, 1])"],
    ["check of the stub", "tsdl.checks.initializeParametersHe(initializeParametersHe)"],
    ["failed check", "tsdl.checks.initializeParametersHe((dims: number[]) => ({ W1: tsdl.zeros([dims[1], dims[0]]) }))"],
    ["runtime error", "const missing: any = null;\nmissing.shape"],
    ["error inside tsdl", "tsdl.random.seed(-5)"],
    ["compile error", "tsdl.initializeParametersHe([2, 4, 1])"],
  ];

  before(async () => {
    existing = jupyterProcesses();
    const file = makeNotebook("learner-errors", [
      code('import * as tsdl from "tsdl";'),
      code(stubRegions(SOLUTION, "initializeParametersHe")),
      ...cases.map(([, src]) => code(src, ["raises-exception"])),
    ]);
    const { results } = await runNotebooks([file], { outDir: path.join(scratchDir, "executed") });
    expect(results[0].error).to.equal(undefined);
    const cells = readNotebook(results[0].written).cells;
    cases.forEach(([name], i) => (stderr[name] = streamText(cells[i + 2].outputs, "stderr")));
  });

  after(() => {
    expect(leftovers(existing), "Jupyter/kernel processes left behind").to.deep.equal([]);
  });

  it("no internals in any of them, and no path of this machine", () => {
    for (const [name] of cases) {
      expect(stderr[name], `${name}: something on stderr`).to.not.equal("");
      for (const re of INTERNALS) expect(stderr[name], `${name}: ${re}`).to.not.match(re);
      expect(stderr[name], name).to.not.include(projectRoot);
    }
  });

  it("a stub called directly: its line, the message, the learner's function", () => {
    // the line as tslab compiled it (its own indentation), the caret under it
    expect(stderr["stub"]).to.match(new RegExp(
      '^ *throw new Error\\("not implemented: initializeParametersHe"\\); // delete this line when your code is in\n *\\^\n\n' +
      "Error: not implemented: initializeParametersHe\n    at initializeParametersHe \\(notebook\\)\n$"));
  });

  it("a failed check: its sentence only", () => {
    expect(stderr["check of the stub"]).to.equal(
      "CheckFailed: initializeParametersHe([2, 4, 1]): not implemented: initializeParametersHe — write your code between START CODE HERE and END CODE HERE\n");
    expect(stderr["failed check"]).to.match(/^CheckFailed: initializeParametersHe\(\[2, 4, 1\]\): [^\n]+\n$/);
  });

  it("a runtime error in the cell: the learner's expression, then the message", () => {
    expect(stderr["runtime error"]).to.equal("missing.shape;\n        ^\n\nTypeError: Cannot read properties of null (reading 'shape')\n");
  });

  it("an error thrown inside tsdl: the message, no tsdl source", () => {
    expect(stderr["error inside tsdl"]).to.equal("Error: seed: Seed must be between 0 and 2**32 - 1 (got -5)\n");
  });

  it("a compile error: TypeScript's message naming the module tsdl, not its folder", () => {
    expect(stderr["compile error"]).to.equal("1:6 - Property 'initializeParametersHe' does not exist on type 'typeof import(\"tsdl\")'.\n");
  });
});
