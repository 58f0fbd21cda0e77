// The library as the grader's process uses it: one instance, reached only through lib's index.
// tsx loads lib/src as CommonJS; importing its files one by one from here would load a second copy
// (another global random stream, another CheckFailed), and the ES namespace of the index misses
// its `export *` names (tsdl.map), so this takes the CommonJS module object itself.
import * as ns from "../lib/src/index";

/** `tsdl` as a notebook sees it. Example: `tsdl.checks.initializeParametersHe(fn, { quiet: true })`. */
export const tsdl: typeof ns = (ns as unknown as { default?: typeof ns }).default ?? ns;
