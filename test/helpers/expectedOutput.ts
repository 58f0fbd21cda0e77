// The "Expected output" blocks of a lab notebook: the markdown cell `ID-expected` holds, in its
// first ``` block, what the code cell `ID` prints. Tests compare the two, so the text a learner
// reads stays the text the kernel prints.
import { expect } from "chai";
import { sourceText, type Notebook } from "../../runner/notebook";

/** The first ``` block of markdown cell `id`, e.g. `expectedBlock(nb, "data-expected")`. */
export function expectedBlock(nb: Notebook, id: string): string {
  const cell = nb.cells.find((c) => c.id === id);
  if (!cell || cell.cell_type !== "markdown") throw new Error(`no markdown cell "${id}"`);
  const m = /```\n([\s\S]*?)```/.exec(sourceText(cell));
  if (!m) throw new Error(`markdown cell "${id}" has no \`\`\` block`);
  return m[1];
}

/**
 * The ids of the code cells that have an `ID-expected` markdown cell, e.g. ["data", "panda", …].
 * Example: `expectedPairs(lab.fresh)`.
 */
export function expectedPairs(nb: Notebook): string[] {
  return nb.cells.filter((c) => c.cell_type === "markdown" && c.id!.endsWith("-expected")).map((c) => c.id!.slice(0, -"-expected".length));
}

/** Asserts that code cell `id` printed exactly its expected-output block. Example: `expectPrintedAsExpected(lab.fresh, lab.stdout, "data")`. */
export function expectPrintedAsExpected(nb: Notebook, stdout: (id: string) => string, id: string): void {
  expect(stdout(id), `cell ${id} against its Expected output`).to.equal(expectedBlock(nb, `${id}-expected`));
}
