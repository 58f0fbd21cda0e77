/**
 * tsdl.search — hyperparameter search as the lectures teach it (Week 3): sampling on a log scale,
 * grid vs random search, coarse to fine, and running trials one at a time or in parallel.
 * Example: `const trials = tsdl.search.randomSearch(tsdl.search.LECTURE_SPACE, 25, 1)`.
 */
export { LECTURE_SPACE, betaOf, distinctValues, gridSearch, learningRateOf, randomSearch, zoomIn } from "./space";
export type { Interval, SearchSpace, Trial } from "./space";
export { trainDevSplit } from "./devSplit";
export type { TrainDev } from "./devSplit";
export { DEFAULT_SETTINGS, rankResults, runTrial } from "./trial";
export type { TrialResult, TrialSettings } from "./trial";
export { runTrialsParallel, runTrialsSerial, workerScript } from "./parallel";
export type { ParallelOptions, SearchRun } from "./parallel";
export { accuracyByLearningRate, devCurves, trialsPlane, LOG_ALPHA_TITLE, LOG_BETA_TITLE } from "./figures";
export type { ResultGroup } from "./figures";
