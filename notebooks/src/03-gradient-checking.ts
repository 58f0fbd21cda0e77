// %% notebook {"tsdl": {"timeout": 120}}
// %% [markdown] {"id": "title"}
// # 3 · Gradient Checking
//
// **Goal.** Make sure that a backward propagation computes the right gradients, by comparing them
// with gradients estimated from the cost alone. By the end of this lab you will
//
// - implement gradient checking, first for a one-parameter model, then for a 3-layer network;
// - measure how far backpropagation's gradients are from the estimates with one relative difference;
// - find which parameters' gradients are wrong, fix the backward pass and check it again.
//
// This is the TypeScript version of the course's *Gradient Checking* lab (Week 1). Graded functions
// keep the course's names in camelCase: `forwardPropagation`, `backwardPropagation`, `gradientCheck`
// and `gradientCheckN`; the parts you write sit between `// START CODE HERE` and `// END CODE HERE`.

// %% [markdown] {"id": "packages-md"}
// ## 1 · Packages
//
// `tsdl` is the toolbox (numpy-like arrays, `np.random`, numpy's printing). `tsdl.gcUtils` holds the
// course's `gc_utils.py` and the lab's test case: `sigmoid`, `relu`, `dictionaryToVector`,
// `vectorToDictionary`, `gradientsToVector` and `gradientCheckNTestCase`.
//
// One setting matters here: the differences this lab prints come out of cancellations in the last
// bits of the costs, so matrix products are rounded exactly as numpy's (OpenBLAS, with fused
// multiply-adds) with `tsdl.setMatmulMode("fma")`. With it, every number below is numpy's, bit for bit.

// %% {"id": "packages"}
import * as tsdl from "tsdl";
tsdl.setMatmulMode("fma");
const { sigmoid, relu, dictionaryToVector, vectorToDictionary, gradientsToVector, gradientCheckNTestCase } = tsdl.gcUtils;

// %% [markdown] {"id": "problem-md"}
// ## 2 · The problem
//
// You are on a team that builds a fraud detector for mobile payments: for each payment, a deep
// network estimates whether the account behind it has been taken over. Backpropagation is easy to
// get subtly wrong, and a wrong gradient does not crash anything: the model just learns badly.
// Before the model goes live, you are asked for evidence that the backward pass is correct. Gradient
// checking provides that evidence.

// %% [markdown] {"id": "how-md"}
// ## 3 · How gradient checking works
//
// Backward propagation computes $\frac{\partial J}{\partial \theta}$, the gradient of the cost $J$
// with respect to the parameters $\theta$. The forward pass, which computes $J$ itself, is simple
// and we trust it. The definition of a derivative gives a second way to get the gradient, from
// $J$ alone:
//
// $$\frac{\partial J}{\partial \theta} = \lim_{\varepsilon \to 0} \frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2 \varepsilon} \tag{1}$$
//
// With a small $\varepsilon$ (here $10^{-7}$) the right-hand side, without the limit, is a good
// numerical estimate, `gradapprox`. This two-sided difference is much more accurate than the
// one-sided $\frac{J(\theta + \varepsilon) - J(\theta)}{\varepsilon}$: its error shrinks like
// $\varepsilon^2$ instead of $\varepsilon$. If backpropagation's `grad` and `gradapprox` agree, the
// backward pass is very likely right.

// %% [markdown] {"id": "one-d-md"}
// ## 4 · 1-dimensional gradient checking
//
// Start with the simplest model there is: one real parameter $\theta$, one input $x$, and the
// "cost" $J(\theta) = \theta x$. Its derivative is $\frac{\partial J}{\partial \theta} = x$, which
// is what the backward pass must return.
//
// ### 4.1 · Forward propagation
//
// **Exercise.** Implement `forwardPropagation(x, theta)`: compute $J = \theta x$.

// %% {"id": "forwardPropagation", "tsdl": {"graded": true, "grade_id": "forwardPropagation", "points": 1}}
// GRADED FUNCTION: forwardPropagation
/**
 * The forward pass of the linear model J(theta) = theta * x.
 * Example: `forwardPropagation(2, 4)` → 8.
 */
function forwardPropagation(x: number, theta: number): number {
  // START CODE HERE
  const J = theta * x;
  // END CODE HERE
  return J;
}

// %% {"id": "forward-test"}
const [x, theta] = [2, 4];
const J = forwardPropagation(x, theta);
console.log("J = " + J);

// %% [markdown] {"id": "forward-expected"}
// **Expected output**
//
// ```
// J = 8
// ```

// %% {"id": "forwardPropagation-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.forwardPropagation(forwardPropagation);

// %% [markdown] {"id": "backward-md"}
// ### 4.2 · Backward propagation
//
// **Exercise.** Implement `backwardPropagation(x, theta)`: return the derivative of
// $J(\theta) = \theta x$ with respect to $\theta$, $d\theta = \frac{\partial J}{\partial \theta} = x$.

// %% {"id": "backwardPropagation", "tsdl": {"graded": true, "grade_id": "backwardPropagation", "points": 1}}
// GRADED FUNCTION: backwardPropagation
/**
 * The derivative of J(theta) = theta * x with respect to theta.
 * Example: `backwardPropagation(2, 4)` → 2.
 */
function backwardPropagation(x: number, theta: number): number {
  // START CODE HERE
  const dtheta = x;
  // END CODE HERE
  return dtheta;
}

// %% {"id": "backward-test"}
const dtheta = backwardPropagation(x, theta);
console.log("dtheta = " + dtheta);

// %% [markdown] {"id": "backward-expected"}
// **Expected output**
//
// ```
// dtheta = 2
// ```

// %% {"id": "backwardPropagation-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.backwardPropagation(backwardPropagation);

// %% [markdown] {"id": "gradient-check-md"}
// ### 4.3 · Gradient check
//
// **Exercise.** Implement `gradientCheck(x, theta, epsilon)`, which compares the two gradients.
//
// 1. The estimate from formula (1):
//    $\theta^{+} = \theta + \varepsilon$, $\theta^{-} = \theta - \varepsilon$,
//    $J^{+} = J(\theta^{+})$, $J^{-} = J(\theta^{-})$, and
//    $\text{gradapprox} = \frac{J^{+} - J^{-}}{2 \varepsilon}$.
// 2. The gradient from the backward pass: `grad = backwardPropagation(x, theta)`.
// 3. Their relative difference:
//
// $$\text{difference} = \frac{\| \text{grad} - \text{gradapprox} \|_2}{\| \text{grad} \|_2 + \| \text{gradapprox} \|_2} \tag{2}$$
//
// Dividing by the sum of the norms makes the measure independent of the gradient's scale: it is 0
// for identical gradients and at most 1. Compute it in three steps (numerator, denominator,
// quotient). Here the "vectors" have one entry, and the 2-norm of a number is its absolute value
// (`np.linalg.norm` of a scalar in the course; `Math.abs` here).
//
// If the difference is below $10^{-7}$ the function prints "The gradient is correct!", otherwise
// "The gradient is wrong!".

// %% {"id": "gradientCheck", "tsdl": {"graded": true, "grade_id": "gradientCheck", "points": 2}}
// GRADED FUNCTION: gradientCheck
/**
 * Checks backwardPropagation against the two-sided difference of forwardPropagation, formula (2).
 * Prints whether the gradient is correct and returns the relative difference.
 * Example: `gradientCheck(2, 4)` → 2.919335883291695e-10.
 */
function gradientCheck(x: number, theta: number, epsilon = 1e-7): number {
  // gradapprox from formula (1); epsilon is small enough that the limit can be dropped
  // START CODE HERE
  const thetaplus = theta + epsilon;                            // Step 1
  const thetaminus = theta - epsilon;                           // Step 2
  const JPlus = forwardPropagation(x, thetaplus);               // Step 3
  const JMinus = forwardPropagation(x, thetaminus);             // Step 4
  const gradapprox = (JPlus - JMinus) / (2 * epsilon);          // Step 5
  // END CODE HERE

  // is gradapprox close enough to the backward pass's gradient?
  // START CODE HERE
  const grad = backwardPropagation(x, theta);
  const numerator = Math.abs(grad - gradapprox);                // Step 1'
  const denominator = Math.abs(grad) + Math.abs(gradapprox);    // Step 2'
  const difference = numerator / denominator;                   // Step 3'
  // END CODE HERE

  if (difference < 1e-7) {
    console.log("The gradient is correct!");
  } else {
    console.log("The gradient is wrong!");
  }
  return difference;
}

// %% {"id": "gradient-check-test"}
const difference = gradientCheck(x, theta);
console.log("difference = " + tsdl.formatFloat(difference));

// %% [markdown] {"id": "gradient-check-expected"}
// **Expected output**
//
// ```
// The gradient is correct!
// difference = 2.919335883291695e-10
// ```
//
// (The course's markdown table rounds it to 2.9193358103083e-10; its code prints the value above.)
//
// The difference is far below $10^{-7}$: `backwardPropagation` is right. Of course, the derivative
// of $\theta x$ was easy to get right. Gradient checking pays off on networks whose backward pass is
// long, where a mistake hides easily. That is the next part.

// %% {"id": "gradientCheck-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.gradientCheck(gradientCheck);

// %% [markdown] {"id": "n-d-md"}
// ## 5 · N-dimensional gradient checking
//
// The fraud detector is a 3-layer network, LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID, with
// 4 input features, hidden layers of 5 and 3 units and one output unit. Its parameters are
// $W^{[1]}$ (5,4), $b^{[1]}$ (5,1), $W^{[2]}$ (3,5), $b^{[2]}$ (3,1), $W^{[3]}$ (1,3) and
// $b^{[3]}$ (1,1): 47 numbers in all.
//
// ### 5.1 · The test case
//
// `gradientCheckNTestCase()` is the course's `gradient_check_n_test_case()`: `seed(1)`, then
// $X$ = `randn(4,3)` (3 examples, one per column), the labels $Y = [1, 1, 0]$, then every parameter
// drawn from `randn` in the order $W^{[1]}, b^{[1]}, W^{[2]}, b^{[2]}, W^{[3]}, b^{[3]}$.

// %% {"id": "test-case"}
const [X, Y, parameters] = gradientCheckNTestCase();
const shapeText = (a: tsdl.Mat): string => "(" + a.shape.join(", ") + ")";
tsdl.print("X =", X);
tsdl.print("Y =", Y);
for (const name of Object.keys(parameters)) console.log(`${name}.shape = ${shapeText(parameters[name])}`);

// %% [markdown] {"id": "test-case-expected"}
// **Expected output** (what numpy prints for the same arrays; the course's `y` is the 1-D integer
// array `[1 1 0]`, here it is the (1,3) float row it broadcasts to)
//
// ```
// X = [[ 1.62434536 -0.61175641 -0.52817175]
//  [-1.07296862  0.86540763 -2.3015387 ]
//  [ 1.74481176 -0.7612069   0.3190391 ]
//  [-0.24937038  1.46210794 -2.06014071]]
// Y = [[1. 1. 0.]]
// W1.shape = (5, 4)
// b1.shape = (5, 1)
// W2.shape = (3, 5)
// b2.shape = (3, 1)
// W3.shape = (1, 3)
// b3.shape = (1, 1)
// ```

// %% [markdown] {"id": "forward-n-md"}
// ### 5.2 · Forward and backward propagation (given)
//
// The forward pass computes the cross-entropy cost
//
// $$J = \frac{1}{m} \sum_{i=1}^{m} \left( -y^{(i)} \log a^{[3](i)} - (1 - y^{(i)}) \log\left(1 - a^{[3](i)}\right) \right)$$
//
// with a plain sum, as the course writes it here (`1./m * np.sum(logprobs)`; the other Week 1 labs
// use `np.nansum`). Read it: it is the function gradient checking trusts.

// %% {"id": "forwardPropagationN"}
/**
 * LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, and the cost of its output.
 * Returns [cost, cache], the cache in the course's order (Z1, A1, W1, b1, …, Z3, A3, W3, b3).
 * Example: `const [cost, cache] = forwardPropagationN(X, Y, parameters)`.
 */
function forwardPropagationN(X: tsdl.Mat, Y: tsdl.Mat, parameters: tsdl.gcUtils.Parameters): [number, tsdl.nn.Cache] {
  const m = X.shape[1];
  const { W1, b1, W2, b2, W3, b3 } = parameters;

  const Z1 = tsdl.addColumn(tsdl.matmul(W1, X), b1);
  const A1 = relu(Z1);
  const Z2 = tsdl.addColumn(tsdl.matmul(W2, A1), b2);
  const A2 = relu(Z2);
  const Z3 = tsdl.addColumn(tsdl.matmul(W3, A2), b3);
  const A3 = sigmoid(Z3);

  // cost: -log(A3)·Y + -log(1 - A3)·(1 - Y) elementwise, then 1/m times the plain sum
  const logprobs = tsdl.nn.logprobs(A3, Y);
  const cost = (1 / m) * tsdl.sum(logprobs);

  const cache: tsdl.nn.Cache = [Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3];
  return [cost, cache];
}

// %% [markdown] {"id": "backward-n-md"}
// The backward pass below follows the equations of the course: $dZ^{[3]} = A^{[3]} - Y$, then for
// each layer $dW^{[l]} = \frac{1}{m} dZ^{[l]} A^{[l-1]T}$, $db^{[l]} = \frac{1}{m} \sum_i dZ^{[l](i)}$,
// $dA^{[l-1]} = W^{[l]T} dZ^{[l]}$ and, through a RELU, $dZ^{[l-1]} = dA^{[l-1]} \cdot 1\{A^{[l-1]} > 0\}$.
//
// **It is the course's code, and it has mistakes on purpose.** Don't look for them yet: the point of
// this section is that gradient checking finds them for you.

// %% {"id": "backwardPropagationN"}
/**
 * The backward pass of forwardPropagationN, as the course ships it (with its deliberate mistakes).
 * Returns the gradients dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1.
 * Example: `const gradients = backwardPropagationN(X, Y, cache)`.
 */
function backwardPropagationN(X: tsdl.Mat, Y: tsdl.Mat, cache: tsdl.nn.Cache): tsdl.gcUtils.Gradients {
  const m = X.shape[1];
  const [Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3] = cache;

  const dZ3 = tsdl.sub(A3, Y);
  const dW3 = tsdl.mul(1 / m, tsdl.matmulTB(dZ3, A2));
  const db3 = tsdl.mul(1 / m, tsdl.sum(dZ3, 1, true));

  const dA2 = tsdl.matmulTA(W3, dZ3);
  const dZ2 = tsdl.nn.reluBackward(dA2, A2);
  const dW2 = tsdl.mul(tsdl.mul(1 / m, tsdl.matmulTB(dZ2, A1)), 2);
  const db2 = tsdl.mul(1 / m, tsdl.sum(dZ2, 1, true));

  const dA1 = tsdl.matmulTA(W2, dZ2);
  const dZ1 = tsdl.nn.reluBackward(dA1, A1);
  const dW1 = tsdl.mul(1 / m, tsdl.matmulTB(dZ1, X));
  const db1 = tsdl.mul(4 / m, tsdl.sum(dZ1, 1, true));

  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

// %% [markdown] {"id": "gradient-check-n-md"}
// ### 5.3 · Gradient check for all parameters
//
// Formula (1) is about one parameter. With 47 of them, apply it to one entry of $\theta$ at a time,
// holding the other 46 fixed. To make "one entry at a time" easy, `dictionaryToVector` flattens
// the parameters (row by row, in the order $W^{[1]}, b^{[1]}, W^{[2]}, b^{[2]}, W^{[3]}, b^{[3]}$)
// into one column vector `parametersValues` of shape (47, 1); `vectorToDictionary` turns such a
// vector back into the dictionary `forwardPropagationN` expects; `gradientsToVector` flattens the
// gradients `dW1, db1, …` the same way, so entry $i$ of both vectors refers to the same number.
//
// **Exercise.** Implement `gradientCheckN(parameters, gradients, X, Y, epsilon)`. For each $i$:
//
// - $J^{+}_i$: copy `parametersValues` into `thetaplus` (`tsdl.copy`), add $\varepsilon$ to entry $i$,
//   and take the cost of `forwardPropagationN(X, Y, vectorToDictionary(thetaplus))` (the first
//   element of the pair it returns);
// - $J^{-}_i$: the same with `thetaminus` and $-\varepsilon$;
// - $\text{gradapprox}_i = \frac{J^{+}_i - J^{-}_i}{2 \varepsilon}$.
//
// Entry $i$ of a (47, 1) array `v` is `v.get(i, 0)` and `v.set(i, 0, value)`. Then compare the
// whole vectors with
//
// $$\text{difference} = \frac{\| \text{grad} - \text{gradapprox} \|_2}{\| \text{grad} \|_2 + \| \text{gradapprox} \|_2} \tag{3}$$
//
// using `tsdl.norm` (numpy's `np.linalg.norm`). A difference above $2 \cdot 10^{-7}$ means a
// mistake in the backward pass; the function prints its verdict in colour, as the course does.

// %% {"id": "gradientCheckN", "tsdl": {"graded": true, "grade_id": "gradientCheckN", "points": 4}}
// GRADED FUNCTION: gradientCheckN
/**
 * Checks that the gradients of backwardPropagationN match the two-sided differences of the cost
 * of forwardPropagationN, entry by entry, with formula (3). Prints the verdict and returns the difference.
 * Example: `gradientCheckN(parameters, gradients, X, Y)` → 0.2850931567761623 (the course's buggy backward).
 */
function gradientCheckN(parameters: tsdl.gcUtils.Parameters, gradients: tsdl.gcUtils.Gradients, X: tsdl.Mat, Y: tsdl.Mat, epsilon = 1e-7): number {
  // set-up
  const [parametersValues] = dictionaryToVector(parameters);
  const grad = gradientsToVector(gradients);
  const numParameters = parametersValues.shape[0];
  const JPlus = tsdl.zeros([numParameters, 1]);
  const JMinus = tsdl.zeros([numParameters, 1]);
  const gradapprox = tsdl.zeros([numParameters, 1]);

  // gradapprox, one entry at a time
  for (let i = 0; i < numParameters; i++) {
    // J_plus[i]
    // START CODE HERE
    const thetaplus = tsdl.copy(parametersValues);                                   // Step 1
    thetaplus.set(i, 0, thetaplus.get(i, 0) + epsilon);                              // Step 2
    JPlus.set(i, 0, forwardPropagationN(X, Y, vectorToDictionary(thetaplus))[0]);    // Step 3
    // END CODE HERE

    // J_minus[i]
    // START CODE HERE
    const thetaminus = tsdl.copy(parametersValues);                                  // Step 1
    thetaminus.set(i, 0, thetaminus.get(i, 0) - epsilon);                            // Step 2
    JMinus.set(i, 0, forwardPropagationN(X, Y, vectorToDictionary(thetaminus))[0]);  // Step 3
    // END CODE HERE

    // gradapprox[i]
    // START CODE HERE
    gradapprox.set(i, 0, (JPlus.get(i, 0) - JMinus.get(i, 0)) / (2 * epsilon));
    // END CODE HERE
  }

  // compare gradapprox with the backward pass's gradients
  // START CODE HERE
  const numerator = tsdl.norm(tsdl.sub(grad, gradapprox));                           // Step 1'
  const denominator = tsdl.norm(grad) + tsdl.norm(gradapprox);                        // Step 2'
  const difference = numerator / denominator;                                         // Step 3'
  // END CODE HERE

  if (difference > 2e-7) {
    console.log("\x1b[93m" + "There is a mistake in the backward propagation! difference = " + tsdl.formatFloat(difference) + "\x1b[0m");
  } else {
    console.log("\x1b[92m" + "Your backward propagation works perfectly fine! difference = " + tsdl.formatFloat(difference) + "\x1b[0m");
  }
  return difference;
}

// %% {"id": "gradient-check-n-test"}
const [cost, cache] = forwardPropagationN(X, Y, parameters);
const gradients = backwardPropagationN(X, Y, cache);
const differenceN = gradientCheckN(parameters, gradients, X, Y);

// %% [markdown] {"id": "gradient-check-n-expected"}
// **Expected output** (in yellow)
//
// ```
// There is a mistake in the backward propagation! difference = 0.2850931567761623
// ```
//
// The first versions of the course printed 0.285093156781 (12 digits); the current one accepts
// 0.2850931567761623. The last digits depend on the last bits of `exp` and `log`: numpy 1.24 with
// AVX-512 `exp`/`log` gives 0.285093156839953, equal to about 10 digits.
//
// A difference of 0.29 is far above $2 \cdot 10^{-7}$: `backwardPropagationN` has a mistake.

// %% {"id": "gradientCheckN-check"}
// more inputs than the test above: prints "All tests passed." or what to fix
tsdl.checks.gradientCheckN(gradientCheckN);

// %% [markdown] {"id": "where-md"}
// ## 6 · Where are the mistakes?
//
// The single number says *that* something is wrong. Keeping the entries of $\text{grad} -
// \text{gradapprox}$ says *where*: `dictionaryToVector` also returns `keys`, the name of the
// parameter each entry of $\theta$ comes from. The helper below computes the same two-sided
// differences as `gradientCheckN` but keeps them per entry; the next cell prints the largest gap
// of each parameter and draws all 47.

// %% {"id": "gradient-gaps"}
/**
 * grad - gradapprox for every entry of theta (the per-entry version of gradientCheckN).
 * Example: `gradientGaps(parameters, gradients, X, Y)` → 47 numbers.
 */
function gradientGaps(parameters: tsdl.gcUtils.Parameters, gradients: tsdl.gcUtils.Gradients, X: tsdl.Mat, Y: tsdl.Mat, epsilon = 1e-7): number[] {
  const [values] = dictionaryToVector(parameters);
  const grad = gradientsToVector(gradients);
  const gaps: number[] = [];
  for (let i = 0; i < values.shape[0]; i++) {
    const plus = tsdl.copy(values);
    plus.set(i, 0, plus.get(i, 0) + epsilon);
    const minus = tsdl.copy(values);
    minus.set(i, 0, minus.get(i, 0) - epsilon);
    const approx = (forwardPropagationN(X, Y, vectorToDictionary(plus))[0] - forwardPropagationN(X, Y, vectorToDictionary(minus))[0]) / (2 * epsilon);
    gaps.push(grad.get(i, 0) - approx);
  }
  return gaps;
}

/** Prints the largest |grad - gradapprox| of each parameter and draws every entry's gap as a bar. */
function showGaps(gaps: number[], keys: string[], title: string): void {
  const names = [...new Set(keys)];
  for (const name of names) {
    const largest = Math.max(...gaps.filter((_, i) => keys[i] === name).map(Math.abs));
    console.log(`d${name.padEnd(3)} largest |grad - gradapprox| = ${tsdl.formatFloat(largest)}`);
  }
  const traces = names.map((name) => {
    const idx = keys.flatMap((k, i) => (k === name ? [i] : []));
    return { type: "bar" as const, name: "d" + name, x: idx, y: idx.map((i) => gaps[i]) };
  });
  tsdl.plot.show({
    data: traces,
    layout: {
      title: { text: title },
      xaxis: { title: { text: "entry i of θ (W1, b1, W2, b2, W3, b3, row by row)" } },
      yaxis: { title: { text: "grad[i] − gradapprox[i]" } },
    },
  });
}

// %% {"id": "where-bugs"}
const [, keys] = dictionaryToVector(parameters);
showGaps(gradientGaps(parameters, gradients, X, Y), keys, "The course's backward propagation: grad − gradapprox per entry");

// %% [markdown] {"id": "where-bugs-md"}
// Two parameters stand out: the gradients of $W^{[2]}$ and $b^{[1]}$ are off by up to 0.9 and 1.9,
// while all the others agree with their estimates to a few $10^{-7}$ (the rounding noise of the
// estimates themselves). Now look at how `backwardPropagationN` computes
// `dW2` and `db1` and compare with the equations above `backwardPropagationN`: `dW2` is multiplied
// by an extra 2, and `db1` uses $\frac{4}{m}$ instead of $\frac{1}{m}$.

// %% [markdown] {"id": "fixed-md"}
// ## 7 · The backward propagation fixed
//
// Here is the backward pass with both lines corrected (in the course you edit
// `backward_propagation_n` itself; here the fixed version gets its own name so that both stay
// available in the notebook).

// %% {"id": "backwardPropagationNFixed"}
/**
 * backwardPropagationN with its two mistakes fixed: dW2 = 1/m·dZ2·A1ᵀ and db1 = 1/m·Σ dZ1.
 * Example: `const gradientsFixed = backwardPropagationNFixed(X, Y, cache)`.
 */
function backwardPropagationNFixed(X: tsdl.Mat, Y: tsdl.Mat, cache: tsdl.nn.Cache): tsdl.gcUtils.Gradients {
  const m = X.shape[1];
  const [Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3] = cache;

  const dZ3 = tsdl.sub(A3, Y);
  const dW3 = tsdl.mul(1 / m, tsdl.matmulTB(dZ3, A2));
  const db3 = tsdl.mul(1 / m, tsdl.sum(dZ3, 1, true));

  const dA2 = tsdl.matmulTA(W3, dZ3);
  const dZ2 = tsdl.nn.reluBackward(dA2, A2);
  const dW2 = tsdl.mul(1 / m, tsdl.matmulTB(dZ2, A1));        // fixed: no "* 2"
  const db2 = tsdl.mul(1 / m, tsdl.sum(dZ2, 1, true));

  const dA1 = tsdl.matmulTA(W2, dZ2);
  const dZ1 = tsdl.nn.reluBackward(dA1, A1);
  const dW1 = tsdl.mul(1 / m, tsdl.matmulTB(dZ1, X));
  const db1 = tsdl.mul(1 / m, tsdl.sum(dZ1, 1, true));        // fixed: 1/m, not 4/m

  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

// %% {"id": "gradient-check-n-fixed"}
const gradientsFixed = backwardPropagationNFixed(X, Y, cache);
const differenceFixed = gradientCheckN(parameters, gradientsFixed, X, Y);

// %% [markdown] {"id": "gradient-check-n-fixed-expected"}
// **Expected output** (in green)
//
// ```
// Your backward propagation works perfectly fine! difference = 1.1890913024229996e-07
// ```
//
// This number is mostly rounding noise: $J^{+}_i - J^{-}_i$ subtracts two costs that agree in
// their first 8 or 9 digits, so the last bits of `exp` and `log` show up in the 2nd digit of the
// difference. Published runs of the course printed 1.1890913023330276e-07 and 1.189091302423071e-07,
// numpy 1.24 with AVX-512 `exp`/`log` gives 1.1862497510584621e-07. What counts is that it is below
// $2 \cdot 10^{-7}$.
//
// The gaps per entry are now all of that noise level:

// %% {"id": "where-fixed"}
showGaps(gradientGaps(parameters, gradientsFixed, X, Y), keys, "Fixed backward propagation: grad − gradapprox per entry");

// %% [markdown] {"id": "results-md"}
// ## 8 · Results

// %% {"id": "results"}
const rows: [string, number, string][] = [
  ["1-D model J = θx", difference, difference < 1e-7 ? "correct (< 1e-7)" : "wrong (≥ 1e-7)"],
  ["3-layer net, the course's backward", differenceN, differenceN > 2e-7 ? "mistake (> 2e-7)" : "fine (≤ 2e-7)"],
  ["3-layer net, fixed backward", differenceFixed, differenceFixed > 2e-7 ? "mistake (> 2e-7)" : "fine (≤ 2e-7)"],
];
console.log("check".padEnd(36) + "difference".padEnd(24) + "verdict");
for (const [what, d, verdict] of rows) console.log(what.padEnd(36) + tsdl.formatFloat(d).padEnd(24) + verdict);

// %% [markdown] {"id": "results-expected"}
// **Expected output**
//
// ```
// check                               difference              verdict
// 1-D model J = θx                    2.919335883291695e-10   correct (< 1e-7)
// 3-layer net, the course's backward  0.2850931567761623      mistake (> 2e-7)
// 3-layer net, fixed backward         1.1890913024229996e-07  fine (≤ 2e-7)
// ```

// %% [markdown] {"id": "notes"}
// ## 9 · Notes on using gradient checking
//
// - **It is slow.** Estimating $\frac{\partial J}{\partial \theta}$ takes two forward passes *per
//   parameter*: 94 here, millions for a real network. Run it to validate a backward pass, then turn
//   it off and train with backpropagation alone.
// - **It does not work with dropout.** Dropout draws a new random mask on every forward pass, so
//   $J(\theta + \varepsilon)$ and $J(\theta - \varepsilon)$ are costs of different networks.
//   Check the gradients with dropout off (`keepProb = 1`), then switch dropout on.
// - **Regularization belongs in both passes.** With L2 regularization, the cost being checked
//   includes the penalty term, and the gradients must include its derivative.

// %% [markdown] {"id": "remember"}
// ## What to remember
//
// - Gradient checking compares the gradients of backward propagation with numerical estimates
//   $\frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2\varepsilon}$ computed from the
//   forward propagation alone, one parameter at a time, and summarizes their agreement with the
//   relative difference (3).
// - A small difference (here below $2 \cdot 10^{-7}$) means the backward pass is right; a large one
//   means a mistake, and comparing the entries per parameter shows where it is.
// - It is slow: use it to verify your code, not during training.
