// %% notebook {"tsdl": {"lab": "05-framework-signs", "setup": ["packages", "backend"]}}
// %% [markdown] {"id": "about"}
// Hidden tests of lab 05 (TensorFlow.js): other inputs, shapes, seeds and network sizes than the
// notebook's checks. They run after the lab's "backend" cell, i.e. on wasm, where the model trains
// (so a one-hot built as float32 directly, which only works on cpu, fails here as it would in training).
// No data file is needed: the model's test trains on random pictures.

// %% {"id": "hidden-linearFunction", "grade_id": "linearFunction"}
tsdl.grading.grade(TSDL_TOKEN, "linearFunction", () => {
  tsdl.random.seed(7); // a stream elsewhere: the function must seed it itself
  tsdl.checks.linearFunction(linearFunction, tf, { quiet: true });
});

// %% {"id": "hidden-sigmoid", "grade_id": "sigmoid"}
tsdl.grading.grade(TSDL_TOKEN, "sigmoid", () => {
  tsdl.checks.sigmoid(sigmoid, tf, { quiet: true, cases: [0.25, -7, 30, 1e-3, -0.5] });
});

// %% {"id": "hidden-cost", "grade_id": "cost"}
tsdl.grading.grade(TSDL_TOKEN, "cost", () => {
  tsdl.checks.cost(cost, tf, { quiet: true, cases: [
    { logits: [5, -5, 0.1], labels: [0, 1, 1], shape: [3] },
    { logits: [-1.5, 2, 0, 0.25, 7, -3], labels: [0, 1, 1, 0, 1, 0], shape: [3, 2] },
    { logits: [12], labels: [1], shape: [1] },
  ] });
});

// %% {"id": "hidden-oneHotMatrix", "grade_id": "oneHotMatrix"}
tsdl.grading.grade(TSDL_TOKEN, "oneHotMatrix", () => {
  tsdl.checks.oneHotMatrix(oneHotMatrix, tf, { quiet: true, cases: [
    { labels: [4, 0, 2, 2, 5], C: 6 },
    { labels: [0, 0, 1], C: 2 },
    { labels: [3, 1], C: 7 },
  ] });
});

// %% {"id": "hidden-ones", "grade_id": "ones"}
tsdl.grading.grade(TSDL_TOKEN, "ones", () => {
  tsdl.checks.ones(ones, tf, { quiet: true, cases: [[5, 2], [1, 1, 1], [7], [2, 3, 4]] });
});

// %% {"id": "hidden-initializeParameters", "grade_id": "initializeParameters"}
tsdl.grading.grade(TSDL_TOKEN, "initializeParameters", () => {
  tsdl.checks.initializeParameters(initializeParameters, tf, { quiet: true });
  tsdl.checks.initializeParameters(initializeParameters, tf, { quiet: true }); // twice: same values, nothing left behind
});

// %% {"id": "hidden-forwardPropagation", "grade_id": "forwardPropagation"}
tsdl.grading.grade(TSDL_TOKEN, "forwardPropagation", () => {
  tsdl.checks.forwardPropagation(forwardPropagation, tf, { quiet: true, cases: [
    { dims: [7, 3, 5, 6], m: 4, seed: 9 },
    { dims: [2, 8, 1, 6], m: 1, seed: 10 },
    { dims: [12288, 25, 12, 6], m: 5, seed: 11 },
  ] });
});

// %% {"id": "hidden-computeCost", "grade_id": "computeCost"}
tsdl.grading.grade(TSDL_TOKEN, "computeCost", () => {
  tsdl.checks.computeCost(computeCost, tf, { quiet: true, cases: [
    { m: 7, seed: 21 },
    { m: 1, seed: 22 },
    { m: 32, seed: 23 },
    { m: 3, seed: 24, zero: true },
  ] });
});

// %% {"id": "hidden-model", "grade_id": "model"}
tsdl.grading.grade(TSDL_TOKEN, "model", () => {
  // 70 pictures: two full mini-batches and one of 6; 6 epochs record the costs of epochs 0 and 5
  tsdl.checks.model(model, tf, { quiet: true, cases: [{ m: 70, numEpochs: 6, seed: 8 }] });
});
