import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { OutputCollector, errorMessage, streamText } from "../../runner/outputs";
import { readNotebook, toLines, writeNotebookAtomic, type Notebook } from "../../runner/notebook";

const msg = (msg_type: string, content: Record<string, any>) => ({ header: { msg_type }, content });

describe("runner: IOPub → nbformat outputs", () => {
  it("merges consecutive text of one stream and splits it into lines", () => {
    const c = new OutputCollector();
    c.begin(1);
    c.handle(msg("stream", { name: "stdout", text: "a = 1\nb" }));
    c.handle(msg("stream", { name: "stdout", text: " = 2\n" }));
    c.handle(msg("stream", { name: "stderr", text: "warn\n" }));
    c.handle(msg("stream", { name: "stdout", text: "c\n" }));
    expect(c.outputs).to.deep.equal([
      { output_type: "stream", name: "stdout", text: ["a = 1\n", "b = 2\n"] },
      { output_type: "stream", name: "stderr", text: ["warn\n"] },
      { output_type: "stream", name: "stdout", text: ["c\n"] },
    ]);
    expect(streamText(c.outputs, "stdout")).to.equal("a = 1\nb = 2\nc\n");
  });

  it("keeps every MIME type of a display bundle; JSON types stay objects", () => {
    const c = new OutputCollector();
    c.begin(3);
    const fig = { data: [{ y: [1, 2] }], layout: {} };
    c.handle(msg("display_data", { data: { "text/html": "<div>\n</div>", "application/vnd.plotly.v1+json": fig, "image/svg+xml": "<svg/>" }, metadata: {} }));
    c.handle(msg("execute_result", { data: { "text/plain": "42" }, metadata: {} }));
    c.handle(msg("status", { execution_state: "idle" }));
    expect(c.outputs).to.deep.equal([
      { output_type: "display_data", data: { "text/html": ["<div>\n", "</div>"], "application/vnd.plotly.v1+json": fig, "image/svg+xml": ["<svg/>"] }, metadata: {} },
      { output_type: "execute_result", data: { "text/plain": ["42"] }, metadata: {}, execution_count: 3 },
    ]);
  });

  it("updates a display in place, even one shown by an earlier cell", () => {
    const c = new OutputCollector();
    const first = c.begin(1);
    c.handle(msg("display_data", { data: { "text/plain": "0%" }, metadata: {}, transient: { display_id: "p1" } }));
    c.begin(2);
    expect(c.handle(msg("update_display_data", { data: { "text/plain": "100%" }, metadata: {}, transient: { display_id: "p1" } }))).to.equal(true);
    expect(first[0].data).to.deep.equal({ "text/plain": ["100%"] });
    expect(c.outputs).to.deep.equal([]);
    expect(c.handle(msg("update_display_data", { data: {}, metadata: {}, transient: { display_id: "nope" } }))).to.equal(false);
  });

  it("clear_output clears now, or before the next output with wait=true", () => {
    const c = new OutputCollector();
    c.begin(1);
    c.handle(msg("stream", { name: "stdout", text: "x\n" }));
    c.handle(msg("clear_output", { wait: true }));
    expect(c.outputs).to.have.length(1);
    c.handle(msg("stream", { name: "stdout", text: "y\n" }));
    expect(streamText(c.outputs, "stdout")).to.equal("y\n");
    c.handle(msg("clear_output", { wait: false }));
    expect(c.outputs).to.deep.equal([]);
  });

  it("keeps at most maxStreamBytes of a cell's stream text, then says it truncated (a print loop cannot eat the memory)", () => {
    const c = new OutputCollector(10);
    c.begin(1);
    c.handle(msg("stream", { name: "stdout", text: "12345678" }));
    c.handle(msg("stream", { name: "stdout", text: "abcdef" }));
    c.handle(msg("stream", { name: "stdout", text: "more" }));
    expect(streamText(c.outputs, "stdout")).to.equal("12345678ab\n[output truncated after 10 characters]\n");
    c.begin(2); // the limit is per cell
    c.handle(msg("stream", { name: "stdout", text: "next\n" }));
    expect(streamText(c.outputs, "stdout")).to.equal("next\n");
  });

  it("records error messages as error outputs", () => {
    const c = new OutputCollector();
    c.begin(1);
    c.handle(msg("error", { ename: "TypeError", evalue: "x is not a function", traceback: ["line"] }));
    expect(c.outputs).to.deep.equal([{ output_type: "error", ename: "TypeError", evalue: "x is not a function", traceback: ["line"] }]);
  });

  it("takes a tslab error's message from its Error: line, or the compile diagnostics", () => {
    const runtime = 'evalmachine.<anonymous>:2\nthrow new Error("boom " + 42);\n^\n\nError: boom 42\n    at evalmachine.<anonymous>:2:7\n';
    expect(errorMessage(runtime)).to.equal("Error: boom 42");
    expect(errorMessage("x\n\nTypeError: a.b is not a function\n    at y\n")).to.equal("TypeError: a.b is not a function");
    expect(errorMessage("1:7 - Type 'string' is not assignable to type 'number'.\n2:1 - Cannot find name 'q'.\n"))
      .to.equal("1:7 - Type 'string' is not assignable to type 'number'.; 2:1 - Cannot find name 'q'.");
    expect(errorMessage("")).to.equal("(no message on stderr)");
  });
});

describe("runner: notebook files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-nb-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("splits text into Jupyter's on-disk lines", () => {
    expect(toLines("a\nb\n")).to.deep.equal(["a\n", "b\n"]);
    expect(toLines("a\nb")).to.deep.equal(["a\n", "b"]);
    expect(toLines("")).to.deep.equal([]);
  });

  it("writes atomically: a failed write leaves the old notebook intact and no temp file", () => {
    const file = path.join(dir, "a.ipynb");
    const nb: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] };
    writeNotebookAtomic(file, nb);
    const before = fs.readFileSync(file, "utf8");
    const bad = { ...nb, metadata: { big: 10n } } as unknown as Notebook; // JSON.stringify throws on BigInt
    expect(() => writeNotebookAtomic(file, bad)).to.throw();
    expect(fs.readFileSync(file, "utf8")).to.equal(before);
    expect(fs.readdirSync(dir)).to.deep.equal(["a.ipynb"]);
    expect(readNotebook(file)).to.deep.equal(nb);
  });

  it("names the file when a notebook is not valid nbformat 4", () => {
    const file = path.join(dir, "broken.ipynb");
    fs.writeFileSync(file, '{"nbformat": 4, "cells": [');
    expect(() => readNotebook(file)).to.throw(/broken\.ipynb: not valid JSON/);
    fs.writeFileSync(file, '{"nbformat": 3, "worksheets": []}');
    expect(() => readNotebook(file)).to.throw(/broken\.ipynb: not an nbformat 4 notebook/);
  });
});
