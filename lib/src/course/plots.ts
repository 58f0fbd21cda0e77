/** Plot helpers the labs' utils share. */
import type { Mat } from "../array";
import { scatter2d, show, type Scatter2dOptions } from "../plot";

/** The scatter the course's dataset loaders draw: the two classes in Spectral colours. Example: `plotDataset(trainX, trainY)`. */
export function plotDataset(X: Mat, y: Mat, opts: Scatter2dOptions = {}): void {
  show(scatter2d(X, y, opts));
}
