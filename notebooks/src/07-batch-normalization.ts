// %% notebook {"tsdl": {"timeout": 120}}
// %% [markdown] {"id": "title"}
// # 7 · Batch normalization
//
// **Goal.** Normalizing a network's inputs (mean 0, variance 1 per feature) makes its cost
// easier to minimize. Batch normalization (Ioffe & Szegedy, 2015) does the same for the
// hidden layers: it normalizes each unit's $z$ over the mini-batch, then lets the network choose
// the mean and the spread it wants with two learned parameters, $\gamma$ and $\beta$. The Week 3
// lectures teach it; the course has no lab for it. Here you
//
// - compute batch norm's forward pass for a fully connected layer, step by step;
// - check its backward pass ($d\gamma$, $d\beta$ and $dZ$) with the N-dimensional gradient check
//   of Week 1;
// - train the same 5-layer network on the same data, from the same weights, with and without
//   batch norm, and compare the cost curves;
// - see why a trained network normalizes differently at test time (running averages) than in
//   training (the mini-batch's own statistics).

// %% [markdown] {"id": "packages-md"}
// ## 1 · Packages
//
// `tsdl.nn` holds batch norm — `batchnormForward`, `batchnormBackward`, `batchnormInference`,
// `updateRunningStats` — and a network that uses it (`initializeDeepNetwork`, `deepForward`,
// `deepBackward`, `updateDeepNetwork`, `deepCost`), plus `gradientCheck`, the N-dimensional
// gradient check of Week 1 for any named arrays.

// %% {"id": "packages"}
import * as tsdl from "tsdl";

type Mat = tsdl.Mat;
const nn = tsdl.nn;
console.log(`tsdl ${tsdl.version}, ε = ${nn.BN_EPSILON}`);

// %% [markdown] {"id": "forward-md"}
// ## 2 · The forward pass
//
// Take one layer's pre-activations $Z = W^{[l]} A^{[l-1]}$ for a mini-batch of $m$ examples:
// $Z$ is $(n^{[l]}, m)$, one column $z^{(i)}$ per example, one row per unit. For every unit
// (row), over the mini-batch:
//
// $$\mu = \frac{1}{m} \sum_{i} z^{(i)}, \qquad \sigma^2 = \frac{1}{m} \sum_{i} \left(z^{(i)} - \mu\right)^2,$$
//
// $$z^{(i)}_{\text{norm}} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \varepsilon}}, \qquad \tilde z^{(i)} = \gamma\, z^{(i)}_{\text{norm}} + \beta.$$
//
// $z_{\text{norm}}$ has mean 0 and variance 1 per unit ($\varepsilon$, here $10^{-5}$, only keeps
// the division safe when a unit does not vary). $\gamma$ and $\beta$, one per unit like a bias,
// are learned by gradient descent, so $\tilde z$ can have whatever mean and spread suits the next
// layer. The activation then takes $\tilde z$: $A^{[l]} = g(\tilde Z)$.
//
// Below, three units over a batch of five examples, on very different scales (around 100, around
// 0, around −5 with a tiny spread), computed step by step and then by `nn.batchnormForward`.

// %% {"id": "forward"}
/** The column c (n, 1) copied into each of m columns: what numpy's broadcasting does for Z − μ. */
const spread = (c: Mat, m: number): Mat => tsdl.matmul(c, tsdl.ones([1, m]));

const rng = new tsdl.RandomState(1);
const m = 5;
const Z = tsdl.add(tsdl.mul(spread(tsdl.array([[20], [1], [0.01]]), m), rng.randn(3, m) as Mat), spread(tsdl.array([[100], [0], [-5]]), m));
const gamma = tsdl.array([[1], [2], [0.5]]);
const beta = tsdl.array([[0], [1], [-1]]);

const mu = tsdl.mean(Z, 1, true);                                  // (3, 1)
const centred = tsdl.sub(Z, spread(mu, m));                        // Z − μ
const sigma2 = tsdl.mean(tsdl.square(centred), 1, true);           // (3, 1)
const std = tsdl.sqrt(tsdl.add(sigma2, nn.BN_EPSILON));            // √(σ² + ε)
const Znorm = tsdl.div(centred, spread(std, m));
const Ztilde = tsdl.add(tsdl.mul(spread(gamma, m), Znorm), spread(beta, m));

tsdl.print("Z =", Z);
tsdl.print("mu =", mu);
tsdl.print("sigma2 =", sigma2);
tsdl.print("Znorm =", Znorm);
tsdl.print("mean of Znorm per unit =", tsdl.mean(Znorm, 1, true));
tsdl.print("variance of Znorm per unit =", tsdl.mean(tsdl.square(Znorm), 1, true));
tsdl.print("Ztilde =", Ztilde);

// the library's forward pass computes the same numbers
const [ZtildeLib, bnCache] = nn.batchnormForward(Z, gamma, beta);
tsdl.assertClose(ZtildeLib, Ztilde, { rtol: 1e-15, name: "batchnormForward" });
tsdl.assertClose(bnCache.mu, mu, { rtol: 0, name: "mu" });

// %% [markdown] {"id": "forward-expected"}
// **Expected output**
//
// ```
// Z = [[132.48690727  87.76487173  89.43656495  78.54062756 117.30815259]
//  [ -2.3015387    1.74481176  -0.7612069    0.3190391   -0.24937038]
//  [ -4.98537892  -5.02060141  -5.00322417  -5.00384054  -4.98866231]]
// mu = [[101.10742482]
//  [ -0.24965302]
//  [ -5.00034147]]
// sigma2 = [[4.14125706e+02]
//  [1.75464456e+00]
//  [1.58259861e-04]]
// Znorm = [[ 1.54198332e+00 -6.55651169e-01 -5.73504400e-01 -1.10892922e+00
//    7.96101467e-01]
//  [-1.54902114e+00  1.50567264e+00 -3.86185148e-01  4.29320271e-01
//    2.13377562e-04]
//  [ 1.15349397e+00 -1.56188062e+00 -2.22233500e-01 -2.69750859e-01
//    9.00371007e-01]]
// mean of Znorm per unit = [[ 0.00000000e+00]
//  [-2.45517582e-17]
//  [-4.10782519e-14]]
// variance of Znorm per unit = [[0.99999998]
//  [0.9999943 ]
//  [0.94056812]]
// Ztilde = [[ 1.54198332 -0.65565117 -0.5735044  -1.10892922  0.79610147]
//  [-2.09804228  4.01134528  0.2276297   1.85864054  1.00042676]
//  [-0.42325302 -1.78094031 -1.11111675 -1.13487543 -0.5498145 ]]
// ```
//
// Each row of `Znorm` has mean 0 (to rounding) and variance 1, whatever the scale of its $z$: the
// next layer sees numbers of the same size. Precisely, the variance is $\sigma^2 / (\sigma^2 + \varepsilon)$,
// and the third unit shows $\varepsilon$ at work: its $\sigma^2 \approx 1.6 \cdot 10^{-4}$ is not
// much larger than $\varepsilon = 10^{-5}$, so its variance is about 0.94.

// %% [markdown] {"id": "identity-md"}
// **$\gamma$ and $\beta$ can undo the normalization.** With $\gamma = \sqrt{\sigma^2 + \varepsilon}$
// and $\beta = \mu$, $\tilde z = z$: batch norm can represent "no normalization at all", so it
// never takes away what a layer could express. (And a bias $b^{[l]}$ before batch norm would be
// subtracted away with the mean: with batch norm, $\beta^{[l]}$ replaces $b^{[l]}$.)

// %% {"id": "identity"}
const [undone] = nn.batchnormForward(Z, std, mu);
console.log(`with γ = √(σ² + ε) and β = μ: largest |Z̃ − Z| = ${tsdl.formatFloat(Math.max(...Array.from(tsdl.sub(undone, Z).data, Math.abs)))}`);

// %% [markdown] {"id": "identity-expected"}
// **Expected output**
//
// ```
// with γ = √(σ² + ε) and β = μ: largest |Z̃ − Z| = 0.0
// ```
//
// Exactly zero here; in general, zero up to the rounding of the few operations in between.

// %% [markdown] {"id": "backward-md"}
// ## 3 · The backward pass, and its gradient check
//
// Given $d\tilde Z = \partial J / \partial \tilde Z$ from the layer above, per unit:
//
// $$d\beta = \sum_i d\tilde z^{(i)}, \qquad d\gamma = \sum_i d\tilde z^{(i)}\, z^{(i)}_{\text{norm}}, \qquad dz_{\text{norm}} = \gamma\, d\tilde z,$$
//
// $$dZ = \frac{1}{m} \frac{1}{\sqrt{\sigma^2 + \varepsilon}} \left( m\, dz_{\text{norm}} - \sum_i dz^{(i)}_{\text{norm}} - z_{\text{norm}} \sum_i dz^{(i)}_{\text{norm}}\, z^{(i)}_{\text{norm}} \right).$$
//
// The last formula is the chain rule through $\mu$ and $\sigma^2$: they depend on every example of
// the batch, so each $z^{(i)}$ affects every $\tilde z^{(j)}$. It is easy to get wrong — a job for
// gradient checking. The cost: the batch-norm layer above, then RELU → LINEAR → SIGMOID and the
// cross-entropy,
//
// $$J(Z, \gamma, \beta) = \frac{1}{m} \sum_i \mathcal{L}\left(\sigma\left(W^{[2]} \operatorname{relu}(\tilde z^{(i)}) + b^{[2]}\right), y^{(i)}\right),$$
//
// with $W^{[2]}, b^{[2]}$ and the labels fixed. `nn.gradientCheck` moves each of the
// $3 + 3 + 15 = 21$ entries of $\gamma$, $\beta$ and $Z$ by $\pm\varepsilon = 10^{-7}$ in turn and
// compares the two-sided differences of $J$ with the backward pass, as `gradient_check_n` did:
//
// $$\text{difference} = \frac{\| \text{grad} - \text{gradapprox} \|_2}{\| \text{grad} \|_2 + \| \text{gradapprox} \|_2}.$$

// %% {"id": "head"}
const W2 = tsdl.array([[0.5, -1.2, 0.8]]);
const b2 = tsdl.array([[0.1]]);
const Ylabels = tsdl.array([[1, 0, 1, 1, 0]]);

/** The cost J of the batch-norm layer followed by RELU → LINEAR → SIGMOID, and what backprop needs. */
function headForward(Zin: Mat, g: Mat, b: Mat): { cost: number; A1: Mat; A2: Mat; cache: tsdl.nn.BatchNormCache } {
  const [Zt, cache] = nn.batchnormForward(Zin, g, b);
  const A1 = tsdl.relu(Zt);
  const A2 = tsdl.sigmoid(tsdl.addColumn(tsdl.matmul(W2, A1), b2));
  return { cost: nn.crossEntropySum(A2, Ylabels), A1, A2, cache };
}

/** dZ, dgamma, dbeta of that cost (and dZtilde): backprop through the head, then batch norm's backward. */
function headBackward(f: ReturnType<typeof headForward>): { dZ: Mat; dgamma: Mat; dbeta: Mat; dZtilde: Mat } {
  const dZ2 = tsdl.mul(1 / m, tsdl.sub(f.A2, Ylabels));   // sigmoid + cross-entropy, averaged
  const dZtilde = tsdl.reluBackward(tsdl.matmulTA(W2, dZ2), f.A1);
  return { ...nn.batchnormBackward(dZtilde, f.cache), dZtilde };
}

// %% {"id": "gradient-check"}
const f = headForward(Z, gamma, beta);
const check = nn.gradientCheck((v) => headForward(v.Z, v.gamma, v.beta).cost, { gamma: gamma, beta: beta, Z: Z }, headBackward(f));
console.log(`cost J = ${f.cost.toFixed(6)}, ${check.entries} entries checked`);
for (const k of ["gamma", "beta", "Z"]) console.log(`d${k.padEnd(5)} difference = ${check.perKey[k].toExponential(2)}`);
console.log(`all together: difference = ${check.difference.toExponential(2)} → ${check.difference < 1e-7 ? "correct (< 1e-7)" : "wrong (≥ 1e-7)"}`);

// %% [markdown] {"id": "gradient-check-expected"}
// **Expected output**
//
// ```
// cost J = 0.757403, 21 entries checked
// dgamma difference = 3.21e-9
// dbeta  difference = 5.81e-10
// dZ     difference = 2.47e-9
// all together: difference = 2.03e-9 → correct (< 1e-7)
// ```
//
// (The last digits of the differences are rounding noise of $J^+ - J^-$; below $10^{-7}$ is what
// counts.)

// %% [markdown] {"id": "wrong-md"}
// A tempting shortcut treats $\mu$ and $\sigma^2$ as constants, $dZ = \gamma\, d\tilde Z / \sqrt{\sigma^2 + \varepsilon}$.
// The gradient check catches it at once:

// %% {"id": "wrong"}
const right = headBackward(f);
const dZshortcut = tsdl.div(tsdl.mul(spread(gamma, m), right.dZtilde), spread(std, m)); // γ dz̃ / √(σ² + ε)
const wrongCheck = nn.gradientCheck((v) => headForward(v.Z, v.gamma, v.beta).cost, { gamma: gamma, beta: beta, Z: Z }, { ...right, dZ: dZshortcut });
console.log(`dZ without the paths through μ and σ²: difference = ${wrongCheck.perKey.Z.toFixed(3)} → ${wrongCheck.perKey.Z < 1e-7 ? "correct" : "wrong"}`);

// %% [markdown] {"id": "wrong-expected"}
// **Expected output**
//
// ```
// dZ without the paths through μ and σ²: difference = 0.239 → wrong
// ```

// %% [markdown] {"id": "network-md"}
// ## 4 · Batch norm in a deep network
//
// The initialization lab's data (two noisy circles, 300 training and 100 test points) and a
// 5-layer network, `layersDims = [2, 10, 10, 10, 10, 1]`: four hidden layers
// LINEAR → [BN] → RELU, then LINEAR → SIGMOID. `nn.initializeDeepNetwork` draws the same He
// weights $W^{[1]}, \dots, W^{[5]}$ from seed 1 for both versions; with batch norm the hidden
// layers get $\gamma^{[l]} = 1$, $\beta^{[l]} = 0$ instead of $b^{[l]}$.
//
// `model` below is the Week 2 training loop: mini-batches of 64 reshuffled each epoch (seeds 11,
// 12, …), one gradient-descent step per mini-batch on every parameter ($W$, $b$, $\gamma$, $\beta$),
// the cost averaged over the epoch's examples. In training mode each batch-norm layer uses its
// mini-batch's $\mu$, $\sigma^2$ and updates the running averages kept for test time.

// %% {"id": "model"}
const [trainX, trainY, testX, testY] = tsdl.initUtils.loadDataset();
const layersDims = [2, 10, 10, 10, 10, 1];

interface Trained {
  parameters: tsdl.nn.Parameters;
  running?: tsdl.nn.RunningStats[];
  costs: number[];
}

/** Trains the 5-layer network with or without batch norm; the cost of every epoch is kept. */
function model(X: Mat, Y: Mat, { batchnorm, learningRate, numEpochs = 300, miniBatchSize = 64 }: { batchnorm: boolean; learningRate: number; numEpochs?: number; miniBatchSize?: number }): Trained {
  let parameters = nn.initializeDeepNetwork(layersDims, { batchnorm, seed: 1 });
  const running = batchnorm ? nn.initDeepRunningStats(parameters) : undefined;
  const shuffler = new tsdl.RandomState(0); // reseeded every epoch by randomMiniBatches
  const costs: number[] = [];
  let seed = 10;
  for (let i = 0; i < numEpochs; i++) {
    seed = seed + 1;
    let costTotal = 0;
    for (const [minibatchX, minibatchY] of nn.randomMiniBatches(X, Y, miniBatchSize, seed, shuffler)) {
      const [AL, caches] = nn.deepForward(minibatchX, parameters, { mode: "train", running });
      costTotal += nn.deepCost(AL, minibatchY) * minibatchX.shape[1];
      const grads = nn.deepBackward(AL, minibatchY, caches, parameters);
      parameters = nn.updateDeepNetwork(parameters, grads, learningRate);
    }
    costs.push(costTotal / X.shape[1]);
  }
  return { parameters, running, costs };
}

/** Accuracy of a trained network, batch norm in inference mode (running averages). */
function accuracy(t: Trained, X: Mat, Y: Mat): number {
  const [AL] = nn.deepForward(X, t.parameters, { mode: "inference", running: t.running });
  return tsdl.mean(tsdl.zip(AL, Y, (a, y) => ((a > 0.5 ? 1 : 0) === y ? 1 : 0)));
}
console.log(`trainX ${trainX.shape.join("x")}, testX ${testX.shape.join("x")}; parameters with batch norm: ${Object.keys(nn.initializeDeepNetwork(layersDims, { batchnorm: true, seed: 1 })).join(" ")}`);

// %% [markdown] {"id": "train-md"}
// Four runs: with and without batch norm, at a small learning rate ($\alpha = 0.01$) and a large
// one ($\alpha = 1$), 300 epochs each.

// %% {"id": "train"}
const runs: { name: string; alpha: number; batchnorm: boolean; t: Trained }[] = [];
for (const alpha of [0.01, 1]) {
  for (const batchnorm of [false, true]) runs.push({ name: batchnorm ? "with batch norm" : "without", alpha, batchnorm, t: model(trainX, trainY, { batchnorm, learningRate: alpha }) });
}
console.log("α      batch norm  cost after epoch 0   50      100     299   train acc  test acc");
for (const r of runs) {
  const c = r.t.costs;
  console.log(`${String(r.alpha).padEnd(6)} ${(r.batchnorm ? "yes" : "no").padEnd(11)} ${[0, 50, 100, 299].map((e) => c[e].toFixed(4).padStart(e === 0 ? 19 : 7)).join(" ")}   ${accuracy(r.t, trainX, trainY).toFixed(3).padStart(8)}  ${accuracy(r.t, testX, testY).toFixed(3).padStart(8)}`);
}

// %% [markdown] {"id": "train-expected"}
// **Expected output**
//
// ```
// α      batch norm  cost after epoch 0   50      100     299   train acc  test acc
// 0.01   no                       0.8952  0.6986  0.6917  0.6715      0.567     0.580
// 0.01   yes                      0.9414  0.5371  0.3713  0.2765      0.973     0.950
// 1      no                       0.7287  0.6881  0.6937  0.6944      0.500     0.500
// 1      yes                      0.7865  0.2032  0.1037  0.1867      0.940     0.930
// ```

// %% {"id": "curves"}
for (const alpha of [0.01, 1]) {
  const pair = runs.filter((r) => r.alpha === alpha);
  tsdl.plot.show(tsdl.plot.lines(pair.map((r) => ({ name: r.name, y: r.t.costs })), {
    title: `5-layer network, α = ${alpha}: cost per epoch`, xlabel: "epoch", ylabel: "cost", width: 560, height: 380,
  }));
}

// %% [markdown] {"id": "curves-md"}
// With the small step, the network without batch norm barely moves for 300 epochs, while with
// batch norm it learns from the first epochs: every hidden layer sees inputs of mean 0 and
// variance 1 (times the learned $\gamma$), so the gradients of all layers are of a useful size.
// With the large step, the network without batch norm is thrown onto a plateau and stays there
// (it predicts one class), while batch norm keeps training: normalizing each layer makes the cost
// far less sensitive to the scale of the weights, so a wider range of learning rates works —
// tuning gets easier. Batch norm's own price shows too: its costs are noisy (each mini-batch
// normalizes with its own statistics, a slight regularizing noise), and its final training cost
// need not be the lowest.

// %% [markdown] {"id": "modes-md"}
// ## 5 · Training mode and test mode
//
// In training, each batch-norm layer normalizes with the $\mu$ and $\sigma^2$ **of the current
// mini-batch**. At test time there may be one example at a time, and a prediction should not
// depend on which other examples happen to be in its batch. So during training each layer also
// keeps exponentially weighted averages of $\mu$ and $\sigma^2$ over the mini-batches (momentum
// 0.9), and test mode normalizes with those. Take the network trained with batch norm at
// $\alpha = 0.01$ and five training examples:

// %% {"id": "modes"}
const bnNet = runs.find((r) => r.batchnorm && r.alpha === 0.01)!.t;
const five = tsdl.sliceColumns(trainX, 0, 5);
const [trainMode] = nn.deepForward(five, bnNet.parameters, { mode: "train" });
const [testMode] = nn.deepForward(five, bnNet.parameters, { mode: "inference", running: bnNet.running });
tsdl.print("training mode (this batch's mu, sigma2): ", trainMode);
tsdl.print("test mode (running averages):            ", testMode);
console.log(`largest difference: ${Math.max(...Array.from(tsdl.sub(trainMode, testMode).data, Math.abs)).toFixed(4)}`);
tsdl.print("running mean of layer 1's z:", tsdl.reshape(bnNet.running![0].mean, [-1]));
tsdl.print("this batch's mean of layer 1's z:", tsdl.reshape(tsdl.mean(tsdl.matmul(bnNet.parameters.W1, five), 1, true), [-1]));

// one example alone: in training mode its z equals its own mean, so z_norm = 0 and the output is
// the same whatever the example
const alone = (j: number) => tsdl.sliceColumns(trainX, j, j + 1);
const outAlone = [0, 1].map((j) => nn.deepForward(alone(j), bnNet.parameters, { mode: "train" })[0].get(0, 0));
const outTest = [0, 1].map((j) => nn.deepForward(alone(j), bnNet.parameters, { mode: "inference", running: bnNet.running })[0].get(0, 0));
console.log(`examples 0 and 1 alone, training mode: ${outAlone.map((v) => v.toFixed(6)).join(" and ")} (labels ${trainY.get(0, 0)} and ${trainY.get(0, 1)})`);
console.log(`examples 0 and 1 alone, test mode:     ${outTest.map((v) => v.toFixed(6)).join(" and ")}`);

// %% [markdown] {"id": "modes-expected"}
// **Expected output**
//
// ```
// training mode (this batch's mu, sigma2):  [[0.83347266 0.03307848 0.94640357 0.59817316 0.09987057]]
// test mode (running averages):             [[0.69877666 0.11336307 0.85904205 0.97575976 0.01633765]]
// largest difference: 0.3776
// running mean of layer 1's z: [-0.02543671  0.00164476 -0.02569086 -0.02777456 -0.00594604 -0.03106321
//   0.00683772 -0.02117227 -0.00159249  0.00404379]
// this batch's mean of layer 1's z: [-0.17276963  0.01913357 -0.1624068  -0.18929907 -0.03986054 -0.20120378
//   0.05156028 -0.13883632 -0.00445907  0.0264596 ]
// examples 0 and 1 alone, training mode: 0.632567 and 0.632567 (labels 1 and 0)
// examples 0 and 1 alone, test mode:     0.698777 and 0.113363
// ```
//
// The two modes give different outputs for the same examples: five examples are a poor sample of
// the training set, so their mean and variance differ from the running averages. Alone, an example
// is normalized to exactly zero in training mode, and every example gets the same output — the
// network has forgotten its input. The running averages are what make test-time predictions
// possible, and deterministic.

// %% [markdown] {"id": "remember"}
// ## What to remember
//
// - Batch norm normalizes each unit's $z$ over the mini-batch — $z_{\text{norm}} = (z - \mu)/\sqrt{\sigma^2 + \varepsilon}$ —
//   then scales and shifts it with learned $\gamma$, $\beta$: $\tilde z = \gamma z_{\text{norm}} + \beta$.
//   With batch norm the layer's bias $b$ is redundant ($\beta$ takes its place).
// - Its backward pass goes through $\mu$ and $\sigma^2$, which depend on the whole batch; check it
//   with gradient checking like any other backward pass.
// - It lets deeper networks learn faster and makes them less sensitive to the learning rate and to
//   the scale of the weights; each batch's statistics add a little noise (a slight regularizer).
// - Training normalizes with the batch's $\mu$, $\sigma^2$; test time with running averages kept
//   during training. Forgetting to switch gives predictions that depend on the batch — or, one
//   example at a time, no information at all.
