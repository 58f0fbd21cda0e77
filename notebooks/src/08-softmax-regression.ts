// %% notebook {"tsdl": {"timeout": 120}}
// %% [markdown] {"id": "title"}
// # 8 · Softmax regression
//
// **Goal.** Logistic regression tells two classes apart; softmax regression generalizes it to
// $C$ classes: the output layer has $C$ units, and softmax turns their $C$ numbers into $C$
// probabilities that sum to 1. The Week 3 lectures derive it; the course's framework lab then uses
// it (through TensorFlow) for the 6 hand signs of SIGNS. Here you build it from scratch:
//
// - the softmax function, and why it must be computed **stably** (large logits overflow);
// - its cross-entropy cost and the gradient $dZ = \frac{1}{m}(A - Y)$, verified by a gradient check;
// - a linear softmax classifier and a network with one hidden layer on a 3-class data set,
//   their decision regions, their accuracy;
// - the same output layer in the framework lab's SIGNS model ($12288$ inputs, 6 classes).

// %% [markdown] {"id": "packages-md"}
// ## 1 · Packages
//
// `tsdl.nn` has `softmax`, `softmaxNaive` (the unstable formula, for section 3), `logSoftmax`,
// `softmaxCrossEntropy`, `softmaxCrossEntropyBackward` and `gradientCheck`; `tsdl.data.makeSpirals`
// makes the 3-class data; `tsdl.plot.classScatter` and `tsdl.plot.decisionRegions` draw $K$ classes.

// %% {"id": "packages"}
import * as tsdl from "tsdl";

type Mat = tsdl.Mat;
const nn = tsdl.nn;
console.log(`tsdl ${tsdl.version}`);

// %% [markdown] {"id": "softmax-md"}
// ## 2 · The softmax function
//
// The last layer computes $z^{[L]} = W^{[L]} a^{[L-1]} + b^{[L]}$, a vector of $C$ numbers (the
// *logits*). Softmax exponentiates and normalizes them:
//
// $$t = e^{z^{[L]}}, \qquad a^{[L]}_j = \frac{t_j}{\sum_{k=1}^{C} t_k},$$
//
// so every $a^{[L]}_j$ is in $(0, 1)$ and they sum to 1: $a^{[L]}_j$ is the predicted probability of
// class $j$. With examples as columns, $Z$ is $(C, m)$ and softmax works on each column. The
// lectures' example: $z = (5, 2, -1, 3)$.

// %% {"id": "softmax"}
const z = tsdl.array([[5], [2], [-1], [3]]);
const t = tsdl.exp(z);
tsdl.print("t = e^z =", tsdl.reshape(t, [-1]));
console.log(`sum of t = ${tsdl.sum(t).toFixed(4)}`);
const a = nn.softmax(z);
tsdl.print("a = softmax(z) =", tsdl.reshape(a, [-1]));
console.log(`sum of a = ${tsdl.formatFloat(tsdl.sum(a))}, predicted class: ${tsdl.argmax(a)}`);

// %% [markdown] {"id": "softmax-expected"}
// **Expected output**
//
// ```
// t = e^z = [148.4131591    7.3890561    0.36787944  20.08553692]
// sum of t = 176.2556
// a = softmax(z) = [0.84203357 0.04192238 0.00208719 0.11395685]
// sum of a = 1.0000000000000002, predicted class: 0
// ```
//
// (The lectures round these to 148.4, 7.4, 0.4, 20.1 and 0.842, 0.042, 0.002, 0.114.) With $C = 2$
// softmax is logistic regression again: $\frac{e^{z_1}}{e^{z_1} + e^{z_2}} = \sigma(z_1 - z_2)$.

// %% [markdown] {"id": "stable-md"}
// ## 3 · Computing it stably
//
// $e^{z}$ overflows a double beyond $z \approx 709.78$: $e^{1000}$ is `Infinity`, and
// `Infinity / Infinity` is `NaN`. Logits that large are rare but happen (a confident network, a
// large learning rate), and one `NaN` then spreads through every gradient. The fix costs nothing:
// softmax does not change when the same number is subtracted from every logit of a column,
//
// $$\frac{e^{z_j - c}}{\sum_k e^{z_k - c}} = \frac{e^{-c}\, e^{z_j}}{e^{-c} \sum_k e^{z_k}} = \frac{e^{z_j}}{\sum_k e^{z_k}},$$
//
// so take $c = \max_k z_k$: the largest exponent is $e^0 = 1$, nothing overflows, and the sum is
// at least 1. For the cost, $\log a_j = (z_j - c) - \log \sum_k e^{z_k - c}$ also avoids taking
// the log of a probability that rounded to 0.

// %% {"id": "stable"}
const big = tsdl.array([[1000, 1], [1001, 2], [1002, 3]]);
tsdl.print("logits (two examples as columns):\n", big);
tsdl.print("naive e^z / sum e^z =\n", nn.softmaxNaive(big));
tsdl.print("stable softmax =\n", nn.softmax(big));
const naiveNaNs = Array.from(nn.softmaxNaive(big).data).filter(Number.isNaN).length;
console.log(`NaN entries: naive ${naiveNaNs}, stable ${Array.from(nn.softmax(big).data).filter(Number.isNaN).length}`);

// %% [markdown] {"id": "stable-expected"}
// **Expected output**
//
// ```
// logits (two examples as columns):
//  [[1.000e+03 1.000e+00]
//  [1.001e+03 2.000e+00]
//  [1.002e+03 3.000e+00]]
// naive e^z / sum e^z =
//  [[       nan 0.09003057]
//  [       nan 0.24472847]
//  [       nan 0.66524096]]
// stable softmax =
//  [[0.09003057 0.09003057]
//  [0.24472847 0.24472847]
//  [0.66524096 0.66524096]]
// NaN entries: naive 3, stable 0
// ```
//
// Both columns have the same probabilities — the second column's logits are the first's minus
// 999 — but only the stable version can compute the first.

// %% [markdown] {"id": "cost-md"}
// ## 4 · The cost and its gradient
//
// With the label $y$ one-hot (a 1 in the row of the true class, 0 elsewhere), the loss of one
// example is $\mathcal{L}(a, y) = -\sum_{j=1}^{C} y_j \log a_j$ — minus the log of the probability
// given to the true class — and the cost averages it:
//
// $$J = -\frac{1}{m} \sum_{i=1}^{m} \sum_{j=1}^{C} y^{(i)}_j \log a^{[L](i)}_j.$$
//
// Backpropagation starts from a remarkably simple gradient (the lectures' $dz^{[L]} = \hat y - y$):
//
// $$dZ^{[L]} = \frac{\partial J}{\partial Z^{[L]}} = \frac{1}{m}\left(A^{[L]} - Y\right).$$
//
// It is worth checking. `nn.gradientCheck` moves each entry of a $(4, 5)$ array of logits by
// $\pm 10^{-7}$, estimates $\partial J / \partial Z$ from the two-sided differences and compares it
// with `softmaxCrossEntropyBackward`, by the relative difference of Week 1. Then the same for the
// parameters of a softmax regression, $Z = WX + b$: $dW = dZ\, X^T$, $db = \sum_i dZ^{(i)}$.

// %% {"id": "gradient-check"}
const rng = new tsdl.RandomState(1);
const Zc = rng.randn(4, 5) as Mat;
const Yc = tsdl.data.oneHot([0, 3, 1, 2, 3], 4);
const Ac = nn.softmax(Zc);
const dZc = nn.softmaxCrossEntropyBackward(Ac, Yc);
console.log(`J = ${nn.softmaxCrossEntropy(Zc, Yc).toFixed(6)}; largest |column sum of dZ| = ${Math.max(...Array.from(tsdl.sum(dZc, 0).data, Math.abs)).toExponential(1)}`);
const checkZ = nn.gradientCheck((v) => nn.softmaxCrossEntropy(v.Z, Yc), { Z: Zc }, { dZ: dZc });
console.log(`dZ:     difference = ${checkZ.difference.toExponential(2)} → ${checkZ.difference < 1e-7 ? "correct (< 1e-7)" : "wrong"}`);

const Xc = rng.randn(3, 5) as Mat, Wc = rng.randn(4, 3) as Mat, bc = rng.randn(4, 1) as Mat;
const J = (p: Record<string, Mat>) => nn.softmaxCrossEntropy(tsdl.addColumn(tsdl.matmul(p.W, Xc), p.b), Yc);
const dZW = nn.softmaxCrossEntropyBackward(nn.softmax(tsdl.addColumn(tsdl.matmul(Wc, Xc), bc)), Yc);
const checkWb = nn.gradientCheck(J, { W: Wc, b: bc }, { dW: tsdl.matmulTB(dZW, Xc), db: tsdl.sum(dZW, 1, true) });
console.log(`dW, db: difference = ${checkWb.difference.toExponential(2)} → ${checkWb.difference < 1e-7 ? "correct (< 1e-7)" : "wrong"}`);

// %% [markdown] {"id": "gradient-check-expected"}
// **Expected output**
//
// ```
// J = 1.496718; largest |column sum of dZ| = 9.5e-18
// dZ:     difference = 4.08e-9 → correct (< 1e-7)
// dW, db: difference = 3.88e-9 → correct (< 1e-7)
// ```
//
// Each column of $dZ$ sums to 0 (up to rounding): the probabilities sum to 1, and so does $y$.

// %% [markdown] {"id": "data-md"}
// ## 5 · A 3-class data set
//
// Three spiral arms around the origin (the spiral data of Stanford's CS231n): 100 points per
// class, `tsdl.random.seed(1)` for the training set and `seed(2)` for a test set. No straight line
// separates two arms.

// %% {"id": "data"}
const C = 3;
tsdl.random.seed(1);
const train = tsdl.data.makeSpirals(100, C);
tsdl.random.seed(2);
const test = tsdl.data.makeSpirals(100, C);
const Ytrain = tsdl.data.oneHot(train.labels, C);
const Ytest = tsdl.data.oneHot(test.labels, C);
console.log(`X ${train.X.shape.join("x")}, labels ${train.labels.shape.join("x")}, one-hot Y ${Ytrain.shape.join("x")}; test X ${test.X.shape.join("x")}`);
for (const i of [0, 150, 299]) tsdl.print(`example ${i}:`, tsdl.reshape(tsdl.columns(train.X, [i]), [-1]), `class ${train.labels.get(0, i)}`);
tsdl.plot.show(tsdl.plot.classScatter(train.X, train.labels, { title: "Training set: 3 spirals, 100 points each" }));

// %% [markdown] {"id": "data-expected"}
// **Expected output**
//
// ```
// X 2x300, labels 1x300, one-hot Y 3x300; test X 2x300
// example 0: [0. 0.] class 0
// example 150: [-0.16127024  0.47861041] class 1
// example 299: [-0.4342347   0.90079977] class 2
// ```

// %% [markdown] {"id": "linear-md"}
// ## 6 · Softmax regression: a linear classifier
//
// The simplest model: no hidden layer, $Z = WX + b$ with $W$ $(3, 2)$ and $b$ $(3, 1)$, then
// softmax. The class with the largest $z_j$ wins, and where two classes tie, $z_j = z_k$, is a
// straight line: the decision regions are convex wedges. Full-batch gradient descent,
// $\alpha = 1$, 1000 iterations, small random initial weights.

// %% {"id": "linear"}
/** Class predictions (as a (1, m) row) from logits (C, m): the row of the largest logit. */
const predictClasses = (Zl: Mat): Mat => tsdl.reshape(tsdl.argmax(Zl, 0), [1, -1]);
const accuracyOf = (Zl: Mat, labels: Mat): number => tsdl.mean(tsdl.zip(predictClasses(Zl), labels, (p, y) => (p === y ? 1 : 0)));

function softmaxRegression(X: Mat, Y: Mat, { learningRate = 1, numIterations = 1000, seed = 1 } = {}) {
  const init = new tsdl.RandomState(seed);
  let W = tsdl.mul(init.randn(Y.shape[0], X.shape[0]) as Mat, 0.01);
  let b = tsdl.zeros([Y.shape[0], 1]);
  const costs: number[] = [];
  for (let i = 0; i < numIterations; i++) {
    const Z = tsdl.addColumn(tsdl.matmul(W, X), b);   // forward
    const cost = nn.softmaxCrossEntropy(Z, Y);
    const dZ = nn.softmaxCrossEntropyBackward(nn.softmax(Z), Y);  // backward
    const dW = tsdl.matmulTB(dZ, X);
    const db = tsdl.sum(dZ, 1, true);
    W = tsdl.sub(W, tsdl.mul(learningRate, dW));      // update
    b = tsdl.sub(b, tsdl.mul(learningRate, db));
    if (i % 100 === 0) costs.push(cost);
    if (i % 200 === 0) console.log(`Cost after iteration ${i}: ${cost.toFixed(6)}`);
  }
  return { forward: (Xin: Mat) => tsdl.addColumn(tsdl.matmul(W, Xin), b), costs };
}

const linear = softmaxRegression(train.X, Ytrain);
console.log(`train accuracy: ${accuracyOf(linear.forward(train.X), train.labels).toFixed(3)}, test accuracy: ${accuracyOf(linear.forward(test.X), test.labels).toFixed(3)}`);
tsdl.plot.show(tsdl.plot.decisionRegions((G) => predictClasses(linear.forward(G)), train.X, train.labels, { title: "Softmax regression (linear): decision regions" }));

// %% [markdown] {"id": "linear-expected"}
// **Expected output**
//
// ```
// Cost after iteration 0: 1.099415
// Cost after iteration 200: 0.751988
// Cost after iteration 400: 0.751678
// Cost after iteration 600: 0.751675
// Cost after iteration 800: 0.751675
// train accuracy: 0.523, test accuracy: 0.517
// ```
//
// About half right: three straight-edged wedges cannot follow the arms.

// %% [markdown] {"id": "hidden-md"}
// ## 7 · One hidden layer
//
// Insert a hidden layer of 50 RELU units: $Z^{[1]} = W^{[1]} X + b^{[1]}$, $A^{[1]} = \text{relu}(Z^{[1]})$,
// $Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}$, $A^{[2]} = \text{softmax}(Z^{[2]})$. The backward pass starts
// from the same $dZ^{[2]} = \frac{1}{m}(A^{[2]} - Y)$ and continues as in the course's binary
// networks. He initialization (seed 1), $\alpha = 1$, 3000 iterations.

// %% {"id": "hidden"}
function twoLayerSoftmax(X: Mat, Y: Mat, { nh = 50, learningRate = 1, numIterations = 3000, seed = 1 } = {}) {
  const init = new tsdl.RandomState(seed);
  let W1 = tsdl.mul(init.randn(nh, X.shape[0]) as Mat, Math.sqrt(2 / X.shape[0]));
  let b1 = tsdl.zeros([nh, 1]);
  let W2 = tsdl.mul(init.randn(Y.shape[0], nh) as Mat, Math.sqrt(2 / nh));
  let b2 = tsdl.zeros([Y.shape[0], 1]);
  const forward = (Xin: Mat) => {
    const A1 = tsdl.relu(tsdl.addColumn(tsdl.matmul(W1, Xin), b1));
    return { A1, Z2: tsdl.addColumn(tsdl.matmul(W2, A1), b2) };
  };
  const costs: number[] = [];
  for (let i = 0; i < numIterations; i++) {
    const { A1, Z2 } = forward(X);
    const cost = nn.softmaxCrossEntropy(Z2, Y);
    const dZ2 = nn.softmaxCrossEntropyBackward(nn.softmax(Z2), Y);
    const dW2 = tsdl.matmulTB(dZ2, A1);
    const db2 = tsdl.sum(dZ2, 1, true);
    const dZ1 = tsdl.reluBackward(tsdl.matmulTA(W2, dZ2), A1);
    const dW1 = tsdl.matmulTB(dZ1, X);
    const db1 = tsdl.sum(dZ1, 1, true);
    W1 = tsdl.sub(W1, tsdl.mul(learningRate, dW1));
    b1 = tsdl.sub(b1, tsdl.mul(learningRate, db1));
    W2 = tsdl.sub(W2, tsdl.mul(learningRate, dW2));
    b2 = tsdl.sub(b2, tsdl.mul(learningRate, db2));
    if (i % 100 === 0) costs.push(cost);
    if (i % 500 === 0) console.log(`Cost after iteration ${i}: ${cost.toFixed(6)}`);
  }
  return { forward: (Xin: Mat) => forward(Xin).Z2, costs };
}

const hidden = twoLayerSoftmax(train.X, Ytrain);
console.log(`train accuracy: ${accuracyOf(hidden.forward(train.X), train.labels).toFixed(3)}, test accuracy: ${accuracyOf(hidden.forward(test.X), test.labels).toFixed(3)}`);
tsdl.plot.show(tsdl.plot.decisionRegions((G) => predictClasses(hidden.forward(G)), train.X, train.labels, { title: "One hidden layer (50 RELU units) + softmax: decision regions" }));

// %% [markdown] {"id": "hidden-expected"}
// **Expected output**
//
// ```
// Cost after iteration 0: 1.218273
// Cost after iteration 500: 0.083973
// Cost after iteration 1000: 0.053830
// Cost after iteration 1500: 0.042129
// Cost after iteration 2000: 0.035696
// Cost after iteration 2500: 0.031618
// train accuracy: 0.993, test accuracy: 0.993
// ```
//
// The hidden layer bends the boundaries around the arms. The test set, drawn from another seed,
// checks that the regions generalize rather than memorize the 300 training points.

// %% {"id": "costs"}
tsdl.plot.show(tsdl.plot.lines([
  { name: "softmax regression", x: linear.costs.map((_, k) => k * 100), y: linear.costs },
  { name: "one hidden layer", x: hidden.costs.map((_, k) => k * 100), y: hidden.costs },
], { title: "Cost per iteration", xlabel: "iteration", ylabel: "cost" }));

// %% [markdown] {"id": "signs-md"}
// ## 8 · The same output layer in the SIGNS model
//
// The framework lab classifies photos of hands showing 0 to 5 fingers: 64×64×3 pixels flattened
// into $n_x = 12288$ inputs, $C = 6$ classes, a network LINEAR → RELU → LINEAR → RELU → LINEAR
// ($[12288, 25, 12, 6]$) whose 6 logits go through exactly this softmax and cross-entropy
// (TensorFlow's `softmax_cross_entropy_with_logits`, averaged over the examples). The labels are
// one-hot columns of $Y$ $(6, m)$. Two checks on the course's SIGNS test set (120 images):
//
// - with all parameters 0 every logit is 0, every class gets $1/6$, and $J = \ln 6$;
// - with random weights (Gaussian, Glorot's scale $\sqrt{2/(n^{[l-1]} + n^{[l]})}$, seed 1) and zero
//   biases the cost stays near $\ln 6$, and each column of $A^{[3]}$ is a probability
//   distribution over the 6 classes.

// %% {"id": "signs"}
const signsFile = tsdl.data.findDataFile("test_signs.h5");
const signs = signsFile ? tsdl.data.readSignsFile(signsFile) : tsdl.data.syntheticSigns(120, 2, "test");
if (!signsFile) console.log("SYNTHETIC DATA: test_signs.h5 was not found (data/, $TSDL_DATA, ../shared/data); the numbers below are a stand-in's.");
const Xs = tsdl.data.flattenImages(signs.x);
const Ys = tsdl.data.oneHot(signs.y, 6);
console.log(`SIGNS test set (${signs.source}): X ${Xs.shape.join("x")}, Y ${Ys.shape.join("x")}, examples per class ${Array.from(tsdl.sum(Ys, 1).data).join(" ")}`);
const J0 = nn.softmaxCrossEntropy(tsdl.zeros([6, Xs.shape[1]]), Ys);
console.log(`zero parameters: J = ${tsdl.formatFloat(J0)} = ln 6 = ${tsdl.formatFloat(Math.log(6))}`);

const glorot = new tsdl.RandomState(1);
const dims = [12288, 25, 12, 6];
const Ws = dims.slice(1).map((n, l) => tsdl.mul(glorot.randn(n, dims[l]) as Mat, Math.sqrt(2 / (dims[l] + n))));
const A1s = tsdl.relu(tsdl.matmul(Ws[0], Xs));
const A2s = tsdl.relu(tsdl.matmul(Ws[1], A1s));
const Z3s = tsdl.matmul(Ws[2], A2s);
const A3s = nn.softmax(Z3s);
console.log(`random weights: Z3 ${Z3s.shape.join("x")}, J = ${nn.softmaxCrossEntropy(Z3s, Ys).toFixed(4)}, columns of A3 sum to 1: ${Array.from(tsdl.sum(A3s, 0).data).every((s) => Math.abs(s - 1) < 1e-12)}`);

// %% [markdown] {"id": "signs-expected"}
// **Expected output** (with the course's test_signs.h5)
//
// ```
// SIGNS test set (course): X 12288x120, Y 6x120, examples per class 20 20 20 20 20 20
// zero parameters: J = 1.791759469228055 = ln 6 = 1.791759469228055
// random weights: Z3 6x120, J = 1.9480, columns of A3 sum to 1: true
// ```
//
// Training that network (Adam, mini-batches of 32, 1500 epochs) is the framework lab's job; its
// last layer and its cost are the two functions of this notebook.

// %% [markdown] {"id": "remember"}
// ## What to remember
//
// - Softmax turns $C$ logits into $C$ probabilities: $a_j = e^{z_j} / \sum_k e^{z_k}$; for $C = 2$
//   it is logistic regression.
// - Compute it stably: subtract each column's largest logit first (and take $\log$ softmax as
//   $z - \max - \log\sum e^{z - \max}$); the naive formula overflows to `NaN` for logits above ~710.
// - The cost is $-\frac{1}{m}\sum \sum y \log a$, and its gradient with respect to the logits is
//   just $\frac{1}{m}(A - Y)$ — checked here by gradient checking.
// - A softmax layer alone draws straight boundaries between classes; hidden layers let them bend.
// - The framework lab's SIGNS model ends in exactly this layer, with 6 classes.
