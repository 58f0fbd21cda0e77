/**
 * What a learner reads when a cell throws. tslab prints an uncaught error with `console.error(e)`
 * (tslab/dist/executor.js), that is `util.inspect(e)`: the error's stack, which Node's vm has
 * prefixed with the file, line and source text of the throw (`evalmachine.<anonymous>:5` for a
 * notebook cell, `…/lib/dist/checks/core.js:172` for tsdl), then ten frames of node:vm and tslab.
 * In a tslab kernel, tsdl gives errors an inspect function that prints instead:
 * - a failed check (`CheckFailed`): its sentence only;
 * - any other error: the source line and caret when the throw is in the learner's code, the
 *   `Name: message` line, and only the frames in the learner's code, named without line numbers
 *   (tslab compiles each cell, so its line numbers are not the cell's).
 * Compile errors (TypeScript's diagnostics, printed by tslab to stderr) keep their text, with the
 * project's folders left out. Set TSDL_FULL_STACKS=1 before starting Jupyter to see it all as Node
 * and tslab print it.
 */
import * as path from "node:path";
import { inspect } from "node:util";
import { findProjectRoot } from "./data/paths";
import { inTslabKernel } from "./display";

/** Where tslab runs a cell's compiled code (vm.runInThisContext without a file name). */
const CELL_FILE = "evalmachine.<anonymous>";
/** The error class of a failed check (lib/src/checks/core.ts), known by name so checks need no change. */
const CHECK_FAILED = "CheckFailed";

/** Node's prefix of a vm error's stack: `file:line`, the source line, the caret line, a blank line. */
const ARROW = /^(.*):(\d+)\n(.*)\n( *\^+ *)\n\n/;
const LAST_EXPR = "exports.tsLastExpr = ";
const FRAME = /^\s+at (?:(async )?(?:new )?(.*?) \((.*)\)|(async )?(.*))$/;

/** A stack frame's line as a learner reads it, or null for a frame outside the notebook's code. */
function learnerFrame(line: string): string | null {
  const m = FRAME.exec(line);
  if (!m) return null;
  const location = m[3] ?? m[5];
  if (!location.startsWith(CELL_FILE)) return null;
  const name = (m[2] ?? "").replace(/^Proxy\./, ""); // tslab calls cell code with its exports proxy as `this`
  // unnamed frames are a cell's top level (twice: tslab wraps each cell in a function) or callbacks
  return name ? `    at ${m[1] ?? ""}${name} (notebook)` : null;
}

/**
 * `text` with the project's folders left out: tsdl's build as `tsdl` (TypeScript's diagnostics say
 * `typeof import("<project>/lib/dist/index")`), packages by name, other project files relative.
 * Example: `withoutProjectPaths('import("/home/ana/labs/lib/dist/index")')` → `import("tsdl")`.
 */
export function withoutProjectPaths(text: string): string {
  const root = findProjectRoot();
  if (root === null || !text.includes(root)) return text;
  const dist = path.join(root, "lib", "dist");
  return text
    .split(`${path.join(dist, "index")}"`).join('tsdl"')
    .split(`${dist}${path.sep}`).join(`tsdl${path.sep}`)
    .split(`${path.join(root, "node_modules")}${path.sep}`).join("")
    .split(`${root}${path.sep}`).join("");
}

/**
 * The text a learner sees for `err` (see the module comment).
 * Example: `learnerErrorText(e)` → "CheckFailed: initializeParametersHe([2, 4, 1]): W1 has shape (2, 4), expected (4, 2)".
 */
export function learnerErrorText(err: Error): string {
  const header = `${err.name}: ${err.message}`;
  if (err.name === CHECK_FAILED) return header;
  let stack = typeof err.stack === "string" ? err.stack : header;
  let arrow = "";
  const a = ARROW.exec(stack);
  if (a) {
    if (a[1] === CELL_FILE) {
      // a cell's last expression is compiled to `exports.tsLastExpr = …`: show the learner's expression
      const cut = a[3].startsWith(LAST_EXPR) && a[4].length > LAST_EXPR.length ? LAST_EXPR.length : 0;
      arrow = `${a[3].slice(cut)}\n${a[4].slice(cut)}\n\n`;
    }
    stack = stack.slice(a[0].length);
  }
  const lines = stack.split("\n");
  const firstFrame = lines.findIndex((l) => FRAME.test(l));
  const head = firstFrame < 0 ? lines : lines.slice(0, firstFrame);
  const frames = firstFrame < 0 ? [] : lines.slice(firstFrame).map(learnerFrame).filter((l): l is string => l !== null);
  return withoutProjectPaths([arrow + head.join("\n"), ...frames].join("\n"));
}

let installed = false;

/**
 * In a tslab kernel, makes every error print as `learnerErrorText` says (unless TSDL_FULL_STACKS is
 * set); elsewhere does nothing. Called when tsdl is imported. Example: `installLearnerErrors()`.
 */
export function installLearnerErrors(): void {
  if (installed || process.env.TSDL_FULL_STACKS || !inTslabKernel()) return;
  installed = true;
  Object.defineProperty(Error.prototype, inspect.custom, {
    value(this: Error) {
      return learnerErrorText(this);
    },
    configurable: true,
    writable: true,
    enumerable: false,
  });
  // tslab prints compile diagnostics with console.error through the process.stderr.write it sets
  // for every cell (tslab/dist/jupyter.js): keep whatever it sets, and take project paths out
  let write = process.stderr.write;
  Object.defineProperty(process.stderr, "write", {
    configurable: true,
    get: () => (chunk: unknown, ...rest: unknown[]) =>
      (write as (...a: unknown[]) => boolean).call(process.stderr, typeof chunk === "string" ? withoutProjectPaths(chunk) : chunk, ...rest),
    set: (fn: typeof write) => {
      write = fn;
    },
  });
}
