// %% notebook {"tsdl": {"lab": "01-initialization", "setup": ["packages"]}}
// %% [markdown] {"id": "about"}
// Hidden tests of lab 01 (initialization), run by `npm run grade` after the submission's graded
// cells, in the same kernel. Each cell grades one function: `TSDL_TOKEN` is replaced by the run's
// token; the checks get other layer lists than the notebook's, and numpy's own values are asserted.

// %% {"id": "hidden-initializeParametersZeros", "grade_id": "initializeParametersZeros"}
tsdl.grading.grade(TSDL_TOKEN, "initializeParametersZeros", () => {
  tsdl.checks.initializeParametersZeros(initializeParametersZeros, { quiet: true, cases: [[5, 3, 2, 1], [1, 1], [7, 6, 5, 4, 3, 2, 1]] });
});

// %% {"id": "hidden-initializeParametersRandom", "grade_id": "initializeParametersRandom"}
tsdl.grading.grade(TSDL_TOKEN, "initializeParametersRandom", () => {
  tsdl.checks.initializeParametersRandom(initializeParametersRandom, { quiet: true, cases: [[3, 4, 1], [6, 2, 2, 3], [1, 1]] });
  // numpy: np.random.seed(3); (np.random.randn(4, 3) * 10)[3, 2]
  tsdl.assertClose(initializeParametersRandom([3, 4, 1])["W1"].get(3, 2), 8.846223804995846, { rtol: 1e-15, name: "initializeParametersRandom([3, 4, 1]) W1[3][2]" });
});

// %% {"id": "hidden-initializeParametersHe", "grade_id": "initializeParametersHe"}
tsdl.grading.grade(TSDL_TOKEN, "initializeParametersHe", () => {
  tsdl.checks.initializeParametersHe(initializeParametersHe, { quiet: true, cases: [[3, 7, 2], [10, 1], [4, 8, 8, 8, 1]] });
  const p = initializeParametersHe([3, 7, 2]);
  // numpy: seed(3); W1 = randn(7, 3) * sqrt(2 / 3); W2 = randn(2, 7) * sqrt(2 / 7)
  tsdl.assertClose(p["W1"].get(0, 0), 1.4604090331058333, { rtol: 1e-15, name: "initializeParametersHe([3, 7, 2]) W1[0][0]" });
  tsdl.assertClose(p["W2"].get(1, 6), -0.42963104928727, { rtol: 1e-14, name: "initializeParametersHe([3, 7, 2]) W2[1][6]" });
});
