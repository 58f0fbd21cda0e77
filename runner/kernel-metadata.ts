// The notebook metadata a tslab kernel reports about itself. The classic Notebook (and JupyterLab)
// overwrite a notebook's `kernelspec` and `language_info` with what the kernel reports and mark the
// notebook changed when they differ, so every notebook the project saves carries exactly these.
// tslab 1.0.22 hard-codes its language_info (jupyter.js, handleKernel: TypeScript "3.7.2" whatever
// compiler it bundles); test/runner/kernel-metadata.test.ts compares both with a real kernel.
import type { Notebook } from "./notebook";

/** The kernelspec as the Notebook writes it: name, display_name and language of kernel.json. */
export const TSLAB_KERNELSPEC = { name: "tslab", display_name: "TypeScript", language: "typescript" } as const;

/** tslab's kernel_info `language_info`, key for key. */
export const TSLAB_LANGUAGE_INFO = {
  name: "typescript",
  version: "3.7.2",
  mimetype: "text/typescript",
  file_extension: ".ts",
  codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
} as const;

/** Fresh copies (callers may edit a notebook's metadata) of both, e.g. `{ ...kernelMetadata(), tsdl: {…} }`. */
export function kernelMetadata(): { kernelspec: Record<string, unknown>; language_info: Record<string, unknown> } {
  return { kernelspec: structuredClone(TSLAB_KERNELSPEC), language_info: structuredClone(TSLAB_LANGUAGE_INFO) };
}

/**
 * `nb` with the kernel's metadata in place of whatever it had (other metadata kept), so the host
 * finds nothing to change when the kernel connects. Example: `writeNotebookAtomic(f, withKernelMetadata(nb))`.
 */
export function withKernelMetadata(nb: Notebook): Notebook {
  return { ...nb, metadata: { ...nb.metadata, ...kernelMetadata() } };
}
