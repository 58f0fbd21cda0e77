// Verdicts outside the learner's process, without a kernel: values as plain data both ways, the
// grader's stand-in driven by lib's replay run in-process (what the kernel runs), library answers,
// and the text report's escaping.
import { expect } from "chai";
import { tsdl } from "../../grader/tsdl";
import { printable, reportText, type GradeReport } from "../../grader/grade";
import { verdictOf, type Answer } from "../../grader/verdicts";
import { hiddenTests, type Graded } from "../../grader/hidden";
import type { CallRequest } from "../../lib/dist/checks/grade.js";

const { encode, decode, newDecodeState, writeBack, Opaque } = tsdl.checks.wire;

/** What the kernel would answer: lib's replay of `fn`, its reply line parsed (as the grader does). */
function inProcess(fn: unknown): (request: CallRequest) => Promise<Answer> {
  return async (request) => {
    const out: string[] = [];
    const write = process.stdout.write;
    const stream = tsdl.random.getState(); // a kernel's random stream is its own
    process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
    try {
      tsdl.grading.replay(fn, JSON.stringify(request));
    } finally {
      process.stdout.write = write;
      tsdl.random.setState(stream);
    }
    const line = out.join("").split("\n").filter((l) => l.startsWith("TSDL-REPLY ")).pop()!;
    return { reply: JSON.parse(line.slice("TSDL-REPLY ".length)) };
  };
}

/** The message an inline check gives `fn` (or "All tests passed."). */
function inline(check: (fn: unknown, o: { quiet: boolean }) => void, fn: unknown): string {
  try {
    check(fn, { quiet: true });
    return "All tests passed.";
  } catch (e) {
    return (e as Error).message;
  }
}

describe("verdicts outside the kernel (no kernel)", () => {
  it("values travel bit-exact: NaN, ±Infinity, -0, ndarrays, shared objects and buffers, __proto__ keys", () => {
    const A = tsdl.array([[1.5, -0], [NaN, Infinity]]);
    const shared = tsdl.zeros([2, 2]);
    const view = { a: shared, b: shared, c: Object.assign(tsdl.zeros([2, 2]), {}) };
    const nodes = JSON.parse(JSON.stringify(encode([A, view, [-0, -Infinity, undefined, null, "x", true], () => 1, Promise.resolve(1)])));
    const state = newDecodeState();
    const [A2, v2, list, f, p] = nodes.map((n: never, i: number) => decode(n, state, `value ${i}`)) as [any, any, any[], unknown, unknown];
    expect(Array.from(A2.data)).to.deep.equal([1.5, -0, NaN, Infinity]);
    expect(Object.is(A2.data[1], -0)).to.equal(true);
    expect(v2.a).to.equal(v2.b);
    expect(v2.c).not.to.equal(v2.a);
    expect(Object.is(list[0], -0)).to.equal(true);
    expect(list.slice(1)).to.deep.equal([-Infinity, undefined, null, "x", true]);
    expect(f).to.be.instanceOf(Opaque);
    expect(String(f)).to.equal("a function");
    expect(String(p)).to.match(/^a Promise/);
    const evil = decode(JSON.parse('{"$object": [["__proto__", {"$object": [["atol", 1]], "id": 1}]], "id": 0}'), newDecodeState(), "x") as Record<string, unknown>;
    expect(Object.getPrototypeOf(evil)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>).atol).to.equal(undefined);
    expect(() => decode(JSON.parse('{"$nd": {"dtype": "float64", "shape": [2, 2], "data": "AAAA"}}'), newDecodeState(), "the result")).to.throw(/the result: 3 bytes for 4 float64 elements/);
  });

  it("writeBack updates the grader's arguments as the learner's function left them, and refs reach them", () => {
    // the kernel's side: the function appended to its list, set W1[1][1] and returned its dictionary
    const kernelArgs = [[3, 5, 4, 9], { W1: tsdl.array([[0, 0], [0, 7]]) }];
    const nodes = JSON.parse(JSON.stringify(encode([...kernelArgs, kernelArgs[1]])));
    const args: [number[], { W1: any }] = [[3, 5, 4], { W1: tsdl.zeros([2, 2]) }];
    const state = newDecodeState();
    args.forEach((a, i) => writeBack(a, nodes[i], state, `argument ${i + 1}`));
    expect(args[0]).to.deep.equal([3, 5, 4, 9]);
    expect(args[1].W1.get(1, 1)).to.equal(7);
    expect(decode(nodes[2], state, "the result")).to.equal(args[1]);
  });

  it("the grader's verdict is the inline check's, message for message (right, wrong, throwing, not a function)", async () => {
    const hidden = hiddenTests("01-initialization").tests;
    const right = (dims: number[]) => {
      tsdl.random.seed(3);
      const p: Record<string, unknown> = {};
      for (let l = 1; l < dims.length; l++) {
        p["W" + l] = tsdl.mul(tsdl.random.randn(dims[l], dims[l - 1]), Math.sqrt(2 / dims[l - 1]));
        p["b" + l] = tsdl.zeros([dims[l], 1]);
      }
      return p;
    };
    const xavier = (dims: number[]) => {
      tsdl.random.seed(3);
      const p: Record<string, unknown> = {};
      for (let l = 1; l < dims.length; l++) {
        p["W" + l] = tsdl.mul(tsdl.random.randn(dims[l], dims[l - 1]), Math.sqrt(1 / dims[l - 1]));
        p["b" + l] = tsdl.zeros([dims[l], 1]);
      }
      return p;
    };
    const stub = () => {
      throw new Error("not implemented: initializeParametersHe");
    };
    const ok = await verdictOf("initializeParametersHe", hidden.initializeParametersHe, inProcess(right));
    expect(ok, ok.message).to.deep.include({ passed: true, message: "All tests passed." });
    expect(ok.calls).to.equal(4);
    for (const fn of [xavier, stub]) {
      const v = await verdictOf("initializeParametersHe", hidden.initializeParametersHe, inProcess(fn));
      const cases = { cases: [[3, 7, 2], [10, 1], [4, 8, 8, 8, 1]], quiet: true };
      expect(v.passed).to.equal(false);
      expect(v.message).to.equal(inline((f, o) => tsdl.checks.initializeParametersHe(f, { ...o, ...cases }), fn));
    }
    const notFn = await verdictOf("initializeParametersHe", hidden.initializeParametersHe, inProcess(42 as unknown as Graded));
    expect(notFn.message).to.equal("initializeParametersHe is not a function (it holds a number): the graded cell must define a function named initializeParametersHe");
  });

  it("a library answer earns 0, inline and in the grader's scan; the learner's own code of the same name does not", () => {
    const lazy = function updateLr(a: number, e: number, d: number) {
      return (tsdl.nn as { updateLr: (a: number, e: number, d: number) => number }).updateLr(a, e, d);
    };
    expect(inline(tsdl.checks.updateLr as never, lazy)).to.equal(
      "updateLr calls tsdl.nn.updateLr, the library's own implementation of this exercise: write the step yourself (it earns 0 points while it calls tsdl.nn.updateLr)");
    expect(tsdl.checks.libraryAnswerIn("updateParametersWithGd", "const n = tsdl.nn;\nn.gdStep(parameters, grads, learningRate);", "04-optimization")).to.equal("tsdl.nn.gdStep");
    expect(tsdl.checks.libraryAnswerIn("updateParametersWithAdam", 'const { adamStep } = tsdl.nn;', "04-optimization")).to.equal("tsdl.nn.adamStep");
    expect(tsdl.checks.libraryAnswerIn("updateLr", "function updateLr(a, e, d) { return a / (1 + d * e); }\nupdateLr(1, 2, 3);", "04-optimization")).to.equal(undefined);
    expect(tsdl.checks.libraryAnswerIn("updateParametersWithAdam", "tsdl.nn.power(beta1, t)", "04-optimization")).to.equal(undefined);
  });

  it("the text report escapes control characters of learner text and says what the JSON says", () => {
    expect(printable("a\x1b[2K\rb\nc\u202ed")).to.equal("a\\x1b[2K\\rb\\nc\\u202ed");
    const r: GradeReport = {
      submission: "x.ipynb", lab: "01-initialization", graded: true, score: 0, maxScore: 1, seconds: 1, notes: ["cell \x1b[31m"],
      functions: [{ id: "f", points: 0, maxPoints: 1, passed: false, seconds: 0.5, message: "threw Error: \x1b[1A\x1b[2K\r  ✔ f  1/1  All tests passed.\ntotal: 1/1" }],
    };
    const text = reportText(r);
    expect(text).not.to.match(/[\x00-\x09\x0b-\x1f]/);
    expect(text.split("\n")).to.have.length(4);
    expect(text).to.include("✘ f  0/1  threw Error: \\x1b[1A\\x1b[2K\\r  ✔ f  1/1  All tests passed.\\ntotal: 1/1");
  });
});
