// %% notebook {"tsdl": {"timeout": 120}}
// %% [markdown] {"id": "title"}
// # 2 · Regularization
//
// **Goal.** A deep network with enough parameters can learn its training set by heart, noise
// included, and then does worse on examples it has never seen: it *overfits*. In this lab you fight
// overfitting with the two tools of the course's Week 1, and compare them with a model that uses
// none. By the end of this lab you will
//
// - add L2 regularization to the cost and to the backward pass;
// - implement (inverted) dropout in the forward and in the backward pass;
// - see, on one small data set, how each changes the decision boundary and the test accuracy.
//
// This is the TypeScript version of the course's *Regularization* lab (Week 1). Graded functions keep
// the course's names in camelCase: `computeCostWithRegularization`,
// `backwardPropagationWithRegularization`, `forwardPropagationWithDropout` and
// `backwardPropagationWithDropout`; the parts you write sit between `// START CODE HERE` and
// `// END CODE HERE`.

// %% [markdown] {"id": "packages-md"}
// ## 1 · Packages
//
// `tsdl` is the toolbox: numpy-like array helpers (`tsdl.matmul`, `tsdl.sum`, `tsdl.mul`, …),
// `tsdl.random` (numpy's `np.random`, same numbers for the same seed) and numpy's way of printing.
// `tsdl.regUtils` holds the course's `reg_utils.py` and this lab's test cases:
//
// - `initializeParameters(layerDims)` — seeds the generator with 3, then $W^{[l]} = \text{randn}(n^{[l]}, n^{[l-1]}) / \sqrt{n^{[l-1]}}$, $b^{[l]} = 0$;
// - `forwardPropagation`, `backwardPropagation`, `computeCost`, `updateParameters` — the 3-layer network
//   LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID without regularization;
// - `predict`, `predictDec`, `load2DDataset`, and the plots `plotDataset`, `plotCosts`, `plotDecisionBoundary`.
//
// Two details of `reg_utils` matter for the numbers you will see: the cost is
// $\frac{1}{m}\,\text{nansum}(\ldots)$ (a term that is $0 \cdot \infty$ is skipped), and the backward
// pass applies $\frac{1}{m}$ to every $dW^{[l]}$ and $db^{[l]}$ (the initialization lab's helpers put
// it on $dZ^{[3]}$ instead; both are kept in `tsdl`, each lab uses its own).

// %% {"id": "packages"}
import * as tsdl from "tsdl";
const { relu, sigmoid, initializeParameters, computeCost, forwardPropagation, backwardPropagation, updateParameters } = tsdl.regUtils;
const { predict, predictDec, load2DDataset, plotDataset, plotCosts, plotDecisionBoundary } = tsdl.regUtils;
const { computeCostWithRegularizationTestCase, backwardPropagationWithRegularizationTestCase } = tsdl.regUtils;
const { forwardPropagationWithDropoutTestCase, backwardPropagationWithDropoutTestCase } = tsdl.regUtils;
type Mat = tsdl.Mat;
type Parameters = tsdl.regUtils.Parameters;
type Grads = tsdl.regUtils.Grads;
type Cache = tsdl.regUtils.Cache;
type DropoutCache = tsdl.regUtils.DropoutCache;

// %% [markdown] {"id": "problem-md"}
// ## 2 · The problem
//
// You have just been hired as an AI expert by the French Football Corporation. They want you to
// recommend the positions where France's goalkeeper should kick the ball, so that the French
// players can then hit it with their head.
//
// The data set holds the positions on the field (2 coordinates) where the ball landed after the
// goalkeeper's kicks in the past ten games, each labelled by who headed it:
//
// - $y = 1$ (blue): a French player hit the ball with his head;
// - $y = 0$ (red): a player of the other team did.
//
// `load2DDataset()` reads the course's file `data.mat`: 211 training and 200 test examples, one per
// column. If that file cannot be found, it returns a synthetic stand-in with the same shapes and
// says so in a warning box below: the numbers quoted in this notebook then do not apply.

// %% {"id": "data"}
const [trainX, trainY, testX, testY] = load2DDataset();
const shape = (A: Mat): string => `(${A.shape.join(", ")})`;
console.log(`train_X: ${shape(trainX)}   train_Y: ${shape(trainY)}`);
console.log(`test_X:  ${shape(testX)}   test_Y:  ${shape(testY)}`);
plotDataset(trainX, trainY, { title: "Where the ball landed (training set)" });

// %% [markdown] {"id": "data-md"}
// **Expected output**
//
// ```
// train_X: (2, 211)   train_Y: (1, 211)
// test_X:  (2, 200)   test_Y:  (1, 200)
// ```
//
// The data is noisy, but a diagonal line roughly separates the upper left half (blue) from the lower
// right half (red). You will train three models on it: one without regularization, one with L2
// regularization and one with dropout. All three share the network and the training loop of
// section 5; the four functions that add regularization come first.

// %% [markdown] {"id": "l2-md"}
// ## 3 · L2 regularization
//
// L2 regularization adds to the cost a penalty that grows with the squared weights. The cost
//
// $$J = -\frac{1}{m} \sum_{i=1}^{m} \left( y^{(i)}\log a^{[L](i)} + (1-y^{(i)})\log\left(1- a^{[L](i)}\right) \right) \tag{1}$$
//
// becomes
//
// $$J_{\text{regularized}} = \underbrace{-\frac{1}{m} \sum_{i=1}^{m} \left( y^{(i)}\log a^{[L](i)} + (1-y^{(i)})\log\left(1- a^{[L](i)}\right) \right)}_{\text{cross-entropy cost}} + \underbrace{\frac{1}{m} \frac{\lambda}{2} \sum_{l}\sum_{k}\sum_{j} \left(W_{k,j}^{[l]}\right)^2}_{\text{L2 regularization cost}} \tag{2}$$
//
// where $\lambda$ (`lambd`: `lambda` is a reserved word in Python, and the course kept the name) sets
// how strongly large weights are punished. Gradient descent now also pulls every weight towards
// zero, which gives smoother models that follow the noise less.
//
// ### 3.1 · The cost with regularization
//
// **Exercise.** Implement `computeCostWithRegularization`, i.e. formula (2). The cross-entropy part
// is `computeCost(A3, Y)`. For one weight matrix, $\sum_k\sum_j (W_{k,j}^{[1]})^2$ is
// `tsdl.sum(tsdl.square(W1))`; add the three matrices' sums (in the order W1, W2, W3), then multiply
// by $\frac{\lambda}{2m}$, computed first as `lambd / (2 * m)`.

// %% {"id": "computeCostWithRegularization", "tsdl": {"graded": true, "grade_id": "computeCostWithRegularization", "points": 1}}
// GRADED FUNCTION: computeCostWithRegularization
/**
 * The cost with L2 regularization, formula (2).
 * A3: the post-activation output of the forward pass (1, m); Y: the labels (1, m);
 * parameters: W1, b1, W2, b2, W3, b3; lambd: the regularization hyperparameter λ.
 * Example: `computeCostWithRegularization(A3, Y, parameters, 0.1)` → 1.7864859451590758 on the test case.
 */
function computeCostWithRegularization(A3: Mat, Y: Mat, parameters: Parameters, lambd: number): number {
  const m = Y.shape[1];
  const W1 = parameters["W1"];
  const W2 = parameters["W2"];
  const W3 = parameters["W3"];

  const crossEntropyCost = computeCost(A3, Y); // the cross-entropy part of the cost

  // START CODE HERE (approx. 1 line)
  const L2RegularizationCost = (lambd / (2 * m)) * (tsdl.sum(tsdl.square(W1)) + tsdl.sum(tsdl.square(W2)) + tsdl.sum(tsdl.square(W3)));
  // END CODE HERE

  const cost = crossEntropyCost + L2RegularizationCost;
  return cost;
}

// %% {"id": "cost-reg-test"}
{
  const [A3, Y_assess, parameters] = computeCostWithRegularizationTestCase();
  console.log("cost = " + tsdl.str(computeCostWithRegularization(A3, Y_assess, parameters, 0.1)));
}

// %% [markdown] {"id": "cost-reg-expected"}
// **Expected output**
//
// ```
// cost = 1.7864859451590758
// ```

// %% {"id": "computeCostWithRegularization-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.computeCostWithRegularization(computeCostWithRegularization);

// %% [markdown] {"id": "backward-reg-md"}
// ### 3.2 · Backward propagation with regularization
//
// The new term changes the gradients of the weights only (the biases are not regularized). Its
// derivative with respect to $W^{[l]}$ is
//
// $$\frac{\partial}{\partial W^{[l]}} \left( \frac{1}{2}\frac{\lambda}{m} \left(W^{[l]}\right)^2 \right) = \frac{\lambda}{m} W^{[l]} \tag{3}$$
//
// so each $dW^{[l]}$ of the plain backward pass gets $\frac{\lambda}{m} W^{[l]}$ added:
//
// $$dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]T} + \frac{\lambda}{m} W^{[l]}, \qquad A^{[0]} = X. \tag{4}$$
//
// **Exercise.** Implement `backwardPropagationWithRegularization`: the code of `reg_utils`'s backward
// pass is given; add the regularization term to `dW3`, `dW2` and `dW1`, written as
// `tsdl.mul(lambd / m, W3)` (λ/m first, then times the matrix, as the course's `(lambd/m) * W3`).
// `tsdl.matmulTB(A, B)` is $A B^T$, the course's `np.dot(A, B.T)`.

// %% {"id": "backwardPropagationWithRegularization", "tsdl": {"graded": true, "grade_id": "backwardPropagationWithRegularization", "points": 1}}
// GRADED FUNCTION: backwardPropagationWithRegularization
/**
 * The backward pass of the 3-layer network with L2 regularization.
 * X: the inputs (n_x, m); Y: the labels (1, m); cache: from forwardPropagation; lambd: λ.
 * Returns the gradients dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1.
 * Example: `backwardPropagationWithRegularization(X, Y, cache, 0.7).dW3` → (1, 3).
 */
function backwardPropagationWithRegularization(X: Mat, Y: Mat, cache: Cache, lambd: number): Grads {
  const m = X.shape[1];
  const [Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3] = cache;

  const dZ3 = tsdl.sub(A3, Y);

  // START CODE HERE (approx. 1 line)
  const dW3 = tsdl.add(tsdl.mul(1 / m, tsdl.matmulTB(dZ3, A2)), tsdl.mul(lambd / m, W3));
  // END CODE HERE
  const db3 = tsdl.mul(1 / m, tsdl.sum(dZ3, 1, true));

  const dA2 = tsdl.matmulTA(W3, dZ3); // W3ᵀ·dZ3
  const dZ2 = tsdl.nn.reluBackward(dA2, A2); // dA2 * int(A2 > 0)
  // START CODE HERE (approx. 1 line)
  const dW2 = tsdl.add(tsdl.mul(1 / m, tsdl.matmulTB(dZ2, A1)), tsdl.mul(lambd / m, W2));
  // END CODE HERE
  const db2 = tsdl.mul(1 / m, tsdl.sum(dZ2, 1, true));

  const dA1 = tsdl.matmulTA(W2, dZ2);
  const dZ1 = tsdl.nn.reluBackward(dA1, A1);
  // START CODE HERE (approx. 1 line)
  const dW1 = tsdl.add(tsdl.mul(1 / m, tsdl.matmulTB(dZ1, X)), tsdl.mul(lambd / m, W1));
  // END CODE HERE
  const db1 = tsdl.mul(1 / m, tsdl.sum(dZ1, 1, true));

  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

// %% {"id": "backward-reg-test"}
{
  const [X_assess, Y_assess, cache] = backwardPropagationWithRegularizationTestCase();
  const grads = backwardPropagationWithRegularization(X_assess, Y_assess, cache, 0.7);
  console.log("dW1 = " + tsdl.str(grads["dW1"]));
  console.log("dW2 = " + tsdl.str(grads["dW2"]));
  console.log("dW3 = " + tsdl.str(grads["dW3"]));
}

// %% [markdown] {"id": "backward-reg-expected"}
// **Expected output**
//
// ```
// dW1 = [[-0.25604646  0.12298827 -0.28297129]
//  [-0.17706303  0.34536094 -0.4410571 ]]
// dW2 = [[ 0.79276486  0.85133918]
//  [-0.0957219  -0.01720463]
//  [-0.13100772 -0.03750433]]
// dW3 = [[-1.77691347 -0.11832879 -0.09397446]]
// ```

// %% {"id": "backwardPropagationWithRegularization-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.backwardPropagationWithRegularization(backwardPropagationWithRegularization);

// %% [markdown] {"id": "dropout-md"}
// ## 4 · Dropout
//
// Dropout switches off a random part of the hidden units at every iteration of training: each unit
// of a layer is kept with probability `keepProb` and set to zero otherwise. The network trained at
// one iteration is a random sub-network of the full one, so no unit can rely on one particular other
// unit being there; the weights spread out, which has an effect similar to L2 regularization.
// Dropout is used during training only: predictions use the full network.
//
// Here dropout goes on the two hidden layers (not on the input, not on the output).
//
// ### 4.1 · Forward propagation with dropout
//
// For layer 1 (layer 2 is the same with $D^{[2]}$, $A^{[2]}$), after $A^{[1]} = \text{relu}(Z^{[1]})$:
//
// 1. draw $D^{[1]}$, the same shape as $A^{[1]}$, uniform in $[0, 1)$: `tsdl.random.rand(rows, cols)`;
// 2. turn it into a mask: 1 where $D^{[1]} < \text{keepProb}$, else 0 — `tsdl.less(D1, keepProb)` (numpy's
//    `D1 < keep_prob`);
// 3. shut units down: $A^{[1]} = A^{[1]} * D^{[1]}$ (elementwise, `tsdl.mul`);
// 4. scale the units that are left: $A^{[1]} = A^{[1]} / \text{keepProb}$ (`tsdl.div`).
//
// Step 4 is *inverted dropout*: dividing by `keepProb` keeps the expected value of each activation
// what it was without dropout, so nothing needs rescaling at test time. (With `keepProb = 0.5`, half
// of the units are off on average, and the other half count double.)
//
// **A quirk of the course, kept here on purpose:** `forwardPropagationWithDropout` calls
// `tsdl.random.seed(1)` at the top of *every* call. The masks are therefore the same at every
// iteration of training, not new ones each time as dropout is meant to be: with a seed inside, the
// "random" sub-network is fixed. This is what makes the course's numbers reproducible, so the lab
// keeps it; in your own projects, seed once, outside the training loop.
//
// **Exercise.** Implement `forwardPropagationWithDropout`: the four steps for layer 1 and for layer 2,
// in this order (D1 is drawn before D2: both come from the same re-seeded stream).

// %% {"id": "forwardPropagationWithDropout", "tsdl": {"graded": true, "grade_id": "forwardPropagationWithDropout", "points": 1}}
// GRADED FUNCTION: forwardPropagationWithDropout
/**
 * LINEAR → RELU + DROPOUT → LINEAR → RELU + DROPOUT → LINEAR → SIGMOID.
 * X: the inputs (2, m); parameters: W1 (20, 2), b1 (20, 1), W2 (3, 20), b2 (3, 1), W3 (1, 3), b3 (1, 1);
 * keepProb: the probability to keep a unit. Returns [A3, cache] with the cache
 * (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3).
 * Example: `const [A3, cache] = forwardPropagationWithDropout(X, parameters, 0.7)`.
 */
function forwardPropagationWithDropout(X: Mat, parameters: Parameters, keepProb = 0.5): [Mat, DropoutCache] {
  tsdl.random.seed(1); // the course's quirk: the same masks at every call

  const W1 = parameters["W1"];
  const b1 = parameters["b1"];
  const W2 = parameters["W2"];
  const b2 = parameters["b2"];
  const W3 = parameters["W3"];
  const b3 = parameters["b3"];

  const Z1 = tsdl.addColumn(tsdl.matmul(W1, X), b1);
  let A1 = relu(Z1);
  // START CODE HERE (approx. 4 lines)
  let D1 = tsdl.random.rand(A1.shape[0], A1.shape[1]); // step 1: D1 uniform in [0, 1), the shape of A1
  D1 = tsdl.less(D1, keepProb); // step 2: 1 (keep) where D1 < keepProb, else 0
  A1 = tsdl.mul(A1, D1); // step 3: shut down some units of A1
  A1 = tsdl.div(A1, keepProb); // step 4: scale the units that were kept
  // END CODE HERE
  const Z2 = tsdl.addColumn(tsdl.matmul(W2, A1), b2);
  let A2 = relu(Z2);
  // START CODE HERE (approx. 4 lines)
  let D2 = tsdl.random.rand(A2.shape[0], A2.shape[1]);
  D2 = tsdl.less(D2, keepProb);
  A2 = tsdl.mul(A2, D2);
  A2 = tsdl.div(A2, keepProb);
  // END CODE HERE
  const Z3 = tsdl.addColumn(tsdl.matmul(W3, A2), b3);
  const A3 = sigmoid(Z3);

  const cache: DropoutCache = [Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3];
  return [A3, cache];
}

// %% {"id": "forward-dropout-test"}
{
  const [X_assess, parameters] = forwardPropagationWithDropoutTestCase();
  const [A3, cache] = forwardPropagationWithDropout(X_assess, parameters, 0.7);
  console.log("A3 = " + tsdl.str(A3));
}

// %% [markdown] {"id": "forward-dropout-expected"}
// **Expected output**
//
// ```
// A3 = [[0.36974721 0.00305176 0.04565099 0.49683389 0.36974721]]
// ```

// %% {"id": "forwardPropagationWithDropout-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.forwardPropagationWithDropout(forwardPropagationWithDropout);

// %% [markdown] {"id": "backward-dropout-md"}
// ### 4.2 · Backward propagation with dropout
//
// The units that were shut down in the forward pass had no influence on the cost, so their
// gradients are zero: apply the same mask to $dA^{[1]}$ and $dA^{[2]}$, and the same scaling.
// Because $A^{[1]}$ was divided by `keepProb`, its derivative $dA^{[1]}$ is divided by `keepProb` too:
//
// $$dA^{[2]} = \frac{dA^{[2]} * D^{[2]}}{\text{keepProb}}, \qquad dA^{[1]} = \frac{dA^{[1]} * D^{[1]}}{\text{keepProb}} \tag{5}$$
//
// (two operations each, as in the forward pass: multiply by the mask, then divide). The rest is the
// plain backward pass of `reg_utils`.
//
// **Exercise.** Implement `backwardPropagationWithDropout`: the two lines of (5), each as
// `tsdl.mul` then `tsdl.div`, right after `dA2` and `dA1` are computed.

// %% {"id": "backwardPropagationWithDropout", "tsdl": {"graded": true, "grade_id": "backwardPropagationWithDropout", "points": 1}}
// GRADED FUNCTION: backwardPropagationWithDropout
/**
 * The backward pass of the 3-layer network with dropout on both hidden layers.
 * X: the inputs (2, m); Y: the labels (1, m); cache: from forwardPropagationWithDropout;
 * keepProb: the probability to keep a unit. Returns dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1.
 * Example: `backwardPropagationWithDropout(X, Y, cache, 0.8).dA1` → (2, 5) on the test case.
 */
function backwardPropagationWithDropout(X: Mat, Y: Mat, cache: DropoutCache, keepProb: number): Grads {
  const m = X.shape[1];
  const [Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3] = cache;

  const dZ3 = tsdl.sub(A3, Y);
  const dW3 = tsdl.mul(1 / m, tsdl.matmulTB(dZ3, A2));
  const db3 = tsdl.mul(1 / m, tsdl.sum(dZ3, 1, true));
  let dA2 = tsdl.matmulTA(W3, dZ3);
  // START CODE HERE (≈ 2 lines of code)
  dA2 = tsdl.mul(dA2, D2); // step 1: the mask D2 shuts down the units shut down in the forward pass
  dA2 = tsdl.div(dA2, keepProb); // step 2: scale the units that were kept
  // END CODE HERE
  const dZ2 = tsdl.nn.reluBackward(dA2, A2); // dA2 * int(A2 > 0)
  const dW2 = tsdl.mul(1 / m, tsdl.matmulTB(dZ2, A1));
  const db2 = tsdl.mul(1 / m, tsdl.sum(dZ2, 1, true));

  let dA1 = tsdl.matmulTA(W2, dZ2);
  // START CODE HERE (≈ 2 lines of code)
  dA1 = tsdl.mul(dA1, D1);
  dA1 = tsdl.div(dA1, keepProb);
  // END CODE HERE
  const dZ1 = tsdl.nn.reluBackward(dA1, A1);
  const dW1 = tsdl.mul(1 / m, tsdl.matmulTB(dZ1, X));
  const db1 = tsdl.mul(1 / m, tsdl.sum(dZ1, 1, true));

  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

// %% {"id": "backward-dropout-test"}
{
  const [X_assess, Y_assess, cache] = backwardPropagationWithDropoutTestCase();
  const gradients = backwardPropagationWithDropout(X_assess, Y_assess, cache, 0.8);
  console.log("dA1 = " + tsdl.str(gradients["dA1"]));
  console.log("dA2 = " + tsdl.str(gradients["dA2"]));
}

// %% [markdown] {"id": "backward-dropout-expected"}
// **Expected output** (`-0.` is numpy's negative zero: a negative gradient times a mask of 0)
//
// ```
// dA1 = [[ 0.36544439  0.         -0.00188233  0.         -0.17408748]
//  [ 0.65515713  0.         -0.00337459  0.         -0.        ]]
// dA2 = [[ 0.58180856  0.         -0.00299679  0.         -0.27715731]
//  [ 0.          0.53159854 -0.          0.53159854 -0.34089673]
//  [ 0.          0.         -0.00292733  0.         -0.        ]]
// ```

// %% {"id": "backwardPropagationWithDropout-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.backwardPropagationWithDropout(backwardPropagationWithDropout);

// %% [markdown] {"id": "model-md"}
// ## 5 · The model
//
// The model is the course's, given: a 3-layer network `[2, 20, 3, 1]` trained by full-batch gradient
// descent, 30,000 iterations with learning rate 0.3. Its options choose the regularization:
//
// - `lambd` (default 0): λ of L2 regularization, used by `computeCostWithRegularization` and
//   `backwardPropagationWithRegularization` when it is not 0;
// - `keepProb` (default 1): dropout's probability to keep a unit, used by
//   `forwardPropagationWithDropout` and `backwardPropagationWithDropout` when it is below 1.
//
// It prints the cost every 10,000 iterations and keeps it every 1,000 for the plot; a progress bar
// (updated in place) shows how far training is. L2 and dropout
// can be combined in principle, but this lab tries them one at a time (the model refuses both).

// %% {"id": "model"}
interface ModelOptions {
  learningRate?: number;
  numIterations?: number;
  printCost?: boolean;
  lambd?: number;
  keepProb?: number;
}

/**
 * Trains LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID on X (2, m), Y (1, m) and returns the
 * learned parameters. Example: `const parameters = model(trainX, trainY, { lambd: 0.7 })`.
 */
function model(X: Mat, Y: Mat, { learningRate = 0.3, numIterations = 30000, printCost = true, lambd = 0, keepProb = 1 }: ModelOptions = {}): Parameters {
  let grads: Grads = {};
  const costs: number[] = []; // to keep track of the cost
  const m = X.shape[1]; // number of examples
  const layersDims = [X.shape[0], 20, 3, 1];

  // Initialize parameters dictionary.
  let parameters = initializeParameters(layersDims);
  const progress = tsdl.progress({ total: numIterations, label: "training" }); // updated in place

  // Loop (gradient descent)
  for (let i = 0; i < numIterations; i++) {
    // Forward propagation: LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.
    let a3: Mat;
    let cache: Cache | DropoutCache;
    if (keepProb === 1) {
      [a3, cache] = forwardPropagation(X, parameters);
    } else {
      [a3, cache] = forwardPropagationWithDropout(X, parameters, keepProb);
    }

    // Cost function
    const cost = lambd === 0 ? computeCost(a3, Y) : computeCostWithRegularization(a3, Y, parameters, lambd);

    // Backward propagation.
    if (!(lambd === 0 || keepProb === 1)) throw new Error("model: use L2 regularization or dropout, not both");
    if (lambd === 0 && keepProb === 1) {
      grads = backwardPropagation(X, Y, cache as Cache);
    } else if (lambd !== 0) {
      grads = backwardPropagationWithRegularization(X, Y, cache as Cache, lambd);
    } else if (keepProb < 1) {
      grads = backwardPropagationWithDropout(X, Y, cache as DropoutCache, keepProb);
    }

    // Update parameters.
    parameters = updateParameters(parameters, grads, learningRate);

    // Print the cost every 10000 iterations, keep it every 1000
    if (printCost && i % 10000 === 0) console.log(`Cost after iteration ${i}: ` + tsdl.formatFloat(cost));
    if (printCost && i % 1000 === 0) costs.push(cost);
    progress.update(i, { cost });
  }
  progress.done();

  // plot the cost
  plotCosts(costs, learningRate);

  return parameters;
}

// %% [markdown] {"id": "baseline-md"}
// ### 5.1 · Without regularization
//
// First the baseline: no regularization at all.

// %% {"id": "baseline-train"}
const parameters = model(trainX, trainY);

// %% [markdown] {"id": "baseline-train-expected"}
// **Expected output** (the course's run; the last digits of the later costs change from one numpy
// build to another, the first is exact)
//
// ```
// Cost after iteration 0: 0.6557412523481002
// Cost after iteration 10000: 0.16329987525724213
// Cost after iteration 20000: 0.13851642423245572
// ```

// %% {"id": "baseline-predict"}
console.log("On the training set:");
const predictionsTrain = predict(trainX, trainY, parameters);
console.log("On the test set:");
const predictionsTest = predict(testX, testY, parameters);

// %% [markdown] {"id": "baseline-predict-expected"}
// **Expected output**
//
// ```
// On the training set:
// Accuracy: 0.9478672985781991
// On the test set:
// Accuracy: 0.915
// ```
//
// 94.8 % on the training set and 91.5 % on the test set: this is the baseline to beat. The decision
// boundary shows why the test accuracy is lower: the model bends around single noisy points.

// %% {"id": "baseline-boundary"}
plotDecisionBoundary((x) => predictDec(parameters, x), trainX, trainY, { title: "Model without regularization" });

// %% [markdown] {"id": "l2-run-md"}
// ### 5.2 · With L2 regularization
//
// Now the same model with $\lambda = 0.7$.

// %% {"id": "l2-train"}
const parametersL2 = model(trainX, trainY, { lambd: 0.7 });
console.log("On the train set:");
const predictionsTrainL2 = predict(trainX, trainY, parametersL2);
console.log("On the test set:");
const predictionsTestL2 = predict(testX, testY, parametersL2);

// %% [markdown] {"id": "l2-train-expected"}
// **Expected output** (the cost curve is drawn between the cost lines and the accuracies)
//
// ```
// Cost after iteration 0: 0.6974484493131264
// Cost after iteration 10000: 0.26849188732822393
// Cost after iteration 20000: 0.2680916337127301
// On the train set:
// Accuracy: 0.9383886255924171
// On the test set:
// Accuracy: 0.93
// ```
//
// The test accuracy rises to 93 %: the model no longer fits the noise of the training set.

// %% {"id": "l2-boundary"}
plotDecisionBoundary((x) => predictDec(parametersL2, x), trainX, trainY, { title: "Model with L2-regularization" });

// %% [markdown] {"id": "l2-observations"}
// **Observations**
//
// - λ is a hyperparameter to tune on a dev set.
// - L2 regularization makes the decision boundary smoother. With a λ much too large it would
//   "oversmooth" and the model would underfit (high bias).
//
// **What L2 regularization does.** It relies on the assumption that a model with small weights is
// simpler than one with large weights. Squared weights in the cost make large weights expensive, so
// gradient descent drives them down (this is why L2 regularization is also called *weight decay*).
// With small weights the output cannot change sharply when the input changes a little, which gives
// smoother boundaries.

// %% [markdown] {"id": "dropout-run-md"}
// ### 5.3 · With dropout
//
// Now the model with dropout on both hidden layers, keeping each unit with probability 0.86 (about
// one unit in seven is off). Remember the quirk above: the masks are the same at every iteration.
//
// In the course, numpy prints warnings during this run (`divide by zero encountered in log`,
// `invalid value encountered in multiply`): once some outputs $a^{[3]}$ saturate to exactly 0 or 1,
// $\log 0 = -\infty$ appears in the cost, $0 \cdot (-\infty)$ is NaN, and `nansum` skips that term.
// `tsdl` computes the same (the printed cost stays finite) without warnings.

// %% {"id": "dropout-train"}
const parametersDropout = model(trainX, trainY, { keepProb: 0.86, learningRate: 0.3 });
console.log("On the train set:");
const predictionsTrainDropout = predict(trainX, trainY, parametersDropout);
console.log("On the test set:");
const predictionsTestDropout = predict(testX, testY, parametersDropout);

// %% [markdown] {"id": "dropout-train-expected"}
// **Expected output**
//
// ```
// Cost after iteration 0: 0.6543912405149825
// Cost after iteration 10000: 0.0610169865749056
// Cost after iteration 20000: 0.060582435798513114
// On the train set:
// Accuracy: 0.9289099526066351
// On the test set:
// Accuracy: 0.95
// ```
//
// Dropout works well here: 95 % on the test set, the best of the three, and the training accuracy
// (92.9 %) is below the test accuracy, a sign that the model no longer overfits.

// %% {"id": "dropout-boundary"}
plotDecisionBoundary((x) => predictDec(parametersDropout, x), trainX, trainY, { title: "Model with dropout" });

// %% [markdown] {"id": "dropout-observations"}
// **Remarks on dropout**
//
// - Use dropout during training only: no units are dropped (and no scaling happens) at test time;
//   `predict` uses the plain `forwardPropagation`.
// - Apply it in both passes: the forward pass drops and scales, the backward pass applies the same
//   mask and scale to the gradients.
// - Deep learning frameworks come with dropout layers (TensorFlow's `tf.keras.layers.Dropout`,
//   PyTorch's `torch.nn.Dropout`), which draw new masks at every step.

// %% [markdown] {"id": "results-md"}
// ## 6 · Results
//
// The three models, from the predictions above:

// %% {"id": "results"}
{
  const percent = (p: Mat, Y: Mat) => `${(100 * tsdl.nn.accuracy(p, Y)).toFixed(1)} %`;
  const rows: [string, Mat, Mat][] = [
    ["3-layer NN without regularization", predictionsTrain, predictionsTest],
    ["3-layer NN with L2-regularization", predictionsTrainL2, predictionsTestL2],
    ["3-layer NN with dropout", predictionsTrainDropout, predictionsTestDropout],
  ];
  console.log("model".padEnd(36) + "train accuracy".padStart(16) + "test accuracy".padStart(16));
  for (const [name, train, test] of rows) console.log(name.padEnd(36) + percent(train, trainY).padStart(16) + percent(test, testY).padStart(16));
}

// %% [markdown] {"id": "results-expected"}
// **Expected output** (the course's table, rounded: 95 % / 91.5 %, 94 % / 93 %, 93 % / 95 %)
//
// ```
// model                                 train accuracy   test accuracy
// 3-layer NN without regularization             94.8 %          91.5 %
// 3-layer NN with L2-regularization             93.8 %          93.0 %
// 3-layer NN with dropout                       92.9 %          95.0 %
// ```
//
// Regularization costs some training accuracy and buys test accuracy: it keeps the network from
// learning the noise of its small training set. Both L2 and dropout do better on the test set than
// the baseline; dropout does best here.

// %% [markdown] {"id": "remember"}
// ## What to remember
//
// - Regularization reduces overfitting: it trades a little training accuracy for better accuracy on
//   data the model has not seen.
// - **L2 regularization** adds $\frac{\lambda}{2m}\sum \|W^{[l]}\|^2$ to the cost and
//   $\frac{\lambda}{m}W^{[l]}$ to each $dW^{[l]}$: every update shrinks the weights ("weight decay"),
//   which gives smoother decision boundaries. λ is a hyperparameter to tune on a dev set.
// - **Dropout** shuts down each hidden unit with probability $1 - \text{keepProb}$ during training;
//   inverted dropout divides the kept activations by keepProb, in the forward and in the backward
//   pass, so the expected activations stay the same and test time needs no change. Use it in
//   training only.
// - The course's `forward_propagation_with_dropout` re-seeds the generator with 1 at every call, so
//   its masks never change during training. This lab keeps that to match the course's numbers; real
//   dropout draws new masks at every iteration.
