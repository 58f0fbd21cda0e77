// %% notebook {"tsdl": {"timeout": 120}}
// %% [markdown] {"id": "title"}
// # 9 · Histogram intersection
//
// **Goal.** Measure how much two distributions have in common by comparing their histograms
// bin by bin. The course notes this project follows show it twice: on two Gaussians, and on
// pictures, where the histograms are colour histograms (how many pixels have each amount of red,
// green and blue). It is one of the simplest ways to compare data: no training, no parameters
// besides the bins — and a good reminder of what a measure that ignores shape cannot see.
//
// This notebook is not a lab of the course; it re-creates a demo of the course notes. Random
// numbers come from `tsdl.random` (numpy's `np.random`, bit for bit), histograms from
// `tsdl.stats.histogram` (numpy's `np.histogram`: the same bins and counts), so every number
// printed below is the one numpy prints for the same seed.

// %% [markdown] {"id": "packages-md"}
// ## 1 · Packages
//
// `tsdl.stats` holds the histogram tools used here: `histogram` (counts in equal-width bins),
// `colorHistogram` (one histogram per colour channel of a picture), `histogramIntersection`,
// and `overlapFigure`, which draws two histograms with the part they share.

// %% {"id": "packages"}
import * as tsdl from "tsdl";

const { histogram, colorHistogram, histogramIntersection, binMinimum, overlapFigure } = tsdl.stats;
const total = (counts: ArrayLike<number>) => Array.from(counts).reduce((s, v) => s + v, 0);
console.log(`tsdl ${tsdl.version}`);

// %% [markdown] {"id": "definition-md"}
// ## 2 · The definition
//
// Take the histogram $I$ of an input and the histogram $M$ of a model, with the same $n$ bins.
// Swain and Ballard (*Color Indexing*, 1991) define their intersection as the part of the model
// that the input covers, bin by bin:
//
// $$\cap(I, M) = \frac{\sum_{j=1}^{n} \min(I_j, M_j)}{\sum_{j=1}^{n} M_j}.$$
//
// The numerator counts, in every bin, the values both histograms have; dividing by the model's
// total makes the result a fraction: $1$ when the input has at least the model's count in every
// bin (identical histograms give 1), $0$ when they share no bin. With equal totals, as everywhere
// below, $\cap(I, M) = \cap(M, I)$, and $1 - \cap$ is the fraction of values that would have to
// move to another bin to turn one histogram into the other.
//
// Both histograms **must use the same bins** — the same number and the same edges; otherwise
// "bin $j$" means different things in the two. `histogramIntersection` refuses histograms whose
// bins differ.

// %% [markdown] {"id": "gaussians-md"}
// ## 3 · Two Gaussians
//
// The notes run `histogram_intersection(mu_1=-4, mu_2=4, datapoints=1000, bins=100, range=15)`:
// 1,000 draws from a Gaussian centred at $-4$, 1,000 from one centred at $4$, both counted in 100
// bins. They show only that call; its body comes from the demo it is taken from (M. Patacchiola,
// *The Simplest Classifier: Histogram Comparison*, 2016), which draws from
// $\mathcal{N}(\mu, \sigma = 2)$ and bins over $[-\text{range}, \text{range}] = [-15, 15]$:
// bins of width $30 / 100 = 0.3$, half-open $[e_j, e_{j+1})$ except the last, which also holds
// $15$ (numpy's rule). We seed the generator with 1 (the notes give no seed).

// %% {"id": "gaussians-draw"}
const mu1 = -4;
const mu2 = 4;
const sigma = 2;
const datapoints = 1000;
const bins = 100;
const range: [number, number] = [-15, 15];

tsdl.random.seed(1);
const a = tsdl.random.normal(mu1, sigma, [datapoints]); // np.random.normal(mu_1, 2.0, datapoints)
const b = tsdl.random.normal(mu2, sigma, [datapoints]);
tsdl.print("first draws of a:", tsdl.array([a.get(0), a.get(1), a.get(2)]));
tsdl.print("first draws of b:", tsdl.array([b.get(0), b.get(1), b.get(2)]));

// %% [markdown] {"id": "gaussians-hist-md"}
// Now the two histograms over the same 100 bins. `histogram` returns the counts and the 101 bin
// edges, like numpy's `np.histogram(a, bins=100, range=(-15, 15))`.

// %% {"id": "gaussians-hist"}
const ha = histogram(a, { bins: bins, range: range });
const hb = histogram(b, { bins: bins, range: range });
console.log(`${ha.counts.length} bins, edges ${ha.edges[0]} … ${ha.edges[bins]}, width ${(range[1] - range[0]) / bins}`);
console.log(`a: ${total(ha.counts)} of ${datapoints} values counted, b: ${total(hb.counts)} of ${datapoints}`);

// %% [markdown] {"id": "gaussians-intersection-md"}
// The intersection, term by term: the overlap (the bin-wise minimum, dark in the chart), its
// total, and that total as a fraction of the model's (here `b`'s) 1,000 values.

// %% {"id": "gaussians-intersection"}
const common = binMinimum(ha, hb);
const intersection = histogramIntersection(ha, hb);
console.log(`sum of min(a_j, b_j) = ${total(common)}, sum of b_j = ${total(hb.counts)}`);
console.log(`intersection = ${intersection}`);
tsdl.plot.show(overlapFigure({ name: `N(${mu1}, ${sigma})`, hist: ha }, { name: `N(${mu2}, ${sigma})`, hist: hb }, {
  title: `Histogram intersection = ${intersection}`, xlabel: "value (100 bins over [-15, 15])",
}));

// %% [markdown] {"id": "gaussians-explained"}
// **What the number says.** About 4 % of the values lie where both histograms have counts: the
// two bells overlap only in their tails, around 0. For two Gaussians with the same $\sigma$ and
// means $\pm\mu$, the area they share is $2\,\Phi(-\mu/\sigma)$ ($\Phi$ the standard normal
// distribution function): $2\,\Phi(-2) \approx 0.046$ here. The histogram gives an estimate of
// that area from a finite sample; with more draws and narrower bins it gets closer.
//
// Move the means towards each other (seed 1 again for each pair) and the intersection grows to
// nearly 1 when both draw from the same distribution — nearly, because two samples of 1,000
// never fill 100 bins identically. The exact areas $2\,\Phi(-\mu/2)$ for $\mu = 4, 3, 2, 1, 0$ are
// 0.046, 0.134, 0.317, 0.617 and 1.

// %% {"id": "gaussians-sweep"}
for (const mu of [4, 3, 2, 1, 0]) {
  tsdl.random.seed(1);
  const x = tsdl.random.normal(-mu, sigma, [datapoints]);
  const y = tsdl.random.normal(mu, sigma, [datapoints]);
  console.log(`means ${-mu} and ${mu}: intersection = ${histogramIntersection(histogram(x, { bins: bins, range: range }), histogram(y, { bins: bins, range: range }))}`);
}

// %% [markdown] {"id": "images-md"}
// ## 4 · Colour histograms of pictures
//
// The notes then compare pictures: `compare_images(image_1, image_4)`, `(image_2, image_4)`,
// `(image_3, image_4)`, with picture 4 as the model, printing intersections 0.196, 0.186 and 0.728
// for their own 64×64×3 pictures. Those values are exact multiples of $1/12288$ — and
// $12288 = 64 \cdot 64 \cdot 3$: the histograms count every colour value of a picture, and the
// intersection is divided by the model's count of values. We do the same with the SIGNS test
// pictures of the TensorFlow lab (64×64×3, hands showing 0 to 5 fingers):
//
// - one histogram per channel (red, green, blue), 32 bins over the 8-bit levels $[0, 256)$ — each
//   bin holds 8 neighbouring levels (the notes do not say which bins they used);
// - the three side by side: 96 bins that together count the picture's $12288$ values.
//
// The course's `test_signs.h5` is read when present (in `data/`, `$TSDL_DATA` or `../shared/data`);
// without it the notebook uses synthetic stand-in pictures and says so in a banner.

// %% {"id": "signs-load"}
const signsFile = tsdl.data.findDataFile("test_signs.h5");
const signs = signsFile !== null ? tsdl.data.readSignsFile(signsFile) : tsdl.data.syntheticSigns(120, 2, "test");
if (signsFile === null) {
  tsdl.regUtils.showBanner(
    "SYNTHETIC DATA in use.\ntest_signs.h5: NOT FOUND — the pictures below are SYNTHETIC stand-ins (120 images, seed 2).\n" +
    `Looked in:\n${tsdl.data.describeSearch("test_signs.h5")}\n` +
    "The intersections printed below are the stand-ins' own; the SIGNS values apply only to the real file. " +
    "Put test_signs.h5 in the project's data/ folder, or set TSDL_DATA to its folder.");
}
console.log(`pictures: (${signs.x.shape.join(", ")}) ${signs.source === "course" ? "from test_signs.h5" : "synthetic stand-ins"}`);

// %% [markdown] {"id": "signs-show-md"}
// Picture #0 is the model; #1, #3 and #6 are compared with it (in the course's file, #1 shows the
// same sign as #0, #3 and #6 other signs).

// %% {"id": "signs-show"}
const modelIndex = 0;
const inputIndices = [1, 3, 6];
const label = (i: number) => `#${i} (y = ${signs.y.get(0, i)})`;
const pictures = [modelIndex, ...inputIndices];
tsdl.plot.show(tsdl.plot.imageGrid(pictures.map((i) => signs.x.pick(i)), pictures.map((i) => (i === modelIndex ? `model ${label(i)}` : label(i))), { cols: 4 }));

// %% [markdown] {"id": "signs-compare-md"}
// One intersection per pair, each with the two colour histograms and their overlap:

// %% {"id": "signs-compare"}
const colourBins = 32;
const modelHist = colorHistogram(signs.x.pick(modelIndex), { bins: colourBins });
for (const i of inputIndices) {
  const h = colorHistogram(signs.x.pick(i), { bins: colourBins });
  const value = histogramIntersection(h, modelHist);
  console.log(`${label(i)} vs model ${label(modelIndex)}: intersection = ${value} (${total(binMinimum(h, modelHist))} of ${total(modelHist.counts)} values)`);
  tsdl.plot.show(overlapFigure({ name: label(i), hist: h }, { name: `model ${label(modelIndex)}`, hist: modelHist }, {
    title: `${label(i)} vs ${label(modelIndex)}: intersection = ${value.toFixed(4)}`, xlabel: "colour level in each channel, 32 bins of 8 levels", height: 320,
  }));
}

// %% [markdown] {"id": "signs-explained"}
// **What the numbers say.** On the SIGNS pictures every pair shares about 70–85 % of its colour
// values: all of them are a hand in front of a light background, and that is what a colour
// histogram sees. The picture showing the *same* sign as the model (#1, 0.725) is not the
// closest one — #6, another sign, is (0.848), because its lighting and skin tones happen to be
// closer. A colour histogram throws away *where* the colours are, so it cannot tell how many
// fingers are raised. That is the limit of this "simplest classifier": it works when colour
// identifies the object (the demo's superhero figures, logos, fruit), and fails when shape does
// — which is why the course recognises hand signs with a neural network.

// %% [markdown] {"id": "remember"}
// ## What to remember
//
// - Histogram intersection $\sum_j \min(I_j, M_j) / \sum_j M_j$ is the fraction of the model's
//   values that the input matches bin by bin: 1 for identical histograms, 0 for disjoint ones.
// - Both histograms must share their bins (number and edges); `tsdl.stats.histogram` uses numpy's
//   bins, including the last bin's closed right edge, so its counts equal `np.histogram`'s.
// - For two samples it estimates the area the two distributions share ($2\Phi(-\mu/\sigma)$ for
//   the Gaussians here); the estimate depends on the sample size and the bins.
// - Colour histograms compare pictures by colour only: quick and training-free, but blind to shape.
