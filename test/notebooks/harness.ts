// Runs a lab notebook once through the real server and kernel (into out/test-run/, leaving the
// committed notebook untouched) and gives tests its cells by id.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { readNotebook, sourceText, type Cell, type Notebook } from "../../runner/notebook";
import { streamText } from "../../runner/outputs";
import { runNotebooks, type NotebookResult } from "../../runner/run";
import { inSync } from "../../runner/source";

export const runDir = path.join(projectRoot, "out", "test-run");

export interface Executed {
  /** the committed notebook (notebooks/NAME.ipynb) */
  saved: Notebook;
  /** the same notebook just executed */
  fresh: Notebook;
  result: NotebookResult;
  /** the executed cell with this id (throws naming the id when absent) */
  cell(id: string): Cell;
  /** what that cell printed on stdout */
  stdout(id: string): string;
}

/** Executes notebooks/NAME.ipynb; call it from a `before` hook. */
export async function executeLab(name: string): Promise<Executed> {
  const file = path.join(projectRoot, "notebooks", `${name}.ipynb`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build it with \`npm run labs -- ${path.relative(projectRoot, file)}\``);
  const { results } = await runNotebooks([file], { outDir: runDir });
  const result = results[0];
  const fresh = readNotebook(result.written);
  const cell = (id: string) => {
    const c = fresh.cells.find((x) => x.id === id);
    if (!c) throw new Error(`${name}: no cell with id "${id}"`);
    return c;
  };
  return { saved: readNotebook(file), fresh, result, cell, stdout: (id) => streamText(cell(id).outputs, "stdout") };
}

/** Output kinds of a cell, for comparing saved and fresh runs: stdout/stderr text, MIME types of displays. */
function outputSignature(cell: Cell): unknown[] {
  return (cell.outputs ?? []).map((o) =>
    o.output_type === "stream" ? { stream: o.name, text: (o.text as string[]).join("") } : { [o.output_type]: Object.keys((o.data as object) ?? {}).sort() },
  );
}

/**
 * The shared checks of every lab notebook: it ran without error, it matches its source script,
 * and the committed notebook holds the outputs the kernel prints now (cells tagged
 * `nbval-ignore-output`, such as timings, excepted).
 */
export function commonLabChecks(name: string, lab: () => Executed): void {
  it("runs top to bottom without an error", () => {
    expect(lab().result.error).to.equal(undefined);
  });
  it("is built from its source script notebooks/src/" + name + ".ts", () => {
    expect(inSync(path.join(projectRoot, "notebooks", `${name}.ipynb`))).to.equal(true, `notebooks/${name}.ipynb differs from notebooks/src/${name}.ts: run \`npm run labs -- notebooks/${name}.ipynb\``);
  });
  it("is saved with the outputs the kernel really prints", () => {
    const { saved, fresh } = lab();
    expect(saved.cells.map((c) => c.id)).to.deep.equal(fresh.cells.map((c) => c.id));
    saved.cells.forEach((c, i) => {
      if (c.cell_type !== "code" || (c.metadata.tags ?? []).includes("nbval-ignore-output")) return;
      expect(outputSignature(c), `cell ${c.id}: ${sourceText(c).slice(0, 60)}`).to.deep.equal(outputSignature(fresh.cells[i]));
    });
  });
}

/**
 * The inline checks of a lab with graded functions: each graded cell is followed (after its test
 * and Expected output) by a cell `<grade_id>-check` calling `tsdl.checks.<grade_id>`, which prints
 * exactly "All tests passed." on the solution.
 */
export function inlineCheckCells(lab: () => Executed): void {
  it("has an inline check after every graded function, and each prints \"All tests passed.\"", () => {
    const { fresh } = lab();
    const graded = fresh.cells.filter((c) => (c.metadata.tsdl as { graded?: boolean } | undefined)?.graded);
    expect(graded.length, "graded cells").to.be.greaterThan(0);
    for (const g of graded) {
      const id = (g.metadata.tsdl as { grade_id: string }).grade_id;
      const at = fresh.cells.findIndex((c) => c.id === `${id}-check`);
      expect(at, `a cell "${id}-check"`).to.be.greaterThan(fresh.cells.indexOf(g));
      expect(sourceText(fresh.cells[at])).to.contain(`tsdl.checks.${id}(${id}`);
      expect(lab().stdout(`${id}-check`), `${id}-check's output`).to.equal("All tests passed.\n");
    }
  });
}
