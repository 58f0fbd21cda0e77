// %% notebook {"tsdl": {"timeout": 120}}
// %% [markdown] {"id": "title"}
// # 0 · Getting started with the TypeScript labs
//
// **Goal.** Check that everything the labs need works in this notebook: the `tslab` TypeScript
// kernel, the `tsdl` library (numpy-compatible random numbers and printing, array helpers, plots),
// and interactive charts.
//
// Every lab of *Improving Deep Neural Networks* is re-created here in TypeScript. The course's
// numbers come from numpy; `tsdl` reproduces numpy's random generator and its way of printing
// arrays, so the values you see below can be compared with the course's, digit for digit.

// %% [markdown] {"id": "packages-md"}
// ## 1 · Packages
//
// One import gives you the whole toolbox. `tsdl.random` plays the role of `np.random`.

// %% {"id": "packages"}
import * as tsdl from "tsdl";
console.log(`tsdl ${tsdl.version}`);

// %% [markdown] {"id": "random-md"}
// ## 2 · Random numbers exactly like numpy
//
// In the course, `np.random.seed(3)` followed by `np.random.randn(4, 2)` is how the He
// initialization of a `[2, 4, 1]` network starts: $W^{[1]} = \text{randn}(4, 2)\cdot\sqrt{2/n^{[0]}}$
// with $n^{[0]} = 2$. The same calls in TypeScript:

// %% {"id": "randn"}
tsdl.random.seed(3);
const W1 = tsdl.mul(tsdl.random.randn(4, 2), Math.sqrt(2 / 2));
tsdl.print("W1 =", W1);

// %% [markdown] {"id": "randn-expected"}
// **Expected output** (numpy, from the course's initialization lab):
//
// ```
// W1 = [[ 1.78862847  0.43650985]
//  [ 0.09649747 -1.8634927 ]
//  [-0.2773882  -0.35475898]
//  [-0.08274148 -0.62700068]]
// ```

// %% [markdown] {"id": "compute-md"}
// ## 3 · A small computation
//
// Arrays hold one example per column, as in the course. Here is $A = \sigma(W^{[1]} x)$ for the
// column $x = (1, 2)^T$, and the sum of its entries:

// %% {"id": "compute"}
const x = tsdl.array([[1], [2]]);
const A = tsdl.sigmoid(tsdl.matmul(W1, x));
tsdl.print("A =", A);
tsdl.print("sum(A) =", tsdl.sum(A));

// %% [markdown] {"id": "plot-md"}
// ## 4 · A chart
//
// Plots are Plotly figures. `tsdl.plot.show` draws them in JupyterLab, the classic Notebook
// (trusted notebooks) and — as a static picture — on GitHub or in an HTML export.

// %% {"id": "plot"}
const costs = Array.from({ length: 30 }, (_, i) => 0.7 * Math.exp(-i / 8) + 0.05);
tsdl.plot.show(tsdl.plot.costCurve(costs, { title: "A made-up cost curve", xlabel: "iterations (per hundreds)" }));

// %% [markdown] {"id": "remember"}
// ## What to remember
//
// - `import * as tsdl from "tsdl"` is all a lab needs; `tsdl.random` behaves like `np.random`.
// - Printed arrays follow numpy's format, so you can compare them with the course's expected outputs.
// - `tsdl.plot.show(figure)` draws a chart wherever you open the notebook.
