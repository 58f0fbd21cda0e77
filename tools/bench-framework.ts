// s/epoch of the framework lab's SIGNS model [12288, 25, 12, 6] (mini-batches of 32, Adam, lr 1e-4)
// on TensorFlow.js's cpu and wasm backends (float32) and on tsdl (float64, and its opt-in float32),
// measured in one run on the same data.
// Usage: npx tsx tools/bench-framework.ts [m=1080] [epochs=3]
// The data: m random pixel columns in [0, 1) and random one-hot labels (the speed does not depend on
// the values). The first epoch of each run is a warm-up and is not timed.
import * as tf from "@tensorflow/tfjs";
import * as tsdl from "../lib/src/index";

const m = Number(process.argv[2] ?? 1080);
const epochs = Number(process.argv[3] ?? 3);
const rng = new tsdl.RandomState(0);
const X = rng.rand(12288, m);
const labels = Array.from({ length: m }, () => rng.randint(0, 6));
const Y = tsdl.data.oneHot(labels, 6);

async function tfRun(backend: "cpu" | "wasm"): Promise<number> {
  await tsdl.framework.useBackend(tf, backend);
  const Xt = tf.tensor2d(Float32Array.from(X.data), [12288, m]);
  const Yt = tf.tensor2d(Float32Array.from(Y.data), [6, m]);
  const init = (shape: [number, number], seed: number) => tf.variable(tf.initializers.glorotUniform({ seed }).apply(shape) as tf.Tensor2D);
  const p = { W1: init([25, 12288], 1), b1: tf.variable(tf.zeros([25, 1])), W2: init([12, 25], 1), b2: tf.variable(tf.zeros([12, 1])), W3: init([6, 12], 1), b3: tf.variable(tf.zeros([6, 1])) };
  const opt = tf.train.adam(0.0001, 0.9, 0.999, 1e-8);
  const times: number[] = [];
  let seed = 3;
  for (let e = 0; e <= epochs; e++) {
    const t0 = performance.now();
    seed += 1;
    tsdl.random.seed(seed);
    const perm = Array.from(tsdl.random.permutation(m).data);
    for (let k = 0; k * 32 < m; k++) {
      const idx = tf.tensor1d(perm.slice(k * 32, (k + 1) * 32), "int32");
      const Xb = tf.gather(Xt, idx, 1), Yb = tf.gather(Yt, idx, 1);
      const cost = opt.minimize(() => {
        const Z3 = tf.add(tf.matMul(p.W3, tf.relu(tf.add(tf.matMul(p.W2, tf.relu(tf.add(tf.matMul(p.W1, Xb), p.b1))), p.b2))), p.b3);
        return tf.losses.softmaxCrossEntropy(tf.transpose(Yb), tf.transpose(Z3)) as tf.Scalar;
      }, true);
      cost!.dataSync();
      tf.dispose([idx, Xb, Yb, cost!]);
    }
    if (e > 0) times.push((performance.now() - t0) / 1000);
  }
  tf.dispose([Xt, Yt, ...Object.values(p)]);
  opt.dispose();
  return times.reduce((a, b) => a + b, 0) / times.length;
}

function tsdlRun(dtype: "float64" | "float32"): number {
  const r = tsdl.framework.signsModelTsdl(X, Y, X, Y, { numEpochs: epochs + 1, printEvery: 0, progress: false, dtype });
  return r.secondsPerEpoch; // includes the first epoch
}

const rows: [string, number][] = [];
rows.push(["tfjs cpu", await tfRun("cpu")]);
rows.push(["tfjs wasm", await tfRun("wasm")]);
rows.push(["tsdl", tsdlRun("float64")]);
rows.push(["tsdl f32", tsdlRun("float32")]);
console.log(`SIGNS model [12288, 25, 12, 6], m = ${m}, mini-batches of 32, Adam; mean of ${epochs} epochs`);
for (const [name, s] of rows) console.log(`${name.padEnd(10)} ${s.toFixed(3)} s/epoch`);
