// Hidden tests of lab 05 (TensorFlow.js): other inputs, shapes, seeds and network sizes than the
// notebook's checks. The learner's functions run after the lab's "backend" cell, i.e. on wasm, where
// the model trains (so a one-hot built as float32 directly, which only works on cpu, fails here as
// it would in training). No data file is needed: the model's test trains on random pictures.
import { tsdl } from "../tsdl";
import type { HiddenTests } from "../hidden";

const tests: HiddenTests = {
  lab: "05-framework-signs",
  setup: ["packages", "backend"],
  tf: true,
  tests: {
    linearFunction: (fn, tf) => {
      tsdl.random.seed(7); // a stream elsewhere: the function must seed it itself
      tsdl.checks.linearFunction(fn, tf, { quiet: true });
    },
    sigmoid: (fn, tf) => {
      tsdl.checks.sigmoid(fn, tf, { quiet: true, cases: [0.25, -7, 30, 1e-3, -0.5] });
    },
    cost: (fn, tf) => {
      tsdl.checks.cost(fn, tf, { quiet: true, cases: [
        { logits: [5, -5, 0.1], labels: [0, 1, 1], shape: [3] },
        { logits: [-1.5, 2, 0, 0.25, 7, -3], labels: [0, 1, 1, 0, 1, 0], shape: [3, 2] },
        { logits: [12], labels: [1], shape: [1] },
      ] });
    },
    oneHotMatrix: (fn, tf) => {
      tsdl.checks.oneHotMatrix(fn, tf, { quiet: true, cases: [{ labels: [4, 0, 2, 2, 5], C: 6 }, { labels: [0, 0, 1], C: 2 }, { labels: [3, 1], C: 7 }] });
    },
    ones: (fn, tf) => {
      tsdl.checks.ones(fn, tf, { quiet: true, cases: [[5, 2], [1, 1, 1], [7], [2, 3, 4]] });
    },
    initializeParameters: (fn, tf) => {
      tsdl.checks.initializeParameters(fn, tf, { quiet: true });
      tsdl.checks.initializeParameters(fn, tf, { quiet: true }); // twice: same values, nothing left behind
    },
    forwardPropagation: (fn, tf) => {
      tsdl.checks.forwardPropagation(fn, tf, { quiet: true, cases: [
        { dims: [7, 3, 5, 6], m: 4, seed: 9 },
        { dims: [2, 8, 1, 6], m: 1, seed: 10 },
        { dims: [12288, 25, 12, 6], m: 5, seed: 11 },
      ] });
    },
    computeCost: (fn, tf) => {
      tsdl.checks.computeCost(fn, tf, { quiet: true, cases: [{ m: 7, seed: 21 }, { m: 1, seed: 22 }, { m: 32, seed: 23 }, { m: 3, seed: 24, zero: true }] });
    },
    model: (fn, tf) => {
      // 70 pictures: two full mini-batches and one of 6; 6 epochs record the costs of epochs 0 and 5
      tsdl.checks.model(fn, tf, { quiet: true, cases: [{ m: 70, numEpochs: 6, seed: 8 }] });
    },
  },
};
export default tests;
