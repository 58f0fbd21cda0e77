/**
 * tsdl.framework — what notebook 05 (the framework lab, TensorFlow.js) needs besides TensorFlow.js:
 * the backend choice, the lab's data in its three situations, tensors printed as numpy prints
 * them, and the same model written in tsdl for comparison. tsdl does not import TensorFlow.js; the
 * notebook passes its `tf` module where one is needed.
 */
export * from "./backend";
export * from "./tsdlModel";
export * from "./signsData";
export * from "./tensors";
