// Exercise notebooks: stubs that fail clearly and still compile, nbgrader metadata, and the
// committed exercises/ equal to what `npm run exercises` generates now (byte for byte).
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { sourceText } from "../../runner/notebook";
import { EXERCISES_DIR, exerciseNotebook, exerciseText, gradedLabs, gradedMeta, solutionNotebook } from "../../grader/exercises";
import { hiddenTests } from "../../grader/hidden";
import { declaredNames, stubRegions } from "../../grader/stub";

describe("exercise notebooks", () => {
  it("declaredNames: names declared at the region's own level, destructuring included, not those of nested blocks", () => {
    expect(declaredNames(["const a = 1;", "let [b, , ...c] = f();", "const { d, e: g } = h;", "for (let i = 0; i < 3; i++) {", "  const inner = i;", "}", 'const s = "const fake = 1";'])).to.deep.equal(["a", "b", "c", "d", "g", "s"]);
  });

  it("stubRegions: each region becomes a declaration of its names and a 'not implemented' throw; code around it stays", () => {
    const src = ["function f(x: number): number {", "  // START CODE HERE (approx. 1 line)", "  const y = x * 2;", "  // END CODE HERE", "  return y;", "}"].join("\n");
    expect(stubRegions(src, "f")).to.equal([
      "function f(x: number): number {", "  // START CODE HERE (approx. 1 line)", "  let y: any; // your code sets it",
      '  throw new Error("not implemented: f"); // delete this line when your code is in', "  // END CODE HERE", "  return y;", "}",
    ].join("\n"));
    expect(() => stubRegions("function f() {}", "f")).to.throw(/no "\/\/ START CODE HERE"/);
    expect(() => stubRegions("// START CODE HERE\nx = 1;", "f")).to.throw(/has no "\/\/ END CODE HERE"/);
  });

  for (const lab of gradedLabs()) {
    describe(lab, () => {
      const ex = () => exerciseNotebook(lab);
      it("is committed as generated now (run `npm run exercises` after changing the lab)", () => {
        const file = path.join(EXERCISES_DIR, `${lab}.ipynb`);
        expect(fs.existsSync(file), `${file} exists`).to.equal(true);
        expect(fs.readFileSync(file, "utf8") === exerciseText(lab), `exercises/${lab}.ipynb is out of date: run npm run exercises`).to.equal(true);
      });
      it("has no solution code, no outputs, and the same cells as the lab otherwise", () => {
        const sol = solutionNotebook(lab), nb = ex();
        expect(nb.cells.map((c) => c.id)).to.deep.equal(sol.cells.map((c) => c.id));
        nb.cells.forEach((c, i) => {
          if (c.cell_type === "code") expect(c.outputs, c.id).to.deep.equal([]);
          const g = gradedMeta(c);
          if (!g) return expect(sourceText(c), c.id).to.equal(sourceText(sol.cells[i]));
          expect(sourceText(c)).to.contain(`throw new Error("not implemented: ${g.grade_id}")`);
          // no line of the solution's regions survives
          const region = sourceText(sol.cells[i]).split(/\/\/ START CODE HERE.*\n/).slice(1).map((p) => p.split(/\s*\/\/ END CODE HERE/)[0]);
          for (const line of region.join("\n").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("//"))) {
            expect(sourceText(c), `${g.grade_id} still holds "${line}"`).to.not.contain(line);
          }
        });
      });
      it("carries nbgrader metadata: solution cells, graded locked check cells with the points, the rest locked", () => {
        const nb = ex();
        expect(nb.metadata.tsdl).to.include({ lab, exercise: true });
        for (const c of nb.cells) {
          const n = c.metadata.nbgrader as Record<string, unknown>;
          expect(n, c.id).to.include({ schema_version: 3, grade_id: c.id });
          const g = gradedMeta(c);
          const checked = nb.cells.map(gradedMeta).find((x) => x && `${x.grade_id}-check` === c.id);
          if (g) expect(n).to.include({ solution: true, grade: false, locked: false });
          else if (checked) expect(n).to.include({ solution: false, grade: true, locked: true, points: checked.points });
          else expect(n).to.include({ solution: false, grade: false, locked: true });
        }
      });
      it("has a hidden test for each graded function, and no other", () => {
        const ids = ex().cells.map(gradedMeta).filter(Boolean).map((g) => g!.grade_id);
        expect(Object.keys(hiddenTests(lab).tests).sort()).to.deep.equal([...ids].sort());
      });
    });
  }
});
