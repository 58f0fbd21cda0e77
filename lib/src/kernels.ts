/**
 * The hot numeric loops of tsdl, on plain Float64Arrays (row-major, offset 0) with explicit sizes.
 * Convention: the output comes FIRST (`gemmNN(C, A, B, m, k, n)`, `addInto(out, a, b, n)`), as in
 * ndarray-ops, and nothing allocates per call (the tiled gemm's panel, nansum's NaN-free copy and
 * the WebAssembly module's memory are scratch kept and reused). array.ts wraps these for ndarrays;
 * notebooks call array.ts. newF64 is where array.ts and nn get the memory of new results.
 *
 * Numerics (checked against numpy 2.4 + OpenBLAS 0.3.31 "SkylakeX", one thread):
 * - gemm: every C[i,j] is the left-to-right sum over k (k = 0 upward, starting from +0) in every
 *   variant, so the register-blocked, tiled, WebAssembly SIMD and reference loops give identical
 *   bits (gemmNN/TN/NT run a SIMD module where it exists, for all but tiny products: the compiled
 *   kernels/gemm.wasm for large ones once built, the module assembled here otherwise). OpenBLAS's
 *   gemm fuses each step into an fma; the `*Fma` variants do too (exactly, by emulation) and then
 *   match numpy bit for bit for gemm with small inner sizes, at ~15x the cost. Not matched: numpy's
 *   gemv path (an operand with one row, e.g. W3·A2 of shape (1,5)·(5,300)) and most A·Bᵀ with a
 *   long inner size (dW = dZ·Aᵀ over m = 300), where OpenBLAS orders the sum differently.
 * - sums: numpy's pairwise summation (pairwiseSum) along contiguous rows, sequential otherwise.
 * - ddot: OpenBLAS SkylakeX ddot order (4×8 fma lanes), used by norm (numpy splits dots of more
 *   than 10000 elements across threads when OpenBLAS has several; then the bits can differ).
 */
import { exp as libmExp, fmaExact, log as libmLog } from "./libm";
import { scratchHeap } from "./kernels/wasmGemm";

// ------------------------------------------------------------------ the one libm import point
/** Where elementwise exp/log come from (glibc-identical libm); tanh has no port yet: Math.tanh. */
const mathFns = { exp: libmExp, log: libmLog, tanh: Math.tanh };

// ------------------------------------------------------------------ memory for results
// `new Float64Array(n)` costs ~0.7 µs once n > 8 (V8 then allocates the memory outside its heap
// and tracks it), more than most kernels on the labs' small layers take. Arrays of up to
// BLOCK_MAX elements are therefore cut from shared zero-filled blocks (~20 ns each). A block is
// freed when every array cut from it is garbage, so one long-lived small array keeps at most one
// block (BLOCK_BYTES) alive; and such an array's `.buffer` is the block, not just its elements.
const BLOCK_BYTES = 1 << 16;
const BLOCK_MAX = 1024;
let block = new ArrayBuffer(BLOCK_BYTES);
let blockUsed = 0;

/** A new zero-filled Float64Array of n elements, cheap for small n (see above). Example: `newF64(300)`. */
export function newF64(n: number): Float64Array {
  if (n <= 8 || n > BLOCK_MAX) return new Float64Array(n); // tiny ones live in V8's heap: already cheap
  const bytes = n * 8;
  if (blockUsed + bytes > BLOCK_BYTES) {
    block = new ArrayBuffer(BLOCK_BYTES);
    blockUsed = 0;
  }
  const a = new Float64Array(block, blockUsed, n);
  blockUsed += bytes;
  return a;
}

// ------------------------------------------------------------------ exact fma
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer); // little-endian: U32[0] low word, U32[1] high word
const BIG = 2 ** 995; // above this, splitting or the product may overflow
const TINY = 2 ** -960; // below this, the product's error term may underflow

/**
 * Correctly rounded a*b + c (IEEE 754 fusedMultiplyAdd), which JS lacks. Example: `fma(0.1, 10, -1)`
 * → 5.551115123125783e-17 (a*b+c in doubles gives 0).
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (c === 0) return a === 0 || b === 0 ? p + c : p; // RN(a*b); an exact zero product takes c's sign rules
  if (p === 0 || !(Math.abs(p) < Infinity) || !(Math.abs(c) < Infinity)) {
    // zero, infinite or NaN operands: a*b+c already is the IEEE result, unless a*b is exact and
    // finite but its double under- or overflowed
    if (Number.isFinite(a) && Number.isFinite(b)) {
      if (!Number.isFinite(c)) return c;
      if (a !== 0 && b !== 0) return fmaBig(a, b, c);
    }
    return p + c;
  }
  const ap = Math.abs(p);
  const ac = Math.abs(c);
  if (ap < TINY || ap > BIG || ac > BIG || ac < TINY || Math.abs(a) > BIG || Math.abs(b) > BIG) return fmaBig(a, b, c);
  const r = fmaExact(a, b, c); // the one Dekker/TwoSum core, shared with libm
  return Math.abs(r) < TINY ? fmaBig(a, b, c) : r; // a subnormal result could be double-rounded
}

/** Mantissa and exponent of a finite nonzero double: x = m * 2^e exactly. */
function decompose(x: number): [bigint, number] {
  F64[0] = x;
  const hi = U32[1];
  const lo = U32[0];
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = bexp - 1075;
  }
  return [x < 0 ? -m : m, e];
}

/** x * 2^e in steps so that no intermediate under/overflows before the final result does. */
function ldexp(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

/** fma in exact BigInt arithmetic, for the extreme exponents the fast path cannot take. */
function fmaBig(a: number, b: number, c: number): number {
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const mp = ma * mb;
  const ep = ea + eb;
  let S: bigint;
  let E: number;
  if (c === 0) {
    S = mp;
    E = ep;
  } else {
    const [mc, ec] = decompose(c);
    E = Math.min(ep, ec);
    S = (mp << BigInt(ep - E)) + (mc << BigInt(ec - E));
  }
  if (S === 0n) return 0; // exact cancellation of nonzero terms: +0 in round-to-nearest
  const neg = S < 0n;
  if (neg) S = -S;
  const len = S.toString(2).length;
  const q0 = Math.max(len - 1 + E - 52, -1074); // exponent of the last kept bit
  let r: number;
  if (q0 <= E) r = ldexp(Number(S), E);
  else {
    const shift = BigInt(q0 - E);
    let q = S >> shift;
    const rem = S - (q << shift);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    r = ldexp(Number(q), q0);
  }
  return neg ? -r : r;
}

// ------------------------------------------------------------------ gemm: C (m,n) = A (m,k) · B (k,n)
/** Plain triple loop, the reference every other variant must equal bit for bit. Example: `gemmNNRef(C, A, B, 2, 3, 4)`. */
export function gemmNNRef(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j];
      C[i * n + j] = s;
    }
  }
}

/** Register-blocked C = A·B (2 rows × 4 columns per step), for small and medium sizes. Example: `gemmNNSmall(C, A, B, 10, 2, 300)`. */
export function gemmNNSmall(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  const n4 = n - (n % 4);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = i * k;
    const a1 = a0 + k;
    const c0 = i * n;
    const c1 = c0 + n;
    for (let j = 0; j < n4; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = 0, bp = j; p < k; p++, bp += n) {
        const x = A[a0 + p];
        const y = A[a1 + p];
        const b0 = B[bp], b1 = B[bp + 1], b2 = B[bp + 2], b3 = B[bp + 3];
        s00 += x * b0; s01 += x * b1; s02 += x * b2; s03 += x * b3;
        s10 += y * b0; s11 += y * b1; s12 += y * b2; s13 += y * b3;
      }
      C[c0 + j] = s00; C[c0 + j + 1] = s01; C[c0 + j + 2] = s02; C[c0 + j + 3] = s03;
      C[c1 + j] = s10; C[c1 + j + 1] = s11; C[c1 + j + 2] = s12; C[c1 + j + 3] = s13;
    }
    for (let j = n4; j < n; j++) {
      let s0 = 0, s1 = 0;
      for (let p = 0, bp = j; p < k; p++, bp += n) {
        s0 += A[a0 + p] * B[bp];
        s1 += A[a1 + p] * B[bp];
      }
      C[c0 + j] = s0;
      C[c1 + j] = s1;
    }
  }
  if (i < m) {
    const a0 = i * k;
    const c0 = i * n;
    for (let j = 0; j < n4; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, bp = j; p < k; p++, bp += n) {
        const x = A[a0 + p];
        s0 += x * B[bp]; s1 += x * B[bp + 1]; s2 += x * B[bp + 2]; s3 += x * B[bp + 3];
      }
      C[c0 + j] = s0; C[c0 + j + 1] = s1; C[c0 + j + 2] = s2; C[c0 + j + 3] = s3;
    }
    for (let j = n4; j < n; j++) {
      let s = 0;
      for (let p = 0, bp = j; p < k; p++, bp += n) s += A[a0 + p] * B[bp];
      C[c0 + j] = s;
    }
  }
}

// Tiling: a KB×NB block of B is packed into 4-column strips (p-major inside a strip) so the inner
// loop reads it contiguously from L1/L2 while every row of A passes over it.
const KB = 256;
const NB = 256;
let panel = new Float64Array(KB * NB);

/**
 * Cache-tiled C = A·B for large operands (e.g. (25,12288)·(12288,1080)); same bits as gemmNNRef,
 * because each C[i,j] still accumulates k = 0 upward, parked in C between blocks. Example:
 * `gemmNNTiled(C, W1, X, 25, 12288, 1080)`.
 */
export function gemmNNTiled(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  C.fill(0, 0, m * n);
  if (panel.length < KB * NB) panel = new Float64Array(KB * NB);
  const P = panel;
  for (let p0 = 0; p0 < k; p0 += KB) {
    const kb = Math.min(KB, k - p0);
    for (let j0 = 0; j0 < n; j0 += NB) {
      const nb = Math.min(NB, n - j0);
      const nb4 = nb - (nb % 4);
      // pack full 4-column strips
      for (let g = 0; g < nb4; g += 4) {
        let w = g * kb;
        for (let p = 0, bp = (p0 * n) + j0 + g; p < kb; p++, bp += n) {
          P[w] = B[bp]; P[w + 1] = B[bp + 1]; P[w + 2] = B[bp + 2]; P[w + 3] = B[bp + 3];
          w += 4;
        }
      }
      let i = 0;
      for (; i + 1 < m; i += 2) {
        const a0 = i * k + p0;
        const a1 = a0 + k;
        const c0 = i * n + j0;
        const c1 = c0 + n;
        for (let g = 0; g < nb4; g += 4) {
          let s00 = C[c0 + g], s01 = C[c0 + g + 1], s02 = C[c0 + g + 2], s03 = C[c0 + g + 3];
          let s10 = C[c1 + g], s11 = C[c1 + g + 1], s12 = C[c1 + g + 2], s13 = C[c1 + g + 3];
          for (let p = 0, w = g * kb; p < kb; p++, w += 4) {
            const x = A[a0 + p];
            const y = A[a1 + p];
            const b0 = P[w], b1 = P[w + 1], b2 = P[w + 2], b3 = P[w + 3];
            s00 += x * b0; s01 += x * b1; s02 += x * b2; s03 += x * b3;
            s10 += y * b0; s11 += y * b1; s12 += y * b2; s13 += y * b3;
          }
          C[c0 + g] = s00; C[c0 + g + 1] = s01; C[c0 + g + 2] = s02; C[c0 + g + 3] = s03;
          C[c1 + g] = s10; C[c1 + g + 1] = s11; C[c1 + g + 2] = s12; C[c1 + g + 3] = s13;
        }
      }
      if (i < m) {
        const a0 = i * k + p0;
        const c0 = i * n + j0;
        for (let g = 0; g < nb4; g += 4) {
          let s0 = C[c0 + g], s1 = C[c0 + g + 1], s2 = C[c0 + g + 2], s3 = C[c0 + g + 3];
          for (let p = 0, w = g * kb; p < kb; p++, w += 4) {
            const x = A[a0 + p];
            s0 += x * P[w]; s1 += x * P[w + 1]; s2 += x * P[w + 2]; s3 += x * P[w + 3];
          }
          C[c0 + g] = s0; C[c0 + g + 1] = s1; C[c0 + g + 2] = s2; C[c0 + g + 3] = s3;
        }
      }
      // leftover columns (nb not a multiple of 4): straight from B
      for (let j = j0 + nb4; j < j0 + nb; j++) {
        for (let r = 0; r < m; r++) {
          let s = C[r * n + j];
          for (let p = p0, ap = r * k + p0, bp = p0 * n + j; p < p0 + kb; p++, ap++, bp += n) s += A[ap] * B[bp];
          C[r * n + j] = s;
        }
      }
    }
  }
}

/** Work (multiply-adds) above which the tiled loops pay off (≈ 1 MB of B). */
const TILE_WORK = 1 << 20;

/** C (m,n) = A (m,k) · B (k,n) in JavaScript, choosing the register-blocked or tiled loop. Example: `gemmNNBlocked(Z, W, X, 10, 2, 300)`. */
export function gemmNNBlocked(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  if (k * n > TILE_WORK / 8 && m * k * n > TILE_WORK) gemmNNTiled(C, A, B, m, k, n);
  else gemmNNSmall(C, A, B, m, k, n);
}

// ------------------------------------------------------------------ gemm: C (m,n) = Aᵀ·B, A stored (k,m)
/** Reference C = Aᵀ·B with A stored (k,m), B (k,n). Example: `gemmTNRef(dA, W, dZ, 10, 5, 300)`. */
export function gemmTNRef(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[p * m + i] * B[p * n + j];
      C[i * n + j] = s;
    }
  }
}

/** C (m,n) = Aᵀ·B with A stored (k,m), B (k,n); 2×4 register blocks in JavaScript. Example: `gemmTNBlocked(dA1, W2, dZ2, 10, 5, 300)`. */
export function gemmTNBlocked(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  const n4 = n - (n % 4);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const c0 = i * n;
    const c1 = c0 + n;
    for (let j = 0; j < n4; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = 0, ap = i, bp = j; p < k; p++, ap += m, bp += n) {
        const x = A[ap];
        const y = A[ap + 1];
        const b0 = B[bp], b1 = B[bp + 1], b2 = B[bp + 2], b3 = B[bp + 3];
        s00 += x * b0; s01 += x * b1; s02 += x * b2; s03 += x * b3;
        s10 += y * b0; s11 += y * b1; s12 += y * b2; s13 += y * b3;
      }
      C[c0 + j] = s00; C[c0 + j + 1] = s01; C[c0 + j + 2] = s02; C[c0 + j + 3] = s03;
      C[c1 + j] = s10; C[c1 + j + 1] = s11; C[c1 + j + 2] = s12; C[c1 + j + 3] = s13;
    }
    for (let j = n4; j < n; j++) {
      let s0 = 0, s1 = 0;
      for (let p = 0, ap = i, bp = j; p < k; p++, ap += m, bp += n) {
        s0 += A[ap] * B[bp];
        s1 += A[ap + 1] * B[bp];
      }
      C[c0 + j] = s0;
      C[c1 + j] = s1;
    }
  }
  for (; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0, ap = i, bp = j; p < k; p++, ap += m, bp += n) s += A[ap] * B[bp];
      C[i * n + j] = s;
    }
  }
}

// ------------------------------------------------------------------ gemm: C (m,n) = A·Bᵀ, B stored (n,k)
/** Reference C = A·Bᵀ with A (m,k), B stored (n,k). Example: `gemmNTRef(dW, dZ, Aprev, 5, 300, 10)`. */
export function gemmNTRef(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i * k + p] * B[j * k + p];
      C[i * n + j] = s;
    }
  }
}

/**
 * C (m,n) = A·Bᵀ with A (m,k), B stored (n,k): dot products of rows in 2×4 register blocks (then
 * 2×2 and single columns for the rest), B rows walked outermost so each is read once while A stays
 * in cache; JavaScript. Example: `gemmNTBlocked(dW1, dZ1, X, 25, 32, 12288)`.
 */
export function gemmNTBlocked(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const a0 = i * k;
      const a1 = a0 + k;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = 0; p < k; p++) {
        const x = A[a0 + p], y = A[a1 + p];
        const u0 = B[b0 + p], u1 = B[b1 + p], u2 = B[b2 + p], u3 = B[b3 + p];
        s00 += x * u0; s01 += x * u1; s02 += x * u2; s03 += x * u3;
        s10 += y * u0; s11 += y * u1; s12 += y * u2; s13 += y * u3;
      }
      const c0 = i * n + j;
      const c1 = c0 + n;
      C[c0] = s00; C[c0 + 1] = s01; C[c0 + 2] = s02; C[c0 + 3] = s03;
      C[c1] = s10; C[c1 + 1] = s11; C[c1 + 2] = s12; C[c1 + 3] = s13;
    }
    if (i < m) {
      const a0 = i * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const x = A[a0 + p];
        s0 += x * B[b0 + p]; s1 += x * B[b1 + p]; s2 += x * B[b2 + p]; s3 += x * B[b3 + p];
      }
      const c0 = i * n + j;
      C[c0] = s0; C[c0 + 1] = s1; C[c0 + 2] = s2; C[c0 + 3] = s3;
    }
  }
  for (; j + 1 < n; j += 2) {
    const b0 = j * k;
    const b1 = b0 + k;
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const a0 = i * k;
      const a1 = a0 + k;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
      for (let p = 0; p < k; p++) {
        const x = A[a0 + p], y = A[a1 + p], u = B[b0 + p], v = B[b1 + p];
        s00 += x * u; s01 += x * v; s10 += y * u; s11 += y * v;
      }
      C[i * n + j] = s00; C[i * n + j + 1] = s01;
      C[(i + 1) * n + j] = s10; C[(i + 1) * n + j + 1] = s11;
    }
    if (i < m) {
      const a0 = i * k;
      let s0 = 0, s1 = 0;
      for (let p = 0; p < k; p++) {
        const x = A[a0 + p];
        s0 += x * B[b0 + p];
        s1 += x * B[b1 + p];
      }
      C[i * n + j] = s0;
      C[i * n + j + 1] = s1;
    }
  }
  if (j < n) {
    const b0 = j * k;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let p = 0, a0 = i * k; p < k; p++) s += A[a0 + p] * B[b0 + p];
      C[i * n + j] = s;
    }
  }
}

// ------------------------------------------------------------------ gemm in WebAssembly SIMD
// V8 runs the JavaScript loops above at ~1 multiply-add per cycle at best; WebAssembly's 128-bit
// SIMD does two per instruction (≈ 2.5-4x faster on the labs' shapes, measured). The module is
// assembled below at load time (no build step, no binary in the repository): one function,
//   gemm(c, a, b, rows, k, cols, sai, sap, sbp, sci, scj, acc):
//     C[i*sci + j*scj] = (acc ? C[..] : +0) + Σ_{p = 0 … k−1} A[i*sai + p*sap] · B[p*sbp + j]
// (c, a, b byte addresses in its memory, strides in elements), two columns per SIMD lane pair.
// Each C element is still one product rounded, then one sum rounded, p = 0 upward from +0 (or
// from C when accumulating over k in panels): the same bits as the JavaScript loops. Operands are
// copied into the module's memory (the smaller one transposed for A·Bᵀ), which costs far less than
// the products save above SIMD_MIN multiply-adds. Without WebAssembly SIMD the JavaScript loops run.

/** The WebAssembly opcodes used below (core spec 2.0 and its 128-bit SIMD extension). */
const OP = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, return: 0x0f, call: 0x10, select: 0x1b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22, f64Load: 0x2b, f64Store: 0x39, i32Const: 0x41, f64Const: 0x44,
  i32Eqz: 0x45, i32LtS: 0x48, i32LeS: 0x4c, f64Lt: 0x63, f64Gt: 0x64, i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c,
  i32And: 0x71, i32Shl: 0x74, i32ShrU: 0x76, f64Add: 0xa0, f64Mul: 0xa2, simdPrefix: 0xfd,
} as const;
const SIMD = {
  v128Load: 0x00, v128Store: 0x0b, v128Const: 0x0c, f64x2Splat: 0x14, f64x2ExtractLane: 0x21, f64x2ReplaceLane: 0x22,
  f64x2Lt: 0x49, f64x2Gt: 0x4a, v128And: 0x4e, v128Bitselect: 0x52, f64x2Add: 0xf0, f64x2Mul: 0xf2,
} as const;
/** Value types, and the empty block type. */
const WASM_I32 = 0x7f, WASM_F64 = 0x7c, WASM_V128 = 0x7b, VOID = 0x40;

/** Bytes of a WebAssembly function body under construction, with the few instructions we need. */
class WasmCode {
  readonly b: number[] = [];
  u32(v: number): this {
    do {
      let x = v & 0x7f;
      v >>>= 7;
      if (v !== 0) x |= 0x80;
      this.b.push(x);
    } while (v !== 0);
    return this;
  }
  s32(v: number): this {
    for (;;) {
      const x = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (x & 0x40) === 0) || (v === -1 && (x & 0x40) !== 0)) {
        this.b.push(x);
        return this;
      }
      this.b.push(x | 0x80);
    }
  }
  op(...xs: number[]): this {
    this.b.push(...xs);
    return this;
  }
  get(l: number): this { return this.op(OP.localGet).u32(l); }
  set(l: number): this { return this.op(OP.localSet).u32(l); }
  i32(v: number): this { return this.op(OP.i32Const).s32(v); }
  add(): this { return this.op(OP.i32Add); }
  mul(): this { return this.op(OP.i32Mul); }
  shl3(): this { return this.i32(3).op(OP.i32Shl); } // × 8: element index → byte offset
  simd(o: number): this { return this.op(OP.simdPrefix).u32(o); }
  f64load(): this { return this.op(OP.f64Load, 3, 0); } // alignment 2^3, offset 0
  f64store(): this { return this.op(OP.f64Store, 3, 0); }
  v128load(offset: number): this { return this.simd(SIMD.v128Load).u32(3).u32(offset); }
  v128store(): this { return this.simd(SIMD.v128Store).u32(3).u32(0); }
  v128zero(): this { return this.simd(SIMD.v128Const).op(...new Array<number>(16).fill(0)); }
  f64zero(): this { return this.op(OP.f64Const, 0, 0, 0, 0, 0, 0, 0, 0); }
  f64negZero(): this { return this.op(OP.f64Const, 0, 0, 0, 0, 0, 0, 0, 0x80); }
  f64const1(): this { return this.op(OP.f64Const, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f); }
  /** while (cond) body; cond leaves an i32 */
  loopWhile(cond: () => void, body: () => void): this {
    this.op(OP.block, VOID, OP.loop, VOID);
    cond();
    this.op(OP.i32Eqz, OP.brIf, 1); // out of the block
    body();
    return this.op(OP.br, 0, OP.end, OP.end); // back to the loop
  }
}


/** The gemm function's locals and body: rows in blocks of 4, 2, 1; columns in blocks of 4, 2 (SIMD) and 1. */
function gemmFunction(): number[] {
  const [c, a, b, m, k, n, sai, sap, sbp, sci, scj, acc] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  let next = 12;
  const local = (): number => next++;
  const i = local(), j = local(), p = local(), pb = local();
  const sai8 = local(), sap8 = local(), sbp8 = local(), sci8 = local(), scj8 = local();
  const pa = [local(), local(), local(), local()], pc = [local(), local(), local(), local()];
  const nI32 = next - 12;
  const fs = [local(), local(), local(), local()]; // scalar sums of the last column
  const av = [local(), local(), local(), local()]; // A[i+r, p] in both lanes
  const vs = [0, 1, 2, 3, 4, 5, 6, 7].map(local); // sums: row r, lane pair w at vs[2r + w]
  const bv = local();
  const w = new WasmCode();
  for (const [dst, src] of [[sai8, sai], [sap8, sap], [sbp8, sbp], [sci8, sci], [scj8, scj]]) w.get(src).shl3().set(dst);
  w.i32(0).set(i);
  for (const R of [4, 2, 1]) {
    w.loopWhile(() => w.get(i).i32(R).add().get(m).op(OP.i32LeS), () => { // i + R <= m
      for (let r = 0; r < R; r++) w.get(c).get(i).i32(r).add().get(sci8).mul().add().set(pc[r]);
      w.i32(0).set(j);
      for (const W of [2, 1, 0]) { // lane pairs per row; 0: one scalar column
        const cols = W === 0 ? 1 : 2 * W;
        /** address of C[i+r, j+q] */
        const cAt = (r: number, q: number): void => { w.get(pc[r]).get(j).i32(q).add().get(scj8).mul().add(); };
        w.loopWhile(() => w.get(j).i32(cols).add().get(n).op(OP.i32LeS), () => { // j + cols <= n
          for (let r = 0; r < R; r++) {
            if (W === 0) {
              w.get(acc).op(OP.if, WASM_F64); // if acc: C[i+r, j] else +0
              cAt(r, 0);
              w.f64load().op(OP.else).f64zero().op(OP.end).set(fs[r]);
            } else {
              for (let q = 0; q < W; q++) {
                w.get(acc).op(OP.if, WASM_V128);
                cAt(r, 2 * q);
                w.f64load().simd(SIMD.f64x2Splat);
                cAt(r, 2 * q + 1);
                w.f64load().simd(SIMD.f64x2ReplaceLane).op(1).op(OP.else).v128zero().op(OP.end).set(vs[2 * r + q]);
              }
            }
            w.get(a).get(i).i32(r).add().get(sai8).mul().add().set(pa[r]);
          }
          w.get(b).get(j).shl3().add().set(pb);
          w.i32(0).set(p);
          w.loopWhile(() => w.get(p).get(k).op(OP.i32LtS), () => { // p < k
            if (W === 0) {
              for (let r = 0; r < R; r++) w.get(fs[r]).get(pa[r]).f64load().get(pb).f64load().op(OP.f64Mul).op(OP.f64Add).set(fs[r]);
            } else {
              for (let r = 0; r < R; r++) w.get(pa[r]).f64load().simd(SIMD.f64x2Splat).set(av[r]);
              for (let q = 0; q < W; q++) {
                w.get(pb).v128load(16 * q).set(bv);
                for (let r = 0; r < R; r++) w.get(vs[2 * r + q]).get(av[r]).get(bv).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Add).set(vs[2 * r + q]);
              }
            }
            for (let r = 0; r < R; r++) w.get(pa[r]).get(sap8).add().set(pa[r]);
            w.get(pb).get(sbp8).add().set(pb);
            w.get(p).i32(1).add().set(p);
          });
          for (let r = 0; r < R; r++) {
            if (W === 0) {
              cAt(r, 0);
              w.get(fs[r]).f64store();
            } else {
              for (let q = 0; q < 2 * W; q++) {
                cAt(r, q);
                w.get(vs[2 * r + (q >> 1)]).simd(SIMD.f64x2ExtractLane).op(q & 1).f64store();
              }
            }
          }
          w.get(j).i32(cols).add().set(j);
        });
      }
      w.get(i).i32(R).add().set(i);
    });
  }
  w.op(OP.end);
  const decl = new WasmCode().u32(3).u32(nI32).op(WASM_I32).u32(4).op(WASM_F64).u32(4 + 8 + 1).op(WASM_V128);
  return [...decl.b, ...w.b];
}

/**
 * biasAct(z, a, bias, rows, cols, relu): z[r, :] += bias[r] (addColumnInto), then when relu
 * a = np.maximum(0, z) as reluInto computes it (z < 0 ? +0 : z, so NaN and -0 stay), lanes chosen
 * by a compare mask instead of a branch.
 */
function biasActFunction(): number[] {
  const [z, a, bias, rows, cols, relu] = [0, 1, 2, 3, 4, 5];
  const r = 6, j = 7, pz = 8, pa = 9; // i32
  const bs = 10, t = 11; // f64
  const bv = 12, tv = 13; // v128
  const w = new WasmCode();
  w.get(z).set(pz).get(a).set(pa).i32(0).set(r);
  w.loopWhile(() => w.get(r).get(rows).op(OP.i32LtS), () => {
    w.get(bias).get(r).shl3().add().f64load().set(bs);
    w.get(bs).simd(SIMD.f64x2Splat).set(bv);
    w.i32(0).set(j);
    w.loopWhile(() => w.get(j).i32(2).add().get(cols).op(OP.i32LeS), () => {
      w.get(pz).get(pz).v128load(0).get(bv).simd(SIMD.f64x2Add).set(tv).get(tv).v128store(); // v128.store
      w.get(relu).op(OP.if, VOID);
      w.get(pa).v128zero().get(tv).get(tv).v128zero().simd(SIMD.f64x2Lt).simd(SIMD.v128Bitselect).v128store(); // bitselect(0, t, t < 0)
      w.op(OP.end);
      w.get(pz).i32(16).add().set(pz).get(pa).i32(16).add().set(pa).get(j).i32(2).add().set(j);
    });
    w.get(j).get(cols).op(OP.i32LtS).op(OP.if, VOID); // one column left
    w.get(pz).get(pz).f64load().get(bs).op(OP.f64Add).op(OP.localTee).u32(t).f64store(); // local.tee t
    w.get(relu).op(OP.if, VOID);
    w.get(pa).f64zero().get(t).get(t).f64zero().op(OP.f64Lt).op(OP.select).f64store(); // select(0, t, t < 0)
    w.op(OP.end);
    w.get(pz).i32(8).add().set(pz).get(pa).i32(8).add().set(pa);
    w.op(OP.end);
    w.get(r).i32(1).add().set(r);
  });
  w.op(OP.end);
  const decl = new WasmCode().u32(3).u32(4).op(WASM_I32).u32(2).op(WASM_F64).u32(2).op(WASM_V128);
  return [...decl.b, ...w.b];
}

/** reluBackward(out, dA, A, n): out = dA · (A > 0 ? 1 : 0) as reluBackwardInto, the 1/0 from a compare mask. */
function reluBackwardFunction(): number[] {
  const [out, dA, A, n] = [0, 1, 2, 3];
  const i = 4; // i32
  const one = 5; // v128
  const w = new WasmCode();
  w.f64const1().simd(SIMD.f64x2Splat).set(one).i32(0).set(i);
  const at = (base: number): void => { w.get(base).get(i).shl3().add(); };
  w.loopWhile(() => w.get(i).i32(2).add().get(n).op(OP.i32LeS), () => {
    at(out);
    at(dA);
    w.v128load(0);
    at(A);
    w.v128load(0).v128zero().simd(SIMD.f64x2Gt).get(one).simd(SIMD.v128And).simd(SIMD.f64x2Mul).v128store(); // dA · (gt(A, 0) & 1.0)
    w.get(i).i32(2).add().set(i);
  });
  w.get(i).get(n).op(OP.i32LtS).op(OP.if, VOID);
  at(out);
  at(dA);
  w.f64load().f64const1().f64zero();
  at(A);
  w.f64load().f64zero().op(OP.f64Gt).op(OP.select).op(OP.f64Mul).f64store(); // dA · select(1, 0, A > 0)
  w.op(OP.end, OP.end);
  const decl = new WasmCode().u32(2).u32(1).op(WASM_I32).u32(1).op(WASM_V128);
  return [...decl.b, ...w.b];
}

/** transpose(dst, src, rows, cols): dst (cols, rows) = srcᵀ, src (rows, cols) row-major. */
function transposeFunction(): number[] {
  const [dst, src, rows, cols] = [0, 1, 2, 3];
  const i = 4, j = 5, ps = 6; // i32
  const w = new WasmCode();
  w.get(src).set(ps).i32(0).set(i);
  w.loopWhile(() => w.get(i).get(rows).op(OP.i32LtS), () => {
    w.i32(0).set(j);
    w.loopWhile(() => w.get(j).get(cols).op(OP.i32LtS), () => {
      w.get(dst).get(j).get(rows).mul().get(i).add().shl3().add().get(ps).f64load().f64store();
      w.get(ps).i32(8).add().set(ps).get(j).i32(1).add().set(j);
    });
    w.get(i).i32(1).add().set(i);
  });
  w.op(OP.end);
  const decl = new WasmCode().u32(1).u32(3).op(WASM_I32);
  return [...decl.b, ...w.b];
}

/**
 * pairwise(a, n) → f64: numpy's pairwise_sum of n contiguous doubles at a, as pairwiseSum computes
 * it (the 8 running sums of a block ≤ 128 kept as 4 lane pairs). Function index PAIRWISE (it calls itself).
 */
function pairwiseFunction(self: number): number[] {
  const [a, n] = [0, 1];
  const i = 2, n8 = 3, n2 = 4; // i32
  const res = 5; // f64
  const v = [6, 7, 8, 9]; // v128: (r0,r1), (r2,r3), (r4,r5), (r6,r7)
  const w = new WasmCode();
  const elem = (idx: () => void): void => { w.get(a); idx(); w.shl3().add().f64load(); };
  // n < 8: sequential from -0
  w.get(n).i32(8).op(OP.i32LtS).op(OP.if, VOID);
  w.f64negZero().set(res).i32(0).set(i);
  w.loopWhile(() => w.get(i).get(n).op(OP.i32LtS), () => {
    w.get(res);
    elem(() => w.get(i));
    w.op(OP.f64Add).set(res).get(i).i32(1).add().set(i);
  });
  w.get(res).op(OP.return).op(OP.end); // return, end if
  // n ≤ 128: the 8 running sums
  w.get(n).i32(128).op(OP.i32LeS).op(OP.if, VOID);
  for (let q = 0; q < 4; q++) w.get(a).v128load(16 * q).set(v[q]);
  w.get(n).get(n).i32(7).op(OP.i32And).op(OP.i32Sub).set(n8).i32(8).set(i); // n8 = n - (n & 7)
  w.loopWhile(() => w.get(i).get(n8).op(OP.i32LtS), () => {
    for (let q = 0; q < 4; q++) w.get(v[q]).get(a).get(i).shl3().add().v128load(16 * q).simd(SIMD.f64x2Add).set(v[q]);
    w.get(i).i32(8).add().set(i);
  });
  const pair = (q: number): void => { w.get(v[q]).simd(SIMD.f64x2ExtractLane).op(0).get(v[q]).simd(SIMD.f64x2ExtractLane).op(1).op(OP.f64Add); };
  pair(0); pair(1); w.op(OP.f64Add); pair(2); pair(3); w.op(OP.f64Add); w.op(OP.f64Add).set(res);
  w.loopWhile(() => w.get(i).get(n).op(OP.i32LtS), () => {
    w.get(res);
    elem(() => w.get(i));
    w.op(OP.f64Add).set(res).get(i).i32(1).add().set(i);
  });
  w.get(res).op(OP.return).op(OP.end);
  // larger: halves, the first a multiple of 8
  w.get(n).i32(1).op(OP.i32ShrU).set(n2); // n2 = n >>> 1
  w.get(n2).get(n2).i32(7).op(OP.i32And).op(OP.i32Sub).set(n2); // n2 -= n2 & 7
  w.get(a).get(n2).op(OP.call).u32(self);
  w.get(a).get(n2).shl3().add().get(n).get(n2).op(OP.i32Sub).op(OP.call).u32(self);
  w.op(OP.f64Add).op(OP.end);
  const decl = new WasmCode().u32(3).u32(3).op(WASM_I32).u32(1).op(WASM_F64).u32(4).op(WASM_V128);
  return [...decl.b, ...w.b];
}

/** rowSums(out, a, rows, n): out[r] = +0 + pairwise(row r of the (rows, n) array a), as sumAxis along rows. */
function rowSumsFunction(pairwise: number): number[] {
  const [out, a, rows, n] = [0, 1, 2, 3];
  const r = 4; // i32
  const w = new WasmCode();
  w.i32(0).set(r);
  w.loopWhile(() => w.get(r).get(rows).op(OP.i32LtS), () => {
    w.get(out).get(r).shl3().add();
    w.f64zero().get(a).get(r).get(n).mul().shl3().add().get(n).op(OP.call).u32(pairwise).op(OP.f64Add).f64store();
    w.get(r).i32(1).add().set(r);
  });
  w.op(OP.end);
  const decl = new WasmCode().u32(1).u32(1).op(WASM_I32);
  return [...decl.b, ...w.b];
}

/** The module: memory "mem"; functions gemm (12 i32 parameters), biasAct (6), reluBackward, transpose, rowSums (4), pairwise (2 → f64). */
export function gemmModule(): Uint8Array {
  const vec = (items: number[][]): number[] => [...new WasmCode().u32(items.length).b, ...items.flat()];
  const section = (id: number, body: number[]): number[] => [id, ...new WasmCode().u32(body.length).b, ...body];
  const name = (s: string): number[] => [s.length, ...Array.from(s, (ch) => ch.charCodeAt(0))];
  const fnType = (params: number, result?: number): number[] =>
    [0x60, ...vec(new Array<number[]>(params).fill([WASM_I32])), ...(result === undefined ? [0] : [1, result])];
  const FUNC = 0x00, MEMORY = 0x02; // export kinds
  const PAIRWISE = 5; // function index, called by rowSums and by itself
  const bodies = [gemmFunction(), biasActFunction(), reluBackwardFunction(), transposeFunction(), rowSumsFunction(PAIRWISE), pairwiseFunction(PAIRWISE)];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // "\0asm", version 1
    ...section(1, vec([fnType(12), fnType(6), fnType(4), fnType(2, WASM_F64)])), // types
    ...section(3, vec([[0], [1], [2], [2], [2], [3]])), // each function's type
    ...section(5, vec([[0x00, 1]])), // memory: no maximum, 1 page to start
    ...section(7, vec([[...name("gemm"), FUNC, 0], [...name("biasAct"), FUNC, 1], [...name("reluBackward"), FUNC, 2],
      [...name("transpose"), FUNC, 3], [...name("rowSums"), FUNC, 4], [...name("mem"), MEMORY, 0]])), // exports
    ...section(10, vec(bodies.map((b) => [...new WasmCode().u32(b.length).b, ...b]))), // code
  ]);
}

type GemmWasm = (c: number, a: number, b: number, rows: number, k: number, cols: number,
  sai: number, sap: number, sbp: number, sci: number, scj: number, acc: number) => void;
interface SimdExports {
  gemm: GemmWasm;
  biasAct: (z: number, a: number, bias: number, rows: number, cols: number, relu: number) => void;
  reluBackward: (out: number, dA: number, A: number, n: number) => void;
  transpose: (dst: number, src: number, rows: number, cols: number) => void;
  rowSums: (out: number, a: number, rows: number, n: number) => void;
  mem: WebAssembly.Memory;
}

/** The instantiated module, or null where WebAssembly SIMD is missing (the JavaScript loops then run). */
const simd: SimdExports | null = (() => {
  try {
    const bytes = gemmModule();
    if (typeof WebAssembly !== "object" || !WebAssembly.validate(bytes)) return null;
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as SimdExports;
  } catch {
    return null;
  }
})();

let heapView = new Float64Array(0);
/** The module's memory as doubles, grown to hold at least n of them. */
function heap(n: number): Float64Array {
  if (heapView.length >= n) return heapView; // valid until the memory grows (growing detaches it: length 0); mem.buffer costs ~0.5 µs
  const mem = simd!.mem;
  if (mem.buffer.byteLength < n * 8) mem.grow(Math.ceil((n * 8 - mem.buffer.byteLength) / 65536));
  if (heapView.buffer !== mem.buffer) heapView = new Float64Array(mem.buffer);
  return heapView;
}

/**
 * The SIMD kernels on data kept in the WebAssembly module's memory, for callers that chain several
 * steps there (nn's fused passes): offsets and strides in doubles. `heap(n)` grows the memory to at
 * least n doubles and returns it as a Float64Array (growing replaces that view: take it before the
 * steps). The functions are those of the module (see gemmModule); null without WebAssembly SIMD.
 */
export interface SimdHeap {
  heap(n: number): Float64Array;
  gemm(c: number, a: number, b: number, rows: number, k: number, cols: number, sai: number, sap: number, sbp: number, sci: number, scj: number, acc: boolean): void;
  biasAct(z: number, a: number, bias: number, rows: number, cols: number, relu: boolean): void;
  reluBackward(out: number, dA: number, A: number, n: number): void;
  transpose(dst: number, src: number, rows: number, cols: number): void;
  rowSums(out: number, a: number, rows: number, n: number): void;
}

const simdHeapFns: SimdHeap | null = simd === null ? null : {
  heap,
  gemm: (c, a, b, rows, k, cols, sai, sap, sbp, sci, scj, acc) => simd.gemm(c * 8, a * 8, b * 8, rows, k, cols, sai, sap, sbp, sci, scj, acc ? 1 : 0),
  biasAct: (z, a, bias, rows, cols, relu) => simd.biasAct(z * 8, a * 8, bias * 8, rows, cols, relu ? 1 : 0),
  reluBackward: (out, dA, A, n) => simd.reluBackward(out * 8, dA * 8, A * 8, n),
  transpose: (dst, src, rows, cols) => simd.transpose(dst * 8, src * 8, rows, cols),
  rowSums: (out, a, rows, n) => simd.rowSums(out * 8, a * 8, rows, n),
};

let simdOn = true;

/** The SIMD kernels on the module's memory (see SimdHeap), or null when unavailable or switched off. Example: `simdHeap()?.heap(100)`. */
export function simdHeap(): SimdHeap | null {
  return simdOn ? simdHeapFns : null;
}

/**
 * Switches the WebAssembly SIMD path on or off (off: the JavaScript loops run everywhere, as where
 * WebAssembly SIMD is missing; for tests and comparisons). Returns the previous setting. Example: `setSimd(false)`.
 */
export function setSimd(on: boolean): boolean {
  const prev = simdOn;
  simdOn = on;
  return prev;
}

/** A gemm on a WebAssembly memory: `heap(n)` grows it to n doubles; offsets in doubles (the SimdHeap subset the copying code needs). */
type GemmOnHeap = Pick<SimdHeap, "heap" | "gemm">;

// The compiled kernel (./kernels/gemm.as.ts, AssemblyScript, built by `npm run build`): same
// interface and bits, register-blocked 4×4 and tiled over columns; null before a build.
const compiledHeap = scratchHeap();
const compiledGemm: GemmOnHeap | null = compiledHeap === null ? null : {
  heap(n: number): Float64Array {
    compiledHeap.reserve(n);
    return compiledHeap.view();
  },
  gemm: (c, a, b, rows, k, cols, sai, sap, sbp, sci, scj, acc) =>
    compiledHeap.fns.gemm(compiledHeap.addr(c), compiledHeap.addr(a), compiledHeap.addr(b), rows, k, cols, sai, sap, sbp, sci, scj, acc ? 1 : 0),
};
let compiledOn = true;

/**
 * Switches the compiled gemm on or off (off: the hand-assembled module and JavaScript loops run, as
 * before a build); returns the previous setting. Example: `setCompiledGemm(false)`.
 */
export function setCompiledGemm(on: boolean): boolean {
  const prev = compiledOn;
  compiledOn = on;
  return prev;
}

/** Multiply-adds below which copying into the module costs more than the SIMD loops save. */
const SIMD_MIN = 1024;
/** Elements of A up to which nn / tn copy A in one piece (else in panels, like B). */
const SIMD_WHOLE_A = 1 << 21;
/** Inner-size rows per panel: a panel of each operand is copied in, so the module's memory stays small. */
const SIMD_KB = 256;
/** Rows of the larger operand of A·Bᵀ per panel (each row is a whole dot product, no accumulation). */
const SIMD_NT_ROWS = 512;

/** Whether the SIMD gemm runs for these sizes. Example: `useSimd(10, 2, 300)` → true where WebAssembly SIMD exists. */
export function useSimd(m: number, k: number, n: number): boolean {
  return simdOn && simd !== null && m * k * n >= SIMD_MIN;
}

/**
 * Multiply-adds from which the compiled kernel runs instead of the assembled module. Alone, the
 * compiled one measured 5-15 % faster at every size ((10,2)·(2,300) 1.86 → 1.72 µs); inside the
 * init lab's model, where nn's fused passes keep their data in the assembled module's memory, it
 * measured the same or up to 3 % slower for the small products, so those stay there.
 */
const COMPILED_MIN = 1 << 16;

/**
 * Which gemm runs for op(A) (m,k) · op(B) (k,n): "compiled" (gemm.wasm, from COMPILED_MIN
 * multiply-adds), "simd" (the module assembled above: smaller products, or before a build) or
 * "js". Example: `gemmPath(25, 12288, 32)` → "compiled" after a build.
 */
export function gemmPath(m: number, k: number, n: number): "compiled" | "simd" | "js" {
  if (!useSimd(m, k, n)) return "js";
  return compiledOn && compiledGemm !== null && m * k * n >= COMPILED_MIN ? "compiled" : "simd";
}

/**
 * C (m,n) = op(A)·op(B) in WebAssembly SIMD, for "nn" (A (m,k), B (k,n)), "tn" (A stored (k,m))
 * and "nt" (B stored (n,k)); the same bits as gemmNNRef / gemmTNRef / gemmNTRef. Operands go into
 * the module's memory in panels, so it holds about C plus two panels. Example: `gemmSimd(C, W, X, 10, 2, 300, "nn")`.
 */
export function gemmSimd(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number, kind: "nn" | "tn" | "nt"): void {
  runOnHeap(simdHeapFns, "gemmSimd: WebAssembly SIMD is not available", C, A, B, m, k, n, kind);
}

/** gemmSimd on the compiled kernel (gemm.wasm); same bits. Example: `gemmCompiled(Z1, W1, X, 25, 12288, 32, "nn")`. */
export function gemmCompiled(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number, kind: "nn" | "tn" | "nt"): void {
  runOnHeap(compiledGemm, "gemmCompiled: lib/dist/kernels/gemm.wasm is not built", C, A, B, m, k, n, kind);
}

function runOnHeap(S: GemmOnHeap | null, missing: string, C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number, kind: "nn" | "tn" | "nt"): void {
  if (S === null) throw new Error(missing);
  if (m === 0 || n === 0) return;
  if (k === 0) {
    C.fill(0, 0, m * n);
    return;
  }
  if (kind === "nt") gemmSimdNT(S, C, A, B, m, k, n);
  else gemmSimdNN(S, C, A, B, m, k, n, kind === "tn");
}

/** nn / tn: panels of SIMD_KB inner rows of both operands, C accumulated across panels. */
function gemmSimdNN(S: GemmOnHeap, C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number, tn: boolean): void {
  const kb = Math.min(k, SIMD_KB);
  // A whole in one copy when it is not huge (W1 of SIGNS: 2.4 MB), else panel by panel (row pieces for nn)
  const wholeA = m * k <= SIMD_WHOLE_A;
  const a = 0, b = wholeA ? m * k : m * kb, c = b + kb * n;
  const H = S.heap(c + m * n);
  if (wholeA) H.set(A.subarray(0, m * k), a);
  for (let p0 = 0; p0 < k; p0 += kb) {
    const rows = Math.min(kb, k - p0);
    let ap = a;
    if (wholeA) ap = a + (tn ? p0 * m : p0);
    else if (tn) H.set(A.subarray(p0 * m, (p0 + rows) * m), a); // A stored (k, m): the panel is contiguous
    else for (let i = 0; i < m; i++) H.set(A.subarray(i * k + p0, i * k + p0 + rows), a + i * rows);
    H.set(B.subarray(p0 * n, (p0 + rows) * n), b);
    const [sai, sap] = tn ? [1, m] : [wholeA ? k : rows, 1];
    S.gemm(c, ap, b, m, rows, n, sai, sap, n, n, 1, p0 > 0);
  }
  C.set(H.subarray(c, c + m * n));
}

/**
 * nt: C[i,j] = Σ_p A[i,p]·B[j,p]. The smaller operand goes in transposed, so that SIMD lanes run
 * along its contiguous rows; the larger one in panels of whole rows. When m ≤ n the rows j of B
 * are the outer loop and each result row is written down a column of C.
 */
function gemmSimdNT(S: GemmOnHeap, C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  const bRows = m <= n; // B is the larger operand
  const [big, small, nBig, nSmall] = bRows ? [B, A, n, m] : [A, B, m, n];
  const rb = Math.min(nBig, SIMD_NT_ROWS);
  const t = 0, g = nSmall * k, c = g + rb * k;
  const H = S.heap(c + m * n);
  for (let r = 0; r < nSmall; r++) for (let p = 0; p < k; p++) H[t + p * nSmall + r] = small[r * k + p];
  for (let r0 = 0; r0 < nBig; r0 += rb) {
    const rows = Math.min(rb, nBig - r0);
    H.set(big.subarray(r0 * k, (r0 + rows) * k), g);
    if (bRows) S.gemm(c + r0, g, t, rows, k, m, k, 1, m, 1, n, false);
    else S.gemm(c + r0 * n, g, t, rows, k, n, k, 1, n, n, 1, false);
  }
  C.set(H.subarray(c, c + m * n));
}

// ------------------------------------------------------------------ gemm: the dispatchers array.ts calls
/** C (m,n) = A (m,k) · B (k,n): compiled or assembled SIMD when worth it (gemmPath), else the JavaScript loops; same bits. Example: `gemmNN(Z, W, X, 10, 2, 300)`. */
export function gemmNN(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  const path = gemmPath(m, k, n);
  if (path === "compiled") gemmCompiled(C, A, B, m, k, n, "nn");
  else if (path === "simd") gemmSimd(C, A, B, m, k, n, "nn");
  else gemmNNBlocked(C, A, B, m, k, n);
}

/** C (m,n) = Aᵀ·B with A stored (k,m): SIMD when worth it (gemmPath), else JavaScript; same bits. Example: `gemmTN(dA1, W2, dZ2, 10, 5, 300)`. */
export function gemmTN(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  const path = gemmPath(m, k, n);
  if (path === "compiled") gemmCompiled(C, A, B, m, k, n, "tn");
  else if (path === "simd") gemmSimd(C, A, B, m, k, n, "tn");
  else gemmTNBlocked(C, A, B, m, k, n);
}

/** C (m,n) = A·Bᵀ with B stored (n,k): SIMD when worth it (gemmPath), else JavaScript; same bits. Example: `gemmNT(dW1, dZ1, X, 10, 300, 2)`. */
export function gemmNT(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  const path = gemmPath(m, k, n);
  if (path === "compiled") gemmCompiled(C, A, B, m, k, n, "nt");
  else if (path === "simd") gemmSimd(C, A, B, m, k, n, "nt");
  else gemmNTBlocked(C, A, B, m, k, n);
}

// ------------------------------------------------------------------ gemm with fused multiply-adds
/** C = A·B, each step an exact fma as OpenBLAS does (bit-identical to numpy for small k). Example: `gemmNNFma(C, A, B, 5, 10, 300)`. */
export function gemmNNFma(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = fma(A[i * k + p], B[p * n + j], s);
      C[i * n + j] = s;
    }
  }
}

/** C = Aᵀ·B (A stored (k,m)) with exact fmas. Example: `gemmTNFma(dA, W, dZ, 10, 5, 300)`. */
export function gemmTNFma(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = fma(A[p * m + i], B[p * n + j], s);
      C[i * n + j] = s;
    }
  }
}

/** C = A·Bᵀ (B stored (n,k)) with exact fmas. Example: `gemmNTFma(dW, dZ, A, 5, 300, 10)`. */
export function gemmNTFma(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = fma(A[i * k + p], B[j * k + p], s);
      C[i * n + j] = s;
    }
  }
}

// ------------------------------------------------------------------ dot (OpenBLAS SkylakeX ddot)
/**
 * x·y over n elements in the order of OpenBLAS 0.3's SkylakeX ddot (single thread): the first
 * n & ~15 elements in 32 fma lanes (4 vectors × 8), folded 8→4, then the vectors summed
 * ((v0+v1)+v2)+v3 and the 4 lanes as (l0+l2)+(l1+l3); the tail by scalar fmas. Example: `ddot(x, x, 47)`.
 */
export function ddot(x: Float64Array, y: Float64Array, n: number): number {
  const n1 = n & ~15;
  let dot = 0;
  if (n1 > 0) {
    const n32 = n1 & ~31;
    const acc = ACC; // 4 vectors × 8 lanes, reused
    acc.fill(0);
    let i = 0;
    for (; i < n32; i += 32) {
      for (let l = 0; l < 32; l++) acc[l] = fma(x[i + l], y[i + l], acc[l]);
    }
    // fold each 8-lane vector v into 4 lanes: low half + high half
    const a = ACC4;
    for (let v = 0; v < 4; v++) for (let l = 0; l < 4; l++) a[v * 4 + l] = acc[v * 8 + l] + acc[v * 8 + 4 + l];
    for (; i < n1; i += 16) {
      for (let l = 0; l < 16; l++) a[l] = fma(x[i + l], y[i + l], a[l]);
    }
    const l0 = ((a[0] + a[4]) + a[8]) + a[12];
    const l1 = ((a[1] + a[5]) + a[9]) + a[13];
    const l2 = ((a[2] + a[6]) + a[10]) + a[14];
    const l3 = ((a[3] + a[7]) + a[11]) + a[15];
    dot = (l0 + l2) + (l1 + l3);
  }
  for (let i = n1; i < n; i++) dot = fma(y[i], x[i], dot);
  return dot;
}
const ACC = new Float64Array(32);
const ACC4 = new Float64Array(16);

// ------------------------------------------------------------------ sums (numpy's pairwise_sum)
const PW_BLOCKSIZE = 128;

/**
 * Elements from which sumAxis (along rows) and reluBackwardInto run in the SIMD module when it is
 * there: V8 bounds-checks every typed-array access of the JavaScript loops (~1.2 ns per element
 * for reluBackward, 0.35 for a sum), while copying in and out costs ~0.05 ns per element and the
 * SIMD loops ~0.2 / 0.1 (measured: reluBackward of 4220 1.7 µs against 4.9, of 128 0.09 against
 * 0.16; the sum of 4220 0.76 against 1.57). Same bits either way.
 */
const SIMD_LOOP_MIN = 128;

/**
 * numpy's pairwise_sum over a[start + i*stride], i < n: blocks of ≤ 128 summed in 8 running
 * partial sums, larger runs split in halves (multiples of 8). numpy adds the result to +0.
 * Example: `pairwiseSum(a, 0, 300, 1)`.
 */
export function pairwiseSum(a: Float64Array, start: number, n: number, stride: number): number {
  if (n < 8) {
    let res = -0; // keeps -0 for all -0 input, as numpy does
    for (let i = 0; i < n; i++) res += a[start + i * stride];
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = a[start], r1 = a[start + stride], r2 = a[start + 2 * stride], r3 = a[start + 3 * stride];
    let r4 = a[start + 4 * stride], r5 = a[start + 5 * stride], r6 = a[start + 6 * stride], r7 = a[start + 7 * stride];
    const n8 = n - (n % 8);
    let i = 8;
    for (; i < n8; i += 8) {
      const q = start + i * stride;
      r0 += a[q]; r1 += a[q + stride]; r2 += a[q + 2 * stride]; r3 += a[q + 3 * stride];
      r4 += a[q + 4 * stride]; r5 += a[q + 5 * stride]; r6 += a[q + 6 * stride]; r7 += a[q + 7 * stride];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i * stride];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2, stride) + pairwiseSum(a, start + n2 * stride, n - n2, stride);
}

/** pairwiseSum for contiguous elements (stride 1), the common case, without the stride arithmetic. Example: `pairwiseSum1(a, 0, 300)`. */
export function pairwiseSum1(a: Float64Array, start: number, n: number): number {
  if (n <= PW_BLOCKSIZE) return pairwiseBlock1(a, start, n);
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum1(a, start, n2) + pairwiseSum1(a, start + n2, n - n2);
}

/**
 * One leaf of pairwiseSum1 (n ≤ 128). A function of its own, not inside the recursive one: V8 then
 * compiles this loop once and the same way whatever the callers' sizes (inlined into the recursion
 * it ran at half speed in some processes, measured 1.8 vs 3.6 µs for 4220 elements).
 */
function pairwiseBlock1(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = -0;
    for (let i = start; i < start + n; i++) res += a[i];
    return res;
  }
  let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
  let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
  const end8 = start + n - (n % 8);
  let q = start + 8;
  for (; q < end8; q += 8) {
    r0 += a[q]; r1 += a[q + 1]; r2 += a[q + 2]; r3 += a[q + 3];
    r4 += a[q + 4]; r5 += a[q + 5]; r6 += a[q + 6]; r7 += a[q + 7];
  }
  let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
  for (; q < start + n; q++) res += a[q];
  return res;
}

/**
 * Sum over the middle axis of a row-major (outer, n, inner) block into out (outer, inner), as
 * np.sum(axis) does: pairwise when the summed axis is contiguous (inner = 1), otherwise
 * sequentially from +0 (numpy's iterator then adds whole rows). NaN counts as 0 when skipNaN.
 * Example: `sumAxis(db, dZ, 5, 300, 1, false)` (np.sum(dZ, axis=1)).
 */
export function sumAxis(out: Float64Array, a: Float64Array, outer: number, n: number, inner: number, skipNaN: boolean): void {
  const src = skipNaN ? withoutNaN(a, outer * n * inner) : a;
  if (inner === 1) {
    const S = outer * n >= SIMD_LOOP_MIN ? simdHeap() : null;
    if (S !== null) {
      // the module's rowSums is this loop (+0 + pairwise per row), in SIMD and without bounds checks
      const len = outer * n;
      const H = S.heap(len + outer);
      H.set(src.length === len ? src : src.subarray(0, len), 0);
      S.rowSums(len, 0, outer, n);
      for (let o = 0; o < outer; o++) out[o] = H[len + o];
      return;
    }
    for (let o = 0; o < outer; o++) out[o] = 0 + pairwiseSum1(src, o * n, n);
    return;
  }
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    for (let j = 0; j < inner; j++) out[ob + j] = 0;
    for (let i = 0; i < n; i++) {
      const row = (o * n + i) * inner;
      for (let j = 0; j < inner; j++) out[ob + j] += src[row + j];
    }
  }
}

let nanScratch = new Float64Array(0);
/** a with NaN replaced by +0 (np.nansum's _replace_nan), in a reused scratch buffer when needed. */
function withoutNaN(a: Float64Array, len: number): Float64Array {
  let has = false;
  for (let i = 0; i < len; i++) if (a[i] !== a[i]) { has = true; break; }
  if (!has) return a;
  if (nanScratch.length < len) nanScratch = new Float64Array(len);
  const s = nanScratch;
  for (let i = 0; i < len; i++) { const v = a[i]; s[i] = v !== v ? 0 : v; }
  return s;
}

/**
 * Index of the largest of a[start + i*stride], i < n: the first maximum, or the first NaN (numpy's
 * argmax treats NaN as the maximum). Example: `argmaxStrided(z, 0, 6, 32)`.
 */
export function argmaxStrided(a: Float64Array, start: number, n: number, stride: number): number {
  let best = a[start];
  if (best !== best) return 0;
  let at = 0;
  for (let i = 1; i < n; i++) {
    const v = a[start + i * stride];
    if (!(v <= best)) {
      best = v;
      at = i;
      if (v !== v) break;
    }
  }
  return at;
}

// ------------------------------------------------------------------ elementwise
/** out = a + b elementwise. Example: `addInto(out, a, b, a.length)`. */
export function addInto(out: Float64Array, a: Float64Array, b: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
}
/** out = a - b elementwise. Example: `subInto(out, a, b, n)`. */
export function subInto(out: Float64Array, a: Float64Array, b: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
}
/** out = a * b elementwise. Example: `mulInto(out, a, b, n)`. */
export function mulInto(out: Float64Array, a: Float64Array, b: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
}
/** out = a / b elementwise. Example: `divInto(out, a, b, n)`. */
export function divInto(out: Float64Array, a: Float64Array, b: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
}
/** out = a + s. Example: `addScalarInto(out, a, 1e-8, n)`. */
export function addScalarInto(out: Float64Array, a: Float64Array, s: number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] + s;
}
/** out = a - s. Example: `subScalarInto(out, a, 0.5, n)`. */
export function subScalarInto(out: Float64Array, a: Float64Array, s: number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] - s;
}
/** out = s - a. Example: `rsubScalarInto(out, A3, 1, n)` (1 - A3). */
export function rsubScalarInto(out: Float64Array, a: Float64Array, s: number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = s - a[i];
}
/** out = a * s. Example: `mulScalarInto(out, dW, lr, n)`. */
export function mulScalarInto(out: Float64Array, a: Float64Array, s: number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] * s;
}
/** out = a / s. Example: `divScalarInto(out, v, 1 - beta ** t, n)`. */
export function divScalarInto(out: Float64Array, a: Float64Array, s: number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] / s;
}
/** out = 1 where a < b, else 0 (NaN compares false). Example: `lessInto(out, a, b, n)`. */
export function lessInto(out: Float64Array, a: Float64Array, b: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] < b[i] ? 1 : 0;
}
/** out = 1 where a < s, else 0. Example: `lessScalarInto(D1, D1, keepProb, n)` (a dropout mask). */
export function lessScalarInto(out: Float64Array, a: Float64Array, s: number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] < s ? 1 : 0;
}
/** out = 1 where s < a, else 0. Example: `rlessScalarInto(out, a, 0, n)` (0 < a). */
export function rlessScalarInto(out: Float64Array, a: Float64Array, s: number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = s < a[i] ? 1 : 0;
}
/** out = s / a. Example: `rdivScalarInto(out, a, 1, n)`. */
export function rdivScalarInto(out: Float64Array, a: Float64Array, s: number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = s / a[i];
}
/** out = a * a. Example: `squareInto(out, W, n)`. */
export function squareInto(out: Float64Array, a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] * a[i];
}
/** out = sqrt(a). Example: `sqrtInto(out, s, n)`. */
export function sqrtInto(out: Float64Array, a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(a[i]);
}
/** out = exp(a) with the project's libm. Example: `expInto(out, z, n)`. */
export function expInto(out: Float64Array, a: Float64Array, n: number): void {
  const f = mathFns.exp;
  for (let i = 0; i < n; i++) out[i] = f(a[i]);
}
/** out = log(a) with the project's libm. Example: `logInto(out, a3, n)`. */
export function logInto(out: Float64Array, a: Float64Array, n: number): void {
  const f = mathFns.log;
  for (let i = 0; i < n; i++) out[i] = f(a[i]);
}
/** out = tanh(a). Example: `tanhInto(out, z, n)`. */
export function tanhInto(out: Float64Array, a: Float64Array, n: number): void {
  const f = mathFns.tanh;
  for (let i = 0; i < n; i++) out[i] = f(a[i]);
}
/** out = np.maximum(0, a): NaN stays NaN and -0 stays -0, as numpy does. Example: `reluInto(A1, Z1, n)`. */
export function reluInto(out: Float64Array, a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = a[i];
    out[i] = v < 0 ? 0 : v;
  }
}
/** out = dA * (A > 0 ? 1 : 0), the ReLU backward with the post-activation mask (NaN/inf in dA behave as in numpy). Example: `reluBackwardInto(dZ1, dA1, A1, n)`. */
export function reluBackwardInto(out: Float64Array, dA: Float64Array, A: Float64Array, n: number): void {
  const S = n >= SIMD_LOOP_MIN ? simdHeap() : null;
  if (S !== null) {
    // the module's reluBackward computes the same products (mask from a compare), two at a time
    const H = S.heap(3 * n);
    H.set(dA.length === n ? dA : dA.subarray(0, n), 0);
    H.set(A.length === n ? A : A.subarray(0, n), n);
    S.reluBackward(2 * n, 0, n, n);
    out.set(H.subarray(2 * n, 3 * n));
    return;
  }
  // Number(bool) rather than `A[i] > 0 ? 1 : 0` (same 1 or 0): V8 compiles it without a branch,
  // and the mask of a trained layer is too irregular for branch prediction (≈4x slower)
  for (let i = 0; i < n; i++) out[i] = dA[i] * Number(A[i] > 0);
}
/** out = 1/(1+exp(-a)), numpy's order of operations. Example: `sigmoidInto(A3, Z3, n)`. */
export function sigmoidInto(out: Float64Array, a: Float64Array, n: number): void {
  const f = mathFns.exp;
  for (let i = 0; i < n; i++) out[i] = 1 / (1 + f(-a[i]));
}
/** out = f(a) elementwise. Example: `mapInto(out, a, (x) => x > 0 ? 1 : 0, n)`. */
export function mapInto(out: Float64Array, a: Float64Array, f: (x: number) => number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = f(a[i]);
}
/** out = f(a, b) elementwise. Example: `zipInto(out, dA, A, (d, x) => d * (x > 0 ? 1 : 0), n)`. */
export function zipInto(out: Float64Array, a: Float64Array, b: Float64Array, f: (x: number, y: number) => number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
}
/** out (rows,cols) = A + b with the column b (rows) added to every column. Example: `addColumnInto(Z, WX, b, 10, 300)`. */
export function addColumnInto(out: Float64Array, a: Float64Array, b: Float64Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const v = b[r];
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[o + c] = a[o + c] + v;
  }
}

// ------------------------------------------------------------------ fused steps of the course's 3-layer net
// Each does in one pass what a chain of the elementwise kernels above does, with the same
// operations in the same order on every element, so the bits are those of the chain.

/** z += b (column b added to every column), then a = np.maximum(0, z): addColumnInto then reluInto. Example: `addColumnReluInto(Z1, A1, b1, 10, 300)`. */
export function addColumnReluInto(z: Float64Array, a: Float64Array, b: Float64Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const v = b[r];
    const end = (r + 1) * cols;
    for (let i = r * cols; i < end; i++) {
      const t = z[i] + v;
      z[i] = t;
      a[i] = t < 0 ? 0 : t;
    }
  }
}

/** z += b (column b added to every column), then a = 1/(1+exp(-z)): addColumnInto then sigmoidInto. Example: `addColumnSigmoidInto(Z3, A3, b3, 1, 300)`. */
export function addColumnSigmoidInto(z: Float64Array, a: Float64Array, b: Float64Array, rows: number, cols: number): void {
  const f = mathFns.exp;
  for (let r = 0; r < rows; r++) {
    const v = b[r];
    const end = (r + 1) * cols;
    for (let i = r * cols; i < end; i++) {
      const t = z[i] + v;
      z[i] = t;
      a[i] = 1 / (1 + f(-t));
    }
  }
}

/** out = w - g * s (np: w - s * g). Example: `subScaledInto(W1new, W1, dW1, 0.01, 20)`. */
export function subScaledInto(out: Float64Array, w: Float64Array, g: Float64Array, s: number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = w[i] - g[i] * s;
}

let lpScratch = new Float64Array(0);

/**
 * np.nansum(logprobs) for the course's logprobs = (−log a)·y + (−log(1 − a))·(1 − y), without
 * forming the intermediate arrays: the same operations per element (−x written x·(−1), as
 * mulScalarInto does it), NaN terms counted as 0, then numpy's pairwise sum plus +0. Where y is
 * exactly 1 (or 0) the other term is x·0 with x = −log(1 − a) (or −log a): that is ±0 when the log
 * is finite, i.e. when its argument is in (0, ∞), and NaN otherwise, so that log is not computed;
 * the sign of a zero term cannot change the sum (a nonzero partial sum absorbs it, and an all-zero
 * sum becomes +0 through the final +0). Example: `crossEntropyNansumOf(a3, Y, 300)` → 207.94….
 */
export function crossEntropyNansumOf(a: Float64Array, y: Float64Array, n: number): number {
  if (lpScratch.length < n) lpScratch = new Float64Array(n);
  const lp = lpScratch;
  const log = mathFns.log;
  for (let i = 0; i < n; i++) {
    const ai = a[i];
    const yi = y[i];
    let v: number;
    if (yi === 1 || yi === 0) {
      // one log call site for both labels (log(a)·(−1)·1 or log(1 − a)·(−1)·1: the ·1 is exact), so
      // the labels' order costs no mispredicted branch around an inlined log
      const one = yi === 1;
      const arg = one ? ai : 1 - ai;
      const other = one ? 1 - ai : ai; // the dropped term's log argument
      v = other > 0 && other < Infinity ? log(arg) * -1 : NaN;
    } else {
      v = log(ai) * -1 * yi + log(1 - ai) * -1 * (1 - yi);
    }
    lp[i] = v !== v ? 0 : v;
  }
  return 0 + pairwiseSum1(lp, 0, n);
}
