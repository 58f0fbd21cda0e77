/**
 * Loads the compiled kernels of ./gemm.as.ts (AssemblyScript → WebAssembly SIMD), which `npm run
 * build` writes to lib/dist/kernels/gemm.wasm. The file is found relative to the package root lib/,
 * so lib/src (tests through tsx) and lib/dist (notebooks, worker threads) load the same one. When it
 * is missing (lib/src used before a build) or WebAssembly SIMD is not available, `gemmWasmModule()`
 * is null and the callers keep to their other kernels. `TSDL_GEMM_WASM` names another file (tests
 * point it at a missing one to check the fallback).
 */
import { readFileSync } from "fs";
import * as path from "path";

/** The compiled module's exports (byte addresses in its memory; see gemm.as.ts). */
export interface GemmWasmExports {
  memory: WebAssembly.Memory;
  /** first byte free for operands */
  heapBase(): number;
  gemm(c: number, a: number, b: number, rows: number, k: number, cols: number, sai: number, sap: number, sbp: number, sci: number, scj: number, acc: number): void;
  adam(w: number, g: number, v: number, s: number, n: number, lr: number, beta1: number, beta2: number,
    c1: number, c2: number, corr1: number, corr2: number, eps: number): void;
  gatherRow(dst: number, src: number, idx: number, n: number, b: number, rows: number, r: number): void;
}

/** Where the build puts the module: <package root>/dist/kernels/gemm.wasm (this file is in src/kernels or dist/kernels). */
export function gemmWasmPath(): string {
  return process.env.TSDL_GEMM_WASM || path.resolve(__dirname, "..", "..", "dist", "kernels", "gemm.wasm");
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module (compiled once), or null when its file is missing or does not validate. Example: `gemmWasmModule() !== null`. */
export function gemmWasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const bytes = readFileSync(gemmWasmPath());
      compiled = typeof WebAssembly === "object" && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * A heap of doubles in a fresh instance of the compiled module: its own memory, so the owner may
 * keep arrays there between calls. Offsets and sizes count doubles from the first free one.
 */
export class WasmHeap {
  readonly fns: GemmWasmExports;
  /** the first free double of the memory */
  private readonly base: number;
  private viewCache = new Float64Array(0);

  constructor(module: WebAssembly.Module) {
    this.fns = new WebAssembly.Instance(module, {}).exports as unknown as GemmWasmExports;
    this.base = this.fns.heapBase() / 8;
  }

  /** Grows the memory to hold n doubles from offset 0 (growing detaches earlier views). Example: `heap.reserve(1 << 20)`. */
  reserve(n: number): void {
    const mem = this.fns.memory;
    const bytes = (this.base + n) * 8;
    if (mem.buffer.byteLength < bytes) mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / 65536));
  }

  /** The memory as doubles, indexed by offset (a view valid until the next reserve that grows). */
  view(): Float64Array {
    const buf = this.fns.memory.buffer;
    if (this.viewCache.buffer !== buf) this.viewCache = new Float64Array(buf, this.base * 8);
    return this.viewCache;
  }

  /** Byte address of an offset, for the module's functions. */
  addr(offset: number): number {
    return (this.base + offset) * 8;
  }
}

/** A new heap on the compiled module, or null without it. Example: `const h = newWasmHeap(); h?.reserve(100)`. */
export function newWasmHeap(): WasmHeap | null {
  const m = gemmWasmModule();
  return m === null ? null : new WasmHeap(m);
}
