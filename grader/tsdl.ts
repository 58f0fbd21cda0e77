// The library as the grader's process uses it: the build the kernel runs (lib/dist, with its
// compiled kernels, so a reference computed here has the learner's kernel's bits: gradient checks
// amplify a last-bit difference a millionfold), one instance, reached only through its index.
// Importing its files one by one would load a second copy (another global random stream, another
// CheckFailed); the ES namespace of a CommonJS index misses its `export *` names (tsdl.map), so this
// takes the CommonJS module object itself.
import * as ns from "../lib/dist/index.js";

/** `tsdl` as a notebook sees it. Example: `tsdl.checks.initializeParametersHe(fn, { quiet: true })`. */
export const tsdl: typeof ns = (ns as unknown as { default?: typeof ns }).default ?? ns;
