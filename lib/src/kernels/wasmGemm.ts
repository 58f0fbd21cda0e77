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
  gemm: GemmFn;
  gemm32: GemmFn;
  adam: AdamFn;
  adam32: AdamFn;
  gatherRows: GatherRowsFn;
  gatherRows32: GatherRowsFn;
  /** numpy's random_sample: n doubles at out from the MT19937 state at mt, word pos; returns the new pos */
  mtFillDoubles(mt: number, pos: number, out: number, n: number): number;
}
/** C (+)= A·B on byte addresses, strides in elements (gemm.as.ts). */
export type GemmFn = (c: number, a: number, b: number, rows: number, k: number, cols: number, sai: number, sap: number, sbp: number,
  sci: number, scj: number, acc: number) => void;
/** Adam's update of n elements in place (gemm.as.ts). */
export type AdamFn = (w: number, g: number, v: number, s: number, n: number, lr: number, beta1: number, beta2: number,
  c1: number, c2: number, corr1: number, corr2: number, eps: number) => void;
/** Some rows of a mini-batch gather (gemm.as.ts). */
export type GatherRowsFn = (dst: number, src: number, idx: number, n: number, b: number, rows: number, r0: number, count: number, cols: number) => void;

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
 * A heap in a fresh instance of the compiled module: its own memory, so the owner may keep arrays
 * there between calls. Offsets and sizes count elements (doubles, or floats with `bytes` 4) from
 * the first free byte.
 */
export class WasmHeap {
  readonly fns: GemmWasmExports;
  /** the first free byte of the memory (a multiple of 16) */
  private readonly base: number;
  // views kept between calls (memory.buffer is a call into V8, ~0.5 µs): growing the memory detaches
  // them (length 0), which is when they are made again; only this object grows its instance's memory
  private view64 = new Float64Array(0);
  private view32f = new Float32Array(0);
  private size = 0;

  constructor(module: WebAssembly.Module) {
    this.fns = new WebAssembly.Instance(module, {}).exports as unknown as GemmWasmExports;
    this.base = this.fns.heapBase();
    this.reserve(1);
  }

  /** Grows the memory to hold n elements of `bytes` bytes from offset 0 (growing detaches earlier views). Example: `heap.reserve(1 << 20)`. */
  reserve(n: number, bytes = 8): void {
    const need = this.base + n * bytes;
    if (need <= this.size) return;
    const mem = this.fns.memory;
    if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
    this.size = mem.buffer.byteLength;
  }

  /** The memory as doubles, indexed by offset (a view valid until the next reserve that grows). */
  view(): Float64Array {
    if (this.view64.length === 0) this.view64 = new Float64Array(this.fns.memory.buffer, this.base);
    return this.view64;
  }

  /** The memory as floats, indexed by offset in floats. */
  view32(): Float32Array {
    if (this.view32f.length === 0) this.view32f = new Float32Array(this.fns.memory.buffer, this.base);
    return this.view32f;
  }

  /** Byte address of an offset of elements of `bytes` bytes, for the module's functions. */
  addr(offset: number, bytes = 8): number {
    return this.base + offset * bytes;
  }
}

/** A new heap on the compiled module, or null without it. Example: `const h = newWasmHeap(); h?.reserve(100)`. */
export function newWasmHeap(): WasmHeap | null {
  const m = gemmWasmModule();
  return m === null ? null : new WasmHeap(m);
}

let scratch: WasmHeap | null | undefined;

/**
 * The heap shared by calls that copy their operands in, run one kernel and copy the result out
 * (kernels.ts's gemm, RandomState's bulk draws): nothing stays in it between calls. null without
 * the module. Example: `scratchHeap()?.reserve(1000)`.
 */
export function scratchHeap(): WasmHeap | null {
  if (scratch === undefined) scratch = newWasmHeap();
  return scratch;
}
