// tsdl.nn batch norm (lib/src/nn/batchnorm.ts) and the network it fits into
// (lib/src/nn/batchnormNetwork.ts) against numpy (tools/fixtures/gen_bn.py → test/fixtures/bn.json),
// gradient checks of its backward pass, and its errors on bad input.
import { expect } from "chai";
import fs from "node:fs";
import * as A from "../../lib/src/array";
import { assertClose } from "../../lib/src/check";
import * as bn from "../../lib/src/nn/batchnorm";
import * as net from "../../lib/src/nn/batchnormNetwork";
import { gradientCheck, type Named } from "../../lib/src/nn/gradientCheck";
import { RandomState } from "../../lib/src/random";
import { mat, num, type Arr, type Enc } from "../helpers/fixtures";

const fx = JSON.parse(fs.readFileSync(new URL("../fixtures/bn.json", import.meta.url), "utf8"));
const EXACT = { rtol: 0, atol: 0 };

interface LayerCase {
  seed: number; n: number; m: number;
  Z: Arr; gamma: Arr; beta: Arr; dZtilde: Arr; Ztilde: Arr; Znorm: Arr; mu: Arr; var: Arr; std: Arr; dZ: Arr; dgamma: Arr; dbeta: Arr;
}

describe("tsdl.nn batch norm", () => {
  it("uses ε = 1e-5 like the fixture", () => {
    expect(bn.BN_EPSILON).to.equal(fx.eps);
  });

  for (const c of fx.layers as LayerCase[]) {
    describe(`layer of ${c.n} units, batch of ${c.m} (seed ${c.seed})`, () => {
      const Z = mat(c.Z), gamma = mat(c.gamma), beta = mat(c.beta), dZtilde = mat(c.dZtilde);
      it("forward: μ, σ², √(σ² + ε), z_norm and z̃ are numpy's, bit for bit", () => {
        const [Ztilde, cache] = bn.batchnormForward(Z, gamma, beta);
        assertClose(cache.mu, mat(c.mu), { ...EXACT, name: "mu" });
        assertClose(cache.var, mat(c.var), { ...EXACT, name: "var" });
        assertClose(cache.std, mat(c.std), { ...EXACT, name: "std" });
        assertClose(cache.Znorm, mat(c.Znorm), { ...EXACT, name: "Znorm" });
        assertClose(Ztilde, mat(c.Ztilde), { ...EXACT, name: "Ztilde" });
      });
      it("backward: dZ, dγ and dβ are numpy's (compact formula, checked against the staged chain rule there)", () => {
        const [, cache] = bn.batchnormForward(Z, gamma, beta);
        const { dZ, dgamma, dbeta } = bn.batchnormBackward(dZtilde, cache);
        assertClose(dgamma, mat(c.dgamma), { ...EXACT, name: "dgamma" });
        assertClose(dbeta, mat(c.dbeta), { ...EXACT, name: "dbeta" });
        assertClose(dZ, mat(c.dZ), { rtol: 1e-13, atol: 1e-15, name: "dZ" });
      });
      it("z_norm has mean 0 and (for a varying unit) variance ≈ 1 per unit; dZ sums to 0 per unit", () => {
        const [, cache] = bn.batchnormForward(Z, gamma, beta);
        const { dZ } = bn.batchnormBackward(dZtilde, cache);
        // atol 1e-10: seed 4 has μ ≈ 100 and σ ≈ 1e-3, so z − μ carries 1e-14 of rounding, z_norm 1e-11
        assertClose(A.mean(cache.Znorm, 1, true), A.zeros([c.n, 1]), { rtol: 0, atol: 1e-10, name: "mean of Znorm" });
        // dZ is a difference of terms as large as m·|γ dz̃| / std: the row sums are 0 to that scale
        const maxAbs = (a: A.Mat): number => Math.max(...Array.from(a.data, Math.abs));
        const scale = (c.m * maxAbs(gamma) * maxAbs(dZtilde)) / Math.min(...cache.std.data);
        assertClose(A.sum(dZ, 1, true), A.zeros([c.n, 1]), { rtol: 0, atol: 1e-13 * c.m * scale, name: "row sums of dZ" });
        const v = A.mean(A.square(cache.Znorm), 1, true).data;
        const raw = cache.var.data;
        for (let r = 0; r < c.n; r++) if (raw[r] > 1e-3) expect(v[r]).to.be.closeTo(raw[r] / (raw[r] + fx.eps), 1e-12);
      });
    });
  }

  it("the gradient check passes on dγ, dβ and dZ (difference < 1e-7) through a cost J = Σ z̃ ⊙ R", () => {
    const rng = new RandomState(11);
    const Z = rng.randn(5, 7) as A.Mat, gamma = rng.randn(5, 1) as A.Mat, beta = rng.randn(5, 1) as A.Mat, R = rng.randn(5, 7) as A.Mat;
    const J = (v: Named): number => A.sum(A.mul(bn.batchnormForward(v.Z, v.gamma, v.beta)[0], R));
    const [, cache] = bn.batchnormForward(Z, gamma, beta);
    const g = bn.batchnormBackward(R, cache);
    const res = gradientCheck(J, { gamma, beta, Z }, g);
    expect(res.entries).to.equal(5 + 5 + 35);
    expect(res.difference).to.be.below(1e-7);
    for (const k of ["gamma", "beta", "Z"]) expect(res.perKey[k], k).to.be.below(1e-7);
  });

  it("the gradient check catches a backward that forgets the path through μ and σ² (dZ = γ dz̃ / std)", () => {
    const rng = new RandomState(12);
    const Z = rng.randn(3, 6) as A.Mat, gamma = rng.randn(3, 1) as A.Mat, beta = rng.randn(3, 1) as A.Mat, R = rng.randn(3, 6) as A.Mat;
    const J = (v: Named): number => A.sum(A.mul(bn.batchnormForward(v.Z, v.gamma, v.beta)[0], R));
    const [, cache] = bn.batchnormForward(Z, gamma, beta);
    const g = bn.batchnormBackward(R, cache);
    const naive = A.zeros([3, 6]);
    for (let r = 0; r < 3; r++) for (let j = 0; j < 6; j++) naive.set(r, j, (gamma.get(r, 0) * R.get(r, j)) / cache.std.get(r, 0));
    const res = gradientCheck(J, { gamma, beta, Z }, { ...g, dZ: naive });
    expect(res.perKey.Z).to.be.above(1e-2);
    expect(res.perKey.gamma).to.be.below(1e-7);
  });

  it("running averages and inference mode are numpy's", () => {
    const r = fx.running;
    const gamma = mat(r.gamma), beta = mat(r.beta);
    const running = bn.initRunningStats(3);
    assertClose(running.mean, [[0], [0], [0]], EXACT);
    assertClose(running.var, [[1], [1], [1]], EXACT);
    for (const step of r.steps as { Z: Arr; mean: Arr; var: Arr }[]) {
      const [, cache] = bn.batchnormForward(mat(step.Z), gamma, beta);
      bn.updateRunningStats(running, cache, 0.9);
      assertClose(running.mean, mat(step.mean), { ...EXACT, name: "running mean" });
      assertClose(running.var, mat(step.var), { ...EXACT, name: "running var" });
    }
    assertClose(bn.batchnormInference(mat(r.Ztest), gamma, beta, running), mat(r.inference), { rtol: 1e-15, atol: 1e-15, name: "inference" });
  });

  it("train mode on one example gives β whatever the input; inference mode does not", () => {
    const gamma = A.array([[2], [3]]), beta = A.array([[0.5], [-1]]);
    const running = { mean: A.array([[1], [2]]), var: A.array([[4], [9]]) };
    for (const x of [[[3], [7]], [[-10], [0.25]]]) {
      assertClose(bn.batchnormForward(A.array(x), gamma, beta)[0], beta, EXACT);
      const inf = bn.batchnormInference(A.array(x), gamma, beta, running);
      expect(inf.get(0, 0)).to.not.equal(0.5);
    }
  });

  it("names shapes and values in its errors", () => {
    const Z = A.zeros([3, 4]);
    expect(() => bn.batchnormForward(Z, A.ones([4, 1]), A.zeros([3, 1]))).to.throw(/batchnormForward: gamma must be \(3, 1\) for Z \(3,4\), got \(4,1\)/);
    expect(() => bn.batchnormForward(A.zeros([3]) as A.Mat, A.ones([3, 1]), A.zeros([3, 1]))).to.throw(/Z must be \(n, m\).*got \(3\)/);
    expect(() => bn.batchnormForward(Z, A.ones([3, 1]), A.zeros([3, 1]), 0)).to.throw(/eps must be > 0/);
    const bad = A.zeros([3, 4]);
    bad.set(1, 2, NaN);
    expect(() => bn.batchnormForward(bad, A.ones([3, 1]), A.zeros([3, 1]))).to.throw(/Z\[1,2\] is NaN/);
    const [, cache] = bn.batchnormForward(A.array([[1, 2, 3, 4]]), A.ones([1, 1]), A.zeros([1, 1]));
    expect(() => bn.batchnormBackward(A.zeros([1, 3]), cache)).to.throw(/dZtilde must have the shape of the forward pass's Z \(1,4\), got \(1,3\)/);
    expect(() => bn.batchnormInference(Z, A.ones([3, 1]), A.zeros([3, 1]), bn.initRunningStats(2))).to.throw(/running.mean must be \(3, 1\), got \(2,1\)/);
    expect(() => bn.updateRunningStats(bn.initRunningStats(1), cache, 1)).to.throw(/momentum must be in \[0, 1\)/);
  });
});

describe("tsdl.nn batch-norm network", () => {
  const c = fx.network;
  it("initializeDeepNetwork draws numpy's He weights from the seed, γ = 1, β = 0, no hidden b", () => {
    const p = net.initializeDeepNetwork(c.dims, { batchnorm: true, seed: c.seed });
    expect(Object.keys(p)).to.deep.equal(["W1", "gamma1", "beta1", "W2", "gamma2", "beta2", "W3", "b3"]);
    for (const [k, w] of Object.entries(c.W as Record<string, Arr>)) assertClose(p[k], mat(w), { ...EXACT, name: k });
    assertClose(p.gamma2, [[1], [1], [1]], EXACT);
    const plain = net.initializeDeepNetwork(c.dims, { batchnorm: false, seed: c.seed });
    expect(Object.keys(plain)).to.deep.equal(["W1", "b1", "W2", "b2", "W3", "b3"]);
    assertClose(plain.W2, p.W2, EXACT); // the same weights with and without batch norm
  });
  it("one training step's AL, cost and gradients are numpy's", () => {
    const p = net.initializeDeepNetwork(c.dims, { batchnorm: true, seed: c.seed });
    const X = mat(c.X), Y = mat(c.Y);
    const [AL, caches] = net.deepForward(X, p, { mode: "train" });
    assertClose(AL, mat(c.AL), { rtol: 1e-14, name: "AL" });
    assertClose(net.deepCost(AL, Y), num(c.cost as Enc), { rtol: 1e-14, name: "cost" });
    const grads = net.deepBackward(AL, Y, caches, p);
    expect(Object.keys(grads).sort()).to.deep.equal(Object.keys(c.grads).sort());
    for (const [k, g] of Object.entries(c.grads as Record<string, Arr>)) assertClose(grads[k], mat(g), { rtol: 1e-11, atol: 1e-14, name: k });
  });
  it("the whole network's gradients pass the gradient check, with and without batch norm", () => {
    const rng = new RandomState(3);
    const X = rng.randn(3, 8) as A.Mat;
    const Y = A.array([[1, 0, 0, 1, 1, 0, 1, 0]]);
    for (const batchnorm of [true, false]) {
      const p = net.initializeDeepNetwork([3, 5, 4, 1], { batchnorm, seed: 2 });
      const J = (v: Named): number => net.deepCost(net.deepForward(X, v)[0], Y);
      const [AL, caches] = net.deepForward(X, p);
      const res = gradientCheck(J, p, net.deepBackward(AL, Y, caches, p));
      expect(res.difference, `batchnorm ${batchnorm}`).to.be.below(1e-7);
    }
  });
  it("training mode updates the running averages, inference mode uses them and needs them", () => {
    const p = net.initializeDeepNetwork([2, 3, 1], { batchnorm: true, seed: 1 });
    const running = net.initDeepRunningStats(p);
    const X = A.array([[1, 2, 3, 4], [0, 1, 0, 1]]);
    net.deepForward(X, p, { mode: "train", running });
    expect(running[0].mean.data.some((v) => v !== 0)).to.equal(true);
    const [train] = net.deepForward(X, p, { mode: "train" });
    const [inference] = net.deepForward(X, p, { mode: "inference", running });
    expect(A.norm(A.sub(train, inference))).to.be.above(1e-3);
    expect(() => net.deepForward(X, p, { mode: "inference" })).to.throw(/inference with batch norm needs the running averages of the 1 hidden layers/);
    expect(() => net.deepForward(A.zeros([3, 4]), p)).to.throw(/X \(3,4\) must be \(2, m\) for W1 \(3,2\)/);
  });
});
