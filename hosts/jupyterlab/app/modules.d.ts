// The module that ../build.mjs makes from ../extensions.mjs: every listed package's plugins and
// style, imported statically into the one bundle.
declare module "tsdl-lab:extensions" {
  /** the modules of EXTENSIONS, in order (each default-exports a plugin or a list of plugins) */
  export const extensions: unknown[];
  /** the modules of MIME_EXTENSIONS, in order */
  export const mimeExtensions: unknown[];
  /** LEFT_OUT: parts of the ids of plugins not to register */
  export const leftOut: string[];
}
