/**
 * lib/src/data/mat.ts, the MAT v5 reader, on: files built here byte by byte (uncompressed and
 * compressed elements, small-element form, both byte orders, n-D, complex, char), files written by
 * scipy.io.savemat (fixture hex from tools/fixtures/gen_data.py), the course's data.mat (digests from
 * scipy.io.loadmat; skipped when absent), and broken files that must throw a clear error.
 */
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import { expect } from "chai";
import { assertClose } from "../../lib/src/check";
import { describeSearch, findDataFile, readMat } from "../../lib/src/data";

const EXACT = { rtol: 0, atol: 0 };

interface Expect {
  shape: number[];
  dtype?: string;
  values?: number[];
  text?: string;
  re?: number[];
  im?: number[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/data.json", import.meta.url), "utf8")) as {
  mat: { compressed: boolean; hex: string; expect: Record<string, Expect> }[];
  dataMat: { size: number; vars: Record<string, { shape: number[]; dtype: string; sha256: string; sum: number }> } | null;
};

// ------------------------------------------------------------------ a small MAT v5 writer for the tests
const MI = { int8: 1, uint8: 2, int16: 3, uint16: 4, int32: 5, uint32: 6, single: 7, double: 9, matrix: 14, compressed: 15, utf8: 16 } as const;
const CLASS = { char: 4, double: 6, single: 7, int8: 8, uint8: 9, int16: 10, uint16: 11, int32: 12, uint32: 13 } as const;
type Stored = "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "single" | "double";
const SIZE: Record<Stored, number> = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, single: 4, double: 8 };
let LE = true; // byte order of what the builders write

function put(view: DataView, type: Stored, at: number, v: number): void {
  const f = { int8: "setInt8", uint8: "setUint8", int16: "setInt16", uint16: "setUint16", int32: "setInt32", uint32: "setUint32", single: "setFloat32", double: "setFloat64" }[type] as "setFloat64";
  view[f](at, v, LE);
}

/** One data element: tag + data padded to 8 bytes; `small` uses the 4+4 form (data ≤ 4 bytes). */
function element(type: number, data: Uint8Array, small = data.length <= 4 && data.length > 0): Buffer {
  if (small) {
    const b = Buffer.alloc(8);
    new DataView(b.buffer, b.byteOffset).setUint32(0, (data.length << 16) | type, LE);
    b.set(data, 4);
    return b;
  }
  const b = Buffer.alloc(8 + Math.ceil(data.length / 8) * 8);
  const v = new DataView(b.buffer, b.byteOffset);
  v.setUint32(0, type, LE);
  v.setUint32(4, data.length, LE);
  b.set(data, 8);
  return b;
}

function numbers(type: Stored, values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * SIZE[type]);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => put(v, type, i * SIZE[type], x));
  return b;
}

interface MatrixSpec {
  name: string;
  /** row-major values as rows; or `values` + `dims` for column-major data given directly */
  rows?: number[][];
  dims?: number[];
  values?: number[];
  imag?: number[];
  cls: keyof typeof CLASS;
  stored?: Stored;
  small?: boolean;
  flags?: number;
}

/** A miMATRIX element: array flags, dims, name, real (and imaginary) part, column-major like MATLAB. */
function matrix(s: MatrixSpec): Buffer {
  const dims = s.dims ?? [s.rows!.length, s.rows![0].length];
  const values = s.values ?? Array.from({ length: dims[0] * dims[1] }, (_, k) => s.rows![k % dims[0]][Math.floor(k / dims[0])]);
  const stored = s.stored ?? (s.cls === "char" ? "uint16" : (s.cls as Stored));
  const flags = new Uint8Array(8);
  new DataView(flags.buffer).setUint32(0, CLASS[s.cls] | (s.imag ? 0x800 : 0) | (s.flags ?? 0), LE);
  const parts = [
    element(MI.uint32, flags, false),
    element(MI.int32, numbers("int32", dims), false),
    element(MI.int8, new TextEncoder().encode(s.name)),
    element(MI[stored], numbers(stored, values), s.small),
  ];
  if (s.imag) parts.push(element(MI[stored], numbers(stored, s.imag), s.small));
  return element(MI.matrix, Buffer.concat(parts), false);
}

/** The same element wrapped in a miCOMPRESSED element (zlib), not padded. */
function compressed(el: Buffer): Buffer {
  const z = deflateSync(el);
  const b = Buffer.alloc(8 + z.length);
  const v = new DataView(b.buffer, b.byteOffset);
  v.setUint32(0, MI.compressed, LE);
  v.setUint32(4, z.length, LE);
  b.set(z, 8);
  return b;
}

/** Header (text, version 0x0100, endian indicator) + elements. */
function buildMat(elements: Buffer[]): Buffer {
  const h = Buffer.alloc(128, 0x20);
  h.write("MATLAB 5.0 MAT-file, written by data-mat.test.ts", 0, "latin1");
  h.fill(0, 116, 124);
  new DataView(h.buffer, h.byteOffset).setUint16(124, 0x0100, LE);
  h.write(LE ? "IM" : "MI", 126, "latin1");
  return Buffer.concat([h, ...elements]);
}

function sampleElements(): Buffer[] {
  return [
    matrix({ name: "A", rows: [[1, 2, 3], [4, 5, 6.5]], cls: "double" }),
    matrix({ name: "y", rows: [[1], [0], [1], [1]], cls: "double", stored: "uint8" }), // like data.mat's y
    matrix({ name: "k", rows: [[-7]], cls: "int16", small: true }), // 2-byte datum in the small form
    matrix({ name: "T", dims: [2, 2, 2], values: [0, 1, 2, 3, 4, 5, 6, 7], cls: "int32" }),
    matrix({ name: "z", rows: [[1.5, -2]], imag: [0.5, 3], cls: "double" }),
    matrix({ name: "s", dims: [2, 3], values: [..."hbie!!"].map((c) => c.charCodeAt(0)), cls: "char" }),
    matrix({ name: "f", rows: [[0.25, -1]], cls: "single" }),
    matrix({ name: "g", rows: [[2]], cls: "double", flags: 0x400 | 0x200 }),
  ];
}

function checkSample(f: ReturnType<typeof readMat>): void {
  const v = f.variables;
  expect(Object.keys(v)).to.deep.equal(["A", "y", "k", "T", "z", "s", "f", "g"]);
  expect(v.A.shape).to.deep.equal([2, 3]);
  assertClose(v.A.data, [[1, 2, 3], [4, 5, 6.5]], EXACT); // column-major on disk → row-major
  expect([v.y.className, v.y.stored]).to.deep.equal(["double", "uint8"]);
  assertClose(v.y.data, [[1], [0], [1], [1]], EXACT);
  expect([v.k.className, v.k.shape]).to.deep.equal(["int16", [1, 1]]);
  assertClose(v.k.data, [[-7]], EXACT);
  // MATLAB T(i,j,k) = values[i + 2j + 4k]; numpy order T[i][j][k]
  assertClose(v.T.data, [[[0, 4], [2, 6]], [[1, 5], [3, 7]]], EXACT);
  assertClose(v.z.data, [[1.5, -2]], EXACT);
  assertClose(v.z.imag!, [[0.5, 3]], EXACT);
  expect(v.s.text).to.equal("hi!\nbe!");
  expect(v.f.className).to.equal("single");
  assertClose(v.f.data, [[0.25, -1]], EXACT);
  expect([v.g.global, v.g.logical, v.A.global, v.A.logical]).to.deep.equal([true, true, false, false]);
  expect(f.header).to.equal("MATLAB 5.0 MAT-file, written by data-mat.test.ts");
  expect(f.skipped).to.deep.equal([]);
}

describe("data: readMat on hand-built MAT v5 files", () => {
  afterEach(() => {
    LE = true;
  });

  it("reads uncompressed elements: classes, stored types, n-D, complex, char, small elements", () => {
    checkSample(readMat(buildMat(sampleElements())));
  });

  it("reads compressed elements (zlib) the same", () => {
    checkSample(readMat(buildMat(sampleElements().map(compressed))));
  });

  it("reads a mix, and big-endian files", () => {
    const els = sampleElements().map((e, i) => (i % 2 ? compressed(e) : e));
    checkSample(readMat(buildMat(els)));
    LE = false;
    checkSample(readMat(buildMat(sampleElements().map((e, i) => (i % 2 ? e : compressed(e))))));
  });

  it("lists cells/structs in `skipped` instead of reading them", () => {
    const cell = matrix({ name: "c", rows: [[0]], cls: "double" });
    new DataView(cell.buffer, cell.byteOffset).setUint32(16, 1, LE); // class byte → mxCELL_CLASS
    const f = readMat(buildMat([cell, matrix({ name: "x", rows: [[3]], cls: "double" })]));
    expect(f.skipped).to.deep.equal([{ name: "c", className: "cell" }]);
    expect(Object.keys(f.variables)).to.deep.equal(["x"]);
  });
});

describe("data: readMat on files written by scipy.io.savemat", () => {
  for (const m of fixture.mat) {
    it(`${m.compressed ? "compressed" : "uncompressed"}: every variable as scipy.io.loadmat reads it`, () => {
      const f = readMat(Buffer.from(m.hex, "hex"), { name: "scipy.mat" });
      for (const [name, e] of Object.entries(m.expect)) {
        const v = f.variables[name];
        expect(v, name).to.not.equal(undefined);
        if (e.text !== undefined) {
          expect(v.className).to.equal("char");
          expect(v.text).to.equal(e.text);
        } else if (e.re) {
          expect(v.shape).to.deep.equal(e.shape);
          assertClose(v.data.data, e.re, { ...EXACT, name: `${name} re` });
          assertClose(v.imag!.data, e.im!, { ...EXACT, name: `${name} im` });
        } else {
          expect(v.shape, name).to.deep.equal(e.shape);
          expect(v.stored === "single" ? "float32" : v.stored === "double" ? "float64" : v.stored, name).to.equal(e.dtype);
          assertClose(v.data.data, e.values!, { ...EXACT, name });
        }
      }
    });
  }
});

describe("data: readMat on the course's data.mat", () => {
  it("X (211,2) double, y (211,1) stored uint8, Xval (200,2), yval (200,1): as scipy reads them", function () {
    const file = findDataFile("data.mat");
    if (file === null || fixture.dataMat === null) {
      console.warn(`      skipped: data.mat not found (looked in:\n${describeSearch("data.mat")})`);
      this.skip();
    }
    const f = readMat(file!);
    expect(f.header).to.match(/^MATLAB 5\.0 MAT-file/);
    for (const [name, e] of Object.entries(fixture.dataMat!.vars)) {
      const v = f.variables[name];
      expect(v.shape, name).to.deep.equal(e.shape);
      expect(v.stored === "double" ? "float64" : v.stored, name).to.equal(e.dtype);
      const d = v.data.data;
      expect(createHash("sha256").update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)).digest("hex"), name).to.equal(e.sha256);
    }
  });
});

describe("data: readMat rejects broken files with the file's name and what is wrong", () => {
  const good = buildMat([matrix({ name: "A", rows: [[1, 2], [3, 4]], cls: "double" })]);

  it("truncated header, truncated element, trailing half tag", () => {
    expect(() => readMat(good.subarray(0, 60), { name: "x.mat" })).to.throw(/^x\.mat: truncated: 60 bytes, shorter than the 128-byte MAT-file header$/);
    expect(() => readMat(good.subarray(0, good.length - 8), { name: "x.mat" })).to.throw(/^x\.mat: truncated: element at byte 128 wants \d+ bytes, \d+ left$/);
    expect(() => readMat(Buffer.concat([good, Buffer.alloc(3)]), { name: "x.mat" })).to.throw(/^x\.mat: truncated: element tag at byte \d+ needs 8 bytes, 3 left$/);
    expect(() => readMat(Buffer.alloc(0), { name: "x.mat" })).to.throw(/^x\.mat: empty file/);
  });

  it("corrupt compressed data, and errors inside a compressed element say so", () => {
    const z = compressed(matrix({ name: "A", rows: [[1, 2], [3, 4]], cls: "double" }));
    const broken = Buffer.from(z);
    broken.fill(0xff, 20, 30);
    expect(() => readMat(buildMat([broken]), { name: "z.mat" })).to.throw(/^z\.mat: corrupt compressed element at byte 128 \(\d+ bytes\): /);
    const cut = Buffer.from(z.subarray(0, z.length - 6));
    new DataView(cut.buffer, cut.byteOffset).setUint32(4, cut.length - 8, true);
    expect(() => readMat(buildMat([cut]), { name: "z.mat" })).to.throw(/^z\.mat: corrupt compressed element at byte 128 .*unexpected end of file/);
    // a valid zlib stream whose matrix claims more than it holds
    const inner = matrix({ name: "A", rows: [[1, 2]], cls: "double" });
    new DataView(inner.buffer, inner.byteOffset).setUint32(4, inner.length + 64, true);
    expect(() => readMat(buildMat([compressed(inner)]), { name: "z.mat" })).to.throw(
      /^z\.mat: truncated: element at byte 0 wants \d+ bytes, \d+ left \(in the compressed element at byte 128\)$/,
    );
  });

  it("data that does not fit the dims, a wrong header, a v7.3 file", () => {
    const el = matrix({ name: "A", dims: [2, 3], values: [1, 2, 3, 4], cls: "double" });
    expect(() => readMat(buildMat([el]), { name: "d.mat" })).to.throw(/^d\.mat: corrupt: real part of 'A' at byte \d+ holds 32 bytes = 4 values of data type 9, the dims need 6$/);
    const h = Buffer.from(good);
    h.write("XX", 126, "latin1");
    expect(() => readMat(h, { name: "h.mat" })).to.throw(/^h\.mat: not a MATLAB v5 MAT-file \(endian indicator at byte 126 is "XX"/);
    const v73 = Buffer.from(good);
    v73.write("MATLAB 7.3 MAT-file", 0, "latin1");
    expect(() => readMat(v73, { name: "v.mat" })).to.throw(/^v\.mat: a MAT-file v7\.3 \(HDF5\) is not supported/);
  });

  it("the course's data.mat cut short names the file", function () {
    const file = findDataFile("data.mat");
    if (file === null) {
      console.warn(`      skipped: data.mat not found (looked in:\n${describeSearch("data.mat")})`);
      this.skip();
    }
    const bytes = readFileSync(file!);
    for (const n of [100, 200, 1000, bytes.length - 1]) {
      expect(() => readMat(bytes.subarray(0, n), { name: "data.mat" })).to.throw(/^data\.mat: truncated: /);
    }
  });
});
