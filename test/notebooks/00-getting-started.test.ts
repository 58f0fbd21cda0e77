import { expect } from "chai";
import { commonLabChecks, executeLab, type Executed } from "./harness";

describe("notebook 00-getting-started (real kernel)", function () {
  this.timeout(120_000);
  let lab: Executed;
  before(async () => {
    lab = await executeLab("00-getting-started");
  });
  commonLabChecks("00-getting-started", () => lab);

  it("prints the tsdl version", () => {
    expect(lab.stdout("packages")).to.match(/^tsdl \d+\.\d+\.\d+\n$/);
  });
  it("prints He-initialized W1 for seed 3 exactly as numpy does", () => {
    expect(lab.stdout("randn")).to.equal(
      "W1 = [[ 1.78862847  0.43650985]\n [ 0.09649747 -1.8634927 ]\n [-0.2773882  -0.35475898]\n [-0.08274148 -0.62700068]]\n",
    );
  });
  it("computes sigmoid(W1·x) and its sum", () => {
    expect(lab.stdout("compute")).to.equal(COMPUTE_EXPECTED);
  });
  it("shows one plot as a bundle with Plotly JSON, HTML and a static SVG", () => {
    const outs = lab.cell("plot").outputs ?? [];
    const displays = outs.filter((o) => o.output_type === "display_data");
    expect(displays).to.have.length(1);
    expect(Object.keys(displays[0].data as object)).to.include.members(["application/vnd.plotly.v1+json", "text/html", "image/svg+xml"]);
  });
});

// numpy: W1 as above; print("A =", 1/(1+np.exp(-(W1 @ [[1],[2]])))); print("sum(A) =", np.sum(A))
const COMPUTE_EXPECTED = "A = [[0.9347253 ]\n [0.02581896]\n [0.2715236 ]\n [0.20804621]]\nsum(A) = 1.4401140732614837\n";
