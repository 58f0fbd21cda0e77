// `npm run autograder -- LAB --target gradescope|prairielearn [--out DIR] [--visibility V]`: the grader
// packaged for the engines that grade one submission per container.
// - gradescope: DIR/tsdl-LAB-gradescope.zip with setup.sh and run_autograder at its root, as
//   Gradescope's autograder specification asks, and the project files grading needs.
// - prairielearn: DIR/tsdl-LAB-prairielearn/ with a Containerfile (the grader image, also usable
//   by any container runner), the entry script, and info.json's externalGradingOptions to paste.
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../../kernel-setup/jupyter-env.mjs";
import { gradedLabs } from "../exercises";
import type { AutograderConfig, Engine } from "./autograde";
import type { Visibility } from "./results";
import { zipArchive, type ZipEntry } from "./zip";

/** What grading needs from the project (relative paths; folders taken whole, minus build output). */
const PROJECT_FILES = [
  "package.json", "package-lock.json", "tsconfig.json", "tsconfig.base.json",
  "kernel-setup", "lib/package.json", "lib/tsconfig.json", "lib/src", "runner", "grader", "notebooks/src", "exercises",
];
const SKIP = new Set(["node_modules", "dist", ".jupyter-local", ".ipynb_checkpoints"]);

/** One file of a bundle: its path inside the bundle, its bytes, its mode. */
export type BundleFile = ZipEntry;

function projectFiles(root: string): BundleFile[] {
  const out: BundleFile[] = [];
  const add = (rel: string) => {
    const abs = path.join(root, rel);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) throw new Error(`the bundle needs ${rel}, which is missing from ${root}`);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) if (!SKIP.has(name) && !name.startsWith(".")) add(path.join(rel, name));
    } else if (st.isFile() && !/\.tmp$/.test(rel)) out.push({ name: rel.split(path.sep).join("/"), data: fs.readFileSync(abs), mode: st.mode & 0o777 });
  };
  for (const rel of PROJECT_FILES) add(rel);
  return out;
}

const text = (name: string, body: string, mode = 0o644): BundleFile => ({ name, data: Buffer.from(body), mode });

/** Gradescope's setup.sh: Node (the version this bundle was built and tested with), Jupyter's pieces, bubblewrap, the npm packages, tsdl built. */
function gradescopeSetup(nodeVersion: string): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once, as root, on its Ubuntu base image (with internet) when the autograder is
# uploaded: Node.js ${nodeVersion} from nodejs.org (checked against its published checksums), Jupyter's
# pieces, bubblewrap (the sandbox each submission's code runs in), the grader's npm packages, tsdl built.
set -euo pipefail
cd /autograder/source
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends ca-certificates curl xz-utils bubblewrap python3 python3-pip >/dev/null
NODE=${nodeVersion}
curl -fsSLO "https://nodejs.org/dist/$NODE/node-$NODE-linux-x64.tar.xz"
curl -fsSL "https://nodejs.org/dist/$NODE/SHASUMS256.txt" | grep " node-$NODE-linux-x64.tar.xz\\$" | sha256sum -c -
tar -xJf "node-$NODE-linux-x64.tar.xz" -C /usr/local --strip-components=1
rm "node-$NODE-linux-x64.tar.xz"
python3 -m pip install --quiet "jupyter_server<2" "notebook<7" nbformat jupyter_client
npm ci --no-audit --no-fund
TSDL_PYTHON="$(command -v python3)" node kernel-setup/setup.mjs
node kernel-setup/build-lib.mjs
`;
}

const GRADESCOPE_RUN = `#!/usr/bin/env bash
# Gradescope runs this for each submission: grades /autograder/submission/*.ipynb and writes
# /autograder/results/results.json.
cd /autograder/source
exec node --import tsx grader/engines/autograde.ts --engine gradescope
`;

/** The grader image: Debian 12 with Node, Jupyter's pieces and bubblewrap, the project built. */
function containerfile(nodeMajor: string): string {
  return `# The tsdl grader image (PrairieLearn external grading, Kubernetes Jobs, any container runner).
# Build: podman build -t tsdl-grader -f Containerfile .   (or docker build)
FROM docker.io/library/node:${nodeMajor}-bookworm-slim
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \\
      bubblewrap python3 jupyter-server python3-jupyter-server jupyter-notebook python3-nbclient \\
      jupyter-nbconvert python3-nbconvert jupyter-core jupyter-client jupyter-nbformat >/dev/null \\
 && rm -rf /var/lib/apt/lists/*
COPY project /tsdl
WORKDIR /tsdl
RUN npm ci --no-audit --no-fund && node kernel-setup/setup.mjs && node kernel-setup/build-lib.mjs
COPY run.sh /tsdl/run.sh
# PrairieLearn mounts /grade (student files in /grade/student) and runs the entrypoint of info.json
CMD ["/tsdl/run.sh"]
`;
}

const PRAIRIELEARN_RUN = `#!/usr/bin/env bash
# PrairieLearn's external grader entrypoint: grades /grade/student/*.ipynb, writes /grade/results/results.json.
cd /tsdl
exec node --import tsx grader/engines/autograde.ts --engine prairielearn
`;

function readme(config: AutograderConfig, files: string): string {
  const lab = config.lab;
  return config.engine === "gradescope"
    ? `# tsdl autograder for lab ${lab} (Gradescope)

1. In Gradescope, create a *Programming Assignment*; under *Configure Autograder* choose the Ubuntu
   base image and upload \`${files}\` (this zip). Gradescope runs \`setup.sh\` once (a few minutes:
   Node.js, Jupyter's pieces, bubblewrap, npm packages).
2. Learners hand in their \`${lab}.ipynb\` (the exercise notebook they saved). \`run_autograder\`
   grades it and writes the points of each graded function and the total.
3. Each graded function's line is shown with visibility "${config.visibility ?? "visible"}" (rebuild with
   \`--visibility hidden|after_due_date|after_published|visible\` to change it); the learner code's
   own output is never shown.
4. Test it first with Gradescope's *Test Autograder* on the lab's solution notebook (full marks) and
   on the exercise notebook as handed out (0).
`
    : `# tsdl external grader for lab ${lab} (PrairieLearn, or any container runner)

1. Build the image from this folder and push it where your PrairieLearn can pull it:
   \`podman build -t REGISTRY/tsdl-${lab} -f Containerfile . && podman push REGISTRY/tsdl-${lab}\`.
2. In the question's \`info.json\` put the \`externalGradingOptions\` of \`info.json\` here, with your
   image name; the question asks for one file, \`${lab}.ipynb\`.
3. PrairieLearn mounts the submission at \`/grade/student\`; \`run.sh\` grades it and writes
   \`/grade/results/results.json\` (score in [0, 1], one test per graded function). A submission that
   is not a notebook of this lab is "not gradable" (no attempt counted).
4. Elsewhere (Kubernetes Jobs, a shell loop): run the image with a submission folder mounted at
   \`/grade/student\` and \`/grade/results\` writable; the command is the image's default.
`;
}

/**
 * Writes the bundle for `engine` into `outDir`; returns the zip's (Gradescope) or folder's
 * (PrairieLearn) path. Example: `buildBundle({ lab: "01-initialization", engine: "gradescope" }, "out/ag")`.
 */
export function buildBundle(config: AutograderConfig, outDir: string, root = projectRoot): string {
  if (!gradedLabs().includes(config.lab)) throw new Error(`no lab "${config.lab}" with graded functions (labs: ${gradedLabs().join(", ")})`);
  const project = projectFiles(root);
  const settings = text("autograder.json", JSON.stringify(config, null, 1) + "\n");
  fs.mkdirSync(outDir, { recursive: true });
  const engine: Engine = config.engine;
  if (engine === "gradescope") {
    const name = `tsdl-${config.lab}-gradescope.zip`;
    const files = [text("setup.sh", gradescopeSetup(process.version), 0o755), text("run_autograder", GRADESCOPE_RUN, 0o755), text("README.md", readme(config, name)), settings, ...project];
    const zip = path.join(outDir, name);
    fs.writeFileSync(`${zip}.tmp`, zipArchive(files));
    fs.renameSync(`${zip}.tmp`, zip);
    return zip;
  }
  const dir = path.join(outDir, `tsdl-${config.lab}-prairielearn`);
  fs.rmSync(dir, { recursive: true, force: true });
  const info = { externalGradingOptions: { enabled: true, image: `REGISTRY/tsdl-${config.lab}`, entrypoint: "/tsdl/run.sh", timeout: Math.ceil((config.totalTimeoutS ?? 600) * 1.2) } };
  const files = [
    text("Containerfile", containerfile(process.version.slice(1).split(".")[0])), text("run.sh", PRAIRIELEARN_RUN, 0o755),
    text("info.json", JSON.stringify(info, null, 2) + "\n"), text("README.md", readme(config, dir)),
    { ...settings, name: "project/autograder.json" }, ...project.map((f) => ({ ...f, name: `project/${f.name}` })),
  ];
  for (const f of files) {
    const p = path.join(dir, f.name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.data, { mode: f.mode });
  }
  return dir;
}

/** The visibilities Gradescope knows. */
export const VISIBILITIES: readonly Visibility[] = ["visible", "hidden", "after_due_date", "after_published"];
