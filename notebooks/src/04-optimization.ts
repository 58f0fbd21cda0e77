// %% notebook {"tsdl": {"timeout": 120}}
// %% [markdown] {"id": "title"}
// # 4 · Optimization Methods
//
// **Goal.** Until now every network of this course learned by plain gradient descent on the whole
// training set. Smarter optimization methods reach a good model faster, sometimes much faster. In
// this lab you train the same 3-layer network on the same data with different optimizers and
// compare them. By the end of this lab you will
//
// - split a training set into random **mini-batches**;
// - implement **momentum**, **RMSprop** and **Adam**, and see how each changes the training;
// - decay the **learning rate** during training, epoch by epoch or on a fixed schedule.
//
// This is the TypeScript version of the course's *Optimization Methods* lab (Week 2 of *Improving
// Deep Neural Networks*) with its later section on learning-rate decay; RMSprop, which the lectures
// teach and the lab leaves out, has a section of its own. Graded functions keep the course's names
// in camelCase: `updateParametersWithGd`, `randomMiniBatches`, `initializeVelocity`,
// `updateParametersWithMomentum`, `updateParametersWithRmsprop`, `initializeAdam`,
// `updateParametersWithAdam`, `updateLr` and `scheduleLrDecay`; the parts you write sit between
// `// START CODE HERE` and `// END CODE HERE`. Random numbers come from `tsdl.random`, a bit-for-bit
// copy of numpy's `np.random`, so every number printed below can be compared with the course's.
//
// Gradient descent walks downhill on the cost $J$: at each step it moves the parameters a little in
// the direction of steepest descent, $-\nabla J$. The methods of this lab change how big and in
// which direction each step is, using what earlier steps have seen.

// %% [markdown] {"id": "packages-md"}
// ## 1 · Packages
//
// `tsdl` is the toolbox: numpy-like array helpers (`tsdl.add`, `tsdl.mul`, `tsdl.sqrt`, …),
// `tsdl.random` (numpy's `np.random`) and numpy's printing (`tsdl.str`). `tsdl.optUtils` holds the
// course's `opt_utils_v1a.py` and this lab's test cases:
//
// - `loadDataset()` — the "moons" data set below;
// - `initializeParameters(layersDims)` — seeds the generator with 3, then
//   $W^{[l]} = \text{randn}(n^{[l]}, n^{[l-1]}) \cdot \sqrt{2 / n^{[l-1]}}$ (He), $b^{[l]} = 0$;
// - `forwardPropagation`, `backwardPropagation`, `computeCost` — the 3-layer network LINEAR → RELU →
//   LINEAR → RELU → LINEAR → SIGMOID;
// - `predict`, `predictDec`, and the plots `plotDataset`, `plotCosts`, `plotDecisionBoundary`,
//   `plotCostComparison`.
//
// Two details of `opt_utils_v1a` matter for the numbers you will see: `computeCost` returns the
// **sum** of the losses of a mini-batch, not their mean (the model adds the sums of all mini-batches
// of an epoch and divides by $m$ once), and `backwardPropagation` puts the $\frac{1}{m}$ on
// $dz^{[3]} = \frac{1}{m}(a^{[3]} - Y)$, with $m$ the size of the mini-batch.

// %% {"id": "packages"}
import * as tsdl from "tsdl";
const { loadDataset, initializeParameters, forwardPropagation, backwardPropagation, computeCost } = tsdl.optUtils;
const { predict, predictDec, plotDataset, plotCosts, plotDecisionBoundary, plotCostComparison } = tsdl.optUtils;
const { updateParametersWithGdTestCase, randomMiniBatchesTestCase, initializeVelocityTestCase } = tsdl.optUtils;
const { updateParametersWithMomentumTestCase, updateParametersWithRmspropTestCase } = tsdl.optUtils;
const { initializeAdamTestCase, updateParametersWithAdamTestCase } = tsdl.optUtils;
type Mat = tsdl.Mat;
type Parameters = tsdl.optUtils.Parameters;
type Grads = tsdl.optUtils.Grads;
type State = Record<string, Mat>; // v["dW1"], s["db2"], …: one array per gradient

// %% [markdown] {"id": "gd-md"}
// ## 2 · Gradient descent
//
// Gradient descent (GD) takes one step per pass over the $m$ training examples; it is also called
// *batch* gradient descent. For $l = 1, \dots, L$:
//
// $$W^{[l]} = W^{[l]} - \alpha \, dW^{[l]} \tag{1}$$
// $$b^{[l]} = b^{[l]} - \alpha \, db^{[l]} \tag{2}$$
//
// where $L$ is the number of layers and $\alpha$ the learning rate. The parameters live in the
// dictionary `parameters` (`"W1"`, `"b1"`, …), their gradients in `grads` (`"dW1"`, `"db1"`, …).
//
// **Exercise.** Implement `updateParametersWithGd`: one step of (1) and (2) for every layer, with
// `tsdl.sub(A, B)` ($A - B$) and `tsdl.mul(learningRate, dW)` (a number times an array).

// %% {"id": "updateParametersWithGd", "tsdl": {"graded": true, "grade_id": "updateParametersWithGd", "points": 1}}
// GRADED FUNCTION: updateParametersWithGd

/**
 * One step of gradient descent.
 * parameters: W1, b1, …, WL, bL; grads: dW1, db1, …, dWL, dbL; learningRate: α.
 * Returns the updated parameters. Example: `parameters = updateParametersWithGd(parameters, grads, 0.01)`.
 */
function updateParametersWithGd(parameters: Parameters, grads: Grads, learningRate: number): Parameters {
  const L = Math.floor(Object.keys(parameters).length / 2); // number of layers of the network

  for (let l = 1; l <= L; l++) {
    // START CODE HERE (approx. 2 lines)
    parameters["W" + l] = tsdl.sub(parameters["W" + l], tsdl.mul(learningRate, grads["dW" + l]));
    parameters["b" + l] = tsdl.sub(parameters["b" + l], tsdl.mul(learningRate, grads["db" + l]));
    // END CODE HERE
  }
  return parameters;
}

// %% {"id": "gd-test"}
{
  let [parameters, grads, learningRate] = updateParametersWithGdTestCase();
  parameters = updateParametersWithGd(parameters, grads, learningRate);
  for (const k of ["W1", "b1", "W2", "b2"]) console.log(`${k} = ` + tsdl.str(parameters[k]));
}

// %% [markdown] {"id": "gd-expected"}
// **Expected output**
//
// ```
// W1 = [[ 1.63535156 -0.62320365 -0.53718766]
//  [-1.07799357  0.85639907 -2.29470142]]
// b1 = [[ 1.74604067]
//  [-0.75184921]]
// W2 = [[ 0.32171798 -0.25467393  1.46902454]
//  [-2.05617317 -0.31554548 -0.3756023 ]
//  [ 1.1404819  -1.09976462 -0.1612551 ]]
// b2 = [[-0.88020257]
//  [ 0.02561572]
//  [ 0.57539477]]
// ```
//
// A variant is **stochastic gradient descent** (SGD): a step after every single example, i.e.
// mini-batches of size 1. On a large training set SGD starts to learn long before batch GD has
// seen all the examples once, but its steps *oscillate*: each follows the gradient of one example,
// not of the whole cost.
//
// In between is **mini-batch gradient descent**: a step after every mini-batch of, say, 64
// examples. It makes progress as early as SGD with far less noise, and uses vectorized code on each
// mini-batch. In all three you loop over (1) the epochs (passes over the training set) and, except
// in batch GD, (2) the mini-batches or examples of each epoch. The size of the mini-batch is a
// hyperparameter to tune.

// %% {"id": "updateParametersWithGd-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.updateParametersWithGd(updateParametersWithGd);

// %% [markdown] {"id": "minibatch-md"}
// ## 3 · Mini-batch gradient descent
//
// `randomMiniBatches(X, Y, miniBatchSize, seed)` cuts the training set $(X, Y)$ into mini-batches
// in two steps:
//
// 1. **Shuffle.** The same random permutation of the columns of $X$ and $Y$ (each column is one
//    example, so $x^{(i)}$ keeps its label $y^{(i)}$). Shuffling makes each epoch's mini-batches
//    different.
// 2. **Partition.** Cut the shuffled $(X, Y)$ into mini-batches of `miniBatchSize` columns
//    (here 64). When `miniBatchSize` does not divide $m$, the last mini-batch is smaller: with
//    $m = 148$ there are 2 complete mini-batches of 64 and a last one of
//    $m - 64 \lfloor m / 64 \rfloor = 20$ examples.
//
// **Exercise.** Implement `randomMiniBatches`. The shuffle is given: `tsdl.random.seed(seed)` first
// (as the course does, so that your mini-batches are the course's), then
// `tsdl.random.permutation(m)` (numpy's `np.random.permutation`), and `tsdl.columns(X, permutation)`
// picks the columns in that order (numpy's `X[:, permutation]`). You write the partition:
// `tsdl.sliceColumns(A, start, end)` is the course's `A[:, start:end]`. There are
// `numCompleteMinibatches = Math.floor(m / miniBatchSize)` complete mini-batches
// $k = 0, 1, \dots$: columns $64k$ to $64(k+1)$ (end excluded); then, if `m % miniBatchSize !== 0`,
// the last one from $64 \lfloor m / 64 \rfloor$ to $m$.

// %% {"id": "randomMiniBatches", "tsdl": {"graded": true, "grade_id": "randomMiniBatches", "points": 2}}
// GRADED FUNCTION: randomMiniBatches

/**
 * Random mini-batches of (X, Y).
 * X: input data (n_x, m); Y: labels (1, m); miniBatchSize: examples per mini-batch; seed: for the shuffle.
 * Returns the list of pairs [miniBatchX, miniBatchY].
 * Example: `randomMiniBatches(X, Y, 64, 11)` on m = 300 → mini-batches of 64, 64, 64, 64 and 44 examples.
 */
function randomMiniBatches(X: Mat, Y: Mat, miniBatchSize = 64, seed = 0): [Mat, Mat][] {
  tsdl.random.seed(seed); // so that your "random" mini-batches are the same as ours
  const m = X.shape[1]; // number of training examples
  const miniBatches: [Mat, Mat][] = [];

  // Step 1: Shuffle (X, Y)
  const permutation = tsdl.random.permutation(m).data;
  const shuffledX = tsdl.columns(X, permutation);
  const shuffledY = tsdl.reshape(tsdl.columns(Y, permutation), [1, m]);

  // Step 2: Partition (shuffledX, shuffledY), minus the end case
  const numCompleteMinibatches = Math.floor(m / miniBatchSize); // mini-batches of size miniBatchSize
  for (let k = 0; k < numCompleteMinibatches; k++) {
    // START CODE HERE (approx. 2 lines)
    const miniBatchX = tsdl.sliceColumns(shuffledX, k * miniBatchSize, (k + 1) * miniBatchSize);
    const miniBatchY = tsdl.sliceColumns(shuffledY, k * miniBatchSize, (k + 1) * miniBatchSize);
    // END CODE HERE
    miniBatches.push([miniBatchX, miniBatchY]);
  }

  // Handling the end case (last mini-batch < miniBatchSize)
  if (m % miniBatchSize !== 0) {
    // START CODE HERE (approx. 2 lines)
    const miniBatchX = tsdl.sliceColumns(shuffledX, numCompleteMinibatches * miniBatchSize, m);
    const miniBatchY = tsdl.sliceColumns(shuffledY, numCompleteMinibatches * miniBatchSize, m);
    // END CODE HERE
    miniBatches.push([miniBatchX, miniBatchY]);
  }
  return miniBatches;
}

// %% {"id": "minibatch-test"}
{
  const [X_assess, Y_assess, miniBatchSize] = randomMiniBatchesTestCase();
  const miniBatches = randomMiniBatches(X_assess, Y_assess, miniBatchSize);
  const shape = (A: Mat) => `(${A.shape.join(", ")})`;
  const nth = ["1st", "2nd", "3rd"];
  for (let k = 0; k < 3; k++) console.log(`shape of the ${nth[k]} mini_batch_X: ${shape(miniBatches[k][0])}`);
  for (let k = 0; k < 3; k++) console.log(`shape of the ${nth[k]} mini_batch_Y: ${shape(miniBatches[k][1])}`);
  const firstRow = tsdl.reshape(miniBatches[0][0].hi(1, 3), [3]); // the course's mini_batches[0][0][0][0:3]
  console.log("mini batch sanity check: " + tsdl.str(firstRow));
}

// %% [markdown] {"id": "minibatch-expected"}
// **Expected output**
//
// ```
// shape of the 1st mini_batch_X: (12288, 64)
// shape of the 2nd mini_batch_X: (12288, 64)
// shape of the 3rd mini_batch_X: (12288, 20)
// shape of the 1st mini_batch_Y: (1, 64)
// shape of the 2nd mini_batch_Y: (1, 64)
// shape of the 3rd mini_batch_Y: (1, 20)
// mini batch sanity check: [ 0.90085595 -0.7612069   0.2344157 ]
// ```
//
// The sanity check is the first three values of the first row of the first mini-batch: they come
// out right only with the course's seed and numpy's permutation.
//
// **What to remember.** Shuffling and partitioning are the two steps to build mini-batches. Sizes
// that are powers of two (16, 32, 64, 128) are common.

// %% {"id": "randomMiniBatches-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.randomMiniBatches(randomMiniBatches);

// %% [markdown] {"id": "momentum-md"}
// ## 4 · Momentum
//
// A mini-batch sees only part of the data, so its gradient points a little off the direction of
// the whole cost, and mini-batch gradient descent zigzags towards the minimum. Momentum damps the
// zigzag: it steps along a *velocity* $v$, an exponentially weighted average of the past gradients.
// Gradient components that keep their sign add up; components that flip sign cancel out. Think of a
// ball rolling downhill: the gradient is a force that accelerates it, $v$ its velocity.
//
// ### 4.1 · The velocity
//
// $v$ starts at zero, one array per gradient: `v["dW1"]` the shape of `parameters["W1"]`, and so on.
//
// **Exercise.** Implement `initializeVelocity`: for $l = 1, \dots, L$ set `v["dW" + l]` and
// `v["db" + l]` to `tsdl.zeros(shape)` with the shape of `parameters["W" + l]` and
// `parameters["b" + l]` (an array's shape is `A.shape`).

// %% {"id": "initializeVelocity", "tsdl": {"graded": true, "grade_id": "initializeVelocity", "points": 1}}
// GRADED FUNCTION: initializeVelocity

/**
 * The velocity of momentum, all zeros: v["dW1"], v["db1"], … shaped like W1, b1, ….
 * Example: `const v = initializeVelocity(parameters)`.
 */
function initializeVelocity(parameters: Parameters): State {
  const L = Math.floor(Object.keys(parameters).length / 2); // number of layers of the network
  const v: State = {};

  for (let l = 1; l <= L; l++) {
    // START CODE HERE (approx. 2 lines)
    v["dW" + l] = tsdl.zeros(parameters["W" + l].shape);
    v["db" + l] = tsdl.zeros(parameters["b" + l].shape);
    // END CODE HERE
  }
  return v;
}

// %% {"id": "velocity-test"}
{
  const parameters = initializeVelocityTestCase();
  const v = initializeVelocity(parameters);
  for (const k of ["dW1", "db1", "dW2", "db2"]) console.log(`v["${k}"] = ` + tsdl.str(v[k]));
}

// %% [markdown] {"id": "velocity-expected"}
// **Expected output**
//
// ```
// v["dW1"] = [[0. 0. 0.]
//  [0. 0. 0.]]
// v["db1"] = [[0.]
//  [0.]]
// v["dW2"] = [[0. 0. 0.]
//  [0. 0. 0.]
//  [0. 0. 0.]]
// v["db2"] = [[0.]
//  [0.]
//  [0.]]
// ```

// %% {"id": "initializeVelocity-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.initializeVelocity(initializeVelocity);

// %% [markdown] {"id": "momentum-update-md"}
// ### 4.2 · The update
//
// For $l = 1, \dots, L$:
//
// $$\begin{cases} v_{dW^{[l]}} = \beta v_{dW^{[l]}} + (1 - \beta) dW^{[l]} \\ W^{[l]} = W^{[l]} - \alpha v_{dW^{[l]}} \end{cases} \tag{3}$$
//
// $$\begin{cases} v_{db^{[l]}} = \beta v_{db^{[l]}} + (1 - \beta) db^{[l]} \\ b^{[l]} = b^{[l]} - \alpha v_{db^{[l]}} \end{cases} \tag{4}$$
//
// **Exercise.** Implement `updateParametersWithMomentum`: for each layer the two velocities first,
// then the two parameters. Write $\beta v + (1 - \beta)\, dW$ as
// `tsdl.add(tsdl.mul(beta, v[…]), tsdl.mul(1 - beta, grads[…]))`.

// %% {"id": "updateParametersWithMomentum", "tsdl": {"graded": true, "grade_id": "updateParametersWithMomentum", "points": 2}}
// GRADED FUNCTION: updateParametersWithMomentum

/**
 * One step of momentum.
 * parameters: W1, b1, …; grads: dW1, db1, …; v: the velocities; beta: β; learningRate: α.
 * Returns [parameters, v], both updated. Example: `[parameters, v] = updateParametersWithMomentum(parameters, grads, v, 0.9, 0.0007)`.
 */
function updateParametersWithMomentum(parameters: Parameters, grads: Grads, v: State, beta: number, learningRate: number): [Parameters, State] {
  const L = Math.floor(Object.keys(parameters).length / 2); // number of layers of the network

  for (let l = 1; l <= L; l++) {
    // START CODE HERE (approx. 4 lines)
    // the velocities
    v["dW" + l] = tsdl.add(tsdl.mul(beta, v["dW" + l]), tsdl.mul(1 - beta, grads["dW" + l]));
    v["db" + l] = tsdl.add(tsdl.mul(beta, v["db" + l]), tsdl.mul(1 - beta, grads["db" + l]));
    // the parameters
    parameters["W" + l] = tsdl.sub(parameters["W" + l], tsdl.mul(learningRate, v["dW" + l]));
    parameters["b" + l] = tsdl.sub(parameters["b" + l], tsdl.mul(learningRate, v["db" + l]));
    // END CODE HERE
  }
  return [parameters, v];
}

// %% {"id": "momentum-test"}
{
  let [parameters, grads, v] = updateParametersWithMomentumTestCase();
  [parameters, v] = updateParametersWithMomentum(parameters, grads, v, 0.9, 0.01);
  for (const k of ["W1", "b1", "W2", "b2"]) console.log(`${k} = ` + tsdl.str(parameters[k]));
  for (const k of ["dW1", "db1", "dW2", "db2"]) console.log(`v["${k}"] = ` + tsdl.str(v[k]));
}

// %% [markdown] {"id": "momentum-expected"}
// **Expected output**
//
// ```
// W1 = [[ 1.62544598 -0.61290114 -0.52907334]
//  [-1.07347112  0.86450677 -2.30085497]]
// b1 = [[ 1.74493465]
//  [-0.76027113]]
// W2 = [[ 0.31930698 -0.24990073  1.4627996 ]
//  [-2.05974396 -0.32173003 -0.38320915]
//  [ 1.13444069 -1.0998786  -0.1713109 ]]
// b2 = [[-0.87809283]
//  [ 0.04055394]
//  [ 0.58207317]]
// v["dW1"] = [[-0.11006192  0.11447237  0.09015907]
//  [ 0.05024943  0.09008559 -0.06837279]]
// v["db1"] = [[-0.01228902]
//  [-0.09357694]]
// v["dW2"] = [[-0.02678881  0.05303555 -0.06916608]
//  [-0.03967535 -0.06871727 -0.08452056]
//  [-0.06712461 -0.00126646 -0.11173103]]
// v["db2"] = [[0.02344157]
//  [0.16598022]
//  [0.07420442]]
// ```
//
// (The course's notebook prints the last line as `v["db2"] = v[[0.02344157]`: a typo in its print
// statement, the numbers are these.)
//
// **Notes.** The velocity starts at zero, so it takes a few steps to build up. With $\beta = 0$ this
// is plain gradient descent. The larger $\beta$, the smoother the update, as it averages over more
// past gradients ($\approx \frac{1}{1 - \beta}$ of them); too large a $\beta$ smooths too much.
// Values from 0.8 to 0.999 are common; $\beta = 0.9$ is a good default. $\beta$ is one more
// hyperparameter to tune.
//
// **What to remember.** Momentum takes the past gradients into account to smooth the steps of
// gradient descent; it works with batch GD, mini-batch GD and SGD alike.

// %% {"id": "updateParametersWithMomentum-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.updateParametersWithMomentum(updateParametersWithMomentum);

// %% [markdown] {"id": "rmsprop-md"}
// ## 5 · RMSprop
//
// This section is not in the course's lab; the lectures teach RMSprop ("root mean square
// propagation") right after momentum, and Adam combines the two. Where momentum averages the
// gradients, RMSprop averages their **squares**, elementwise, and divides each step by the square
// root of that average:
//
// $$\begin{cases} s_{dW^{[l]}} = \beta_2 s_{dW^{[l]}} + (1 - \beta_2) (dW^{[l]})^2 \\ W^{[l]} = W^{[l]} - \alpha \dfrac{dW^{[l]}}{\sqrt{s_{dW^{[l]}}} + \varepsilon} \end{cases} \tag{5}$$
//
// and the same for $b^{[l]}$ with $db^{[l]}$. A parameter whose gradient is large (or oscillates
// widely) gets a large $s$ and so a smaller step; one with a small, steady gradient gets a larger
// step. Each parameter gets a learning rate of its own. $\varepsilon = 10^{-8}$ only keeps the
// division away from zero. $s$ starts at zero, shaped like $v$, so `initializeVelocity` makes it.
//
// **Exercise.** Implement `updateParametersWithRmsprop`. The square $(dW)^2$ is `tsdl.square(dW)`,
// $\sqrt{s}$ is `tsdl.sqrt(s)`, and `tsdl.add(A, epsilon)` adds a number to every element. Write the
// step as `tsdl.div(tsdl.mul(learningRate, dW), tsdl.add(tsdl.sqrt(s), epsilon))`.

// %% {"id": "updateParametersWithRmsprop", "tsdl": {"graded": true, "grade_id": "updateParametersWithRmsprop", "points": 2}}
// GRADED FUNCTION: updateParametersWithRmsprop

/**
 * One step of RMSprop.
 * parameters: W1, b1, …; grads: dW1, db1, …; s: the averages of the squared gradients;
 * beta2: β₂; learningRate: α; epsilon: ε. Returns [parameters, s], both updated.
 * Example: `[parameters, s] = updateParametersWithRmsprop(parameters, grads, s, 0.999, 0.0007)`.
 */
function updateParametersWithRmsprop(parameters: Parameters, grads: Grads, s: State, beta2 = 0.999, learningRate = 0.01, epsilon = 1e-8): [Parameters, State] {
  const L = Math.floor(Object.keys(parameters).length / 2); // number of layers of the network

  for (let l = 1; l <= L; l++) {
    // START CODE HERE (approx. 4 lines)
    s["dW" + l] = tsdl.add(tsdl.mul(beta2, s["dW" + l]), tsdl.mul(1 - beta2, tsdl.square(grads["dW" + l])));
    s["db" + l] = tsdl.add(tsdl.mul(beta2, s["db" + l]), tsdl.mul(1 - beta2, tsdl.square(grads["db" + l])));
    parameters["W" + l] = tsdl.sub(parameters["W" + l], tsdl.div(tsdl.mul(learningRate, grads["dW" + l]), tsdl.add(tsdl.sqrt(s["dW" + l]), epsilon)));
    parameters["b" + l] = tsdl.sub(parameters["b" + l], tsdl.div(tsdl.mul(learningRate, grads["db" + l]), tsdl.add(tsdl.sqrt(s["db" + l]), epsilon)));
    // END CODE HERE
  }
  return [parameters, s];
}

// %% {"id": "rmsprop-test"}
{
  let [parameters, grads, s] = updateParametersWithRmspropTestCase();
  [parameters, s] = updateParametersWithRmsprop(parameters, grads, s, 0.999, 0.01);
  for (const k of ["W1", "b1", "W2", "b2"]) console.log(`${k} = ` + tsdl.str(parameters[k]));
  for (const k of ["dW1", "db1", "dW2", "db2"]) console.log(`s["${k}"] = ` + tsdl.str(s[k]));
}

// %% [markdown] {"id": "rmsprop-expected"}
// **Expected output** (from numpy, the same formula in Python on the same test case)
//
// ```
// W1 = [[ 1.94057304 -0.92798409 -0.84439941]
//  [-1.38919619  0.54917997 -1.98531108]]
// b1 = [[ 2.06103872]
//  [-0.44497924]]
// W2 = [[ 0.63526649 -0.56559795  1.77833556]
//  [-1.7439132  -0.00618958 -0.06782671]
//  [ 1.44999706 -0.7836714   0.14379947]]
// b2 = [[-1.19408576]
//  [-0.27401396]
//  [ 0.26658758]]
// s["dW1"] = [[0.00121136 0.00131039 0.00081287]
//  [0.0002525  0.00081154 0.00046748]]
// s["db1"] = [[1.51020075e-05]
//  [8.75664434e-04]]
// s["dW2"] = [[7.17640232e-05 2.81276921e-04 4.78394595e-04]
//  [1.57413361e-04 4.72206320e-04 7.14372576e-04]
//  [4.50571368e-04 1.60392066e-07 1.24838242e-03]]
// s["db2"] = [[5.49507194e-05]
//  [2.75494327e-03]
//  [5.50629536e-04]]
// ```
//
// Look at how far the parameters moved: every one by about $\alpha / \sqrt{1 - \beta_2} \approx 0.32$,
// some 32 times the learning rate. On the first step $s = (1 - \beta_2)\, dW^2$, so
// $dW / \sqrt{s} = \pm 1 / \sqrt{0.001} \approx \pm 31.6$ whatever the gradient: $s$ starts at zero
// and is far too small during the first steps. Adam's *bias correction* (next section) fixes exactly
// this.

// %% {"id": "updateParametersWithRmsprop-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.updateParametersWithRmsprop(updateParametersWithRmsprop);

// %% [markdown] {"id": "adam-md"}
// ## 6 · Adam
//
// Adam ("adaptive moment estimation") is one of the most effective optimizers for training neural
// networks. It combines momentum and RMSprop:
//
// 1. it keeps $v$, an exponentially weighted average of the past gradients (momentum), and $s$,
//    one of their squares (RMSprop);
// 2. it corrects both for their start at zero, dividing by $1 - \beta^t$ (*bias correction*);
// 3. it steps along $v^{corrected}$, divided by $\sqrt{s^{corrected}} + \varepsilon$.
//
// For $l = 1, \dots, L$:
//
// $$\begin{cases}
// v_{dW^{[l]}} = \beta_1 v_{dW^{[l]}} + (1 - \beta_1) dW^{[l]} \\
// v^{corrected}_{dW^{[l]}} = \dfrac{v_{dW^{[l]}}}{1 - (\beta_1)^t} \\
// s_{dW^{[l]}} = \beta_2 s_{dW^{[l]}} + (1 - \beta_2) (dW^{[l]})^2 \\
// s^{corrected}_{dW^{[l]}} = \dfrac{s_{dW^{[l]}}}{1 - (\beta_2)^t} \\
// W^{[l]} = W^{[l]} - \alpha \dfrac{v^{corrected}_{dW^{[l]}}}{\sqrt{s^{corrected}_{dW^{[l]}}} + \varepsilon}
// \end{cases} \tag{6}$$
//
// and the same for $b^{[l]}$, where $t$ counts the steps Adam has taken (from 1), $\beta_1$ and
// $\beta_2$ are the two decay rates and $\varepsilon$ is a very small number that avoids dividing
// by zero. Usual values: $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$.
//
// ### 6.1 · Initialization
//
// **Exercise.** Implement `initializeAdam`: `v` and `s`, both all zeros, one array per gradient
// (`"dW1"`, `"db1"`, …), shaped like the parameters.

// %% {"id": "initializeAdam", "tsdl": {"graded": true, "grade_id": "initializeAdam", "points": 1}}
// GRADED FUNCTION: initializeAdam

/**
 * Adam's v and s, all zeros: v["dW1"], v["db1"], …, s["dW1"], … shaped like W1, b1, ….
 * Example: `const [v, s] = initializeAdam(parameters)`.
 */
function initializeAdam(parameters: Parameters): [State, State] {
  const L = Math.floor(Object.keys(parameters).length / 2); // number of layers of the network
  const v: State = {};
  const s: State = {};

  for (let l = 1; l <= L; l++) {
    // START CODE HERE (approx. 4 lines)
    v["dW" + l] = tsdl.zeros(parameters["W" + l].shape);
    v["db" + l] = tsdl.zeros(parameters["b" + l].shape);
    s["dW" + l] = tsdl.zeros(parameters["W" + l].shape);
    s["db" + l] = tsdl.zeros(parameters["b" + l].shape);
    // END CODE HERE
  }
  return [v, s];
}

// %% {"id": "init-adam-test"}
{
  const parameters = initializeAdamTestCase();
  const [v, s] = initializeAdam(parameters);
  for (const k of ["dW1", "db1", "dW2", "db2"]) console.log(`v["${k}"] = ` + tsdl.str(v[k]));
  for (const k of ["dW1", "db1", "dW2", "db2"]) console.log(`s["${k}"] = ` + tsdl.str(s[k]));
}

// %% [markdown] {"id": "init-adam-expected"}
// **Expected output**
//
// ```
// v["dW1"] = [[0. 0. 0.]
//  [0. 0. 0.]]
// v["db1"] = [[0.]
//  [0.]]
// v["dW2"] = [[0. 0. 0.]
//  [0. 0. 0.]
//  [0. 0. 0.]]
// v["db2"] = [[0.]
//  [0.]
//  [0.]]
// s["dW1"] = [[0. 0. 0.]
//  [0. 0. 0.]]
// s["db1"] = [[0.]
//  [0.]]
// s["dW2"] = [[0. 0. 0.]
//  [0. 0. 0.]
//  [0. 0. 0.]]
// s["db2"] = [[0.]
//  [0.]
//  [0.]]
// ```

// %% {"id": "initializeAdam-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.initializeAdam(initializeAdam);

// %% [markdown] {"id": "adam-update-md"}
// ### 6.2 · The update
//
// **Exercise.** Implement `updateParametersWithAdam`, i.e. (6) for $W^{[l]}$ and $b^{[l]}$. The
// function also returns $v^{corrected}$ and $s^{corrected}$, as the course's later version does.
//
// - $(\beta_1)^t$ is `tsdl.nn.power(beta1, t)`, numpy's `np.power(beta1, t)`. (JavaScript's
//   `beta1 ** t` would do, but its last bit differs from numpy's — the C library's `pow` — for
//   about one $t$ in ten.)
// - Divide an array by a number with `tsdl.div(A, x)`.
// - **$\varepsilon$ goes outside the square root**: $\sqrt{s^{corrected}} + \varepsilon$, as in (6),
//   written `tsdl.add(tsdl.sqrt(sCorrected[…]), epsilon)`.

// %% {"id": "updateParametersWithAdam", "tsdl": {"graded": true, "grade_id": "updateParametersWithAdam", "points": 3}}
// GRADED FUNCTION: updateParametersWithAdam

/**
 * One step of Adam.
 * parameters: W1, b1, …; grads: dW1, db1, …; v, s: the moving averages of the gradients and of
 * their squares; t: the number of Adam steps so far, this one included (t ≥ 1); learningRate: α;
 * beta1, beta2: the decay rates; epsilon: ε.
 * Returns [parameters, v, s, vCorrected, sCorrected].
 * Example: `t = t + 1; [parameters, v, s] = updateParametersWithAdam(parameters, grads, v, s, t, 0.0007)`.
 */
function updateParametersWithAdam(parameters: Parameters, grads: Grads, v: State, s: State, t: number,
  learningRate = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8): [Parameters, State, State, State, State] {
  const L = Math.floor(Object.keys(parameters).length / 2); // number of layers of the network
  const vCorrected: State = {}; // first moment estimate, bias-corrected
  const sCorrected: State = {}; // second moment estimate, bias-corrected

  for (let l = 1; l <= L; l++) {
    for (const p of ["W", "b"]) {
      const d = "d" + p + l; // "dW1", "db1", …
      // START CODE HERE (approx. 5 lines)
      v[d] = tsdl.add(tsdl.mul(beta1, v[d]), tsdl.mul(1 - beta1, grads[d]));
      vCorrected[d] = tsdl.div(v[d], 1 - tsdl.nn.power(beta1, t));
      s[d] = tsdl.add(tsdl.mul(beta2, s[d]), tsdl.mul(1 - beta2, tsdl.square(grads[d])));
      sCorrected[d] = tsdl.div(s[d], 1 - tsdl.nn.power(beta2, t));
      parameters[p + l] = tsdl.sub(parameters[p + l], tsdl.div(tsdl.mul(learningRate, vCorrected[d]), tsdl.add(tsdl.sqrt(sCorrected[d]), epsilon)));
      // END CODE HERE
    }
  }
  return [parameters, v, s, vCorrected, sCorrected];
}

// %% {"id": "adam-test"}
{
  let [parameters, grads, v, s] = updateParametersWithAdamTestCase();
  [parameters, v, s] = updateParametersWithAdam(parameters, grads, v, s, 2);
  for (const k of ["W1", "b1", "W2", "b2"]) console.log(`${k} = ` + tsdl.str(parameters[k]));
  for (const k of ["dW1", "db1", "dW2", "db2"]) console.log(`v["${k}"] = ` + tsdl.str(v[k]));
  for (const k of ["dW1", "db1", "dW2", "db2"]) console.log(`s["${k}"] = ` + tsdl.str(s[k]));
}

// %% [markdown] {"id": "adam-expected"}
// **Expected output**
//
// ```
// W1 = [[ 1.63178673 -0.61919778 -0.53561312]
//  [-1.08040999  0.85796626 -2.29409733]]
// b1 = [[ 1.75225313]
//  [-0.75376553]]
// W2 = [[ 0.32648046 -0.25681174  1.46954931]
//  [-2.05269934 -0.31497584 -0.37661299]
//  [ 1.14121081 -1.09244991 -0.16498684]]
// b2 = [[-0.88529979]
//  [ 0.03477238]
//  [ 0.57537385]]
// v["dW1"] = [[-0.11006192  0.11447237  0.09015907]
//  [ 0.05024943  0.09008559 -0.06837279]]
// v["db1"] = [[-0.01228902]
//  [-0.09357694]]
// v["dW2"] = [[-0.02678881  0.05303555 -0.06916608]
//  [-0.03967535 -0.06871727 -0.08452056]
//  [-0.06712461 -0.00126646 -0.11173103]]
// v["db2"] = [[0.02344157]
//  [0.16598022]
//  [0.07420442]]
// s["dW1"] = [[0.00121136 0.00131039 0.00081287]
//  [0.0002525  0.00081154 0.00046748]]
// s["db1"] = [[1.51020075e-05]
//  [8.75664434e-04]]
// s["dW2"] = [[7.17640232e-05 2.81276921e-04 4.78394595e-04]
//  [1.57413361e-04 4.72206320e-04 7.14372576e-04]
//  [4.50571368e-04 1.60392066e-07 1.24838242e-03]]
// s["db2"] = [[5.49507194e-05]
//  [2.75494327e-03]
//  [5.50629536e-04]]
// ```
//
// **About two digits.** The course's notebook shows, in its own "Expected Output" table,
// `W2[2][1] = -1.09245036` (here `-1.09244991`) and `b2[0] = -0.88529978` (here `-0.88529979`);
// every other digit is the same. Those two numbers come from
// $v^{corrected} / \sqrt{s^{corrected} + \varepsilon}$, with $\varepsilon$ **inside** the square
// root. With $\varepsilon = 10^{-8}$ that matters only where $s^{corrected}$ is tiny, as for
// `dW2[2][1]` ($s = 1.6 \cdot 10^{-7}$). The formula (6) above and Adam's paper put $\varepsilon$
// outside, and so does the course's own code when run: the values printed here are that code's.
//
// You now have three optimizers — momentum, RMSprop, Adam — and mini-batches. Time to compare them.

// %% {"id": "updateParametersWithAdam-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.updateParametersWithAdam(updateParametersWithAdam);

// %% [markdown] {"id": "data-md"}
// ## 7 · Model with different optimization algorithms
//
// The "moons" data set: 300 points in the plane, two interleaving half circles, the upper one
// class 0 (red), the lower one class 1 (blue). `loadDataset()` does what the course's does:
// `seed(3)`, then scikit-learn's `make_moons(n_samples=300, noise=.2)` (ported to `tsdl.data` bit
// for bit), examples as columns.

// %% {"id": "data"}
const [trainX, trainY] = loadDataset();
const shape = (a: Mat) => `(${a.shape.join(", ")})`;
console.log(`trainX: ${shape(trainX)}, trainY: ${shape(trainY)}`);
console.log("first example:", tsdl.formatFloat(trainX.get(0, 0)), tsdl.formatFloat(trainX.get(1, 0)));
tsdl.print("first ten labels:", tsdl.format(tsdl.sliceColumns(trainY, 0, 10), { dtype: "int" }));
plotDataset(trainX, trainY, { title: "Training set (300 points)" });

// %% [markdown] {"id": "data-expected"}
// **Expected output** (numpy: `train_X[:, 0]`, `train_Y[0, :10]`)
//
// ```
// trainX: (2, 300), trainY: (1, 300)
// first example: -0.21687013460912397 1.0154493742029873
// first ten labels: [[0 1 1 1 0 0 1 1 0 1]]
// ```

// %% [markdown] {"id": "model-md"}
// The model is the course's 3-layer network, `layersDims = [2, 5, 2, 1]`, trained with mini-batches
// of 64 and the optimizer you name: `"gd"` (mini-batch gradient descent), `"momentum"`, `"rmsprop"`
// or `"adam"`. It is given; read how it uses your functions.
//
// - **Mini-batches.** Every epoch draws new mini-batches with `randomMiniBatches(X, Y, 64, seed)`.
//   A quirk of the course, kept on purpose: `seed` starts at 10 and is incremented **before** each
//   epoch, so epoch 0 uses seed 11 and epoch $i$ seed $11 + i$. With $m = 300$ an epoch has
//   mini-batches of 64, 64, 64, 64 and 44 examples.
// - **The cost.** `computeCost` returns the sum of the losses of a mini-batch; the model adds the
//   sums of an epoch and divides by $m$ once: `costAvg` is the mean loss over the epoch.
// - **Adam's $t$** counts the mini-batch steps over all epochs, incremented before each update.
// - **Learning-rate decay** (options `decay` and `decayRate`, used in section 8): after each epoch
//   $i$ the rate becomes `decay(learningRate0, i, decayRate)`, so it applies from epoch $i + 1$ on.
//
// It prints the cost every 1000 epochs (with `%f`, 6 decimals, as the course does) and keeps it
// every 100 for the plot; a progress line, updated in place, shows how far training is. It returns
// the learned parameters and the kept costs.

// %% {"id": "model"}
type Optimizer = "gd" | "momentum" | "rmsprop" | "adam";
type Decay = (learningRate0: number, epochNum: number, decayRate: number) => number;

interface ModelOptions {
  learningRate?: number;
  miniBatchSize?: number;
  beta?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  numEpochs?: number;
  printCost?: boolean;
  decay?: Decay | null;
  decayRate?: number;
}

/**
 * A 3-layer network trained with mini-batches and the optimizer `optimizer`.
 * X: input data (2, m); Y: labels 0/1 (1, m); layersDims: the size of each layer.
 * Returns the learned parameters and the costs kept every 100 epochs.
 */
function model(X: Mat, Y: Mat, layersDims: number[], optimizer: Optimizer, {
  learningRate = 0.0007, miniBatchSize = 64, beta = 0.9, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8,
  numEpochs = 10000, printCost = true, decay = null, decayRate = 1,
}: ModelOptions = {}): { parameters: Parameters; costs: number[] } {
  const costs: number[] = []; // to keep track of the cost
  let t = 0; // the counter Adam's update needs
  let seed = 10; // for grading purposes, so that your "random" mini-batches are the same as ours
  const m = X.shape[1]; // number of training examples
  const learningRate0 = learningRate; // the original learning rate

  // Initialize parameters
  let parameters = initializeParameters(layersDims);

  // Initialize the optimizer
  let v: State = {}, s: State = {};
  if (optimizer === "momentum") v = initializeVelocity(parameters);
  else if (optimizer === "rmsprop") s = initializeVelocity(parameters); // s has v's shapes
  else if (optimizer === "adam") [v, s] = initializeAdam(parameters);

  const progress = tsdl.progress({ total: numEpochs, label: `training (${optimizer})` }); // not in the course
  // Optimization loop
  for (let i = 0; i < numEpochs; i++) {
    // Define the random mini-batches: the seed is incremented so that each epoch shuffles differently
    seed = seed + 1;
    const minibatches = randomMiniBatches(X, Y, miniBatchSize, seed);
    let costTotal = 0;

    for (const [minibatchX, minibatchY] of minibatches) {
      // Forward propagation
      const [a3, caches] = forwardPropagation(minibatchX, parameters);
      // Compute cost and add to the cost total
      costTotal += computeCost(a3, minibatchY);
      // Backward propagation
      const grads = backwardPropagation(minibatchX, minibatchY, caches);
      // Update parameters
      if (optimizer === "gd") parameters = updateParametersWithGd(parameters, grads, learningRate);
      else if (optimizer === "momentum") [parameters, v] = updateParametersWithMomentum(parameters, grads, v, beta, learningRate);
      else if (optimizer === "rmsprop") [parameters, s] = updateParametersWithRmsprop(parameters, grads, s, beta2, learningRate, epsilon);
      else if (optimizer === "adam") {
        t = t + 1; // Adam counter
        [parameters, v, s] = updateParametersWithAdam(parameters, grads, v, s, t, learningRate, beta1, beta2, epsilon);
      }
    }
    const costAvg = costTotal / m;
    if (decay) learningRate = decay(learningRate0, i, decayRate);

    // Print the cost every 1000 epochs, keep it every 100
    if (printCost && i % 1000 === 0) {
      console.log(`Cost after epoch ${i}: ${tsdl.formatFixed(costAvg, 6)}`);
      if (decay) console.log(`learning rate after epoch ${i}: ${tsdl.formatFixed(learningRate, 6)}`);
    }
    if (printCost && i % 100 === 0) costs.push(costAvg);
    progress.update(i, { cost: costAvg });
  }
  progress.done();

  // plot the cost
  if (printCost) plotCosts(costs, learningRate);
  return { parameters, costs };
}

const layersDims = [trainX.shape[0], 5, 2, 1];

// %% [markdown] {"id": "gd-run-md"}
// ### 7.1 · Mini-batch gradient descent
//
// Run the model with mini-batch gradient descent, 10,000 epochs with learning rate 0.0007.

// %% {"id": "gd-train"}
const gd = model(trainX, trainY, layersDims, "gd");

// %% [markdown] {"id": "gd-train-expected"}
// **Expected output**
//
// ```
// Cost after epoch 0: 0.702405
// Cost after epoch 1000: 0.668101
// Cost after epoch 2000: 0.635288
// Cost after epoch 3000: 0.600491
// Cost after epoch 4000: 0.573367
// Cost after epoch 5000: 0.551977
// Cost after epoch 6000: 0.532370
// Cost after epoch 7000: 0.514007
// Cost after epoch 8000: 0.496472
// Cost after epoch 9000: 0.468014
// ```
//
// Every cost printed in this notebook is numpy's to all six decimals. Behind them, the costs of
// `tsdl` and of numpy differ by at most about $10^{-15}$ (relative) over whole training runs:
// matrix products round their sums in a slightly different order, and none of these runs is
// sensitive enough to amplify that.

// %% {"id": "gd-predict"}
const predictionsGd = predict(trainX, trainY, gd.parameters);
plotDecisionBoundary((x) => predictDec(gd.parameters, x), trainX, trainY, {
  title: "Model with Gradient Descent optimization",
});

// %% [markdown] {"id": "gd-predict-expected"}
// **Expected output**
//
// ```
// Accuracy: 0.7966666666666666
// ```

// %% [markdown] {"id": "momentum-run-md"}
// ### 7.2 · Mini-batch gradient descent with momentum
//
// The same with momentum, $\beta = 0.9$. On this small data set the gain is small, as the
// course notes; on larger problems it is larger.

// %% {"id": "momentum-train"}
const momentum = model(trainX, trainY, layersDims, "momentum", { beta: 0.9 });

// %% [markdown] {"id": "momentum-train-expected"}
// **Expected output**
//
// ```
// Cost after epoch 0: 0.702413
// Cost after epoch 1000: 0.668167
// Cost after epoch 2000: 0.635388
// Cost after epoch 3000: 0.600591
// Cost after epoch 4000: 0.573444
// Cost after epoch 5000: 0.552058
// Cost after epoch 6000: 0.532458
// Cost after epoch 7000: 0.514101
// Cost after epoch 8000: 0.496652
// Cost after epoch 9000: 0.468160
// ```

// %% {"id": "momentum-predict"}
const predictionsMomentum = predict(trainX, trainY, momentum.parameters);
plotDecisionBoundary((x) => predictDec(momentum.parameters, x), trainX, trainY, {
  title: "Model with Momentum optimization",
});

// %% [markdown] {"id": "momentum-predict-expected"}
// **Expected output**
//
// ```
// Accuracy: 0.7966666666666666
// ```

// %% [markdown] {"id": "rmsprop-run-md"}
// ### 7.3 · Mini-batch gradient descent with RMSprop
//
// Not in the course's lab: RMSprop with $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$ and the same
// learning rate 0.0007.

// %% {"id": "rmsprop-train"}
const rmsprop = model(trainX, trainY, layersDims, "rmsprop", { beta2: 0.999 });

// %% [markdown] {"id": "rmsprop-train-expected"}
// **Expected output** (numpy, the same model in Python)
//
// ```
// Cost after epoch 0: 0.697438
// Cost after epoch 1000: 0.152880
// Cost after epoch 2000: 0.140508
// Cost after epoch 3000: 0.138209
// Cost after epoch 4000: 0.136071
// Cost after epoch 5000: 0.134188
// Cost after epoch 6000: 0.131132
// Cost after epoch 7000: 0.130647
// Cost after epoch 8000: 0.130030
// Cost after epoch 9000: 0.129288
// ```

// %% {"id": "rmsprop-predict"}
const predictionsRmsprop = predict(trainX, trainY, rmsprop.parameters);
plotDecisionBoundary((x) => predictDec(rmsprop.parameters, x), trainX, trainY, {
  title: "Model with RMSprop optimization",
});

// %% [markdown] {"id": "rmsprop-predict-expected"}
// **Expected output**
//
// ```
// Accuracy: 0.94
// ```
//
// Dividing each step by the size of recent gradients makes all the difference here: after 1000
// epochs the cost is already below 0.16, where gradient descent and momentum are still near 0.67.

// %% [markdown] {"id": "adam-run-md"}
// ### 7.4 · Mini-batch with Adam

// %% {"id": "adam-train"}
const adam = model(trainX, trainY, layersDims, "adam");

// %% [markdown] {"id": "adam-train-expected"}
// **Expected output**
//
// ```
// Cost after epoch 0: 0.702166
// Cost after epoch 1000: 0.167845
// Cost after epoch 2000: 0.141316
// Cost after epoch 3000: 0.138788
// Cost after epoch 4000: 0.136066
// Cost after epoch 5000: 0.134240
// Cost after epoch 6000: 0.131127
// Cost after epoch 7000: 0.130216
// Cost after epoch 8000: 0.129623
// Cost after epoch 9000: 0.129118
// ```

// %% {"id": "adam-predict"}
const predictionsAdam = predict(trainX, trainY, adam.parameters);
plotDecisionBoundary((x) => predictDec(adam.parameters, x), trainX, trainY, {
  title: "Model with Adam optimization",
});

// %% [markdown] {"id": "adam-predict-expected"}
// **Expected output**
//
// ```
// Accuracy: 0.94
// ```

// %% [markdown] {"id": "summary-md"}
// ### 7.5 · Summary
//
// | optimization method | accuracy | cost shape |
// |---|---|---|
// | gradient descent | 79.7 % | oscillations |
// | momentum | 79.7 % | oscillations |
// | RMSprop | 94 % | smoother |
// | Adam | 94 % | smoother |
//
// Momentum usually helps, but with this small learning rate and this simple data set its effect is
// negligible. The large oscillations of the costs (see the plots) come from the mini-batches: some
// are harder for the optimizer than others.
//
// RMSprop and Adam clearly beat gradient descent and momentum: they reach a low cost and a good
// boundary much faster. Run long enough, all four would end up with good results, but Adam and
// RMSprop converge a lot faster. Adam's further advantages: it needs relatively little memory
// (two arrays per parameter), and it usually works well even with little tuning of its
// hyperparameters (except $\alpha$).

// %% [markdown] {"id": "decay-md"}
// ## 8 · Learning-rate decay and scheduling
//
// Late in training, a learning rate that was right at the start makes the parameters jump around
// the minimum instead of settling in it. Lowering $\alpha$ as training goes on — *learning-rate
// decay* — lets the first epochs take large steps and the last ones small steps.
//
// ### 8.1 · Decay after every epoch
//
// $$\alpha = \frac{1}{1 + \text{decayRate} \times \text{epochNumber}} \, \alpha_0 \tag{7}$$
//
// **Exercise.** Implement `updateLr`, formula (7): the learning rate for epoch `epochNum` from the
// initial rate `learningRate0`. Write it as `learningRate0 / (1 + decayRate * epochNum)`.

// %% {"id": "updateLr", "tsdl": {"graded": true, "grade_id": "updateLr", "points": 1}}
// GRADED FUNCTION: updateLr

/**
 * The decayed learning rate, formula (7).
 * learningRate0: the initial learning rate; epochNum: the epoch; decayRate: the decay rate.
 * Example: `updateLr(0.5, 2, 1)` → 0.16666666666666666.
 */
function updateLr(learningRate0: number, epochNum: number, decayRate: number): number {
  // START CODE HERE (approx. 1 line)
  const learningRate = learningRate0 / (1 + decayRate * epochNum);
  // END CODE HERE
  return learningRate;
}

// %% {"id": "update-lr-test"}
{
  const learningRate = 0.5;
  console.log("Original learning rate: ", tsdl.formatFloat(learningRate));
  const epochNum = 2;
  const decayRate = 1;
  const learningRate2 = updateLr(learningRate, epochNum, decayRate);
  console.log("Updated learning rate: ", tsdl.formatFloat(learningRate2));
}

// %% [markdown] {"id": "update-lr-expected"}
// **Expected output**
//
// ```
// Original learning rate:  0.5
// Updated learning rate:  0.16666666666666666
// ```
//
// Now gradient descent with learning rate 0.1, decayed by `updateLr` after every epoch, for 5000
// epochs.

// %% {"id": "updateLr-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.updateLr(updateLr);

// %% {"id": "gd-update-lr-train"}
const gdUpdateLr = model(trainX, trainY, layersDims, "gd", {
  learningRate: 0.1, numEpochs: 5000, decay: updateLr,
});

// %% [markdown] {"id": "gd-update-lr-train-expected"}
// **Expected output**
//
// ```
// Cost after epoch 0: 0.701091
// learning rate after epoch 0: 0.100000
// Cost after epoch 1000: 0.661884
// learning rate after epoch 1000: 0.000100
// Cost after epoch 2000: 0.658620
// learning rate after epoch 2000: 0.000050
// Cost after epoch 3000: 0.656765
// learning rate after epoch 3000: 0.000033
// Cost after epoch 4000: 0.655486
// learning rate after epoch 4000: 0.000025
// ```
//
// (The rate printed after epoch 0 is still 0.1: `updateLr(0.1, 0, 1)` is 0.1. From epoch 1 on it is
// $0.1 / (1 + i)$.)

// %% {"id": "gd-update-lr-predict"}
const predictionsGdUpdateLr = predict(trainX, trainY, gdUpdateLr.parameters);
plotDecisionBoundary((x) => predictDec(gdUpdateLr.parameters, x), trainX, trainY, {
  title: "Gradient Descent with learning rate decay (every epoch)",
});

// %% [markdown] {"id": "gd-update-lr-predict-expected"}
// **Expected output**
//
// ```
// Accuracy: 0.6533333333333333
// ```
//
// Worse than without decay: formula (7) applied after *every* epoch divides the rate by 100 within
// 100 epochs, by 1000 within 1000, and the model almost stops learning long before it is good.

// %% [markdown] {"id": "schedule-md"}
// ### 8.2 · Fixed interval scheduling
//
// A gentler way: lower the rate only every `timeInterval` epochs,
//
// $$\alpha = \frac{1}{1 + \text{decayRate} \times \left\lfloor \frac{\text{epochNum}}{\text{timeInterval}} \right\rfloor} \, \alpha_0 \tag{8}$$
//
// so that it stays constant for `timeInterval` epochs at a time.
//
// **Exercise.** Implement `scheduleLrDecay`, formula (8); $\lfloor x \rfloor$ is `Math.floor(x)`.

// %% {"id": "scheduleLrDecay", "tsdl": {"graded": true, "grade_id": "scheduleLrDecay", "points": 1}}
// GRADED FUNCTION: scheduleLrDecay

/**
 * The learning rate with scheduled decay, formula (8): lowered every `timeInterval` epochs.
 * learningRate0: the initial learning rate; epochNum: the epoch; decayRate: the decay rate;
 * timeInterval: epochs between two decreases. Example: `scheduleLrDecay(0.5, 100, 0.3, 100)` → 0.3846153846153846.
 */
function scheduleLrDecay(learningRate0: number, epochNum: number, decayRate: number, timeInterval = 1000): number {
  // START CODE HERE (approx. 1 line)
  const learningRate = learningRate0 / (1 + decayRate * Math.floor(epochNum / timeInterval));
  // END CODE HERE
  return learningRate;
}

// %% {"id": "schedule-test"}
{
  const learningRate = 0.5;
  console.log("Original learning rate: ", tsdl.formatFloat(learningRate));
  const epochNum1 = 10;
  const epochNum2 = 100;
  const decayRate = 0.3;
  const timeInterval = 100;
  const learningRate1 = scheduleLrDecay(learningRate, epochNum1, decayRate, timeInterval);
  const learningRate2 = scheduleLrDecay(learningRate, epochNum2, decayRate, timeInterval);
  console.log(`Updated learning rate after ${epochNum1} epochs: `, tsdl.formatFloat(learningRate1));
  console.log(`Updated learning rate after ${epochNum2} epochs: `, tsdl.formatFloat(learningRate2));
}

// %% [markdown] {"id": "schedule-expected"}
// **Expected output**
//
// ```
// Original learning rate:  0.5
// Updated learning rate after 10 epochs:  0.5
// Updated learning rate after 100 epochs:  0.3846153846153846
// ```

// %% {"id": "scheduleLrDecay-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.scheduleLrDecay(scheduleLrDecay);

// %% [markdown] {"id": "schedule-runs-md"}
// ### 8.3 · Training with scheduled decay
//
// The same three optimizers with `scheduleLrDecay` (its default `timeInterval` of 1000 epochs and
// `decayRate` 1), 5000 epochs: the rate is $\alpha_0$ for epochs 0–999, $\alpha_0/2$ for epochs
// 1000–1999, $\alpha_0/3$ next, and so on. Gradient descent and momentum start from 0.1, Adam from
// 0.01.
//
// **Gradient descent with scheduled decay**

// %% {"id": "gd-schedule-train"}
const gdSchedule = model(trainX, trainY, layersDims, "gd", {
  learningRate: 0.1, numEpochs: 5000, decay: scheduleLrDecay,
});

// %% [markdown] {"id": "gd-schedule-train-expected"}
// **Expected output**
//
// ```
// Cost after epoch 0: 0.701091
// learning rate after epoch 0: 0.100000
// Cost after epoch 1000: 0.127161
// learning rate after epoch 1000: 0.050000
// Cost after epoch 2000: 0.120304
// learning rate after epoch 2000: 0.033333
// Cost after epoch 3000: 0.117033
// learning rate after epoch 3000: 0.025000
// Cost after epoch 4000: 0.117512
// learning rate after epoch 4000: 0.020000
// ```

// %% {"id": "gd-schedule-predict"}
const predictionsGdSchedule = predict(trainX, trainY, gdSchedule.parameters);
plotDecisionBoundary((x) => predictDec(gdSchedule.parameters, x), trainX, trainY, {
  title: "Gradient Descent with scheduled learning rate decay",
});

// %% [markdown] {"id": "gd-schedule-predict-expected"}
// **Expected output**
//
// ```
// Accuracy: 0.9433333333333334
// ```
//
// **Momentum with scheduled decay**

// %% {"id": "momentum-schedule-train"}
const momentumSchedule = model(trainX, trainY, layersDims, "momentum", {
  learningRate: 0.1, numEpochs: 5000, decay: scheduleLrDecay,
});

// %% [markdown] {"id": "momentum-schedule-train-expected"}
// **Expected output**
//
// ```
// Cost after epoch 0: 0.702226
// learning rate after epoch 0: 0.100000
// Cost after epoch 1000: 0.128974
// learning rate after epoch 1000: 0.050000
// Cost after epoch 2000: 0.125965
// learning rate after epoch 2000: 0.033333
// Cost after epoch 3000: 0.123375
// learning rate after epoch 3000: 0.025000
// Cost after epoch 4000: 0.123218
// learning rate after epoch 4000: 0.020000
// ```

// %% {"id": "momentum-schedule-predict"}
const predictionsMomentumSchedule = predict(trainX, trainY, momentumSchedule.parameters);
plotDecisionBoundary((x) => predictDec(momentumSchedule.parameters, x), trainX, trainY, {
  title: "Momentum with scheduled learning rate decay",
});

// %% [markdown] {"id": "momentum-schedule-predict-expected"}
// **Expected output**
//
// ```
// Accuracy: 0.9533333333333334
// ```
//
// **Adam with scheduled decay**

// %% {"id": "adam-schedule-train"}
const adamSchedule = model(trainX, trainY, layersDims, "adam", {
  learningRate: 0.01, numEpochs: 5000, decay: scheduleLrDecay,
});

// %% [markdown] {"id": "adam-schedule-train-expected"}
// **Expected output**
//
// ```
// Cost after epoch 0: 0.699346
// learning rate after epoch 0: 0.010000
// Cost after epoch 1000: 0.130074
// learning rate after epoch 1000: 0.005000
// Cost after epoch 2000: 0.129826
// learning rate after epoch 2000: 0.003333
// Cost after epoch 3000: 0.129282
// learning rate after epoch 3000: 0.002500
// Cost after epoch 4000: 0.128361
// learning rate after epoch 4000: 0.002000
// ```

// %% {"id": "adam-schedule-predict"}
const predictionsAdamSchedule = predict(trainX, trainY, adamSchedule.parameters);
plotDecisionBoundary((x) => predictDec(adamSchedule.parameters, x), trainX, trainY, {
  title: "Adam with scheduled learning rate decay",
});

// %% [markdown] {"id": "adam-schedule-predict-expected"}
// **Expected output**
//
// ```
// Accuracy: 0.94
// ```
//
// With a larger starting rate that is lowered on a schedule, even plain gradient descent reaches
// 94 % within 5000 epochs, and momentum does a little better still.

// %% [markdown] {"id": "results-md"}
// ## 9 · Results
//
// All eight runs side by side: the accuracies (from the predictions above) and, in one chart, the
// cost curves (one point every 100 epochs; hover to read values, click a legend entry to hide a
// curve).

// %% {"id": "results"}
{
  const rows: [string, Mat][] = [
    ["gradient descent", predictionsGd],
    ["momentum", predictionsMomentum],
    ["RMSprop", predictionsRmsprop],
    ["Adam", predictionsAdam],
    ["gradient descent, decay every epoch", predictionsGdUpdateLr],
    ["gradient descent, scheduled decay", predictionsGdSchedule],
    ["momentum, scheduled decay", predictionsMomentumSchedule],
    ["Adam, scheduled decay", predictionsAdamSchedule],
  ];
  console.log("optimization method".padEnd(38) + "accuracy".padStart(10));
  for (const [name, p] of rows) {
    const accuracy = `${(100 * tsdl.nn.accuracy(p, trainY)).toFixed(1)} %`;
    console.log(name.padEnd(38) + accuracy.padStart(10));
  }
  plotCostComparison([
    { name: "gd", costs: gd.costs },
    { name: "momentum", costs: momentum.costs },
    { name: "RMSprop", costs: rmsprop.costs },
    { name: "Adam", costs: adam.costs },
    { name: "gd, decay every epoch (lr 0.1)", costs: gdUpdateLr.costs },
    { name: "gd, scheduled decay (lr 0.1)", costs: gdSchedule.costs },
    { name: "momentum, scheduled decay (lr 0.1)", costs: momentumSchedule.costs },
    { name: "Adam, scheduled decay (lr 0.01)", costs: adamSchedule.costs },
  ], { title: "Cost of every run (one point every 100 epochs)" });
}

// %% [markdown] {"id": "results-expected"}
// **Expected output**
//
// ```
// optimization method                     accuracy
// gradient descent                          79.7 %
// momentum                                  79.7 %
// RMSprop                                   94.0 %
// Adam                                      94.0 %
// gradient descent, decay every epoch       65.3 %
// gradient descent, scheduled decay         94.3 %
// momentum, scheduled decay                 95.3 %
// Adam, scheduled decay                     94.0 %
// ```

// %% [markdown] {"id": "remember"}
// ## What to remember
//
// - **Mini-batches**: shuffle the examples (columns) with one permutation, then cut them into
//   mini-batches; the last one holds what is left. A step per mini-batch makes progress long before
//   a pass over all the data is done.
// - **Momentum** steps along an exponentially weighted average of the gradients ($\beta = 0.9$ is a
//   good default), which damps the oscillations of mini-batch gradient descent.
// - **RMSprop** divides each step by the root of an average of the squared gradients: every
//   parameter gets a step size of its own.
// - **Adam** combines the two, corrects both averages for their start at zero
//   ($1 - \beta^t$), and puts $\varepsilon$ outside the square root. With its usual
//   hyperparameters ($\beta_1 = 0.9$, $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$) it often works well
//   out of the box; here it reached 94 % in the time gradient descent got to 80 %.
// - **Learning-rate decay** lowers $\alpha$ as training goes on. Decaying after every epoch with
//   formula (7) can kill learning; decaying on a fixed schedule (8) let even gradient descent start
//   fast and still settle.
// - The course's quirks kept here: `randomMiniBatches` re-seeds with the seed it gets, and the model
//   increments its seed (from 10) before each epoch, so the "random" mini-batches are the same in
//   every run.
