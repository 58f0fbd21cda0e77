/**
 * tsdl.data — the labs' datasets: sklearn's make_circles / make_moons (bit-identical to sklearn 1.2 on
 * numpy's global stream), the course files (data.mat via a MAT v5 reader, SIGNS .h5 via jsfive) found
 * by the data policy's search order, and seeded synthetic stand-ins when a course file is absent.
 */
export { makeCircles, makeMoons, loadInitDataset, loadMoonsDataset } from "./generators";
export type { Samples2D, MakeOptions, LabDataset } from "./generators";
export { readMat } from "./mat";
export type { MatFile, MatVariable, MatClass } from "./mat";
export { findProjectRoot, dataCandidates, findDataFile, describeSearch, displayPath, PROJECT_PACKAGE } from "./paths";
export type { DataCandidate } from "./paths";
export { load2DDataset, synthetic2DDataset } from "./dataset2d";
export type { Dataset2D, Load2DOptions } from "./dataset2d";
export { loadSigns, readSignsFile, syntheticSigns, flattenImages, oneHot, SIGNS_SIZES } from "./signs";
export type { Signs, SignsSet, LoadSignsOptions } from "./signs";
export { makeSpirals } from "./spirals";
export type { Spirals } from "./spirals";
