/**
 * lib/src/data/signs.ts: the SIGNS loader on the course's test_signs.h5 (digests from h5py + numpy in
 * tools/fixtures/gen_data.py; skipped when the file is absent), broken files, the synthetic stand-in
 * for the missing train_signs.h5, and flattenImages / oneHot against numpy's reshape/eye semantics.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import ndarray from "ndarray";
import { assertClose } from "../../lib/src/check";
import { random } from "../../lib/src/random";
import { describeSearch, findDataFile, flattenImages, loadSigns, oneHot, readSignsFile, syntheticSigns } from "../../lib/src/data";

const EXACT = { rtol: 0, atol: 0 };
interface SignsDigest {
  file: string;
  xShape: number[];
  xSha256: string;
  ySha256: string;
  yHead: number[];
  counts: number[];
  classes: number[];
  flatShape: number[];
  flatSha256: string;
  oneHotSha256: string;
}
interface TinyH5 {
  tiny: string;
  other: string;
  badtype: string;
  tinyX: number[];
  tinyFlat: number[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/data.json", import.meta.url), "utf8")) as { signs: SignsDigest[]; h5: TinyH5 | null };
const testDigest = fixture.signs.find((s) => s.file === "test_signs.h5");

function sha256(a: ArrayBufferView): string {
  return createHash("sha256").update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest("hex");
}

function needTestFile(ctx: Mocha.Context): string {
  const file = findDataFile("test_signs.h5");
  if (file === null || testDigest === undefined) {
    console.warn(`      skipped: test_signs.h5 not found (looked in:\n${describeSearch("test_signs.h5")})`);
    ctx.skip();
  }
  return file!;
}

describe("data: SIGNS from the course's test_signs.h5", () => {
  it("reads (120,64,64,3) uint8 images, labels (1,120), classes 0…5, as h5py does", function () {
    const s = readSignsFile(needTestFile(this));
    const e = testDigest!;
    expect(s.split).to.equal("test");
    expect(s.source).to.equal("course");
    expect(s.x.shape).to.deep.equal(e.xShape);
    expect(s.y.shape).to.deep.equal([1, 120]);
    expect(sha256(s.x.data)).to.equal(e.xSha256);
    expect(createHash("sha256").update(Array.from(s.y.data).join(",")).digest("hex")).to.equal(e.ySha256);
    assertClose(s.y.data.subarray(0, 10), [0, 0, 0, 5, 1, 0, 3, 1, 5, 1], EXACT); // LAB_SPEC §5
    expect(s.classes).to.deep.equal([0, 1, 2, 3, 4, 5]);
    const counts = [0, 0, 0, 0, 0, 0];
    for (const v of s.y.data) counts[v]++;
    expect(counts).to.deep.equal([20, 20, 20, 20, 20, 20]);
  });

  it("flattenImages → (12288,120) /255 and oneHot → (6,120), bit-identical to numpy", function () {
    const s = readSignsFile(needTestFile(this));
    const X = flattenImages(s.x);
    expect(X.shape).to.deep.equal(testDigest!.flatShape);
    expect(sha256(X.data)).to.equal(testDigest!.flatSha256);
    const Y = oneHot(s.y, 6);
    expect(Y.shape).to.deep.equal([6, 120]);
    expect(sha256(Y.data)).to.equal(testDigest!.oneHotSha256);
  });

  it("loadSigns: the real test set, a flagged synthetic train set, a banner naming the missing file", function () {
    needTestFile(this);
    if (findDataFile("train_signs.h5") !== null) this.skip(); // the banner case needs train_signs.h5 absent
    const s = loadSigns();
    expect(s.test.source).to.equal("course");
    expect(s.train.source).to.equal("synthetic");
    expect(s.train.x.shape).to.deep.equal([1080, 64, 64, 3]);
    expect(s.train.y.shape).to.deep.equal([1, 1080]);
    expect(s.classes).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(s.banner).to.match(/train_signs\.h5: NOT FOUND — the train set is a SYNTHETIC stand-in \(1080 images, seed 1\)\. Looked in:/);
    expect(s.banner).to.include("$TSDL_DATA");
    expect(s.banner).to.match(/data\/ in the project: .*train_signs\.h5 — not found/);
    expect(s.banner).to.match(/reference only/);
    expect(s.banner).to.not.include("test_signs.h5");
  });
});

describe("data: SIGNS reader on a tiny file written by h5py (no course data)", () => {
  let tmp = "";
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "tsdl-tiny-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("reads images, labels, classes; flattens like numpy; found through $TSDL_DATA", function () {
    if (fixture.h5 === null) this.skip();
    const file = path.join(tmp, "test_signs.h5");
    writeFileSync(file, Buffer.from(fixture.h5!.tiny, "hex"));
    const s = readSignsFile(file);
    expect([s.split, s.source, s.file]).to.deep.equal(["test", "course", file]);
    expect(s.x.shape).to.deep.equal([2, 4, 4, 3]);
    assertClose(s.x.data, fixture.h5!.tinyX, EXACT);
    assertClose(s.y, [[3, 1]], EXACT);
    expect(s.classes).to.deep.equal([0, 1, 2, 3, 4, 5]);
    assertClose(flattenImages(s.x).data, fixture.h5!.tinyFlat, EXACT);
    const old = process.env.TSDL_DATA;
    process.env.TSDL_DATA = tmp;
    try {
      const both = loadSigns({ seed: 7 });
      expect(both.test.file).to.equal(file);
      assertClose(both.test.y, [[3, 1]], EXACT);
      expect(both.train.source).to.equal(findDataFile("train_signs.h5") === null ? "synthetic" : "course");
    } finally {
      if (old === undefined) delete process.env.TSDL_DATA;
      else process.env.TSDL_DATA = old;
    }
  });
});

describe("data: broken SIGNS files", () => {
  let tmp = "";
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "tsdl-signs-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("a truncated copy is an error naming the file and the sizes", function () {
    const real = needTestFile(this);
    const cut = path.join(tmp, "test_signs.h5");
    copyFileSync(real, cut);
    writeFileSync(cut, readFileSync(real).subarray(0, 1_000_000));
    expect(() => readSignsFile(cut)).to.throw(/^test_signs\.h5: truncated: the HDF5 superblock says 1477712 bytes, the file has 1000000$/);
    expect(() => loadSigns({ path: tmp })).to.throw(/^test_signs\.h5: truncated/); // no silent fallback
  });

  it("a file that is not HDF5, HDF5 without SIGNS datasets, images that are not uint8", function () {
    if (fixture.h5 === null) this.skip();
    const other = path.join(tmp, "other.h5");
    writeFileSync(other, Buffer.from(fixture.h5!.other, "hex"));
    expect(() => readSignsFile(other)).to.throw(/^other\.h5: no 'train_set_x' or 'test_set_x' dataset \(datasets: foo\): not a SIGNS file$/);
    const badtype = path.join(tmp, "badtype.h5");
    writeFileSync(badtype, Buffer.from(fixture.h5!.badtype, "hex"));
    expect(() => readSignsFile(badtype)).to.throw(/^badtype\.h5: 'train_set_x' is \(2,4,4,3\) <f4, expected \(m,64,64,3\) uint8$/);
    const junk = path.join(tmp, "junk.h5");
    writeFileSync(junk, Buffer.alloc(4096, 7));
    expect(() => readSignsFile(junk)).to.throw(/^junk\.h5: not an HDF5 file/);
    writeFileSync(junk, Buffer.alloc(10));
    expect(() => readSignsFile(junk)).to.throw(/^junk\.h5: not an HDF5 file/);
    expect(() => loadSigns({ trainPath: path.join(tmp, "nope.h5") })).to.throw(/loadSigns: .*nope\.h5: no such file or folder/);
  });

  it("corrupt metadata or labels inside a complete file are errors, not garbage", function () {
    const real = needTestFile(this);
    const bytes = Buffer.from(readFileSync(real));
    bytes.fill(0xee, 96, 2144); // the root group's metadata, before the image data
    const bad = path.join(tmp, "corrupt", "test_signs.h5");
    mkdirSync(path.dirname(bad), { recursive: true });
    writeFileSync(bad, bytes);
    expect(() => readSignsFile(bad)).to.throw(/^test_signs\.h5: cannot read as HDF5: /);
    // HDF5 v0 has no checksums: corrupt label / class bytes are caught by range checks
    // (h5py's get_offset(): test_set_y data at 1476704, list_classes at 1477664)
    const labels = Buffer.from(readFileSync(real));
    labels.fill(0xee, 1476704 + 8 * 37, 1476704 + 8 * 38);
    writeFileSync(bad, labels);
    expect(() => readSignsFile(bad)).to.throw(/^test_signs\.h5: 'test_set_y' holds -?\d+ at index 37, expected an integer in \[0, 6\)$/);
    const classes = Buffer.from(readFileSync(real));
    classes.writeBigInt64LE(7n, 1477664 + 8 * 2);
    writeFileSync(bad, classes);
    expect(() => readSignsFile(bad)).to.throw(/^test_signs\.h5: 'list_classes' holds 7 at index 2, expected an integer in \[0, 6\)$/);
  });
});

describe("data: synthetic SIGNS stand-in", () => {
  it("has the course's shapes, balanced labels, and is deterministic per seed", () => {
    random.seed(4);
    const before = random.getState();
    const a = syntheticSigns(1080, 1);
    const b = syntheticSigns(1080, 1);
    const c = syntheticSigns(120, 2, "test");
    expect(a.x.shape).to.deep.equal([1080, 64, 64, 3]);
    expect(a.y.shape).to.deep.equal([1, 1080]);
    expect([a.source, a.split, c.split]).to.deep.equal(["synthetic", "train", "test"]);
    const counts = [0, 0, 0, 0, 0, 0];
    for (const v of a.y.data) counts[v]++;
    expect(counts).to.deep.equal([180, 180, 180, 180, 180, 180]);
    expect(sha256(a.x.data)).to.equal(sha256(b.x.data));
    assertClose(a.y, b.y, EXACT);
    expect(sha256(c.x.data)).to.not.equal(sha256(a.x.data.subarray(0, c.x.data.length)));
    expect(random.getState().key).to.deep.equal(before.key); // the global stream is untouched
  });

  it("shows the label as raised fingers: the finger band is brighter/skin-coloured in proportion", () => {
    // mean difference between the finger band (rows 12…35) and the background grows with the label
    const s = syntheticSigns(600, 3);
    const m = 600;
    const skinShare = new Array<number>(6).fill(0);
    const n = new Array<number>(6).fill(0);
    for (let i = 0; i < m; i++) {
      const img = s.x.data.subarray(i * 12288, (i + 1) * 12288);
      const bg = [img[0], img[1], img[2]]; // top-left corner is background
      let differ = 0;
      for (let c = 0; c < 64; c++) {
        const p = (24 * 64 + c) * 3; // row 24 crosses the fingers
        if (Math.abs(img[p] - bg[0]) + Math.abs(img[p + 1] - bg[1]) + Math.abs(img[p + 2] - bg[2]) > 60) differ++;
      }
      skinShare[s.y.data[i]] += differ;
      n[s.y.data[i]]++;
    }
    const mean = skinShare.map((v, k) => v / n[k]);
    for (let k = 1; k < 6; k++) expect(mean[k], `label ${k}`).to.be.above(mean[k - 1] + 2);
  });
});

describe("data: flattenImages / oneHot", () => {
  it("flattenImages orders pixels row, col, channel (numpy X.reshape(m,-1).T / 255.)", () => {
    // x[i,r,c,ch] = 100*i + 10*(2r+c) + ch: m=2 images of 2×2×3
    const x = ndarray(Uint8Array.from({ length: 24 }, (_, k) => 100 * Math.floor(k / 12) + 10 * Math.floor((k % 12) / 3) + (k % 3)), [2, 2, 2, 3]);
    const X = flattenImages(x);
    expect(X.shape).to.deep.equal([12, 2]);
    const expected = Array.from({ length: 12 }, (_, p) => [(10 * Math.floor(p / 3) + (p % 3)) / 255, (100 + 10 * Math.floor(p / 3) + (p % 3)) / 255]);
    assertClose(X, expected, EXACT);
    // a view of the second image only (offset into the same memory)
    assertClose(flattenImages(x.lo(1)), expected.map((r) => [r[1]]), EXACT);
    expect(() => flattenImages(x.transpose(1, 0, 2, 3))).to.throw(/flattenImages: x must be a contiguous row-major array/);
    expect(() => flattenImages(ndarray(new Uint8Array(3), [3]))).to.throw(/flattenImages: x must be \(m, …\)/);
  });

  it("oneHot: LAB_SPEC's one_hot_matrix example, any label shape, bad labels", () => {
    const expected = [[0, 0, 0, 1, 0, 0], [1, 0, 0, 0, 0, 1], [0, 1, 0, 0, 1, 0], [0, 0, 1, 0, 0, 0]];
    assertClose(oneHot([1, 2, 3, 0, 2, 1], 4), expected, EXACT);
    assertClose(oneHot(ndarray(new Float64Array([1, 2, 3, 0, 2, 1]), [1, 6]), 4), expected, EXACT);
    assertClose(oneHot(ndarray(new Float64Array([1, 2, 3, 0, 2, 1]), [6, 1]), 4), expected, EXACT);
    // a transposed view (3,2) of [[1,3,2],[2,0,1]] reads 1,2,3,0,2,1 in row-major order
    assertClose(oneHot(ndarray(new Float64Array([1, 3, 2, 2, 0, 1]), [2, 3]).transpose(1, 0), 4), expected, EXACT);
    expect(() => oneHot([0, 4], 4)).to.throw(/oneHot: label 4 at index 1 is not an integer in \[0, 4\)/);
    expect(() => oneHot([0.5], 4)).to.throw(/oneHot: label 0\.5 at index 0/);
  });
});
