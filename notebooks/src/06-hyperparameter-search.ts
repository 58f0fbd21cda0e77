// %% notebook {"tsdl": {"timeout": 120}}
// %% [markdown] {"id": "title"}
// # 6 · Hyperparameter search
//
// **Goal.** A network has hyperparameters — the learning rate $\alpha$, momentum's $\beta$, the
// mini-batch size, the number of units and layers… — and the lectures of Week 3 say how to tune
// them, but the course has no lab for it. Here you run a real search on the optimization lab's
// model and see each piece of advice at work:
//
// - **sample on the right scale**: $\alpha = 10^r$ with $r$ uniform in $[-4, 0]$, $\beta = 1 - 10^r$
//   with $r$ uniform in $[-3, -1]$, not $\alpha$ or $\beta$ uniform;
// - **random trials, not a grid**, when one hyperparameter matters more than the other;
// - **coarse to fine**: search wide, then zoom in on the best region and search again;
// - **pandas or caviar**: babysit one model, or train many at once — here on the machine's cores,
//   with Node worker threads — and keep the best.
//
// Every trial is the Week 2 model $[2, 5, 2, 1]$ (LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID, He
// initialization with seed 3, mini-batches of 64 reshuffled with seed 11, 12, … each epoch,
// gradient descent with momentum) trained for a short run of 1000 epochs, then scored on a
// held-out **dev set**. All draws are seeded, so the search — and the hyperparameters it picks —
// come out the same every time.

// %% [markdown] {"id": "packages-md"}
// ## 1 · Packages
//
// `tsdl.search` holds the search: `randomSearch` / `gridSearch` / `zoomIn` (the sampling, on the
// exponents $r$), `trainDevSplit`, `runTrial` (one trial), `runTrialsSerial` and
// `runTrialsParallel` (many), `rankResults` and the figures. `tsdl.optUtils.loadDataset` is the
// Week 2 lab's moons.

// %% {"id": "packages"}
import * as tsdl from "tsdl";
import * as os from "os";

const { LECTURE_SPACE, randomSearch, gridSearch, zoomIn, distinctValues, trainDevSplit, runTrial, runTrialsSerial, runTrialsParallel, rankResults } = tsdl.search;
type TrialResult = tsdl.search.TrialResult;

/** α, β and the dev results of a trial on one line. */
function describeTrial(r: TrialResult): string {
  const flag = r.diverged ? "  (diverged)" : "";
  return `trial ${String(r.id).padStart(3)}: α = ${r.learningRate.toPrecision(4).padEnd(9)} β = ${r.beta.toFixed(5)}  dev accuracy ${r.devAccuracy.toFixed(2)}  dev cost ${r.devCost.toFixed(4)}${flag}`;
}
console.log(`tsdl ${tsdl.version}`);

// %% [markdown] {"id": "which-md"}
// ## 2 · Which hyperparameters matter
//
// The lectures rank them roughly like this (a rule of thumb, not a law):
//
// | importance | hyperparameters |
// |---|---|
// | most | the learning rate $\alpha$ |
// | next | momentum's $\beta$ (≈ 0.9), the mini-batch size, the number of hidden units |
// | then | the number of layers, learning-rate decay |
// | hardly ever tuned | Adam's $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$ |
//
// This notebook tunes the first two, $\alpha$ and $\beta$: two hyperparameters of very different
// importance, which is exactly when *how* you search matters.

// %% [markdown] {"id": "data-md"}
// ## 3 · The data: a training set and a dev set
//
// The Week 2 lab's 300 moons (`seed(3)`, `make_moons(300, noise=0.2)`). A search compares trials
// on data none of them trained on: `trainDevSplit` shuffles the 300 examples with
// `RandomState(1).permutation(300)` and keeps the last 100 for the **dev set**. Every trial trains
// on the same 200 and is scored on the same 100.

// %% {"id": "data"}
const [X, Y] = tsdl.optUtils.loadDataset();
const split = trainDevSplit(X, Y, 100, 1);
const shape = (a: tsdl.Mat) => `(${a.shape.join(", ")})`;
console.log(`trainX ${shape(split.trainX)}, trainY ${shape(split.trainY)}, devX ${shape(split.devX)}, devY ${shape(split.devY)}`);
console.log(`class 1 share: train ${tsdl.formatFloat(tsdl.mean(split.trainY))}, dev ${tsdl.formatFloat(tsdl.mean(split.devY))}`);

// %% [markdown] {"id": "data-expected"}
// **Expected output**
//
// ```
// trainX (2, 200), trainY (1, 200), devX (2, 100), devY (1, 100)
// class 1 share: train 0.495, dev 0.51
// ```

// %% [markdown] {"id": "panda-md"}
// ## 4 · One model, watched closely (the "panda")
//
// With little computing power you train one model and babysit it: watch its dev cost day after
// day and adjust by hand. `runTrial` trains one model with the given $\alpha$ and $\beta$ and
// records its dev cost every 50 epochs — the curve a babysitter watches. Start from the Week 2
// lab's own choice, $\alpha = 0.0007$, $\beta = 0.9$.

// %% {"id": "panda"}
const panda = runTrial({ id: 0, learningRate: 0.0007, beta: 0.9, rAlpha: Math.log10(0.0007), rBeta: -1 }, split);
console.log(describeTrial(panda));
console.log(`train accuracy ${panda.trainAccuracy.toFixed(3)}, last epoch's cost ${panda.trainCost.toFixed(4)}`);
tsdl.plot.show(tsdl.plot.lines([{ name: "dev cost", x: panda.devCurve.map(([e]) => e), y: panda.devCurve.map(([, c]) => c) }], {
  title: "One model, α = 0.0007, β = 0.9: dev cost while it trains", xlabel: "epoch", ylabel: "dev cost",
}));

// %% [markdown] {"id": "panda-expected"}
// **Expected output**
//
// ```
// trial   0: α = 0.0007000 β = 0.90000  dev accuracy 0.66  dev cost 0.6685
// train accuracy 0.625, last epoch's cost 0.6805
// ```
//
// After 1000 epochs this model has barely started: the dev cost creeps down from 0.69 (a coin
// toss). The Week 2 lab trains it 10,000 epochs. A babysitter would try a larger $\alpha$ next —
// but which, and how much larger? Searching answers that without babysitting.

// %% [markdown] {"id": "scale-md"}
// ## 5 · Sampling on the right scale
//
// Suppose $\alpha$ could be anything from $0.0001$ to $1$. Drawn **uniformly** from that
// interval, 90 % of the draws land between 0.1 and 1, and the decades below 0.1 are hardly
// tried. Drawn on a **log scale** — $r$ uniform in $[-4, 0]$, $\alpha = 10^r$ — each decade
// $[10^{-4}, 10^{-3}]$, …, $[10^{-1}, 1]$ gets a quarter of the draws.
//
// Momentum's $\beta$ between 0.9 and 0.999 needs the same care, on $1 - \beta$: $\beta$ averages
// over about $1/(1-\beta)$ steps, so going from 0.9 to 0.9005 changes almost nothing (10 → 10.05
// steps) while 0.999 to 0.9995 doubles the window (1000 → 2000 steps). Draw $r$ uniform in
// $[-3, -1]$ and take $\beta = 1 - 10^r$.

// %% {"id": "scale"}
const draws = new tsdl.RandomState(0);
const n = 10000;
const decades = ["[0.0001, 0.001)", "[0.001, 0.01)", "[0.01, 0.1)", "[0.1, 1]"];
const uniformCounts = [0, 0, 0, 0], logCounts = [0, 0, 0, 0];
const decadeOf = (alpha: number) => Math.min(3, Math.floor(Math.log10(alpha) + 4));
for (let i = 0; i < n; i++) {
  uniformCounts[decadeOf(0.0001 + (1 - 0.0001) * draws.rand())]++; // α uniform in [0.0001, 1]
  logCounts[decadeOf(Math.pow(10, -4 * draws.rand()))]++; // r uniform in [-4, 0], α = 10^r
}
console.log("share of 10,000 draws of α   uniform   log scale");
decades.forEach((d, k) => console.log(`  α in ${d.padEnd(17)} ${(uniformCounts[k] / n).toFixed(3).padStart(7)}   ${(logCounts[k] / n).toFixed(3).padStart(9)}`));
for (const beta of [0.9, 0.9005, 0.999, 0.9995]) console.log(`β = ${beta}: averages over about 1/(1 − β) = ${(1 / (1 - beta)).toFixed(1)} steps`);

// %% [markdown] {"id": "scale-expected"}
// **Expected output**
//
// ```
// share of 10,000 draws of α   uniform   log scale
//   α in [0.0001, 0.001)     0.001       0.253
//   α in [0.001, 0.01)       0.010       0.241
//   α in [0.01, 0.1)         0.099       0.251
//   α in [0.1, 1]            0.891       0.255
// β = 0.9: averages over about 1/(1 − β) = 10.0 steps
// β = 0.9005: averages over about 1/(1 − β) = 10.1 steps
// β = 0.999: averages over about 1/(1 − β) = 1000.0 steps
// β = 0.9995: averages over about 1/(1 − β) = 2000.0 steps
// ```

// %% [markdown] {"id": "caviar-md"}
// ## 6 · Many models at once (the "caviar")
//
// With enough computing power, train many models in parallel and keep the best. Here the
// "computers" are the cores of this machine: `runTrialsParallel` starts one Node worker thread per
// core (`os.availableParallelism()`), hands each the next trial when it is free, and terminates
// them all at the end — also when a trial fails or runs over its time limit. Each trial's result
// depends on its hyperparameters alone, so run in parallel or one at a time, the results must be
// the same; only the time differs.
//
// The search: 25 random trials, $r_\alpha$ uniform in $[-4, 0]$ and $r_\beta$ uniform in
// $[-3, -1]$, from `RandomState(1)`.

// %% {"id": "random-trials"}
const randomTrials = randomSearch(LECTURE_SPACE, 25, 1);
console.log(`${randomTrials.length} trials; first three:`);
for (const t of randomTrials.slice(0, 3)) console.log(`  trial ${t.id}: r_α = ${t.rAlpha.toFixed(4)} → α = ${t.learningRate.toPrecision(4)},  r_β = ${t.rBeta.toFixed(4)} → β = ${t.beta.toFixed(5)}`);

// %% [markdown] {"id": "random-trials-expected"}
// **Expected output**
//
// ```
// 25 trials; first three:
//   trial 0: r_α = -2.3319 → α = 0.004657,  r_β = -1.5594 → β = 0.97242
//   trial 1: r_α = -3.9995 → α = 0.0001001,  r_β = -2.3953 → β = 0.99598
//   trial 2: r_α = -3.4130 → α = 0.0003864,  r_β = -2.8153 → β = 0.99847
// ```

// %% [markdown] {"id": "speedup-md"}
// Now the same 25 trials twice: one at a time in this kernel, then on worker threads. The times
// depend on the machine and on what else runs on it (this cell's output is not compared by the
// tests); the results must not. Two things keep the speed-up below the number of cores: each
// worker starts cold (its first trials run before the JIT compiler has optimized the training
// loop, which this kernel's thread has already done), and other programs may use the same cores
// (the load average is printed with the times).

// %% {"id": "speedup", "tags": ["nbval-ignore-output"]}
const oneAtATime = runTrialsSerial(randomTrials, split);
const caviar = await runTrialsParallel(randomTrials, split);
const load = os.loadavg()[0];
console.log(`one at a time:        ${(oneAtATime.ms / 1000).toFixed(2)} s`);
console.log(`${caviar.workers} worker threads:     ${(caviar.ms / 1000).toFixed(2)} s`);
console.log(`speed-up: ${(oneAtATime.ms / caviar.ms).toFixed(2)}x on ${os.availableParallelism()} cores (load average over the last minute: ${load.toFixed(1)})`);

// %% {"id": "same-results"}
// the same numbers, bit for bit, however the trials ran
caviar.results.forEach((r, i) => {
  const s = oneAtATime.results[i];
  tsdl.assertClose([r.id, r.devAccuracy, r.devCost, r.trainCost, r.trainAccuracy], [s.id, s.devAccuracy, s.devCost, s.trainCost, s.trainAccuracy], { rtol: 0, atol: 0, name: `trial ${r.id}` });
  tsdl.assertClose(r.devCurve, s.devCurve, { rtol: 0, atol: 0, name: `trial ${r.id} dev curve` });
});
const randomResults = caviar.results;
console.log(`${randomResults.length} trials: the same results one at a time and on worker threads`);
for (const r of rankResults(randomResults).slice(0, 5)) console.log(describeTrial(r));

// %% [markdown] {"id": "same-results-expected"}
// **Expected output** (the five best trials)
//
// ```
// 25 trials: the same results one at a time and on worker threads
// trial  23: α = 0.4309    β = 0.99613  dev accuracy 0.96  dev cost 0.1809
// trial  16: α = 0.6785    β = 0.98835  dev accuracy 0.95  dev cost 0.1785
// trial  10: α = 0.1596    β = 0.91360  dev accuracy 0.95  dev cost 0.1971
// trial  12: α = 0.3203    β = 0.93845  dev accuracy 0.94  dev cost 0.1525
// trial  18: α = 0.05572   β = 0.95331  dev accuracy 0.92  dev cost 0.1995
// ```

// %% [markdown] {"id": "grid-md"}
// ## 7 · Why random trials beat a grid
//
// The classic alternative is a grid: 5 values of $r_\alpha$ times 5 of $r_\beta$, the same 25
// trials' worth of computing. But $\beta$ matters much less than $\alpha$ here, so the 5 trials
// that share an $\alpha$ give nearly the same result: the grid has really tried **5 learning
// rates**. The 25 random trials tried **25**.

// %% {"id": "grid"}
const gridTrials = gridSearch(LECTURE_SPACE, 5, 100);
const gridResults = (await runTrialsParallel(gridTrials, split)).results;
const distinct = (rs: TrialResult[]) => distinctValues(rs).learningRate;
console.log(`grid:   ${gridResults.length} trials, ${distinct(gridResults)} distinct learning rates; best ${describeTrial(rankResults(gridResults)[0])}`);
console.log(`random: ${randomResults.length} trials, ${distinct(randomResults)} distinct learning rates; best ${describeTrial(rankResults(randomResults)[0])}`);
tsdl.plot.show(tsdl.search.accuracyByLearningRate([
  { name: "grid 5 × 5 (5 learning rates)", results: gridResults },
  { name: "random (25 learning rates)", results: randomResults },
], { title: "Dev accuracy against the learning rate: 25 trials each" }));

// %% [markdown] {"id": "grid-expected"}
// **Expected output**
//
// ```
// grid:   25 trials, 5 distinct learning rates; best trial 123: α = 1.000     β = 0.96838  dev accuracy 0.95  dev cost 0.1462
// random: 25 trials, 25 distinct learning rates; best trial  23: α = 0.4309    β = 0.99613  dev accuracy 0.96  dev cost 0.1809
// ```
//
// The grid's trials stack up in five columns: along each, $\beta$ changes and the dev accuracy
// barely does. The random trials cover the $\alpha$ axis and locate the good region — $\alpha$
// between about 0.1 and 1 for this short training — much more precisely.

// %% [markdown] {"id": "plane-md"}
// ## 8 · Both hyperparameters at once
//
// The same random trials in the plane of the two exponents, coloured by dev accuracy. The colour
// changes from left to right ($\alpha$) and hardly from bottom to top ($\beta$).

// %% {"id": "plane"}
tsdl.plot.show(tsdl.search.trialsPlane(randomResults, [{ name: "search space", space: LECTURE_SPACE }], { title: "25 random trials: log₁₀ α against log₁₀(1 − β)" }));

// %% [markdown] {"id": "fine-md"}
// ## 9 · Coarse to fine
//
// The five best coarse trials mark the promising region. `zoomIn` draws the smallest box (in
// $r_\alpha$, $r_\beta$) around them, widened by 5 % of the space on each side, and a second
// round of 15 random trials (`RandomState(2)`) searches inside it. The chosen hyperparameters are
// the best of all 40 trials: highest dev accuracy, then lowest dev cost.

// %% {"id": "fine"}
const top5 = rankResults(randomResults).slice(0, 5);
const fineSpace = zoomIn(LECTURE_SPACE, top5, 0.05);
const fmt = ([lo, hi]: readonly [number, number]) => `[${lo.toFixed(3)}, ${hi.toFixed(3)}]`;
console.log(`fine box: r_α in ${fmt(fineSpace.rAlpha)} (α from ${Math.pow(10, fineSpace.rAlpha[0]).toPrecision(3)} to ${Math.pow(10, fineSpace.rAlpha[1]).toPrecision(3)}), r_β in ${fmt(fineSpace.rBeta)}`);
const fineResults = (await runTrialsParallel(randomSearch(fineSpace, 15, 2, 200), split)).results;
const allResults = [...randomResults, ...fineResults];
const ranked = rankResults(allResults);
const share = (rs: TrialResult[], acc: number) => `${rs.filter((r) => r.devAccuracy >= acc).length} of ${rs.length}`;
for (const acc of [0.9, 0.95]) console.log(`trials with dev accuracy ≥ ${acc.toFixed(2)}: fine ${share(fineResults, acc)}, coarse ${share(randomResults, acc)}`);
for (const r of ranked.slice(0, 3)) console.log(describeTrial(r));
tsdl.plot.show(tsdl.search.trialsPlane(allResults, [{ name: "coarse space", space: LECTURE_SPACE }, { name: "fine box", space: fineSpace }], { title: "Coarse (25) and fine (15) trials" }));

// %% [markdown] {"id": "fine-expected"}
// **Expected output**
//
// ```
// fine box: r_α in [-1.454, 0.000] (α from 0.0352 to 1.00), r_β in [-2.513, -1.000]
// trials with dev accuracy ≥ 0.90: fine 14 of 15, coarse 6 of 25
// trials with dev accuracy ≥ 0.95: fine 2 of 15, coarse 3 of 25
// trial 200: α = 0.1513    β = 0.99664  dev accuracy 0.96  dev cost 0.1443
// trial  23: α = 0.4309    β = 0.99613  dev accuracy 0.96  dev cost 0.1809
// trial 210: α = 0.1908    β = 0.99615  dev accuracy 0.95  dev cost 0.1595
// ```
//
// The second round spends its budget where it pays: almost every fine trial is good, against a
// quarter of the coarse ones. The very best dev accuracy barely moves — 100 dev examples cannot
// tell 0.96 from 0.97 reliably — but the dev cost of the chosen trial is lower.

// %% [markdown] {"id": "chosen-md"}
// ## 10 · The chosen hyperparameters
//
// The best trial, run once more on its own (in this kernel, not a worker) to check that it is
// reproducible, and its dev curve among all the others: this is what the caviar strategy gives
// to choose from.

// %% {"id": "chosen"}
const best = ranked[0];
const again = runTrial(best, split);
tsdl.assertClose([again.devAccuracy, again.devCost], [best.devAccuracy, best.devCost], { rtol: 0, atol: 0, name: "the chosen trial run again" });
console.log(`chosen: α = ${best.learningRate.toPrecision(6)}, β = ${best.beta.toPrecision(6)} (trial ${best.id}, ${best.id >= 200 ? "fine" : "coarse"} search)`);
console.log(`dev accuracy ${best.devAccuracy.toFixed(2)}, dev cost ${best.devCost.toFixed(4)}, train accuracy ${best.trainAccuracy.toFixed(3)}`);
console.log(`the lab's α = 0.0007, β = 0.9 after the same 1000 epochs: dev accuracy ${panda.devAccuracy.toFixed(2)}, dev cost ${panda.devCost.toFixed(4)}`);
tsdl.plot.show(tsdl.search.devCurves(allResults, best.id, { title: "Dev cost of the 40 models of the search" }));

// %% [markdown] {"id": "chosen-expected"}
// **Expected output**
//
// ```
// chosen: α = 0.151335, β = 0.996639 (trial 200, fine search)
// dev accuracy 0.96, dev cost 0.1443, train accuracy 0.935
// the lab's α = 0.0007, β = 0.9 after the same 1000 epochs: dev accuracy 0.66, dev cost 0.6685
// ```
//
// The search's choice is specific to its budget: 1000 epochs favour a large step. With the
// Week 2 lab's 10,000 epochs the small $\alpha = 0.0007$ gets there too (it reaches 0.94 training
// accuracy with Adam), and a new search with that budget could pick differently. A dev set of 100
// examples also ties often (accuracies are multiples of 0.01): the dev cost breaks the ties.

// %% [markdown] {"id": "remember"}
// ## What to remember
//
// - Tune the learning rate first; $\beta$, the mini-batch size and the hidden units next.
// - Sample on the scale that matters: $\alpha = 10^r$, $r$ uniform in $[-4, 0]$; $\beta = 1 - 10^r$,
//   $r$ uniform in $[-3, -1]$.
// - Prefer random trials to a grid: with the same number of trials, random search tries a new
//   value of every hyperparameter each time, so the important one gets explored.
// - Go coarse to fine: find the good region, then search inside it.
// - Panda or caviar: babysit one model when computing is scarce, train many in parallel when it
//   is not. Parallel trials must give the same results as sequential ones — seed everything.
// - Compare trials on a dev set, never on the training set, and remember a short trial only
//   tells you what works for a short training.
