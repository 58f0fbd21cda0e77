// %% notebook {"tsdl": {"timeout": 120}}
// %% [markdown] {"id": "title"}
// # 5 · A deep-learning framework: TensorFlow.js
//
// **Goal.** Until now you wrote every forward pass, every gradient and every optimizer step by hand.
// A deep-learning *framework* does most of that for you: you write the forward pass and the cost,
// the framework differentiates them automatically and runs the optimizer. In this lab you
//
// - learn the basics of **TensorFlow.js** (`@tensorflow/tfjs`): tensors, operations, memory;
// - write a few small functions with it (a linear function, the sigmoid, two costs, one-hot, ones);
// - build and train a 3-layer network that recognises **hand signs** for the numbers 0 to 5 (SIGNS);
// - train the same network with `tsdl`, by hand, and compare accuracy and speed.
//
// This is the TypeScript version of the course's *TensorFlow Tutorial* (Week 3 of *Improving Deep
// Neural Networks*). The course uses TensorFlow in Python; TensorFlow.js is the same library's
// JavaScript version, with the same operations under camelCase names (`tf.matMul`, `tf.oneHot`,
// `tf.losses.softmaxCrossEntropy`, `tf.train.adam`). Graded functions keep the course's names in
// camelCase: `linearFunction`, `sigmoid`, `cost`, `oneHotMatrix`, `ones`, `initializeParameters`,
// `forwardPropagation`, `computeCost` and `model`; the parts you write sit between
// `// START CODE HERE` and `// END CODE HERE`.

// %% [markdown] {"id": "packages-md"}
// ## 1 · Packages
//
// `tf` is TensorFlow.js; `tsdl` gives, as in the other labs, numpy's random numbers
// (`tsdl.random`) and printing, and in `tsdl.framework` what this lab needs around TensorFlow.js:
// the choice of its *backend* (the engine that runs the operations), the SIGNS data, the course's
// `random_mini_batches`, and `tensorStr(t)`, which prints a tensor as numpy prints the same values.
//
// TensorFlow.js has several backends. Here, in Node, two can run: **cpu** (plain JavaScript) and
// **wasm** (WebAssembly with SIMD, from `@tensorflow/tfjs-backend-wasm`, whose binaries ship in the
// npm package; nothing is downloaded). The small functions of sections 2–3 run on the cpu backend:
// its kernels compute in JavaScript doubles and round to float32 once, so they print the course's
// float32 digits. The training of section 5 switches to wasm, which is faster (measured below).

// %% {"id": "packages"}
import * as tf from "@tensorflow/tfjs";
import * as tsdl from "tsdl";
type Mat = tsdl.Mat;

tf.env().set("PROD", true); // no console advice to install tfjs-node (it cannot be installed here)
await tsdl.framework.useBackend(tf, "cpu");
console.log(`TensorFlow.js ${tf.version.tfjs}, backend: ${tf.getBackend()}`);

// %% [markdown] {"id": "basics-md"}
// ## 2 · Exploring TensorFlow.js
//
// **TensorFlow.js is eager.** TensorFlow 1, which the course's notebook uses, first builds a
// *graph* of operations (with *placeholders* for the inputs) and runs it later in a *session*;
// printing `c = tf.multiply(a, b)` there shows `Tensor("Mul:0", shape=(), dtype=int32)`, not 20.
// TensorFlow.js, like TensorFlow 2, runs each operation when you call it: `c` holds 20 at once, and
// there are no sessions and no placeholders — a function's arguments play their part.
//
// **You free the memory.** A tensor's values live in the backend (in WebAssembly memory, or on the
// GPU in a browser), where JavaScript's garbage collector cannot see them. A tensor you do not need
// any more must be freed: `t.dispose()`, `tf.dispose([a, b])`, or — most convenient — compute inside
// `tf.tidy(() => …)`, which frees every tensor created inside except the one it returns.
// `tf.memory().numTensors` counts the tensors alive.
//
// **Gradients without sessions.** Where TF1 minimises a cost inside `sess.run(optimizer, …)` and TF2
// uses `tf.GradientTape`, TensorFlow.js has `tf.grad` / `tf.variableGrads` (the gradients of a
// function) and optimizers whose `minimize(f)` computes `f`, differentiates it with respect to the
// trainable `tf.variable`s it used, and updates them.
//
// The course's first example, the loss $\mathcal{L} = (\hat{y} - y)^2$ for $\hat{y} = 36$, $y = 39$,
// and the product of two constants:

// %% {"id": "basics"}
const before0 = tf.memory().numTensors;
tf.tidy(() => {
  const yHat = tf.scalar(36, "int32"); // the course's tf.constant(36)
  const y = tf.scalar(39, "int32");
  const loss = tf.square(tf.sub(y, yHat));
  console.log("loss = " + tsdl.framework.tensorStr(loss));
  const a = tf.scalar(2, "int32");
  const b = tf.scalar(10, "int32");
  const c = tf.mul(a, b);
  console.log(`c = ${tsdl.framework.tensorStr(c)} (${c.dtype}, shape [${c.shape}])`);
  const x = tf.scalar(3, "int32"); // the course feeds 3 into a placeholder x
  console.log("2 * x = " + tsdl.framework.tensorStr(tf.mul(tf.scalar(2, "int32"), x)));
});
console.log(`tensors alive before: ${before0}, after tf.tidy: ${tf.memory().numTensors}`);

// %% [markdown] {"id": "basics-expected"}
// **Expected output**
//
// ```
// loss = 9
// c = 20 (int32, shape [])
// 2 * x = 6
// tensors alive before: 0, after tf.tidy: 0
// ```
//
// (The course's TF1 prints `9`, then `Tensor("Mul:0", shape=(), dtype=int32)` and `20` after
// `sess.run(c)`, then `6`.)

// %% [markdown] {"id": "linear-md"}
// ### 2.1 · Linear function
//
// **Exercise.** Compute $Y = WX + b$ with $W$, $X$ and $b$ drawn from a standard normal
// distribution: after `tsdl.random.seed(1)` (numpy's `np.random.seed(1)`), $X$ is
// `tsdl.random.randn(3, 1)`, then $W$ `randn(4, 3)`, then $b$ `randn(4, 1)` — in this order. Make
// each a tensor with `tf.tensor(tsdl.toNested(A))` (the course's `tf.constant`), then use
// `tf.matMul(W, X)` and `tf.add(…, b)`. Everything inside `tf.tidy` is freed except the result.

// %% {"id": "linearFunction", "tsdl": {"graded": true, "grade_id": "linearFunction", "points": 1}}
// GRADED FUNCTION: linearFunction

/**
 * Y = WX + b with W (4, 3), X (3, 1), b (4, 1) drawn after tsdl.random.seed(1), as a float32 tensor (4, 1).
 * Example: `const Y = linearFunction(); console.log(tsdl.framework.tensorStr(Y)); Y.dispose()`.
 */
function linearFunction(): tf.Tensor2D {
  tsdl.random.seed(1);
  return tf.tidy(() => {
    // START CODE HERE (4 lines)
    const X = tf.tensor(tsdl.toNested(tsdl.random.randn(3, 1)) as number[][]);
    const W = tf.tensor(tsdl.toNested(tsdl.random.randn(4, 3)) as number[][]);
    const b = tf.tensor(tsdl.toNested(tsdl.random.randn(4, 1)) as number[][]);
    const Y = tf.add(tf.matMul(W, X), b) as tf.Tensor2D;
    // END CODE HERE
    return Y;
  });
}

// %% {"id": "linear-test"}
{
  const result = linearFunction();
  console.log("result = " + tsdl.framework.tensorStr(result));
  result.dispose();
}

// %% [markdown] {"id": "linear-expected"}
// **Expected output**
//
// ```
// result = [[-2.1565738]
//  [ 2.9589145]
//  [-1.0892677]
//  [-0.8453804]]
// ```
//
// The course's TF1 keeps numpy's float64 and prints `[[-2.15657382] [ 2.95891446] [-1.08926781]
// [-0.84538042]]`. TensorFlow.js has no float64: its tensors are float32, which hold about 7
// significant digits, and numpy prints a float32 with the digits that identify it. The values
// agree with the course's to float32 precision (the inputs are rounded to float32 first, so the
// last digit can differ by one: −1.0892677 for −1.08926781).

// %% {"id": "linearFunction-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.linearFunction(linearFunction, tf);

// %% [markdown] {"id": "sigmoid-md"}
// ### 2.2 · The sigmoid
//
// TensorFlow has the usual activation functions: `tf.sigmoid`, `tf.relu`, `tf.tanh`, `tf.softmax`.
// Where TF1 creates a placeholder `x`, builds `tf.sigmoid(x)` and runs it in a session with
// `feed_dict = {x: z}`, here the argument is a tensor made from `z` and the result is read back:
// `t.dataSync()` returns a tensor's values as a typed array (the session's `run`).
//
// **Exercise.** Implement `sigmoid(z)`: a float32 scalar `tf.scalar(z, "float32")`, its `tf.sigmoid`,
// and return the value, a number. Leave no tensor behind: compute inside `tf.tidy` (it may return a
// number: then it frees everything).

// %% {"id": "sigmoid", "tsdl": {"graded": true, "grade_id": "sigmoid", "points": 1}}
// GRADED FUNCTION: sigmoid

/**
 * The sigmoid of z, computed by TensorFlow.js in float32; returns a number.
 * Example: `sigmoid(0)` → 0.5.
 */
function sigmoid(z: number): number {
  return tf.tidy(() => {
    // START CODE HERE (3 lines)
    const x = tf.scalar(z, "float32");
    const s = tf.sigmoid(x);
    const result = s.dataSync()[0];
    // END CODE HERE
    return result;
  });
}

// %% {"id": "sigmoid-test"}
console.log("sigmoid(0) = " + tsdl.formatFloat32(sigmoid(0)));
console.log("sigmoid(12) = " + tsdl.formatFloat32(sigmoid(12)));
console.log("sigmoid(-1) = " + tsdl.formatFloat32(sigmoid(-1)));

// %% [markdown] {"id": "sigmoid-expected"}
// **Expected output**
//
// ```
// sigmoid(0) = 0.5
// sigmoid(12) = 0.99999386
// sigmoid(-1) = 0.26894143
// ```
//
// The course prints `sigmoid(12) = 0.999994` (TF1, numpy's old 6-digit printing); its TF2 version
// prints `0.9999939`, one float32 step (6e-8) above: TensorFlow's sigmoid rounds differently. The
// float32 nearest to $1/(1 + e^{-12}) = 0.99999385582…$ is the one printed here.

// %% {"id": "sigmoid-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.sigmoid(sigmoid, tf);

// %% [markdown] {"id": "cost-md"}
// ### 2.3 · Computing the cost
//
// The cross-entropy cost of the earlier labs, for labels $y^{(i)}$ and activations
// $a^{[2](i)} = \sigma(z^{(i)})$,
//
// $$J = - \frac{1}{m} \sum_{i = 1}^m \left( y^{(i)} \log a^{[2](i)} + (1-y^{(i)})\log (1-a^{[2](i)}) \right) \tag{2}$$
//
// is one function call in a framework. `tf.losses.sigmoidCrossEntropy(labels, logits, weights,
// labelSmoothing, reduction)` takes the *logits* $z$ (before the sigmoid) and applies the sigmoid
// itself, in a form that stays accurate for large $|z|$:
// $\max(z, 0) - z y + \log(1 + e^{-|z|})$ for each example.
//
// **Exercise.** Implement `cost(logits, labels)`: the cost of each example (no mean), i.e.
// `reduction` = `tf.Reduction.NONE` (`weights` `undefined`, `labelSmoothing` 0). Labels come first.

// %% {"id": "cost", "tsdl": {"graded": true, "grade_id": "cost", "points": 1}}
// GRADED FUNCTION: cost

/**
 * The sigmoid cross-entropy of each logit against its label (same shape as the logits).
 * Example: `cost(tf.tensor([0.2, 0.4, 0.7, 0.9]), tf.tensor([0, 0, 1, 1]))` → [0.79813886 0.91301525 0.40318605 0.34115386].
 */
function cost(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor {
  // START CODE HERE (1 line)
  const result = tf.losses.sigmoidCrossEntropy(labels, logits, undefined, 0, tf.Reduction.NONE);
  // END CODE HERE
  return result;
}

// %% {"id": "cost-test"}
tf.tidy(() => {
  const logits = tf.tensor([0.2, 0.4, 0.7, 0.9]);
  const labels = tf.tensor([0, 0, 1, 1]);
  console.log("cost = " + tsdl.framework.tensorStr(cost(logits, labels)));
});

// %% [markdown] {"id": "cost-expected"}
// **Expected output**
//
// ```
// cost = [0.79813886 0.91301525 0.40318605 0.34115386]
// ```
//
// (The course's v3b notebook prints the same digits, with numpy's old spacing:
// `[ 0.79813886  0.91301525  0.40318605  0.34115386]`.)

// %% {"id": "cost-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.cost(cost, tf);

// %% [markdown] {"id": "onehot-md"}
// ### 2.4 · One-hot encoding
//
// With $C$ classes, a label $y \in \{0, \dots, C-1\}$ becomes a column of $C$ numbers, all 0 except
// a 1 in row $y$ — the "one-hot" encoding. For labels $[1, 2, 3, 0, 2, 1]$ and $C = 4$ the columns
// are the examples:
//
// $$\begin{bmatrix} 0&0&0&1&0&0 \\ 1&0&0&0&0&1 \\ 0&1&0&0&1&0 \\ 0&0&1&0&0&0 \end{bmatrix}$$
//
// **Exercise.** Implement `oneHotMatrix(labels, C)` with `tf.oneHot(indices, depth)`. Three things
// to know: the indices must be an int32 tensor (`tf.tensor1d(labels, "int32")`); `tf.oneHot` puts
// the classes on the *last* axis, (m, C), so transpose it (`tf.transpose`) to the course's (C, m)
// (`axis=0`); and it returns int32 — convert with `tf.cast(…, "float32")`.

// %% {"id": "oneHotMatrix", "tsdl": {"graded": true, "grade_id": "oneHotMatrix", "points": 1}}
// GRADED FUNCTION: oneHotMatrix

/**
 * The one-hot matrix (C, m) float32 of the labels: column i has a 1 in row labels[i].
 * Example: `oneHotMatrix([1, 2, 3, 0, 2, 1], 4).shape` → [4, 6].
 */
function oneHotMatrix(labels: number[], C: number): tf.Tensor2D {
  return tf.tidy(() => {
    // START CODE HERE (3 lines)
    const indices = tf.tensor1d(labels, "int32");
    const oneHot = tf.oneHot(indices, C); // (m, C), int32
    const result = tf.cast(tf.transpose(oneHot), "float32") as tf.Tensor2D;
    // END CODE HERE
    return result;
  });
}

// %% {"id": "onehot-test"}
tf.tidy(() => {
  console.log("one_hot = " + tsdl.framework.tensorStr(oneHotMatrix([1, 2, 3, 0, 2, 1], 4)));
});

// %% [markdown] {"id": "onehot-expected"}
// **Expected output**
//
// ```
// one_hot = [[0. 0. 0. 1. 0. 0.]
//  [1. 0. 0. 0. 0. 1.]
//  [0. 1. 0. 0. 1. 0.]
//  [0. 0. 1. 0. 0. 0.]]
// ```
//
// A trap we met: `tf.oneHot` has a `dtype` argument, but `tf.oneHot(indices, C, 1, 0, "float32")`
// on the wasm backend stores the integers' bits in float32 (the ones come out as 1e-45). Casting
// the int32 result, as above, is right on every backend.

// %% {"id": "oneHotMatrix-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.oneHotMatrix(oneHotMatrix, tf);

// %% [markdown] {"id": "ones-md"}
// ### 2.5 · Initialize with zeros and ones
//
// `tf.zeros(shape)` and `tf.ones(shape)` make tensors full of zeros and ones.
//
// **Exercise.** Implement `ones(shape)`.

// %% {"id": "ones", "tsdl": {"graded": true, "grade_id": "ones", "points": 1}}
// GRADED FUNCTION: ones

/**
 * A float32 tensor of ones of the given shape. Example: `ones([3])` → [1. 1. 1.].
 */
function ones(shape: number[]): tf.Tensor {
  // START CODE HERE (1 line)
  const result = tf.ones(shape);
  // END CODE HERE
  return result;
}

// %% {"id": "ones-test"}
tf.tidy(() => {
  console.log("ones = " + tsdl.framework.tensorStr(ones([3])));
});

// %% [markdown] {"id": "ones-expected"}
// **Expected output**
//
// ```
// ones = [1. 1. 1.]
// ```

// %% {"id": "ones-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.ones(ones, tf);

// %% [markdown] {"id": "signs-md"}
// ## 3 · The SIGNS data set
//
// One afternoon, with some friends, the course's authors photographed hands showing the numbers 0 to
// 5 in sign language: 64 × 64 colour pictures, 1080 for training (`train_signs.h5`) and 120 for
// testing (`test_signs.h5`), about the same number for every sign. The network you build next
// learns to tell the six signs apart.
//
// `tsdl.framework.loadLabSigns()` reads the course's files where it finds them (a path you give,
// then the folder in `$TSDL_DATA`, `../shared/data` beside the project, `data/` in the project):
//
// - **both files**: the course's 1080 training and 120 test pictures;
// - **one file** (this project ships `test_signs.h5` only): its 120 pictures split by class — 4 of
//   each sign for testing, the other 16 for training, chosen by a seeded permutation — and a banner
//   says so: the course's costs and accuracies apply to its 1080 pictures only;
// - **no file**: 120 synthetic stand-ins (hands drawn as a palm and 0–5 bars), split the same way,
//   with a banner.
//
// A file that is there but truncated or not a SIGNS file stops the notebook with an error naming
// the file and what is wrong. To use your own copy of the course's files, set `dataPath` below to
// their folder (or put them in the project's `data/` folder).

// %% {"id": "signs-load"}
const dataPath: string | undefined = undefined; // e.g. "../../course/datasets" (from this notebook's folder), or an absolute path
const signs = tsdl.framework.loadLabSigns({ path: dataPath });
if (signs.banner) tsdl.regUtils.showBanner(signs.banner);
console.log(`data: ${signs.description}`);
console.log(`number of training examples = ${signs.trainX.shape[0]}`);
console.log(`number of test examples = ${signs.testX.shape[0]}`);
console.log(`y = ${signs.trainY.get(0, 0)} for training example 0`);

// %% [markdown] {"id": "signs-show-md"}
// The first twelve training pictures with their labels:

// %% {"id": "signs-show"}
{
  const k = Math.min(12, signs.trainX.shape[0]);
  const pictures = Array.from({ length: k }, (_, i) => signs.trainX.pick(i));
  tsdl.plot.show(tsdl.plot.imageGrid(pictures, pictures.map((_, i) => `y = ${signs.trainY.get(0, i)}`), { cols: 6, title: "SIGNS training pictures" }));
}

// %% [markdown] {"id": "backend-md"}
// ### 3.1 · A faster backend for training
//
// The SIGNS model is big enough for the backend to matter: $W^{[1]}$ alone has 307,200 weights. We
// timed one epoch (mini-batches of 32, Adam) of this model on this machine
// (`npx tsx tools/bench-framework.ts`, 2 cores):
//
// | | 1080 examples (the course's) | 96 examples (the split) |
// |---|---|---|
// | TensorFlow.js, cpu backend | 4.71 s/epoch | 0.315 s/epoch |
// | TensorFlow.js, wasm backend | 1.89 s/epoch | 0.058 s/epoch |
// | tsdl (section 6) | 0.117 s/epoch | 0.011 s/epoch |
// | tsdl in float32 (`dtype: "float32"`) | 0.068 s/epoch | 0.006 s/epoch |
//
// wasm is 2.5–5 times faster than cpu, so the training runs on wasm. (`tfjs-node`, TensorFlow's C
// library for Node, would be faster still, but it cannot be installed here: its install step
// downloads a binary.) Set `TSDL_TF_BACKEND=cpu` to compare. wasm's float32 kernels round
// differently from cpu's in the last digit — nothing training notices.
//
// Switch **before** making the data tensors. A trap we met: a tensor made on the cpu backend by
// `tf.cast` from int32 to float32 keeps its int32 storage there; moved to wasm, its integers are
// read as float32 bits (a 1 becomes 1.4e-45), and the model trains on labels that are all zero.

// %% {"id": "backend"}
console.log("backend: " + (await tsdl.framework.useBackend(tf)));
console.log(`tensors alive: ${tf.memory().numTensors}`);

// %% [markdown] {"id": "flatten-md"}
// As in the earlier courses, each picture becomes one column of $64 \cdot 64 \cdot 3 = 12288$ pixel
// values divided by 255 (`tsdl.data.flattenImages`, numpy's `X.reshape(m, -1).T / 255.`), and each
// label a one-hot column of 6 — with your `oneHotMatrix`. `tf.tensor2d` makes float32 tensors of
// them; they stay alive for the rest of the notebook.

// %% {"id": "flatten"}
const toTensor = (A: Mat) => tf.tensor2d(Float32Array.from(A.data), [A.shape[0], A.shape[1]]);
const labelsOf = (Y: Mat) => Array.from(Y.data);
const XTrain = toTensor(tsdl.data.flattenImages(signs.trainX));
const XTest = toTensor(tsdl.data.flattenImages(signs.testX));
const YTrain = oneHotMatrix(labelsOf(signs.trainY), 6);
const YTest = oneHotMatrix(labelsOf(signs.testY), 6);
console.log(`X_train shape: (${XTrain.shape.join(", ")})`);
console.log(`Y_train shape: (${YTrain.shape.join(", ")})`);
console.log(`X_test shape: (${XTest.shape.join(", ")})`);
console.log(`Y_test shape: (${YTest.shape.join(", ")})`);
console.log(`training examples per class: ${Array.from(tf.tidy(() => tf.sum(YTrain, 1)).dataSync()).join(" ")}`);

// %% [markdown] {"id": "flatten-expected"}
// **Expected output** with the course's two files
//
// ```
// number of training examples = 1080
// number of test examples = 120
// y = 5 for training example 0
// X_train shape: (12288, 1080)
// Y_train shape: (6, 1080)
// X_test shape: (12288, 120)
// Y_test shape: (6, 120)
// ```
//
// With `test_signs.h5` only: 96 training and 24 test examples, 16 and 4 of each sign.
//
// **The model** is the 3-layer network LINEAR → RELU → LINEAR → RELU → LINEAR → SOFTMAX with layers
// [12288, 25, 12, 6]. The softmax generalises the sigmoid to more than two classes: it turns the 6
// outputs into 6 probabilities that add up to 1.

// %% [markdown] {"id": "params-md"}
// ## 4 · Building the model
//
// ### 4.1 · Initialize the parameters
//
// The weights that the optimizer trains are `tf.variable`s: tensors whose values can change.
//
// **Exercise.** Implement `initializeParameters()`: $W^{[1]}$ (25, 12288), $W^{[2]}$ (12, 25),
// $W^{[3]}$ (6, 12) from Xavier (Glorot) uniform initialization with seed 1 —
// `glorot.apply([rows, cols])` with `glorot = tf.initializers.glorotUniform({ seed: 1 })` draws
// from $U(-r, r)$, $r = \sqrt{6 / (n_{in} + n_{out})}$ — and $b^{[1]}$ (25, 1), $b^{[2]}$ (12, 1),
// $b^{[3]}$ (6, 1) zeros; each wrapped in `tf.variable(…)`. `tf.tidy` around it frees the initial
// tensors (the variables survive: `tf.tidy` never frees variables).
//
// The course draws with TensorFlow's generator and seed 1; TensorFlow.js has its own generator, so
// the weights are not the course's, only from the same distribution.

// %% {"id": "initializeParameters", "tsdl": {"graded": true, "grade_id": "initializeParameters", "points": 1}}
// GRADED FUNCTION: initializeParameters

type Parameters = Record<"W1" | "b1" | "W2" | "b2" | "W3" | "b3", tf.Variable>;

/**
 * The network's parameters as tf.variables: W1 (25, 12288), b1 (25, 1), W2 (12, 25), b2 (12, 1), W3 (6, 12), b3 (6, 1).
 * Example: `const parameters = initializeParameters(); … tf.dispose(Object.values(parameters))`.
 */
function initializeParameters(): Parameters {
  const glorot = tf.initializers.glorotUniform({ seed: 1 });
  return tf.tidy(() => {
    // START CODE HERE (6 lines)
    const W1 = tf.variable(glorot.apply([25, 12288]) as tf.Tensor);
    const b1 = tf.variable(tf.zeros([25, 1]));
    const W2 = tf.variable(glorot.apply([12, 25]) as tf.Tensor);
    const b2 = tf.variable(tf.zeros([12, 1]));
    const W3 = tf.variable(glorot.apply([6, 12]) as tf.Tensor);
    const b3 = tf.variable(tf.zeros([6, 1]));
    // END CODE HERE
    return { W1, b1, W2, b2, W3, b3 };
  });
}

// %% {"id": "params-test"}
{
  const parameters = initializeParameters();
  for (const [k, v] of Object.entries(parameters)) console.log(`${k} = Variable shape (${v.shape.join(", ")}) ${v.dtype}`);
  console.log("W1[0][0:3] = " + tsdl.framework.tensorStr(tf.tidy(() => parameters.W1.slice([0, 0], [1, 3]).reshape([3]))));
  tf.dispose(Object.values(parameters));
}

// %% [markdown] {"id": "params-expected"}
// **Expected output** (the first weights are TensorFlow.js's draws, seed 1)
//
// ```
// W1 = Variable shape (25, 12288) float32
// b1 = Variable shape (25, 1) float32
// W2 = Variable shape (12, 25) float32
// b2 = Variable shape (12, 1) float32
// W3 = Variable shape (6, 12) float32
// b3 = Variable shape (6, 1) float32
// W1[0][0:3] = [ 0.00114996 -0.01666001 -0.00098366]
// ```

// %% {"id": "initializeParameters-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.initializeParameters(initializeParameters, tf);

// %% [markdown] {"id": "forward-md"}
// ### 4.2 · Forward propagation
//
// **Exercise.** Implement `forwardPropagation(X, parameters)`: LINEAR → RELU → LINEAR → RELU →
// LINEAR, with `tf.matMul`, `tf.add` and `tf.relu`:
//
// $$Z^{[1]} = W^{[1]} X + b^{[1]},\; A^{[1]} = \text{relu}(Z^{[1]}),\; Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]},\; A^{[2]} = \text{relu}(Z^{[2]}),\; Z^{[3]} = W^{[3]} A^{[2]} + b^{[3]}$$
//
// It stops at $Z^{[3]}$: the last LINEAR's output goes into the cost, which applies the softmax.
// No `tf.tidy` here: the optimizer calls this function inside its own bookkeeping, which frees the
// intermediate tensors.

// %% {"id": "forwardPropagation", "tsdl": {"graded": true, "grade_id": "forwardPropagation", "points": 1}}
// GRADED FUNCTION: forwardPropagation

/**
 * Z3 (6, m) of the model LINEAR -> RELU -> LINEAR -> RELU -> LINEAR for X (12288, m).
 * Example: `tf.tidy(() => forwardPropagation(XTrain, parameters).shape)` → [6, m].
 */
function forwardPropagation(X: tf.Tensor2D, parameters: Record<string, tf.Tensor>): tf.Tensor2D {
  const { W1, b1, W2, b2, W3, b3 } = parameters;
  // START CODE HERE (5 lines)
  const Z1 = tf.add(tf.matMul(W1, X), b1);
  const A1 = tf.relu(Z1);
  const Z2 = tf.add(tf.matMul(W2, A1), b2);
  const A2 = tf.relu(Z2);
  const Z3 = tf.add(tf.matMul(W3, A2), b3) as tf.Tensor2D;
  // END CODE HERE
  return Z3;
}

// %% {"id": "forward-test"}
{
  const parameters = initializeParameters();
  tf.tidy(() => {
    const Z3 = forwardPropagation(XTrain.slice([0, 0], [12288, 2]), parameters);
    console.log(`Z3 = Tensor shape (${Z3.shape.join(", ")}) ${Z3.dtype}`);
  });
  tf.dispose(Object.values(parameters));
}

// %% [markdown] {"id": "forward-expected"}
// **Expected output**
//
// ```
// Z3 = Tensor shape (6, 2) float32
// ```

// %% {"id": "forwardPropagation-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.forwardPropagation(forwardPropagation, tf);

// %% [markdown] {"id": "compute-cost-md"}
// ### 4.3 · Compute the cost
//
// $$J = -\frac{1}{m} \sum_{i=1}^m \sum_{k=1}^{6} y_k^{(i)} \log \text{softmax}(z^{[3](i)})_k$$
//
// `tf.losses.softmaxCrossEntropy(onehotLabels, logits)` computes the softmax and this mean in one
// call. It wants one **row** per example, the shape (m, 6): pass the transposes of `Z3` and `Y`
// (the course's `tf.transpose`).
//
// **Exercise.** Implement `computeCost(Z3, Y)`.

// %% {"id": "computeCost", "tsdl": {"graded": true, "grade_id": "computeCost", "points": 1}}
// GRADED FUNCTION: computeCost

/**
 * The mean softmax cross-entropy of Z3 (6, m) against the one-hot Y (6, m), a scalar tensor.
 * Example: `computeCost(tf.zeros([6, 4]), Y)` → ln 6 = 1.7917595.
 */
function computeCost(Z3: tf.Tensor2D, Y: tf.Tensor2D): tf.Scalar {
  // START CODE HERE (1 line)
  const result = tf.losses.softmaxCrossEntropy(tf.transpose(Y), tf.transpose(Z3)) as tf.Scalar;
  // END CODE HERE
  return result;
}

// %% {"id": "compute-cost-test"}
tf.tidy(() => {
  const Y = oneHotMatrix([0, 1, 2, 3, 4, 5], 6);
  console.log("cost of zero logits = " + tsdl.framework.tensorStr(computeCost(tf.zeros([6, 6]), Y)));
  console.log("ln 6 = " + tsdl.formatFloat32(Math.log(6)));
});

// %% [markdown] {"id": "compute-cost-expected"}
// **Expected output**
//
// ```
// cost of zero logits = 1.7917595
// ln 6 = 1.7917595
// ```
//
// With all logits equal, the softmax gives each class $1/6$ and the cost is $\ln 6$: the cost of
// an untrained network is close to it.

// %% {"id": "computeCost-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.computeCost(computeCost, tf);

// %% [markdown] {"id": "model-md"}
// ## 5 · Training the model
//
// Backpropagation and the parameter update are one line in a framework:
// `optimizer.minimize(f, true)` runs `f` (forward propagation and cost), computes the gradients of
// its result with respect to every variable `f` used (`tf.variableGrads`), applies one optimizer
// step to them, and returns the cost (`true`: return it). `tf.train.adam(learningRate, 0.9, 0.999,
// 1e-8)` is Adam with the course's hyperparameters; like TensorFlow's, it adds ε to $\sqrt{s}$ with
// the bias correction folded into the learning rate.
//
// The course's model keeps two quirks, kept here: the mini-batch seed starts at 3 and is increased
// *before* each epoch (the first epoch uses 4), and each mini-batch cost is divided by
// `numMinibatches = Math.floor(m / minibatchSize)` — 33 for 1080 examples — although there are
// 34 mini-batches (the last one has 24 examples). `tsdl.framework.randomMiniBatches(tf, X, Y, size,
// seed)` is the course's `random_mini_batches`: it seeds `tsdl.random` and shuffles the columns as
// numpy does.
//
// **Exercise.** Complete `model`: create the parameters and the optimizer, and take one Adam step
// per mini-batch. Each epoch runs inside `tf.tidy`, which frees its mini-batches and costs; at the
// end the parameters' values are read into tsdl matrices (the course's `sess.run(parameters)`) and
// the variables and the optimizer's state are freed, so the model leaves no tensor behind.

// %% {"id": "model", "tsdl": {"graded": true, "grade_id": "model", "points": 2}}
// GRADED FUNCTION: model

interface ModelOptions {
  learningRate?: number;
  numEpochs?: number;
  minibatchSize?: number;
  /** print the cost every 100 epochs and show the progress (default true) */
  printCost?: boolean;
}

interface ModelResult {
  parameters: Record<string, Mat>;
  /** the epoch cost every 5 epochs */
  costs: number[];
  trainAccuracy: number;
  testAccuracy: number;
  secondsPerEpoch: number;
}

/** The fraction of columns where argmax(Z3) is the class of Y. */
function accuracy(X: tf.Tensor2D, Y: tf.Tensor2D, parameters: Record<string, tf.Tensor>): number {
  return tf.tidy(() => {
    const correct = tf.equal(tf.argMax(forwardPropagation(X, parameters), 0), tf.argMax(Y, 0));
    return tf.mean(tf.cast(correct, "float32")).dataSync()[0];
  });
}

/**
 * The 3-layer network LINEAR->RELU->LINEAR->RELU->LINEAR->SOFTMAX trained with Adam on mini-batches.
 * XTrain (12288, m), YTrain (6, m) one-hot; XTest, YTest likewise.
 * Example: `const result = model(XTrain, YTrain, XTest, YTest, { numEpochs: 100 })`.
 */
function model(XTrain: tf.Tensor2D, YTrain: tf.Tensor2D, XTest: tf.Tensor2D, YTest: tf.Tensor2D, options: ModelOptions = {}): ModelResult {
  const { learningRate = 0.0001, numEpochs = 1500, minibatchSize = 32, printCost = true } = options;
  const m = XTrain.shape[1];
  const costs: number[] = [];
  let seed = 3; // to keep consistent results
  const bar = printCost ? tsdl.progress({ total: numEpochs, label: "training" }) : null;

  // START CODE HERE (2 lines)
  const parameters = initializeParameters();
  const optimizer = tf.train.adam(learningRate, 0.9, 0.999, 1e-8);
  // END CODE HERE

  const start = performance.now();
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    let epochCost = 0;
    const numMinibatches = Math.floor(m / minibatchSize); // the course's int(m / minibatch_size)
    seed = seed + 1;
    tf.tidy(() => {
      const minibatches = tsdl.framework.randomMiniBatches(tf, XTrain, YTrain, minibatchSize, seed);
      for (const [X, Y] of minibatches) {
        // START CODE HERE (1 line)
        const minibatchCost = optimizer.minimize(() => computeCost(forwardPropagation(X, parameters), Y), true)!;
        // END CODE HERE
        epochCost += minibatchCost.dataSync()[0] / numMinibatches;
      }
    });
    if (printCost && epoch % 100 === 0) console.log(`Cost after epoch ${epoch}: ${epochCost.toFixed(6)}`);
    if (epoch % 5 === 0) costs.push(epochCost);
    bar?.update(epoch, { cost: epochCost });
  }
  const secondsPerEpoch = (performance.now() - start) / 1000 / numEpochs;
  bar?.done();

  const trainAccuracy = accuracy(XTrain, YTrain, parameters);
  const testAccuracy = accuracy(XTest, YTest, parameters);
  if (printCost) {
    console.log(`Train Accuracy: ${trainAccuracy.toFixed(6)}`);
    console.log(`Test Accuracy: ${testAccuracy.toFixed(6)}`);
  }
  const values: Record<string, Mat> = tsdl.framework.toMats(parameters); // copies, before the variables go
  optimizer.dispose();
  tf.dispose(Object.values(parameters));
  return { parameters: values, costs, trainAccuracy, testAccuracy, secondsPerEpoch };
}

// %% [markdown] {"id": "model-check-md"}
// Before the long run, the check trains your model for 2 epochs on 80 random pictures and compares
// its costs and weights with the lab's loop (about a second).

// %% {"id": "model-check"}
// prints "All tests passed." or what to fix
tsdl.checks.model(model, tf);

// %% [markdown] {"id": "train-md"}
// Now the real run. `numEpochs` keeps this notebook quick; the course trains for **1500** epochs:
// set `numEpochs = 1500` for its run. Measured here with the wasm backend: 0.058 s per epoch on the
// 96 pictures of the split, so 1500 epochs take about 1.5 minutes; on the course's 1080 pictures
// 1.89 s per epoch, about 47 minutes (extrapolated from the measured s/epoch, not run).
//
// The number of tensors alive before and after training is printed: equal, nothing leaked.

// %% {"id": "train-params"}
const numEpochs = 150; // the course's run: 1500

// %% {"id": "train", "tsdl": {"timeout": 3600}}
const tensorsBefore = tf.memory().numTensors;
const result = model(XTrain, YTrain, XTest, YTest, { numEpochs: numEpochs });
console.log(`tensors alive before training: ${tensorsBefore}, after: ${tf.memory().numTensors}`);

// %% [markdown] {"id": "train-expected"}
// **Expected output** (the course's, TF1 on its 1080 pictures, 1500 epochs — reference only)
//
// ```
// Cost after epoch 0: 1.855702
// Cost after epoch 100: 1.016458
// Cost after epoch 200: 0.733102
// …
// Cost after epoch 1400: 0.052228
// Train Accuracy: 0.999074
// Test Accuracy: 0.716667
// ```
//
// On the split of `test_signs.h5` each epoch takes 3 Adam steps instead of 34, so after the same
// number of epochs the cost is higher than the course's.

// %% {"id": "train-curve"}
tsdl.plot.show(tsdl.plot.costCurve(result.costs, { title: `Learning rate =${0.0001}`, xlabel: "iterations (per fives)" }));

// %% [markdown] {"id": "predictions-md"}
// ### 5.1 · Predictions
//
// The trained parameters (tsdl matrices) go back into tensors for a forward pass on the first
// test pictures; the title of each says its label and the network's answer.

// %% {"id": "predictions"}
{
  const k = Math.min(12, signs.testX.shape[0]);
  const predicted = tf.tidy(() => {
    const parameters = Object.fromEntries(Object.entries(result.parameters).map(([name, A]) => [name, toTensor(A)]));
    return Array.from(tf.argMax(forwardPropagation(XTest.slice([0, 0], [12288, k]), parameters), 0).dataSync());
  });
  const labels = predicted.map((p, i) => `y = ${signs.testY.get(0, i)}, predicted ${p}`);
  tsdl.plot.show(tsdl.plot.imageGrid(Array.from({ length: k }, (_, i) => signs.testX.pick(i)), labels, { cols: 6, title: "Test pictures: label and prediction" }));
  console.log(`right on ${predicted.filter((p, i) => p === signs.testY.get(0, i)).length} of these ${k} test pictures`);
}

// %% [markdown] {"id": "tsdl-md"}
// ## 6 · The same model in tsdl
//
// What did the framework do for you? `tsdl.framework.signsModelTsdl` trains the same network on
// the same data for the same number of epochs, with the same mini-batches (seed 3, incremented
// before each epoch) and the same cost quirk — but every gradient written by hand, as in the
// earlier labs: $dZ^{[3]} = (\text{softmax}(Z^{[3]}) - Y)/m$, then $dW^{[l]}$, $db^{[l]}$,
// $dZ^{[l-1]}$ through the ReLUs, and tsdl's Adam step. Its Glorot weights come from
// `tsdl.random`'s generator (seed 1), not TensorFlow.js's, so the costs differ a little.

// %% {"id": "tsdl-train", "tsdl": {"timeout": 3600}}
const flatTrain = tsdl.data.flattenImages(signs.trainX);
const flatTest = tsdl.data.flattenImages(signs.testX);
const tsdlResult = tsdl.framework.signsModelTsdl(flatTrain, tsdl.data.oneHot(signs.trainY, 6), flatTest, tsdl.data.oneHot(signs.testY, 6), { numEpochs: numEpochs });
console.log(`Train Accuracy: ${tsdlResult.trainAccuracy.toFixed(6)}`);
console.log(`Test Accuracy: ${tsdlResult.testAccuracy.toFixed(6)}`);

// %% [markdown] {"id": "compare-md"}
// Side by side (the seconds are this run's, measured in the two cells above):

// %% {"id": "compare", "tags": ["nbval-ignore-output"]}
{
  const row = (name: string, r: { trainAccuracy: number; testAccuracy: number; secondsPerEpoch: number }) =>
    name.padEnd(26) + r.trainAccuracy.toFixed(3).padStart(8) + r.testAccuracy.toFixed(3).padStart(8) + `${r.secondsPerEpoch.toFixed(3)} s`.padStart(12);
  console.log(`${numEpochs} epochs, ${signs.trainX.shape[0]} training pictures`);
  console.log("".padEnd(26) + "train".padStart(8) + "test".padStart(8) + "per epoch".padStart(12));
  console.log(row(`TensorFlow.js (${tf.getBackend()})`, result));
  console.log(row("tsdl (by hand)", tsdlResult));
}

// %% [markdown] {"id": "compare-explained"}
// The framework saved you the backward pass and the optimizer: the TensorFlow.js model is 30 lines
// with no derivative in them. What it cost here is speed: tsdl's hand-written step — its matrix
// products and Adam compiled to WebAssembly and run on memory it keeps between mini-batches — trains
// this network 5–16 times faster than TensorFlow.js's wasm backend (16× with the course's 1080
// pictures in our measurement, 5× with the 96 of the split). With
// `tfjs-node` or a GPU (`tfjs-backend-webgl` in a browser), the framework would win on larger
// networks — and it differentiates any network you write, not just this one.

// %% [markdown] {"id": "remember"}
// ## What to remember
//
// - TensorFlow.js is eager: operations run when called, there are no sessions or placeholders
//   (TF1); `dataSync()` reads a tensor's values.
// - Tensors live outside JavaScript's garbage collector: compute inside `tf.tidy`, dispose what you
//   keep, and watch `tf.memory().numTensors`.
// - You write the forward pass and the cost; `optimizer.minimize` differentiates them
//   (`tf.variableGrads`) and updates the `tf.variable`s.
// - `tf.losses.softmaxCrossEntropy` and `sigmoidCrossEntropy` take logits and want one row per
//   example; `tf.oneHot` puts the classes last and returns int32.
// - The backend matters: wasm trains this network 3–5 times faster than cpu here.
