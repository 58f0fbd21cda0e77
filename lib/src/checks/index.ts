/**
 * tsdl.checks — one check per graded function of the labs, named as the function:
 * `tsdl.checks.initializeParametersHe(initializeParametersHe)` runs it on the lab's inputs and on
 * other shapes and seeds and prints "All tests passed.", or throws CheckFailed naming the first
 * thing to fix. The grader's hidden tests call the same checks with other cases.
 */
export { call, CheckFailed, shapeText } from "./core";
// the grader's encoding of values as plain data (its process and the kernel both use it)
export * as wire from "./wire";
export type { CheckOptions } from "./core";
export { LIBRARY_ANSWERS, libraryAnswerIn, libraryAnswerMessage } from "./libraryAnswers";
export { initializeParametersHe, initializeParametersRandom, initializeParametersZeros } from "./initialization";
export {
  backwardPropagationWithDropout, backwardPropagationWithRegularization, computeCostWithRegularization, forwardPropagationWithDropout,
  dropoutForward, seededParameters,
} from "./regularization";
export type { BackwardCase, CostCase, DropoutForwardCase } from "./regularization";
export { backwardPropagation, gradientCheck, gradientCheckN, backwardPropagationN, forwardPropagationN } from "./gradientChecking";
export type { NDCase, OneD } from "./gradientChecking";
export {
  initializeAdam, initializeVelocity, randomMiniBatches, scheduleLrDecay, updateLr, updateParametersWithAdam, updateParametersWithGd,
  updateParametersWithMomentum, updateParametersWithRmsprop,
} from "./optimization";
export type { DecayCase, GdCase, MiniBatchCase, StepCase } from "./optimization";
// lab 05 (TensorFlow.js): each check takes the notebook's tf module too; forwardPropagation serves labs 03 and 05
export {
  computeCost, cost, forwardPropagation, forwardPropagationTf, initializeParameters, linearFunction, model, oneHotMatrix, ones, sigmoid,
} from "./framework";
export type { CostCase as FrameworkCostCase, CostMatrixCase, ForwardCase, ModelCase, OneHotCase, TfModule } from "./framework";
