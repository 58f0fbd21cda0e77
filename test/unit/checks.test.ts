// tsdl.checks: every check passes on the labs' solutions (their graded cells, evaluated in Node) and
// fails, with the sentence a learner reads, on typical mistakes swapped into those cells.
import { expect } from "chai";
import * as tsdl from "../../lib/src/index";
import { CheckFailed } from "../../lib/src/checks/core";
import { cellFunctions, labSource, type Edits } from "../helpers/cells";

type Check = (fn: unknown, opts?: { quiet?: boolean }) => void;

/** The message of the CheckFailed a check throws (fails the test when it passes). */
function failure(check: Check, fn: unknown): string {
  try {
    check(fn, { quiet: true });
  } catch (e) {
    expect(e, "a CheckFailed").to.be.instanceOf(CheckFailed);
    expect((e as Error).stack, "its stack is its message only").to.equal(`CheckFailed: ${(e as Error).message}`);
    return (e as Error).message;
  }
  throw new Error("the check passed, expected a failure");
}

interface Lab {
  name: string;
  /** cells to load before the graded ones (packages, given code) */
  before: string[];
  graded: string[];
}

const LABS: Lab[] = [
  { name: "01-initialization", before: ["packages"], graded: ["initializeParametersZeros", "initializeParametersRandom", "initializeParametersHe"] },
  {
    name: "02-regularization", before: ["packages"],
    graded: ["computeCostWithRegularization", "backwardPropagationWithRegularization", "forwardPropagationWithDropout", "backwardPropagationWithDropout"],
  },
  { name: "03-gradient-checking", before: ["packages", "forwardPropagationN"], graded: ["forwardPropagation", "backwardPropagation", "gradientCheck", "gradientCheckN"] },
  {
    name: "04-optimization", before: ["packages"],
    graded: [
      "updateParametersWithGd", "randomMiniBatches", "initializeVelocity", "updateParametersWithMomentum", "updateParametersWithRmsprop",
      "initializeAdam", "updateParametersWithAdam", "updateLr", "scheduleLrDecay",
    ],
  },
];

/** The lab's graded functions, with `edits` swapped into their cells. */
function solutions(lab: Lab, edits: Edits = {}): Record<string, any> {
  return cellFunctions(labSource(lab.name), [...lab.before, ...lab.graded], lab.graded, edits, { realConsole: true }).fns;
}

const checkOf = (name: string) => (tsdl.checks as unknown as Record<string, Check>)[name];

describe("tsdl.checks", () => {
  for (const lab of LABS) {
    it(`pass on the solutions of ${lab.name} and print "All tests passed."`, () => {
      const fns = solutions(lab);
      for (const name of lab.graded) {
        const lines: string[] = [];
        const log = console.log;
        console.log = (...a: unknown[]) => void lines.push(a.join(" "));
        let r: unknown;
        try {
          r = checkOf(name)(fns[name]);
        } finally {
          console.log = log;
        }
        expect(r, `${name} returns nothing (a cell ending in it prints no object)`).to.equal(undefined);
        expect(lines, name).to.deep.equal(["All tests passed."]);
      }
    });
  }

  it("leave the notebook's random stream where it was", () => {
    const fns = solutions(LABS[0]);
    tsdl.random.seed(42);
    tsdl.random.randn(); // a cached Gaussian is part of the state too
    const before = tsdl.random.getState();
    tsdl.checks.initializeParametersHe(fns.initializeParametersHe, { quiet: true });
    expect(tsdl.random.getState()).to.deep.equal(before);
  });

  it("say what is wrong with an initialization, in words", () => {
    const lab = LABS[0];
    const he = "initializeParametersHe";
    const heLine = 'parameters["W" + l] = tsdl.mul(tsdl.random.randn(layersDims[l], layersDims[l - 1]), Math.sqrt(2 / layersDims[l - 1]));';
    const cases: [string, Edits, RegExp][] = [
      [he, { [he]: [heLine, heLine.replace("2 / layersDims", "1 / layersDims")] }, /W1\[0\]\[0\] is .*that is Xavier's scale sqrt\(1 \/ n_prev\)/],
      [he, { [he]: [heLine, heLine.replace(", Math.sqrt(2 / layersDims[l - 1]))", ", 1)")] }, /W is randn without its scale/],
      [he, { [he]: [heLine, heLine.replace("tsdl.random.randn(layersDims[l], layersDims[l - 1])", "tsdl.random.randn(layersDims[l - 1], layersDims[l])")] }, /^initializeParametersHe\(\[2, 4, 1\]\): W1 has shape \(2, 4\), expected \(4, 2\)$/],
      [he, { [he]: ["tsdl.random.seed(3);", ""] }, /these are not seed\(3\)'s numbers: call tsdl.random.seed\(3\) first/],
      [he, { [he]: [heLine, heLine.replace("tsdl.mul(", "tsdl.div(tsdl.zeros([layersDims[l], layersDims[l - 1]]), tsdl.zeros([layersDims[l], layersDims[l - 1]])); void tsdl.mul(")] }, /: W1: returned NaN at W1\[0\]\[0\]$/],
      ["initializeParametersZeros", { initializeParametersZeros: ['parameters["b" + l] = tsdl.zeros([layersDims[l], 1]);', 'parameters["b" + l] = tsdl.ones([layersDims[l], 1]);'] }, /^initializeParametersZeros\(\[3, 2, 1\]\): b1 should be zeros$/],
      ["initializeParametersZeros", { initializeParametersZeros: ["return parameters;", "return;"] }, /returned undefined \(did the function forget to return\?\), expected a dictionary/],
    ];
    for (const [name, edits, message] of cases) expect(failure(checkOf(name), solutions(lab, edits)[name]), JSON.stringify(edits)).to.match(message);
  });

  it("say what is wrong with a regularization function, in words", () => {
    const lab = LABS[1];
    const cost = "computeCostWithRegularization";
    const costLine = "const L2RegularizationCost = (lambd / (2 * m)) *";
    const cases: [string, Edits, RegExp][] = [
      [cost, { [cost]: [costLine, "const L2RegularizationCost = (lambd / m) *"] }, /L2 term is twice too large/],
      [cost, { [cost]: ["const cost = crossEntropyCost + L2RegularizationCost;", "const cost = crossEntropyCost;"] }, /on the lab's test case returned .*, expected 1\.786485945159075\d \(that is the cross-entropy alone: add the L2 term\)/],
      ["backwardPropagationWithRegularization", { backwardPropagationWithRegularization: ["tsdl.add(tsdl.mul(1 / m, tsdl.matmulTB(dZ2, A1)), tsdl.mul(lambd / m, W2))", "tsdl.mul(1 / m, tsdl.matmulTB(dZ2, A1))"] }, /: dW2: dW2\[0\]\[0\] is .* \(dW2 = 1\/m · dZ·A_prevᵀ \+ \(lambd \/ m\) · W2\)/],
      ["forwardPropagationWithDropout", { forwardPropagationWithDropout: ["A1 = tsdl.div(A1, keepProb);", ""] }, /A1 \(cache\[2\]\): A1\[0\]\[2\] is .* \(A1 = A1 · D1, then A1 = A1 \/ keepProb\)/],
      ["forwardPropagationWithDropout", { forwardPropagationWithDropout: ["tsdl.random.seed(1); // the course's quirk: the same masks at every call", ""] }, /D1 \(cache\[1\]\).*draw D1 = tsdl.random.rand/],
      ["backwardPropagationWithDropout", { backwardPropagationWithDropout: ["dA1 = tsdl.div(dA1, keepProb);", ""] }, /: dA1: dA1\[0\]\[0\] is .* \(dA1 = dA1 · D1, then dA1 = dA1 \/ keepProb\)/],
      ["backwardPropagationWithDropout", { backwardPropagationWithDropout: ["return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };", "return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dZ1, dW1, db1 };"] }, /the gradients has no "dA1"/],
    ];
    for (const [name, edits, message] of cases) expect(failure(checkOf(name), solutions(lab, edits)[name]), JSON.stringify(edits)).to.match(message);
  });

  it("say what is wrong with a gradient check, in words", () => {
    const lab = LABS[2];
    const cases: [string, Edits, RegExp][] = [
      ["backwardPropagation", { backwardPropagation: ["const dtheta = x;", "const dtheta = theta;"] }, /^backwardPropagation\(2, 4\) returned 4, expected 2 \(that is theta/],
      ["gradientCheck", { gradientCheck: ["(JPlus - JMinus) / (2 * epsilon)", "(JPlus - JMinus) / epsilon"] }, /^gradientCheck\(2, 4\) returned 0\.33333.*, expected 2\.91933588329\d*e-10/],
      ["gradientCheck", { gradientCheck: ['console.log("The gradient is correct!");', 'console.log("ok");'] }, /should print "The gradient is correct!", it printed "ok"/],
      ["gradientCheckN", { gradientCheckN: ["thetaminus.get(i, 0) - epsilon", "thetaminus.get(i, 0) + epsilon"] }, /buggy backward pass returned 1, expected 0\.28509315677616\d+/],
      ["gradientCheckN", { gradientCheckN: ["if (difference > 2e-7) {", "if (difference > 2) {"] }, /should print "There is a mistake in the backward propagation"/],
    ];
    for (const [name, edits, message] of cases) expect(failure(checkOf(name), solutions(lab, edits)[name]), JSON.stringify(edits)).to.match(message);
  });

  it("say what is wrong with an optimizer or a learning-rate decay, in words", () => {
    const lab = LABS[3];
    const adamW = "parameters[p + l] = tsdl.sub(parameters[p + l], tsdl.div(tsdl.mul(learningRate, vCorrected[d]), tsdl.add(tsdl.sqrt(sCorrected[d]), epsilon)));";
    const cases: [string, Edits, RegExp][] = [
      ["updateParametersWithGd", { updateParametersWithGd: ['parameters["b" + l] = tsdl.sub(parameters["b" + l], tsdl.mul(learningRate, grads["db" + l]));', ""] },
        /on the lab's test case: parameters\["b1"\]: parameters\["b1"\]\[0\]\[0\] is .* \(b1 was not updated: the loop must update W and b of every layer/],
      ["randomMiniBatches", { randomMiniBatches: ["if (m % miniBatchSize !== 0) {", "if (false) {"] },
        /on m = 148 .* returned 2 mini-batches, expected 3 \(the last 20 examples are missing: add the end case\)$/],
      ["randomMiniBatches", { randomMiniBatches: ["if (m % miniBatchSize !== 0) {", "if (true) {"] },
        /m = 128, a multiple of 32 .* returned 5 mini-batches, expected 4 \(there is an extra \(empty\) mini-batch/],
      ["randomMiniBatches", { randomMiniBatches: ["const shuffledY = tsdl.reshape(tsdl.columns(Y, permutation), [1, m]);", "const shuffledY = Y;"] },
        /mini-batch 0: miniBatchY: .* \(Y's columns must follow X's: the same permutation for both\)$/],
      ["initializeVelocity", { initializeVelocity: ['v["db" + l] = tsdl.zeros(parameters["b" + l].shape);', ""] }, /v has no "db1"/],
      ["updateParametersWithMomentum", { updateParametersWithMomentum: ['tsdl.add(tsdl.mul(beta, v["dW" + l]), tsdl.mul(1 - beta, grads["dW" + l]))', 'tsdl.mul(1 - beta, grads["dW" + l])'] },
        /with a non-zero v: v\["dW1"\]: v\["dW1"\]\[0\]\[0\] is .* \(v\["dW1"\] = beta · v\["dW1"\] \+ \(1 − beta\) · grads\["dW1"\]\)$/],
      ["updateParametersWithRmsprop", { updateParametersWithRmsprop: ["return [parameters, s];", "return parameters;"] }, /on the lab's test case returned a dictionary, expected \[parameters, s\]$/],
      ["initializeAdam", { initializeAdam: ['s["dW" + l] = tsdl.zeros(parameters["W" + l].shape);', 's["dW" + l] = v["dW" + l];'] }, /v and s share their arrays/],
      ["updateParametersWithAdam", { updateParametersWithAdam: [adamW, adamW.replace("tsdl.add(tsdl.sqrt(sCorrected[d]), epsilon)", "tsdl.sqrt(tsdl.add(sCorrected[d], epsilon))")] },
        /parameters\["W1"\].*\(ε goes outside the square root/],
      ["updateParametersWithAdam", { updateParametersWithAdam: ["vCorrected[d] = tsdl.div(v[d], 1 - tsdl.nn.power(beta1, t));", "vCorrected[d] = v[d];"] },
        /vCorrected\["dW1"\].*\(vCorrected\["dW1"\] = v\["dW1"\] \/ \(1 − beta1\^t\), with t = 2\)$/],
      ["updateLr", { updateLr: ["learningRate0 / (1 + decayRate * epochNum)", "learningRate0 / (decayRate * epochNum)"] }, /^updateLr\(0\.5, 2, 1\) returned 0\.25, expected 0\.1666666666666666\d \(learningRate = /],
      ["scheduleLrDecay", { scheduleLrDecay: ["Math.floor(epochNum / timeInterval)", "(epochNum / timeInterval)"] }, /^scheduleLrDecay\(0\.5, 10, 0\.3, 100\) returned .*the rate changes only every timeInterval epochs\)$/],
      ["scheduleLrDecay", { scheduleLrDecay: ["timeInterval = 1000", "timeInterval = 100"] }, /^scheduleLrDecay\(0\.1, 1500, 1\) returned/],
    ];
    for (const [name, edits, message] of cases) expect(failure(checkOf(name), solutions(lab, edits)[name]), JSON.stringify(edits)).to.match(message);
  });

  it("report a stub as not implemented, and a non-function as such", () => {
    const stub = () => {
      throw new Error("not implemented: initializeParametersHe");
    };
    expect(failure(tsdl.checks.initializeParametersHe, stub)).to.equal(
      "initializeParametersHe([2, 4, 1]): not implemented: initializeParametersHe — write your code between START CODE HERE and END CODE HERE",
    );
    expect(failure(tsdl.checks.initializeParametersHe, undefined)).to.match(/^initializeParametersHe is not a function \(got undefined/);
    expect(failure(tsdl.checks.computeCostWithRegularization, () => "1.78")).to.match(/returned a string, expected a number$/);
    expect(failure(tsdl.checks.computeCostWithRegularization, () => NaN)).to.match(/returned NaN, expected a finite number$/);
  });
});
