/**
 * lib/src/data: the sklearn generators and lab loaders (fixture: tools/fixtures/gen_data.py, a numpy
 * port of sklearn 1.2 with glibc cos/sin, checked there against LAB_SPEC's anchors), the data-file
 * search order, and the regularization lab's load2DDataset (course file when present, a hand-built
 * MAT file through $TSDL_DATA, the synthetic stand-in, corrupt files).
 *
 * "bit-identical" tests compare with assertClose(rtol 0, atol 0).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { homedir, tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { assertClose } from "../../lib/src/check";
import { RandomState, random } from "../../lib/src/random";
import {
  describeSearch,
  dataCandidates,
  displayPath,
  findDataFile,
  findProjectRoot,
  load2DDataset,
  loadInitDataset,
  loadMoonsDataset,
  makeCircles,
  makeMoons,
  synthetic2DDataset,
} from "../../lib/src/data";

interface DatasetCase {
  name: string;
  kind: "circles" | "moons";
  seed: number;
  n: number | [number, number];
  noise: number | null;
  factor?: number;
  shuffle?: boolean;
  X: number[];
  y: number[];
  nextRand: number;
}
interface Fixture {
  datasets: DatasetCase[];
  dataMat: { vars: Record<string, { shape: number[]; sha256: string; sum: number }> } | null;
  fakeDataMat: { hex: string; trainX: number[][]; trainY: number[][]; testX: number[][]; testY: number[][] };
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/data.json", import.meta.url), "utf8")) as Fixture;
const EXACT = { rtol: 0, atol: 0 };
const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const byName = (n: string): DatasetCase => fixture.datasets.find((c) => c.name === n)!;

function run(c: DatasetCase, rng: RandomState = random) {
  rng.seed(c.seed);
  const opts = { noise: c.noise, shuffle: c.shuffle ?? true, rng };
  return c.kind === "circles" ? makeCircles(c.n, { ...opts, factor: c.factor }) : makeMoons(c.n, opts);
}

/** rows (n,2) of a fixture case as columns (2,n) */
function columns(c: DatasetCase): number[][] {
  const n = c.y.length;
  return [Array.from({ length: n }, (_, i) => c.X[2 * i]), Array.from({ length: n }, (_, i) => c.X[2 * i + 1])];
}

function sha256(a: Float64Array): string {
  return createHash("sha256").update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest("hex");
}

/** runs f with TSDL_DATA set to dir (or unset), then restores it */
function withTsdlData<T>(dir: string | undefined, f: () => T): T {
  const old = process.env.TSDL_DATA;
  if (dir === undefined) delete process.env.TSDL_DATA;
  else process.env.TSDL_DATA = dir;
  try {
    return f();
  } finally {
    if (old === undefined) delete process.env.TSDL_DATA;
    else process.env.TSDL_DATA = old;
  }
}

describe("data: makeCircles / makeMoons (sklearn 1.2 on numpy's global stream)", () => {
  for (const c of fixture.datasets) {
    it(`bit-identical: ${c.name} (${c.kind}, seed ${c.seed}, n ${JSON.stringify(c.n)}, noise ${c.noise})`, () => {
      const { X, y } = run(c);
      expect(X.shape).to.deep.equal([c.y.length, 2]);
      assertClose(X.data, c.X, { ...EXACT, name: `${c.name} X` });
      assertClose(y.data, c.y, { ...EXACT, name: `${c.name} y` });
      // the same number of draws as numpy: the next uniform matches
      assertClose(random.randomSample(), c.nextRand, { ...EXACT, name: `${c.name}: stream after` });
    });
  }

  it("matches LAB_SPEC's published anchors (init lab circles, optimization lab moons)", () => {
    random.seed(1);
    const init = makeCircles(300, { noise: 0.05 });
    assertClose([init.X.get(0, 0), init.X.get(0, 1)], [-0.07741354010048114, 0.8526022642742742], EXACT);
    assertClose(init.y.data.subarray(0, 10), [1, 0, 1, 1, 0, 0, 1, 0, 1, 1], EXACT);
    random.seed(3);
    const opt = makeMoons(300, { noise: 0.2 });
    assertClose([opt.X.get(0, 0), opt.X.get(0, 1)], [-0.21687013460912397, 1.0154493742029873], EXACT);
    assertClose(opt.y.data.subarray(0, 10), [0, 1, 1, 1, 0, 0, 1, 1, 0, 1], EXACT);
  });

  it("draws from the given rng and leaves the global stream alone", () => {
    random.seed(123);
    const before = random.getState();
    const { X } = run(byName("opt-train"), new RandomState());
    assertClose(X.data, byName("opt-train").X, EXACT);
    expect(random.getState().key).to.deep.equal(before.key);
    expect(random.getState().pos).to.equal(before.pos);
  });

  it("rejects bad arguments with the operation's name", () => {
    expect(() => makeCircles(10, { factor: 1 })).to.throw(/makeCircles: factor must be in \[0, 1\), got 1/);
    expect(() => makeCircles(2.5)).to.throw(/makeCircles: n_samples/);
    expect(() => makeMoons(10, { noise: -0.1 })).to.throw(/makeMoons: noise must be >= 0/);
    expect(() => makeMoons([1, 2, 3] as unknown as [number, number])).to.throw(/makeMoons: n_samples must be an integer or a pair/);
  });
});

describe("data: the labs' dataset loaders", () => {
  it("loadInitDataset: seed(1) circles 300 / seed(2) circles 100, examples as columns", () => {
    const d = loadInitDataset();
    expect(d.trainX.shape).to.deep.equal([2, 300]);
    expect(d.trainY.shape).to.deep.equal([1, 300]);
    expect(d.testX.shape).to.deep.equal([2, 100]);
    expect(d.testY.shape).to.deep.equal([1, 100]);
    assertClose(d.trainX, columns(byName("init-train")), { ...EXACT, name: "train_X" });
    assertClose(d.trainY, [byName("init-train").y], { ...EXACT, name: "train_Y" });
    assertClose(d.testX, columns(byName("init-test")), { ...EXACT, name: "test_X" });
    assertClose(d.testY, [byName("init-test").y], { ...EXACT, name: "test_Y" });
    // the course re-seeds the global stream: it stands where numpy's does after load_dataset()
    assertClose(random.randomSample(), byName("init-test").nextRand, EXACT);
  });

  it("loadMoonsDataset: seed(3) moons 300 noise .2, training set only", () => {
    const d = loadMoonsDataset();
    expect(d.trainX.shape).to.deep.equal([2, 300]);
    assertClose(d.trainX, columns(byName("opt-train")), { ...EXACT, name: "train_X" });
    assertClose(d.trainY, [byName("opt-train").y], { ...EXACT, name: "train_Y" });
    expect(Object.keys(d)).to.deep.equal(["trainX", "trainY"]);
  });
});

describe("data: where data files are looked for", () => {
  let tmp = "";
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "tsdl-data-"));
    writeFileSync(path.join(tmp, "probe.bin"), "x");
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("finds the project root from the module's own location", () => {
    expect(findProjectRoot()).to.equal(ROOT);
  });

  it("looks in order: explicit path, $TSDL_DATA, ../shared/data, data/", () => {
    withTsdlData(tmp, () => {
      const c = dataCandidates("probe.bin", "/nowhere/probe.bin");
      expect(c.map((x) => x.path)).to.deep.equal([
        "/nowhere/probe.bin",
        path.join(tmp, "probe.bin"),
        path.resolve(ROOT, "..", "shared", "data", "probe.bin"),
        path.join(ROOT, "data", "probe.bin"),
      ]);
      expect(findDataFile("probe.bin")).to.equal(path.join(tmp, "probe.bin"));
      expect(findDataFile("probe.bin", "/nowhere/probe.bin")).to.equal(path.join(tmp, "probe.bin"));
      expect(findDataFile("probe.bin", tmp)).to.equal(path.join(tmp, "probe.bin")); // a folder as explicit path
    });
    withTsdlData(undefined, () => {
      expect(findDataFile("probe.bin")).to.equal(null);
      expect(findDataFile("probe.bin", path.join(tmp, "probe.bin"))).to.equal(path.join(tmp, "probe.bin"));
      expect(dataCandidates("probe.bin")[1]).to.deep.equal({ where: "$TSDL_DATA (not set)", path: null });
    });
  });

  it("describeSearch lists every place with found / not found", () => {
    const text = withTsdlData(tmp, () => describeSearch("probe.bin"));
    const lines = text.split("\n");
    expect(lines).to.have.length(4);
    expect(lines[0]).to.match(/1\. explicit path \(none given\)/);
    expect(lines[1]).to.include("$TSDL_DATA: $TSDL_DATA/probe.bin — found");
    expect(lines[2]).to.include("3. ../shared/data beside the project: ../shared/data/probe.bin — not found");
    expect(lines[3]).to.include("data/ in the project: data/probe.bin — not found");
    expect(text, "no absolute path").to.not.include(tmp).and.not.include(ROOT);
  });

  it("displayPath names a file from $TSDL_DATA, the project, beside it or ~, never this machine's folders", () => {
    withTsdlData(tmp, () => {
      expect(displayPath(path.join(tmp, "a", "b.h5"))).to.equal("$TSDL_DATA/a/b.h5");
      expect(displayPath(path.join(ROOT, "data", "data.mat"))).to.equal("data/data.mat");
      expect(displayPath(path.join(ROOT, "..", "shared", "data", "x.h5"))).to.equal("../shared/data/x.h5");
      expect(displayPath(path.join(homedir(), "course", "x.h5"))).to.equal("~/course/x.h5");
    });
    withTsdlData(undefined, () => expect(displayPath(path.join(tmp, "b.h5"))).to.equal(path.join(tmp, "b.h5"))); // elsewhere: as given
  });
});

describe("data: load2DDataset (regularization lab)", () => {
  let tmp = "";
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "tsdl-2d-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("reads the course's data.mat: X.T (2,211), y.T (1,211), Xval.T (2,200), yval.T (1,200)", function () {
    const file = findDataFile("data.mat");
    if (file === null || fixture.dataMat === null) {
      console.warn(`      skipped: data.mat not found (looked in:\n${describeSearch("data.mat")})`);
      this.skip();
    }
    const d = load2DDataset();
    expect(d.source).to.equal("course");
    expect(d.file).to.equal(file);
    expect(d.banner).to.equal(undefined);
    expect([d.trainX.shape, d.trainY.shape, d.testX.shape, d.testY.shape]).to.deep.equal([[2, 211], [1, 211], [2, 200], [1, 200]]);
    // digests of scipy.io.loadmat's arrays (row-major (m,2) / (m,1) float64): transpose back and compare
    const v = fixture.dataMat!.vars;
    const rows = (X: Float64Array, m: number) => Float64Array.from({ length: 2 * m }, (_, k) => X[(k % 2) * m + Math.floor(k / 2)]);
    expect(sha256(rows(d.trainX.data, 211))).to.equal(v.X.sha256);
    expect(sha256(d.trainY.data)).to.equal(v.y.sha256);
    expect(sha256(rows(d.testX.data, 200))).to.equal(v.Xval.sha256);
    expect(sha256(d.testY.data)).to.equal(v.yval.sha256);
  });

  it("reads a data.mat found through $TSDL_DATA (a tiny one written by scipy, no course data)", () => {
    const dir = path.join(tmp, "env");
    mkdirSync(dir, { recursive: true });
    const fake = fixture.fakeDataMat;
    writeFileSync(path.join(dir, "data.mat"), Buffer.from(fake.hex, "hex"));
    const d = withTsdlData(dir, () => load2DDataset());
    expect(d.source).to.equal("course");
    expect(d.file).to.equal(path.join(dir, "data.mat"));
    assertClose(d.trainX, fake.trainX, EXACT);
    assertClose(d.trainY, fake.trainY, EXACT);
    assertClose(d.testX, fake.testX, EXACT);
    assertClose(d.testY, fake.testY, EXACT);
  });

  it("falls back to a seeded synthetic stand-in with a banner when the file is absent", () => {
    const d = withTsdlData(undefined, () => load2DDataset({ fileName: "absent-data.mat", seed: 5 }));
    expect(d.source).to.equal("synthetic");
    expect(d.file).to.equal(undefined);
    expect([d.trainX.shape, d.trainY.shape, d.testX.shape, d.testY.shape]).to.deep.equal([[2, 211], [1, 211], [2, 200], [1, 200]]);
    expect(d.banner).to.match(/SYNTHETIC DATA \(seed 5\)/);
    expect(d.banner).to.include("absent-data.mat was not found; looked in:");
    expect(d.banner).to.include("$TSDL_DATA (not set)");
    expect(d.banner).to.match(/apply only to the real file/);
    // labels 0/1, both classes, the course data's region
    for (const Y of [d.trainY.data, d.testY.data]) {
      expect(Array.from(Y).every((v) => v === 0 || v === 1)).to.equal(true);
      const ones = Y.reduce((a, b) => a + b, 0);
      expect(ones / Y.length).to.be.within(0.3, 0.7);
    }
    const xs = d.trainX.data;
    expect(Math.min(...xs.subarray(0, 211))).to.be.above(-0.75);
    expect(Math.max(...xs.subarray(0, 211))).to.be.below(0.4);
    expect(Math.min(...xs.subarray(211))).to.be.above(-0.75);
    expect(Math.max(...xs.subarray(211))).to.be.below(0.65);
  });

  it("the stand-in is deterministic per seed and leaves the global stream alone", () => {
    random.seed(9);
    const before = random.getState();
    const a = synthetic2DDataset(1);
    const b = load2DDataset({ synthetic: true, seed: 1 });
    const c = synthetic2DDataset(2);
    assertClose(a.trainX, b.trainX, EXACT);
    assertClose(a.testY, b.testY, EXACT);
    expect(b.banner).to.include("{ synthetic: true }");
    expect(() => assertClose(a.trainX, c.trainX, EXACT)).to.throw(/differ/);
    expect(random.getState().key).to.deep.equal(before.key);
  });

  it("a corrupt or truncated file is an error naming the file, never a fallback", () => {
    const good = Buffer.from(fixture.fakeDataMat.hex, "hex");
    const dir = path.join(tmp, "bad");
    mkdirSync(dir, { recursive: true });
    const bad = path.join(dir, "data.mat");
    writeFileSync(bad, good.subarray(0, good.length - 5));
    expect(() => load2DDataset({ path: bad })).to.throw(/^data\.mat: truncated: element at byte \d+ wants \d+ bytes, \d+ left/);
    expect(() => withTsdlData(dir, () => load2DDataset())).to.throw(/^data\.mat: truncated/);
    // a valid MAT-file without the lab's variables
    writeFileSync(bad, Buffer.from(fixture.fakeDataMat.hex, "hex").subarray(0, 128));
    expect(() => load2DDataset({ path: bad })).to.throw(/^data\.mat: variable 'X' missing \(variables: none\)/);
    expect(() => load2DDataset({ path: path.join(tmp, "nope.mat") })).to.throw(/load2DDataset: .*nope\.mat: no such file or folder/);
    const real = findDataFile("data.mat");
    if (real !== null) {
      // the course file cut short
      const cut = path.join(tmp, "cut", "data.mat");
      mkdirSync(path.dirname(cut), { recursive: true });
      copyFileSync(real, cut);
      writeFileSync(cut, readFileSync(cut).subarray(0, 1000));
      expect(() => load2DDataset({ path: cut })).to.throw(/^data\.mat: truncated: element at byte \d+ wants \d+ bytes, \d+ left/);
    }
  });
});
