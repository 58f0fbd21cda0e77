// Notebook cells as plain functions in Node: the code cells `ids` of a lab's source script (or of
// an executed notebook), optionally edited, compiled with TypeScript and evaluated with
// `require("tsdl")` = the library's sources and a console whose lines are collected.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import * as tsdl from "../../lib/src/index";
import { sourceText, type Notebook } from "../../runner/notebook";
import { parseSource } from "../../runner/source";

/** Per cell id: [text to find, replacement] (the text must occur exactly once). */
export type Edits = Record<string, [string, string]>;

/** The notebook built from notebooks/src/NAME.ts, e.g. `labSource("01-initialization")`. */
export function labSource(name: string): Notebook {
  const file = path.join(projectRoot, "notebooks", "src", `${name}.ts`);
  return parseSource(fs.readFileSync(file, "utf8"), file);
}

/**
 * Evaluates cells `ids` of `nb` in order and returns the names `exported` they define, plus what
 * they printed (unless `realConsole`). Example: `cellFunctions(labSource("01-initialization"), ["packages", "initializeParametersHe"], ["initializeParametersHe"])`.
 */
export function cellFunctions(
  nb: Notebook, ids: string[], exported: string[], edits: Edits = {}, opts: { realConsole?: boolean } = {},
): { fns: Record<string, any>; printed: string[] } {
  for (const id of Object.keys(edits)) expect(ids, `edited cell ${id} is loaded`).to.include(id);
  const sources = ids.map((id) => {
    const cell = nb.cells.find((c) => c.id === id);
    if (!cell) throw new Error(`no cell with id "${id}"`);
    let src = sourceText(cell);
    const edit = edits[id];
    if (edit) {
      const [from, to] = edit;
      expect(src.split(from).length - 1, `cell ${id} must contain ${JSON.stringify(from)} once`).to.equal(1);
      src = src.replace(from, to);
    }
    return src;
  });
  const js = ts.transpileModule(sources.join("\n"), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true },
  }).outputText;
  const printed: string[] = [];
  // realConsole: the cells print through the global console, as in a kernel (checks capture it there)
  const fakeConsole = opts.realConsole ? { log: (...args: unknown[]) => console.log(...args) } : { log: (...args: unknown[]) => printed.push(args.join(" ")) };
  const requireTsdl = (name: string) => {
    if (name !== "tsdl") throw new Error(`notebook cells import ${name}; only "tsdl" is provided`);
    return tsdl;
  };
  const run = new Function("require", "exports", "console", `${js}\nreturn { ${exported.join(", ")} };`);
  return { fns: run(requireTsdl, {}, fakeConsole), printed };
}
