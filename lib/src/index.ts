/**
 * tsdl — what the tsdl-labs notebooks import: `import * as tsdl from "tsdl"`.
 */
export const version: string = "0.1.0";
export { assertClose } from "./check";
export type { CloseOptions, Numeric } from "./check";
export { random, RandomState, gaussLog } from "./random";
export type { Seed, Shape, RandomStateSnapshot, LegacyStateTuple } from "./random";
export { format, named, formatFloat, formatFloat32, formatInt, formatBool, formatFixed, formatFloatPositional, formatFloatScientific, dtypeOf } from "./format";
export type { DType, Printable, FormatOptions, FloatFormatOptions } from "./format";
export { print, str } from "./print";
export * from "./array";
export * as nn from "./nn";
// the course's given helpers, one module per lab (its *_utils.py and testCases.py)
export * as initUtils from "./course/initUtils";
export * as regUtils from "./course/regUtils";
export * as gcUtils from "./course/gcUtils";
export * as optUtils from "./course/optUtils";
export * as plot from "./plot";
// a check per graded function (inline, for self-study) and the grader's in-kernel side
export * as checks from "./checks";
export * as grading from "./checks/grade";
export { progress } from "./progress";
export type { Progress, ProgressOptions } from "./progress";
export { displayBundle, inKernel } from "./display";
export type { MimeBundle, DisplayOptions } from "./display";
export * as data from "./data";
export * as stats from "./stats";
export * as search from "./search";
export * as framework from "./framework";
// in a tslab kernel, an error a cell throws prints as a learner can read it (no Node/tslab/tsdl internals)
export { learnerErrorText, withoutProjectPaths } from "./learnerErrors";
import { installLearnerErrors } from "./learnerErrors";
installLearnerErrors();
