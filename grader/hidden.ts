// The hidden tests of the labs, as data the grader runs in its own process: for each graded function
// a test that calls lib's checks (with other cases than the notebook's) and asserts numpy's values,
// given a stand-in for the learner's function (grader/verdicts.ts), never the learner's code itself.
// Nothing of these files is sent into the learner's kernel: only the arguments each call needs.
import type { TfModule } from "../lib/dist/checks/framework.js";
import initialization from "./hidden/01-initialization";
import regularization from "./hidden/02-regularization";
import gradientChecking from "./hidden/03-gradient-checking";
import optimization from "./hidden/04-optimization";
import framework from "./hidden/05-framework-signs";

/** A graded function as a hidden test sees it: call it as the learner's (it answers from the kernel). */
export type Graded = (...args: any[]) => any;

/** One graded function's hidden test: throws (CheckFailed or an assertion) on the first failure. */
export type HiddenTest = (fn: Graded, tf: TfModule) => void;

export interface HiddenTests {
  lab: string;
  /** ids of the lab's non-graded cells to run first (packages, given code) */
  setup: string[];
  /** the lab's graded functions take or return TF.js tensors: the grader loads TensorFlow.js too */
  tf?: boolean;
  /** the matrix-product mode the lab's cells set in the kernel (lab 03: "fma", numpy's bits); the tests run with it too */
  matmulMode?: "fast" | "fma";
  tests: Record<string, HiddenTest>;
}

const ALL: HiddenTests[] = [initialization, regularization, gradientChecking, optimization, framework];

/** The hidden tests of a lab. Example: `Object.keys(hiddenTests("01-initialization").tests)[0]`. */
export function hiddenTests(lab: string): HiddenTests {
  const h = ALL.find((x) => x.lab === lab);
  if (!h) throw new Error(`${lab} has graded functions but no hidden tests: write grader/hidden/${lab}.ts and list it in grader/hidden.ts`);
  return h;
}
