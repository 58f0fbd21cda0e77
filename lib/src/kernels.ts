/**
 * The hot numeric loops of tsdl, on plain Float64Arrays (row-major, offset 0) with explicit sizes.
 * Convention: the output comes FIRST (`gemmNN(C, A, B, m, k, n)`, `addInto(out, a, b, n)`), as in
 * ndarray-ops, and nothing allocates per call (the tiled gemm's panel and nansum's NaN-free copy
 * are scratch buffers kept and reused). array.ts wraps these for ndarrays; notebooks call array.ts.
 *
 * Numerics (checked against numpy 2.4 + OpenBLAS 0.3.31 "SkylakeX", one thread):
 * - gemm: every C[i,j] is the left-to-right sum over k (k = 0 upward, starting from +0) in every
 *   variant, so the register-blocked, tiled and reference loops give identical bits. OpenBLAS's
 *   gemm fuses each step into an fma; the `*Fma` variants do too (exactly, by emulation) and then
 *   match numpy bit for bit for gemm with small inner sizes, at ~15x the cost. Not matched: numpy's
 *   gemv path (an operand with one row, e.g. W3·A2 of shape (1,5)·(5,300)) and most A·Bᵀ with a
 *   long inner size (dW = dZ·Aᵀ over m = 300), where OpenBLAS orders the sum differently.
 * - sums: numpy's pairwise summation (pairwiseSum) along contiguous rows, sequential otherwise.
 * - ddot: OpenBLAS SkylakeX ddot order (4×8 fma lanes), used by norm (numpy splits dots of more
 *   than 10000 elements across threads when OpenBLAS has several; then the bits can differ).
 */
import { exp as libmExp, log as libmLog } from "./libm";

// ------------------------------------------------------------------ the one libm import point
/** Where elementwise exp/log come from (glibc-identical libm); tanh has no port yet: Math.tanh. */
const mathFns = { exp: libmExp, log: libmLog, tanh: Math.tanh };

// ------------------------------------------------------------------ exact fma
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer); // little-endian: U32[0] low word, U32[1] high word
const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp split)
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
  // p + e = a*b exactly (Dekker)
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  // s + u = p + c exactly (Knuth TwoSum)
  const s = p + c;
  const z = s - p;
  const u = (p - (s - z)) + (c - z);
  // v = round-to-odd(u + e); then s + v rounds once, correctly (Boldo & Melquiond 2008)
  const v = u + e;
  const z2 = v - u;
  const ev = (u - (v - z2)) + (e - z2);
  let r: number;
  if (ev === 0 || v === 0) r = s + v;
  else {
    F64[0] = v;
    const lo = U32[0];
    if ((lo & 1) === 0) {
      if (ev > 0 === v > 0) U32[0] = lo + 1; // away from zero (lo even, so no carry)
      else if (lo !== 0) U32[0] = lo - 1;
      else {
        U32[0] = 0xffffffff;
        U32[1] = U32[1] - 1;
      }
      r = s + F64[0];
    } else r = s + v;
  }
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

/** C (m,n) = A (m,k) · B (k,n), choosing the register-blocked or tiled loop. Example: `gemmNN(Z, W, X, 10, 2, 300)`. */
export function gemmNN(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
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

/** C (m,n) = Aᵀ·B with A stored (k,m), B (k,n); 2×4 register blocks. Example: `gemmTN(dA1, W2, dZ2, 10, 5, 300)`. */
export function gemmTN(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
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
 * in cache. Example: `gemmNT(dW1, dZ1, X, 25, 32, 12288)`.
 */
export function gemmNT(C: Float64Array, A: Float64Array, B: Float64Array, m: number, k: number, n: number): void {
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

/**
 * Sum over the middle axis of a row-major (outer, n, inner) block into out (outer, inner), as
 * np.sum(axis) does: pairwise when the summed axis is contiguous (inner = 1), otherwise
 * sequentially from +0 (numpy's iterator then adds whole rows). NaN counts as 0 when skipNaN.
 * Example: `sumAxis(db, dZ, 5, 300, 1, false)` (np.sum(dZ, axis=1)).
 */
export function sumAxis(out: Float64Array, a: Float64Array, outer: number, n: number, inner: number, skipNaN: boolean): void {
  const src = skipNaN ? withoutNaN(a, outer * n * inner) : a;
  if (inner === 1) {
    for (let o = 0; o < outer; o++) out[o] = 0 + pairwiseSum(src, o * n, n, 1);
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
  for (let i = 0; i < n; i++) out[i] = dA[i] * (A[i] > 0 ? 1 : 0);
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
