// No committed notebook (notebooks/ and exercises/) carries a path of the machine that executed it,
// in its outputs or its metadata (issue 27 item 3): the project root, a home folder, /tmp, /work, …
// Sources are the authors' text and are not scanned; base64 pictures cannot hold a path.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { readNotebook, type Notebook } from "../../runner/notebook";

/** A machine's absolute path: a top-level folder of Unix or macOS after a boundary, or a Windows drive. */
const MACHINE_PATH = /(?:^|[\s"'`(=:,[>])(\/(?:root|home|tmp|work|usr|var|opt|etc|mnt|srv|Users|private)(?:\/|\b)|[A-Za-z]:\\\\?[A-Za-z])/;
const BINARY_MIME = new Set(["image/png", "image/jpeg", "image/gif"]);

export interface PathHit {
  where: string;
  text: string;
}

/** Every string of `value` with a machine path (or `root`), each with where it is, e.g. "outputs[0].data.text/plain". */
function scan(value: unknown, where: string, root: string, hits: PathHit[]): void {
  if (typeof value === "string") {
    const at = value.includes(root) ? value.indexOf(root) : MACHINE_PATH.exec(value)?.index;
    if (at !== undefined) hits.push({ where, text: value.slice(Math.max(0, at - 40), at + 80).trim() });
  } else if (Array.isArray(value)) {
    // nbformat splits text into lines: scan them joined, so a hit names the output, not a line number
    if (value.every((v) => typeof v === "string")) scan(value.join(""), where, root, hits);
    else value.forEach((v, i) => scan(v, `${where}[${i}]`, root, hits));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) if (!BINARY_MIME.has(k)) scan(v, `${where}.${k}`, root, hits);
  }
}

/** The machine paths in a notebook's metadata and outputs, e.g. `machinePaths(nb)[0].where` → "cell 17 outputs[0].data.text/plain". */
export function machinePaths(nb: Notebook, root = projectRoot): PathHit[] {
  const hits: PathHit[] = [];
  scan(nb.metadata, "metadata", root, hits);
  nb.cells.forEach((c, i) => {
    const name = `cell ${i}${c.id ? ` (${c.id})` : ""}`;
    scan(c.metadata, `${name} metadata`, root, hits);
    scan(c.outputs ?? [], `${name} outputs`, root, hits);
  });
  return hits;
}

describe("committed notebooks hold no path of the machine that executed them", () => {
  it("the scan finds a project path, a home, /tmp and a Windows drive, and passes plain text", () => {
    const out = (text: string) => ({ output_type: "stream" as const, name: "stdout", text: [text] });
    const nb: Notebook = {
      nbformat: 4, nbformat_minor: 5, metadata: { origin: "C:\\Users\\ana\\labs" },
      cells: [{ cell_type: "code", source: "", metadata: {}, outputs: [
        out(`read ${projectRoot}/data/x.mat\n`), out("  4. data/ in the project: /home/ana/labs/data/x.h5 — not found\n"),
        out("wrote (/tmp/x)\n"), out("data/x.mat, ../shared/data/x.h5, ~/course, $TSDL_DATA/x.h5, 1/2, a/tmp/b, https://x.org/usr/\n"),
      ] }],
    };
    expect(machinePaths(nb).map((h) => h.where)).to.deep.equal(["metadata.origin", "cell 0 outputs[0].text", "cell 0 outputs[1].text", "cell 0 outputs[2].text"]);
  });

  for (const dir of ["notebooks", "exercises"]) {
    it(`${dir}/*.ipynb: outputs and metadata`, () => {
      const files = fs.readdirSync(path.join(projectRoot, dir)).filter((f) => f.endsWith(".ipynb")).sort();
      expect(files.length, `${dir}/ notebooks`).to.be.greaterThan(4);
      const hits = files.flatMap((f) => machinePaths(readNotebook(path.join(projectRoot, dir, f))).map((h) => `${dir}/${f} ${h.where}: …${h.text}…`));
      expect(hits, "machine paths (print them relative to the project, or as ~/…: lib/src/data/paths.ts displayPath)").to.deep.equal([]);
    });
  }
});
