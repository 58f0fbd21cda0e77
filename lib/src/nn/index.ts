/** Building blocks of the course's networks; the labs' helper modules (tsdl.initUtils, …) combine them. */
export * from "./threeLayer";
export * from "./cost";
export * from "./predict";
export * from "./miniBatches";
export * from "./optimizers";
export * from "./softmax";
export * from "./batchnorm";
export * from "./batchnormNetwork";
export * from "./gradientCheck";
