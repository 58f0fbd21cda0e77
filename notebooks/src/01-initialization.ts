// %% notebook {"tsdl": {"timeout": 120}}
// %% [markdown] {"id": "title"}
// # 1 · Initialization
//
// **Goal.** Before gradient descent takes its first step, every weight needs a starting value, and
// that choice matters more than it looks. In this lab you train the same 3-layer network three
// times, changing only how its weights start:
//
// - **zeros** — every weight and bias 0;
// - **large random** — Gaussian weights scaled by 10;
// - **He** — Gaussian weights scaled by $\sqrt{2/n^{[l-1]}}$ (He et al., 2015).
//
// and compare how fast the cost falls and where the decision boundary ends up. A good
// initialization speeds up gradient descent and makes it more likely to reach a low training
// (and test) error.
//
// This is the TypeScript version of the course's *Initialization* lab (Week 1 of *Improving Deep
// Neural Networks*). Random numbers come from `tsdl.random`, a bit-for-bit copy of numpy's
// `np.random`, so the numbers printed below can be compared with the course's, digit for digit.

// %% [markdown] {"id": "packages-md"}
// ## 1 · Packages
//
// `tsdl` holds the array helpers, numpy-compatible random numbers and printing, and the course's
// helper file `init_utils.py` as `tsdl.initUtils`: the forward and backward passes of the 3-layer
// network, the loss, the parameter update, `predict`, the data set loader and the plots.

// %% {"id": "packages"}
import * as tsdl from "tsdl";

type Mat = tsdl.Mat;
type Parameters = tsdl.initUtils.Parameters;

const {
  computeLoss, forwardPropagation, backwardPropagation, updateParameters,
  predict, predictDec, loadDataset, plotDataset, plotCosts, plotDecisionBoundary,
} = tsdl.initUtils;
console.log(`tsdl ${tsdl.version}`);

// %% [markdown] {"id": "data-md"}
// ## 2 · The data set
//
// Two noisy concentric circles in the plane: the outer one is class 0, the inner one class 1.
// `loadDataset()` does what the course's `load_dataset()` does: `seed(1)` and 300 training points
// from scikit-learn's `make_circles(noise=0.05)`, then `seed(2)` and 100 test points. As in the
// whole course, examples are **columns**: `trainX` is $(2, m)$ and `trainY` is $(1, m)$.

// %% {"id": "data"}
const [trainX, trainY, testX, testY] = loadDataset();
const shape = (a: Mat) => `(${a.shape.join(", ")})`;
console.log(`trainX: ${shape(trainX)}, trainY: ${shape(trainY)}, testX: ${shape(testX)}, testY: ${shape(testY)}`);
tsdl.print("first example:", tsdl.reshape(tsdl.columns(trainX, [0]), [2]));
tsdl.print("first ten labels:", tsdl.format(tsdl.sliceColumns(trainY, 0, 10), { dtype: "int" }));
plotDataset(trainX, trainY, { title: "Training set (300 points)" });

// %% [markdown] {"id": "data-expected"}
// **Expected output** (numpy: `train_X[:, 0]`, `train_Y[0, :10]`):
//
// ```
// trainX: (2, 300), trainY: (1, 300), testX: (2, 100), testY: (1, 100)
// first example: [-0.07741354  0.85260226]
// first ten labels: [[1 0 1 1 0 0 1 0 1 1]]
// ```
//
// The network has to separate the blue dots (inner circle) from the red ones (outer circle).

// %% [markdown] {"id": "network-md"}
// ## 3 · The network and what you will write
//
// The network is LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID with layer sizes
// `layersDims = [2, 10, 5, 1]`; its forward pass, loss, backward pass and update are given
// (`tsdl.initUtils`). For layer $l$ the parameters are
//
// $$W^{[l]} \in \mathbb{R}^{n^{[l]} \times n^{[l-1]}}, \qquad b^{[l]} \in \mathbb{R}^{n^{[l]} \times 1},$$
//
// stored in a dictionary under the keys `"W1"`, `"b1"`, `"W2"`, … Your job is the three functions
// that fill that dictionary before training. Each loops over $l = 1, \dots, L-1$ where
// $L$ = `layersDims.length`, so `[3, 2, 1]` gives `W1` (2, 3), `b1` (2, 1), `W2` (1, 2), `b2` (1, 1).
//
// Useful calls: `tsdl.zeros([rows, cols])`, `tsdl.random.seed(s)`, `tsdl.random.randn(rows, cols)`
// (numpy's `np.random.randn`: standard Gaussian numbers, filled row by row), `tsdl.mul(A, s)`
// (elementwise product with a number) and `Math.sqrt`.

// %% [markdown] {"id": "zeros-md"}
// ## 4 · Zero initialization
//
// The simplest idea: start from nothing.
//
// $$W^{[l]} = 0_{\,n^{[l]} \times n^{[l-1]}}, \qquad b^{[l]} = 0_{\,n^{[l]} \times 1}.$$
//
// **Exercise.** Implement `initializeParametersZeros(layersDims)`.

// %% {"id": "initializeParametersZeros", "tsdl": {"graded": true, "grade_id": "initializeParametersZeros", "points": 1}}
// GRADED FUNCTION: initializeParametersZeros

/**
 * Arguments: layersDims, the size of each layer, e.g. [2, 10, 5, 1].
 * Returns: parameters W1, b1, …, W_{L-1}, b_{L-1}: Wl (layersDims[l], layersDims[l-1]), bl (layersDims[l], 1).
 */
function initializeParametersZeros(layersDims: number[]): Parameters {
  const parameters: Parameters = {};
  const L = layersDims.length; // number of layers, counting the input

  for (let l = 1; l < L; l++) {
    // START CODE HERE
    parameters["W" + l] = tsdl.zeros([layersDims[l], layersDims[l - 1]]);
    parameters["b" + l] = tsdl.zeros([layersDims[l], 1]);
    // END CODE HERE
  }
  return parameters;
}

// %% {"id": "zeros-test"}
const zerosTest = initializeParametersZeros([3, 2, 1]);
tsdl.print("W1 = " + tsdl.str(zerosTest["W1"]));
tsdl.print("b1 = " + tsdl.str(zerosTest["b1"]));
tsdl.print("W2 = " + tsdl.str(zerosTest["W2"]));
tsdl.print("b2 = " + tsdl.str(zerosTest["b2"]));

// %% [markdown] {"id": "zeros-expected"}
// **Expected output**
//
// ```
// W1 = [[0. 0. 0.]
//  [0. 0. 0.]]
// b1 = [[0.]
//  [0.]]
// W2 = [[0. 0.]]
// b2 = [[0.]]
// ```

// %% {"id": "initializeParametersZeros-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.initializeParametersZeros(initializeParametersZeros);

// %% [markdown] {"id": "random-md"}
// ## 5 · Random initialization
//
// Zeros leave every unit of a layer identical (section 8 shows what that does). Random numbers
// make them different: this is called *breaking symmetry*. Here the random numbers are on
// purpose **large**:
//
// $$W^{[l]} = 10 \cdot \texttt{randn}(n^{[l]}, n^{[l-1]}), \qquad b^{[l]} = 0.$$
//
// **Exercise.** Implement `initializeParametersRandom(layersDims)`. Seed the generator with
// `tsdl.random.seed(3)` at the top of the function (as the course does, so that everyone gets the
// same numbers), then draw the `W`s in order W1, W2, …; the biases draw nothing.

// %% {"id": "initializeParametersRandom", "tsdl": {"graded": true, "grade_id": "initializeParametersRandom", "points": 1}}
// GRADED FUNCTION: initializeParametersRandom

/**
 * Arguments: layersDims, the size of each layer, e.g. [2, 10, 5, 1].
 * Returns: parameters W1, b1, …: Wl = randn(layersDims[l], layersDims[l-1]) * 10, bl = zeros.
 */
function initializeParametersRandom(layersDims: number[]): Parameters {
  tsdl.random.seed(3); // so that your "random" numbers match ours
  const parameters: Parameters = {};
  const L = layersDims.length; // number of layers, counting the input

  for (let l = 1; l < L; l++) {
    // START CODE HERE
    parameters["W" + l] = tsdl.mul(tsdl.random.randn(layersDims[l], layersDims[l - 1]), 10);
    parameters["b" + l] = tsdl.zeros([layersDims[l], 1]);
    // END CODE HERE
  }
  return parameters;
}

// %% {"id": "random-test"}
const randomTest = initializeParametersRandom([3, 2, 1]);
tsdl.print("W1 = " + tsdl.str(randomTest["W1"]));
tsdl.print("b1 = " + tsdl.str(randomTest["b1"]));
tsdl.print("W2 = " + tsdl.str(randomTest["W2"]));
tsdl.print("b2 = " + tsdl.str(randomTest["b2"]));

// %% [markdown] {"id": "random-expected"}
// **Expected output**
//
// ```
// W1 = [[ 17.88628473   4.36509851   0.96497468]
//  [-18.63492703  -2.77388203  -3.54758979]]
// b1 = [[0.]
//  [0.]]
// W2 = [[-0.82741481 -6.27000677]]
// b2 = [[0.]]
// ```

// %% {"id": "initializeParametersRandom-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.initializeParametersRandom(initializeParametersRandom);

// %% [markdown] {"id": "he-md"}
// ## 6 · He initialization
//
// He et al. (2015) scale the Gaussian weights of each layer by the number of its inputs, so that
// the variance of the activations stays about the same from layer to layer in a ReLU network:
//
// $$W^{[l]} = \texttt{randn}(n^{[l]}, n^{[l-1]}) \cdot \sqrt{\frac{2}{n^{[l-1]}}}, \qquad b^{[l]} = 0.$$
//
// (Xavier initialization, its cousin for tanh networks, uses $\sqrt{1/n^{[l-1]}}$ instead.)
//
// **Exercise.** Implement `initializeParametersHe(layersDims)`: `tsdl.random.seed(3)` at the top,
// then for each layer draw `randn` first and multiply the result by the number
// $\sqrt{2/n^{[l-1]}}$.

// %% {"id": "initializeParametersHe", "tsdl": {"graded": true, "grade_id": "initializeParametersHe", "points": 1}}
// GRADED FUNCTION: initializeParametersHe

/**
 * Arguments: layersDims, the size of each layer, e.g. [2, 10, 5, 1].
 * Returns: parameters W1, b1, …: Wl = randn(layersDims[l], layersDims[l-1]) * sqrt(2 / layersDims[l-1]), bl = zeros.
 */
function initializeParametersHe(layersDims: number[]): Parameters {
  tsdl.random.seed(3);
  const parameters: Parameters = {};
  const L = layersDims.length - 1; // number of layers with parameters

  for (let l = 1; l < L + 1; l++) {
    // START CODE HERE
    parameters["W" + l] = tsdl.mul(tsdl.random.randn(layersDims[l], layersDims[l - 1]), Math.sqrt(2 / layersDims[l - 1]));
    parameters["b" + l] = tsdl.zeros([layersDims[l], 1]);
    // END CODE HERE
  }
  return parameters;
}

// %% {"id": "he-test"}
const heTest = initializeParametersHe([2, 4, 1]);
tsdl.print("W1 = " + tsdl.str(heTest["W1"]));
tsdl.print("b1 = " + tsdl.str(heTest["b1"]));
tsdl.print("W2 = " + tsdl.str(heTest["W2"]));
tsdl.print("b2 = " + tsdl.str(heTest["b2"]));

// %% [markdown] {"id": "he-expected"}
// **Expected output**
//
// ```
// W1 = [[ 1.78862847  0.43650985]
//  [ 0.09649747 -1.8634927 ]
//  [-0.2773882  -0.35475898]
//  [-0.08274148 -0.62700068]]
// b1 = [[0.]
//  [0.]
//  [0.]
//  [0.]]
// W2 = [[-0.03098412 -0.33744411 -0.92904268  0.62552248]]
// b2 = [[0.]]
// ```

// %% {"id": "initializeParametersHe-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.initializeParametersHe(initializeParametersHe);

// %% [markdown] {"id": "model-md"}
// ## 7 · The model
//
// `model` (given, as in the course) builds the network `[n_x, 10, 5, 1]`, initializes it with the
// method you name, and runs 15,000 steps of full-batch gradient descent with learning rate 0.01:
//
// 1. forward pass, $a^{[3]} = \sigma(z^{[3]})$;
// 2. the cross-entropy loss
//    $J = -\frac{1}{m} \sum_{i=1}^{m} \big( y^{(i)} \log a^{[3](i)} + (1 - y^{(i)}) \log(1 - a^{[3](i)}) \big)$;
// 3. backward pass (init_utils puts the $\frac{1}{m}$ on $dz^{[3]} = \frac{1}{m}(a^{[3]} - Y)$
//    only; the other gradients follow without a further $\frac{1}{m}$);
// 4. $W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]}$, $b^{[l]} \leftarrow b^{[l]} - \alpha\, db^{[l]}$.
//
// Every 1,000 iterations it prints the loss and keeps it for the cost curve (15 values; the
// x-axis label "per hundreds" is the course's). `computeLoss` sums with numpy's `nansum`: a term
// $0 \cdot \log 0$ counts as 0, but $1 \cdot \log 0$ makes the loss infinite.

// %% {"id": "model"}
interface ModelOptions {
  learningRate?: number;
  numIterations?: number;
  printCost?: boolean;
  initialization?: "zeros" | "random" | "he";
}

/**
 * A three-layer network LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID trained by gradient descent.
 * X: input data (2, number of examples); Y: labels 0/1 (1, number of examples).
 * Returns the parameters learnt by the model.
 */
function model(X: Mat, Y: Mat, { learningRate = 0.01, numIterations = 15000, printCost = true, initialization = "he" }: ModelOptions = {}): Parameters {
  const costs: number[] = []; // to keep track of the loss
  const layersDims = [X.shape[0], 10, 5, 1];

  let parameters: Parameters;
  if (initialization === "zeros") parameters = initializeParametersZeros(layersDims);
  else if (initialization === "random") parameters = initializeParametersRandom(layersDims);
  else parameters = initializeParametersHe(layersDims);

  const bar = tsdl.progress({ total: numIterations, label: `training (${initialization})` }); // not in the course: a progress line
  for (let i = 0; i < numIterations; i++) {
    const [a3, cache] = forwardPropagation(X, parameters);
    const cost = computeLoss(a3, Y);
    const grads = backwardPropagation(X, Y, cache);
    parameters = updateParameters(parameters, grads, learningRate);
    if (printCost && i % 1000 === 0) {
      console.log(`Cost after iteration ${i}: ${tsdl.formatFloat(cost)}`);
      costs.push(cost);
    }
    bar.update(i, { cost });
  }
  bar.done();
  plotCosts(costs, learningRate);
  return parameters;
}

// %% [markdown] {"id": "train-zeros-md"}
// ## 8 · Training with zeros
//
// Run the model with zero initialization; it trains for 15,000 iterations.

// %% {"id": "train-zeros"}
const parametersZeros = model(trainX, trainY, { initialization: "zeros" });
console.log("On the train set:");
const predictionsTrainZeros = predict(trainX, trainY, parametersZeros);
console.log("On the test set:");
const predictionsTestZeros = predict(testX, testY, parametersZeros);

// %% [markdown] {"id": "train-zeros-expected"}
// **Expected output**
//
// ```
// Cost after iteration 0: 0.6931471805599453
// Cost after iteration 1000: 0.6931471805599453
// …                              (0.6931471805599453 at 2000 … 9000)
// Cost after iteration 10000: 0.6931471805599455
// Cost after iteration 11000: 0.6931471805599453
// …                              (0.6931471805599453 at 12000 … 14000)
// On the train set:
// Accuracy: 0.5
// On the test set:
// Accuracy: 0.5
// ```
//
// The loss never moves from $\ln 2 = 0.693147…$ (the last-digit wobble at 10,000 is rounding, and
// numpy shows it too), and the accuracy is a coin toss. Look at the predictions and the boundary:

// %% {"id": "zeros-predictions"}
tsdl.print("predictions_train = " + tsdl.format(predictionsTrainZeros, { dtype: "int" }));
tsdl.print("predictions_test = " + tsdl.format(predictionsTestZeros, { dtype: "int" }));

// %% [markdown] {"id": "zeros-predictions-expected"}
// **Expected output** (shortened)
//
// ```
// predictions_train = [[0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
//   0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
//   …
//   0 0 0 0 0 0 0 0 0 0 0 0]]
// predictions_test = [[0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
//   …
//   0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0]]
// ```

// %% {"id": "zeros-boundary"}
plotDecisionBoundary((x) => predictDec(parametersZeros, x), trainX, trainY, { title: "Model with Zeros initialization" });

// %% [markdown] {"id": "zeros-why"}
// Every example is predicted 0. **Why?** With all weights 0, every unit of a layer computes the
// same value and receives the same gradient, so the units stay identical forever: here
// $a^{[1]} = a^{[2]} = 0$, the gradients of all $W^{[l]}$ are exactly 0, and only $b^{[3]}$ learns,
// which can do no better than predict the same value for every input. A network with
// $n^{[l]} > 1$ units per layer behaves like one with a single unit per layer — no more powerful
// than logistic regression.
//
// The biases may start at 0; the **weights** must not start equal. Random values break the symmetry.

// %% [markdown] {"id": "train-random-md"}
// ## 9 · Training with large random weights

// %% {"id": "train-random"}
const parametersRandom = model(trainX, trainY, { initialization: "random" });
console.log("On the train set:");
const predictionsTrainRandom = predict(trainX, trainY, parametersRandom);
console.log("On the test set:");
const predictionsTestRandom = predict(testX, testY, parametersRandom);

// %% [markdown] {"id": "train-random-expected"}
// **Expected output** (the course's run)
//
// ```
// Cost after iteration 0: inf
// Cost after iteration 1000: 0.6239567039908781
// Cost after iteration 2000: 0.5978043872838292
// Cost after iteration 3000: 0.563595830364618
// Cost after iteration 4000: 0.5500816882570866
// Cost after iteration 5000: 0.5443417928662615
// Cost after iteration 6000: 0.5373553777823036
// Cost after iteration 7000: 0.4700141958024487
// Cost after iteration 8000: 0.3976617665785177
// Cost after iteration 9000: 0.39344405717719166
// Cost after iteration 10000: 0.39201765232720626
// Cost after iteration 11000: 0.38910685278803786
// Cost after iteration 12000: 0.38612995897697244
// Cost after iteration 13000: 0.3849735792031832
// Cost after iteration 14000: 0.38275100578285265
// On the train set:
// Accuracy: 0.83
// On the test set:
// Accuracy: 0.86
// ```
//
// Your costs after iteration 0 may differ from these from the 3rd or 4th significant digit on:
// with weights this large the computation is extremely sensitive to the order of floating-point
// operations, and the course's own published runs disagree with each other just as much (e.g.
// 0.6237287551108738 or 0.6229180433609748 at iteration 1000). The accuracies 0.83 / 0.86 and the
// predictions below are the stable part.
//
// The first loss is `inf`: some $a^{[3]}$ come out as exactly 0 or 1, and $\log 0 = -\infty$. In
// Python numpy also warns `RuntimeWarning: divide by zero encountered in log` (and `invalid value
// encountered in multiply` for the $0 \cdot \infty$ terms that `nansum` then skips); `tsdl` computes
// the same numbers without printing warnings.

// %% {"id": "random-predictions"}
tsdl.print(tsdl.format(predictionsTrainRandom, { dtype: "int" }));
tsdl.print(tsdl.format(predictionsTestRandom, { dtype: "int" }));

// %% [markdown] {"id": "random-predictions-expected"}
// **Expected output** (the 300 training predictions shortened)
//
// ```
// [[1 0 1 1 0 0 1 1 1 1 1 0 1 0 0 1 0 1 1 0 0 0 1 0 1 1 1 1 1 1 0 1 1 0 0 1
//   1 1 1 1 1 1 1 0 1 1 1 1 0 1 0 1 1 1 1 0 0 1 1 1 1 0 1 1 0 1 0 1 1 1 1 0
//   …
//   1 1 1 1 0 0 0 1 1 1 1 0]]
// [[1 1 1 1 0 1 0 1 1 0 1 1 1 0 0 0 0 1 0 1 0 0 1 0 1 0 1 1 1 1 1 0 0 0 0 1
//   0 1 1 0 0 1 1 1 1 1 0 1 1 1 0 1 0 1 1 0 1 0 1 0 1 1 1 1 1 1 1 1 1 0 1 0
//   1 1 1 1 1 0 1 0 0 1 0 0 0 1 1 0 1 1 0 0 0 1 1 0 1 1 0 0]]
// ```

// %% {"id": "random-boundary"}
plotDecisionBoundary((x) => predictDec(parametersRandom, x), trainX, trainY, { title: "Model with large random initialization" });

// %% [markdown] {"id": "random-why"}
// **Observations.**
//
// - The loss starts very high. With weights of size 10 the last activation is pushed to
//   (numerically) exactly 0 or 1 for many examples, and a confident wrong answer costs
//   $-\log 0 = \infty$.
// - Bad starting weights make gradient descent slow: after 15,000 iterations the loss is still
//   about 0.38 and the boundary is crude. Training longer helps, but wastes time.
// - Scaling the random weights down helps; the question is by how much. He initialization answers it.

// %% [markdown] {"id": "train-he-md"}
// ## 10 · Training with He initialization

// %% {"id": "train-he"}
const parametersHe = model(trainX, trainY, { initialization: "he" });
console.log("On the train set:");
const predictionsTrainHe = predict(trainX, trainY, parametersHe);
console.log("On the test set:");
const predictionsTestHe = predict(testX, testY, parametersHe);

// %% [markdown] {"id": "train-he-expected"}
// **Expected output**
//
// ```
// Cost after iteration 0: 0.8830537463419761
// Cost after iteration 1000: 0.6879825919728063
// Cost after iteration 2000: 0.6751286264523371
// Cost after iteration 3000: 0.6526117768893807
// Cost after iteration 4000: 0.6082958970572938
// Cost after iteration 5000: 0.5304944491717495
// Cost after iteration 6000: 0.4138645817071794
// Cost after iteration 7000: 0.3117803464844441
// Cost after iteration 8000: 0.23696215330322562
// Cost after iteration 9000: 0.18597287209206836
// Cost after iteration 10000: 0.15015556280371817
// Cost after iteration 11000: 0.12325079292273552
// Cost after iteration 12000: 0.09917746546525932
// Cost after iteration 13000: 0.08457055954024274
// Cost after iteration 14000: 0.07357895962677362
// On the train set:
// Accuracy: 0.9933333333333333
// On the test set:
// Accuracy: 0.96
// ```
//
// (The last one or two digits of some of these costs can differ between machines: the sums
// inside the matrix products may be rounded in a different order.)

// %% {"id": "he-boundary"}
plotDecisionBoundary((x) => predictDec(parametersHe, x), trainX, trainY, { title: "Model with He initialization" });

// %% [markdown] {"id": "he-why"}
// The He-initialized network separates the two circles almost perfectly after the same 15,000
// iterations that left the other two stuck.

// %% [markdown] {"id": "results"}
// ## 11 · Results
//
// | model | train accuracy | comment |
// |---|---|---|
// | 3-layer network, zeros initialization | 50% | the symmetry is never broken |
// | 3-layer network, large random initialization | 83% | the weights are too large |
// | 3-layer network, He initialization | 99% | the method to use with ReLU layers |

// %% [markdown] {"id": "remember"}
// ## What to remember
//
// - The starting weights decide a lot: the same network, data and learning rate reached 50%,
//   83% or 99% training accuracy depending only on them.
// - Weights must start **random** (different from each other) so that the units of a layer can
//   learn different things; all-zero (or all-equal) weights never break the symmetry. Biases may
//   start at zero.
// - Random is not enough: weights that are too large saturate the sigmoid, make the first costs
//   huge (even infinite) and slow gradient descent down.
// - For ReLU layers, He initialization — Gaussian weights times $\sqrt{2/n^{[l-1]}}$ — works well.
