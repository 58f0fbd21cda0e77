// The exercise version of a graded cell: the code between each `// START CODE HERE` and
// `// END CODE HERE` becomes a stub that fails clearly when called, while the cell still compiles
// (the names the solution declared there are declared `any`, so code after the region type-checks;
// tslab allows the unreachable code after the throw).

const START = /^(\s*)\/\/ START CODE HERE\b/;
const END = /^\s*\/\/ END CODE HERE\b/;

/** The names a region declares at its own nesting level: `const a = …`, `let [b, c] = …`, `const { d, e: f } = …`. */
export function declaredNames(region: string[]): string[] {
  const names: string[] = [];
  let depth = 0;
  for (const line of region) {
    const code = line.replace(/\/\/.*$/, "").replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
    const decl = /\b(?:const|let|var)\s+(\[[^\]]*\]|\{[^}]*\}|[A-Za-z_$][\w$]*)/g;
    let m: RegExpExecArray | null;
    let scanned = 0;
    while ((m = decl.exec(code))) {
      depth += nesting(code.slice(scanned, m.index));
      scanned = m.index;
      if (depth !== 0) continue;
      const target = m[1];
      if (target.startsWith("[")) names.push(...target.slice(1, -1).split(",").map(bindingName).filter(Boolean) as string[]);
      else if (target.startsWith("{")) names.push(...target.slice(1, -1).split(",").map((p) => bindingName(p.includes(":") ? p.split(":")[1] : p)).filter(Boolean) as string[]);
      else names.push(target);
    }
    depth += nesting(code.slice(scanned));
  }
  return [...new Set(names)];
}

/** `x`, `...rest`, `y = 1` → the bound name (or null for a hole). */
function bindingName(part: string): string | null {
  const name = part.trim().replace(/^\.\.\./, "").split("=")[0].trim();
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : null;
}

/** Opening minus closing brackets in a piece of code. */
function nesting(code: string): number {
  let d = 0;
  for (const ch of code) {
    if (ch === "{" || ch === "(" || ch === "[") d++;
    else if (ch === "}" || ch === ")" || ch === "]") d--;
  }
  return d;
}

/**
 * A graded cell's source with every START/END region stubbed, e.g. for `gradeId` "updateLr":
 * `const learningRate = …` becomes `let learningRate: any; // your code sets it` and
 * `throw new Error("not implemented: updateLr");`. Throws when the markers are missing or unbalanced.
 */
export function stubRegions(source: string, gradeId: string): string {
  const lines = source.split("\n");
  const out: string[] = [];
  let regions = 0;
  for (let i = 0; i < lines.length; i++) {
    const start = START.exec(lines[i]);
    if (END.test(lines[i])) throw new Error(`${gradeId}: "// END CODE HERE" on line ${i + 1} without a START before it`);
    if (!start) {
      out.push(lines[i]);
      continue;
    }
    const end = lines.findIndex((l, j) => j > i && (END.test(l) || START.test(l)));
    if (end < 0 || START.test(lines[end])) throw new Error(`${gradeId}: "// START CODE HERE" on line ${i + 1} has no "// END CODE HERE" after it`);
    const indent = start[1];
    const names = declaredNames(lines.slice(i + 1, end));
    out.push(lines[i]);
    if (names.length) out.push(`${indent}let ${names.map((n) => `${n}: any`).join(", ")}; // your code sets ${names.length === 1 ? "it" : "them"}`);
    out.push(`${indent}throw new Error("not implemented: ${gradeId}"); // delete this line when your code is in`);
    out.push(lines[end]);
    i = end;
    regions++;
  }
  if (regions === 0) throw new Error(`${gradeId}: no "// START CODE HERE" … "// END CODE HERE" region in the graded cell`);
  return out.join("\n");
}
