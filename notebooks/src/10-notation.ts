// %% notebook {"tsdl": {"timeout": 120}}
// %% [markdown] {"id": "title"}
// # 10 · Deep-learning notation, from the lectures to the code
//
// **Goal.** The lectures write $W^{[2]}$, $a^{[1](i)}$ or $X^{\{t\}}$; the notebooks write
// `parameters["W2"]`, a column of `A1`, `miniBatches[t - 1][0]`. This notebook is the dictionary
// between the two: every symbol of the course's notation, what it means, its shape, and the
// `tsdl` name that holds it — each group checked on a real forward pass of the course's 3-layer
// network, so you can move between a lecture slide, a lab and the code without translating in
// your head.
//
// The notation is the one the course uses throughout (its "standard notations for deep learning"
// handout); the explanations here are ours.

// %% [markdown] {"id": "example-md"}
// ## 1 · The running example
//
// The initialization lab's data set — two noisy circles, 300 training points in the plane — and
// its network LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID with layer sizes `[2, 10, 5, 1]`.
// The weights are random (`tsdl.regUtils.initializeParameters`: Gaussian, divided by
// $\sqrt{n^{[l-1]}}$): we only look at shapes, not at a trained model.

// %% {"id": "example"}
import * as tsdl from "tsdl";

type Mat = tsdl.Mat;
const shape = (a: Mat) => `(${a.shape.join(", ")})`;

const [X, Y] = tsdl.initUtils.loadDataset(); // training set: X (2, 300), Y (1, 300)
const layersDims = [2, 10, 5, 1];
const parameters = tsdl.regUtils.initializeParameters(layersDims);
console.log(`tsdl ${tsdl.version}: X ${shape(X)}, Y ${shape(Y)}, layersDims [${layersDims.join(", ")}]`);

// %% [markdown] {"id": "scripts-md"}
// ## 2 · Three kinds of superscript
//
// | written | means | in code |
// |---|---|---|
// | $x^{(i)}$ | the $i$-th **training example** | column `i - 1` of `X` |
// | $W^{[l]}$, $a^{[l]}$ | belongs to **layer** $l$ | `parameters["W" + l]`, `A` of layer `l` |
// | $X^{\{t\}}$ | the $t$-th **mini-batch** | `miniBatches[t - 1]` |
//
// They combine: $a^{[2](i)}$ is the activation of layer 2 for example $i$. A subscript picks a
// **unit** (a row): $a^{[2]}_j$ is unit $j$ of layer 2, and $w^{[l]}_{jk}$ the weight from unit $k$
// of layer $l-1$ to unit $j$ of layer $l$.
//
// **Counting.** The mathematics counts from 1, TypeScript (like numpy) from 0: $x^{(1)}$ is
// column 0, $a^{[2]}_1$ is row 0. Layer numbers are the exception — the code keeps them as in the
// lectures (`"W1"` is $W^{[1]}$), because they are names, not indices.

// %% [markdown] {"id": "sizes-md"}
// ## 3 · Sizes
//
// - $m$ — the number of examples: the number of **columns** of $X$, `X.shape[1]`;
// - $n_x$ — the input size, `X.shape[0]`; $n_y$ — the output size (number of classes, or 1 for a
//   yes/no output), `Y.shape[0]`;
// - $n^{[l]}$ (also $n_h^{[l]}$) — the number of units of layer $l$, `layersDims[l]`, with
//   $n^{[0]} = n_x$ and $n^{[L]} = n_y$;
// - $L$ — the number of layers. The input is layer 0 and is **not** counted: `[2, 10, 5, 1]` is a
//   3-layer network, $L$ = `layersDims.length - 1`. (The labs' code sometimes writes
//   `L = len(layers_dims)` and loops to `L - 1`: the same layers, counted differently.)

// %% {"id": "sizes"}
const m = X.shape[1];
const nx = X.shape[0];
const ny = Y.shape[0];
const L = layersDims.length - 1;
console.log(`m = ${m}, n_x = ${nx}, n_y = ${ny}, L = ${L}`);
for (let l = 0; l <= L; l++) console.log(`n^[${l}] = layersDims[${l}] = ${layersDims[l]}`);

// %% [markdown] {"id": "objects-md"}
// ## 4 · Data: $X$, $x^{(i)}$, $Y$, $y^{(i)}$
//
// Examples are **stacked as columns**:
//
// $$X = \big[\, x^{(1)}\ x^{(2)} \cdots x^{(m)} \,\big] \in \mathbb{R}^{n_x \times m}, \qquad
//   Y = \big[\, y^{(1)}\ y^{(2)} \cdots y^{(m)} \,\big] \in \mathbb{R}^{n_y \times m}.$$
//
// So $x^{(i)} \in \mathbb{R}^{n_x}$ is a column vector — in code an $(n_x, 1)$ array,
// `tsdl.columns(X, [i - 1])` — and $y^{(i)}$ is column `i - 1` of `Y`.

// %% {"id": "objects"}
const x1 = tsdl.columns(X, [0]); // x^(1)
const y1 = tsdl.columns(Y, [0]); // y^(1)
console.log(`X ${shape(X)}, x^(1) ${shape(x1)}, Y ${shape(Y)}, y^(1) ${shape(y1)}`);
tsdl.print("x^(1) =", x1);
tsdl.print("y^(1) =", y1);

// %% [markdown] {"id": "parameters-md"}
// ## 5 · Parameters: $W^{[l]}$ and $b^{[l]}$
//
// Layer $l$ maps the $n^{[l-1]}$ activations of the layer before it to its own $n^{[l]}$ units:
//
// $$W^{[l]} \in \mathbb{R}^{n^{[l]} \times n^{[l-1]}}, \qquad b^{[l]} \in \mathbb{R}^{n^{[l]} \times 1}.$$
//
// Rows are the layer's units, columns the previous layer's units; $w^{[l]}_{jk}$ (row $j$, column
// $k$) is `parameters["W" + l].get(j - 1, k - 1)`. The course keeps all of them in one dictionary,
// `parameters`, under the keys `"W1"`, `"b1"`, `"W2"`, …

// %% {"id": "parameters"}
for (let l = 1; l <= L; l++) {
  const W = parameters["W" + l];
  const b = parameters["b" + l];
  console.log(`W^[${l}] = parameters["W${l}"] ${shape(W)} = (n^[${l}], n^[${l - 1}]), b^[${l}] = parameters["b${l}"] ${shape(b)}`);
}

// %% [markdown] {"id": "forward-md"}
// ## 6 · The forward pass: $Z^{[l]}$, $A^{[l]}$, $g^{[l]}$, $\hat{y}$
//
// For one example, unit $j$ of layer $l$ adds up its weighted inputs and applies the layer's
// activation function $g^{[l]}$:
//
// $$a^{[l]}_j = g^{[l]}\Big(\sum_k w^{[l]}_{jk}\, a^{[l-1]}_k + b^{[l]}_j\Big) = g^{[l]}\big(z^{[l]}_j\big).$$
//
// For all $m$ examples at once, the columns stack again:
//
// $$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}, \qquad A^{[l]} = g^{[l]}\big(Z^{[l]}\big), \qquad A^{[0]} = X,$$
//
// with $Z^{[l]}, A^{[l]} \in \mathbb{R}^{n^{[l]} \times m}$ ($b^{[l]}$ is added to every column:
// numpy calls it broadcasting, `tsdl.addColumn` here). In this network $g^{[1]} = g^{[2]}$ = ReLU
// and $g^{[3]}$ = sigmoid, and the prediction is the last activation,
// $\hat{y} = a^{[L]}$ ($\hat{Y} = A^{[L]}$ for all examples).
//
// `tsdl.nn.forwardPropagation(X, parameters)` returns $A^{[3]}$ and the course's cache, the tuple
// `(z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)`: $Z^{[l]}$ is `cache[4 * (l - 1)]` and
// $A^{[l]}$ is `cache[4 * (l - 1) + 1]`.

// %% {"id": "forward"}
const [a3, cache] = tsdl.nn.forwardPropagation(X, parameters);
const Z = (l: number): Mat => cache[4 * (l - 1)];
const A = (l: number): Mat => (l === 0 ? X : cache[4 * (l - 1) + 1]);
console.log(`A^[0] = X ${shape(A(0))}`);
for (let l = 1; l <= L; l++) console.log(`Z^[${l}] ${shape(Z(l))}, A^[${l}] ${shape(A(l))}`);
console.log(`y_hat = A^[${L}] = a3 ${shape(a3)}, one prediction per example`);

// %% [markdown] {"id": "unit-md"}
// The units of layer 2 by hand, for the first example:
// $z^{[2](1)}_j = \sum_k w^{[2]}_{jk}\, a^{[1](1)}_k + b^{[2]}_j$ is row `j - 1` of `W2` times column 0
// of `A1`, plus `b2`; it must equal element `(j - 1, 0)` of $Z^{[2]}$, and ReLU turns it into
// $a^{[2](1)}_j$ — 0 where $z < 0$: that unit is off for this example.

// %% {"id": "unit"}
const W2 = parameters["W2"];
const b2 = parameters["b2"];
const digits = (v: number) => (v === 0 ? "0" : v.toPrecision(10));
for (let j = 0; j < layersDims[2]; j++) {
  let z = b2.get(j, 0);
  for (let k = 0; k < layersDims[1]; k++) z += W2.get(j, k) * A(1).get(k, 0);
  console.log(`j = ${j + 1}: by hand z = ${digits(z)}, Z(2).get(${j}, 0) = ${digits(Z(2).get(j, 0))}, ` +
    `a = relu(z) = ${digits(Math.max(0, z))}, A(2).get(${j}, 0) = ${digits(A(2).get(j, 0))}`);
}

// %% [markdown] {"id": "cost-md"}
// ## 7 · The cost $J$
//
// $J(\hat{y}, y)$ — or $J(W, b)$ when we think of it as a function of the parameters — measures
// how far the predictions are from the labels, averaged over the examples. The course's
// binary networks use the cross-entropy
//
// $$J = -\frac{1}{m} \sum_{i=1}^{m} \Big( y^{(i)} \log \hat{y}^{(i)} + \big(1 - y^{(i)}\big) \log\big(1 - \hat{y}^{(i)}\big) \Big);$$
//
// for $n_y$ classes (softmax) the handout's $-\sum_i y^{(i)} \cdot \log \hat{y}^{(i)}$ sums over
// the classes too. In code it is one number (`tsdl.initUtils.computeLoss(a3, Y)` here).

// %% {"id": "cost"}
const J = tsdl.initUtils.computeLoss(a3, Y);
console.log(`J = computeLoss(a3, Y) = ${J} (a number, not an array)`);

// %% [markdown] {"id": "grads-md"}
// ## 8 · Gradients: $dW^{[l]}$, $db^{[l]}$
//
// Backpropagation writes $dW^{[l]}$ for $\partial J / \partial W^{[l]}$ (and $db^{[l]}$, $dZ^{[l]}$,
// $dA^{[l]}$ alike); each has the shape of the thing it is the derivative of, so that
// $W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]}$ makes sense. The course keeps them in `grads`:
// `grads["dW" + l]`, `grads["db" + l]`.

// %% {"id": "grads"}
const grads = tsdl.initUtils.backwardPropagation(X, Y, cache);
for (let l = 1; l <= L; l++) {
  console.log(`dW^[${l}] = grads["dW${l}"] ${shape(grads["dW" + l])}, db^[${l}] = grads["db${l}"] ${shape(grads["db" + l])}`);
}

// %% [markdown] {"id": "minibatch-md"}
// ## 9 · Mini-batches: $X^{\{t\}}$, $Y^{\{t\}}$
//
// Mini-batch gradient descent shuffles the $m$ examples and cuts them into mini-batches of (say)
// 64 columns: $X^{\{t\}} \in \mathbb{R}^{n_x \times 64}$, $Y^{\{t\}} \in \mathbb{R}^{n_y \times 64}$, the last
// one smaller when 64 does not divide $m$. `tsdl.nn.randomMiniBatches(X, Y, 64, seed)` returns the
// list of pairs `[X^{t}, Y^{t}]`: $X^{\{t\}}$ is `miniBatches[t - 1][0]`. A forward pass on a
// mini-batch gives $A^{[l]\{t\}}$ with 64 columns instead of $m$.

// %% {"id": "minibatch"}
const miniBatches = tsdl.nn.randomMiniBatches(X, Y, 64, 0);
console.log(`${miniBatches.length} mini-batches of m = ${m} examples`);
miniBatches.forEach(([Xt, Yt], k) => console.log(`X^{${k + 1}} = miniBatches[${k}][0] ${shape(Xt)}, Y^{${k + 1}} ${shape(Yt)}`));
const [aT, cacheT] = tsdl.nn.forwardPropagation(miniBatches[0][0], parameters);
console.log(`on X^{1}: A^[1]{1} ${shape(cacheT[1])}, A^[2]{1} ${shape(cacheT[5])}, A^[3]{1} ${shape(aT)}`);

// %% [markdown] {"id": "table"}
// ## 10 · The whole dictionary
//
// For this notebook's network, $n_x = 2$, $m = 300$, `layersDims = [2, 10, 5, 1]`:
//
// | symbol | meaning | shape | in `tsdl` |
// |---|---|---|---|
// | $m$ | number of examples | — | `X.shape[1]` |
// | $n_x$, $n_y$ | input size, output size | — | `X.shape[0]`, `Y.shape[0]` |
// | $n^{[l]}$ | units of layer $l$ | — | `layersDims[l]` |
// | $L$ | number of layers (input not counted) | — | `layersDims.length - 1` |
// | $X$, $Y$ | inputs, labels, one column per example | $(n_x, m)$, $(n_y, m)$ | `X`, `Y` |
// | $x^{(i)}$, $y^{(i)}$ | example $i$ and its label | $(n_x, 1)$, $(n_y, 1)$ | `tsdl.columns(X, [i - 1])` |
// | $W^{[l]}$ | weights of layer $l$ | $(n^{[l]}, n^{[l-1]})$ | `parameters["W" + l]` |
// | $b^{[l]}$ | biases of layer $l$ | $(n^{[l]}, 1)$ | `parameters["b" + l]` |
// | $w^{[l]}_{jk}$ | weight from unit $k$ to unit $j$ | — | `parameters["W" + l].get(j - 1, k - 1)` |
// | $Z^{[l]}$ | pre-activations | $(n^{[l]}, m)$ | `cache[4 * (l - 1)]` (`z1`, `z2`, `z3`) |
// | $A^{[l]}$, $A^{[0]} = X$ | activations | $(n^{[l]}, m)$ | `cache[4 * (l - 1) + 1]` (`a1`, `a2`, `a3`) |
// | $g^{[l]}$ | activation function | — | `tsdl.relu`, `tsdl.sigmoid` |
// | $\hat{y} = a^{[L]}$ | prediction | $(n_y, m)$ | `a3` |
// | $J$ | cost | a number | `computeLoss(a3, Y)` / `computeCost(a3, Y)` |
// | $dW^{[l]}$, $db^{[l]}$ | gradients | as $W^{[l]}$, $b^{[l]}$ | `grads["dW" + l]`, `grads["db" + l]` |
// | $X^{\{t\}}$, $Y^{\{t\}}$ | mini-batch $t$ | $(n_x, 64)$, $(n_y, 64)$ | `miniBatches[t - 1][0]`, `[1]` |

// %% [markdown] {"id": "remember"}
// ## What to remember
//
// - $(i)$ is an example (a column), $[l]$ a layer, $\{t\}$ a mini-batch; subscripts pick units (rows).
// - $W^{[l]}$ is $(n^{[l]}, n^{[l-1]})$ and every activation matrix is (units, examples): check a
//   shape by asking "how many units, how many examples?".
// - The lectures count from 1, the code from 0 — except layer names, which keep the lectures' numbers.
// - A derivative $dW^{[l]}$ always has the shape of $W^{[l]}$.
