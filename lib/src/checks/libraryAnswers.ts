/**
 * Graded functions the library itself answers: a call to one of these in the learner's own code
 * earns 0 for that function, and the inline check says so first. One list per lab, kept here so the
 * inline checks (which see a function's source text) and the grader (which reads the cells) agree.
 */

/** Per lab, per graded function: the library's implementations of the same step ("namespace.member"). */
export const LIBRARY_ANSWERS: Record<string, Record<string, readonly string[]>> = {
  "02-regularization": {
    forwardPropagationWithDropout: ["checks.dropoutForward"],
  },
  "04-optimization": {
    updateParametersWithGd: ["nn.gdStep", "nn.optimizer"],
    randomMiniBatches: ["nn.randomMiniBatches"],
    initializeVelocity: ["nn.zerosLike"],
    updateParametersWithMomentum: ["nn.momentumStep", "nn.optimizer"],
    updateParametersWithRmsprop: ["nn.rmspropStep", "nn.optimizer"],
    initializeAdam: ["nn.zerosLike"],
    updateParametersWithAdam: ["nn.adamStep", "nn.optimizer"],
    updateLr: ["nn.updateLr"],
    scheduleLrDecay: ["nn.scheduleLrDecay"],
  },
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Does `source` use `ns.member`: `ns.member`, `ns["member"]`, via an alias of the namespace, or destructured from it? */
function uses(source: string, ns: string, member: string): boolean {
  const names = [ns];
  // const n = tsdl.nn;  let n = nn;
  for (const m of source.matchAll(new RegExp(`\\b(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*(?:tsdl\\s*\\.\\s*)?${escape(ns)}\\b(?!\\s*[.[])`, "g"))) names.push(m[1]);
  const M = escape(member);
  for (const n of names) {
    const N = escape(n);
    if (new RegExp(`(?:^|[^\\w$])${N}\\s*(?:\\?\\.|\\.)\\s*${M}\\b|(?:^|[^\\w$])${N}\\s*\\[\\s*["'\`]${M}["'\`]\\s*\\]`).test(source)) return true;
    if (new RegExp(`\\{[^{}]*\\b${M}\\b[^{}]*\\}\\s*=\\s*(?:tsdl\\s*\\.\\s*)?${N}\\b`).test(source)) return true;
  }
  return false;
}

/**
 * The library call in `source` that answers graded function `name` (of `lab`, or of any lab), as
 * "tsdl.nn.gdStep", or undefined. Example: `libraryAnswerIn("updateLr", "return tsdl.nn.updateLr(a, b, c);")` → "tsdl.nn.updateLr".
 */
export function libraryAnswerIn(name: string, source: string, lab?: string): string | undefined {
  const lists = lab ? [LIBRARY_ANSWERS[lab] ?? {}] : Object.values(LIBRARY_ANSWERS);
  for (const list of lists) {
    for (const call of list[name] ?? []) {
      const [ns, member] = call.split(".");
      if (uses(source, ns, member)) return `tsdl.${call}`;
    }
  }
  return undefined;
}

/** What a learner reads when a graded function calls the library's answer. Example: `libraryAnswerMessage("updateLr", "tsdl.nn.updateLr")`. */
export function libraryAnswerMessage(name: string, call: string): string {
  return `${name} calls ${call}, the library's own implementation of this exercise: write the step yourself (it earns 0 points while it calls ${call})`;
}
