// AssemblyScript source of tsdl's compiled gemm (built by `npm run build` into lib/dist/kernels/gemm.wasm;
// not TypeScript: tsc skips *.as.ts). Loaded by ./wasmGemm.ts, which falls back to the other kernels
// when the .wasm is missing.
//
//   gemm(c, a, b, rows, k, cols, sai, sap, sbp, sci, scj, acc):
//     C[i*sci + j*scj] = (acc ? C[..] : +0) + Σ_{p = 0 … k−1} A[i*sai + p*sap] · B[p*sbp + j]
// c, a, b are byte addresses in this module's memory, strides count doubles. The interface is the
// one of the hand-assembled module in ../kernels.ts, so the same copying code drives both.
//
// Numerics: every C element is summed p = 0 upward from +0 (or from C when accumulating over k in
// panels), each product rounded, then each sum (f64x2.mul then f64x2.add, never a fused
// multiply-add): the bits of gemmNNRef. SIMD lanes run over pairs of columns j, never over p.
//
// Blocking: 4 rows × 4 columns of C stay in 8 registers (two lanes each) while p runs, A's four
// values loaded straight into both lanes (v128.load64_splat: one instruction, +10 % over a load
// and a splat; 4 × 6 blocks spill and run 25 % slower); at ~13.5 G multiply-adds/s that is about
// the 128-bit pipes' peak without fused multiply-adds on this machine (Zen 5, one core). B is walked
// in column tiles of NB, so a tile (k × NB doubles, k ≤ 256 from the caller's panels: 128 KB) stays
// in L2 while every block of 4 rows passes over it. Leftover rows go one at a time, leftover
// columns in pairs, then a last single column in scalar code.

/** Columns per tile of B (see above). */
const NB: i32 = 64;

/** First free byte of memory: the caller's operands go from here on (rounded up to 16). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Two doubles at p and p + s (bytes) as one vector. */
// @ts-ignore: decorator
@inline function pair(p: usize, s: usize): v128 {
  return f64x2.replace_lane(v128.load64_splat(p), 1, load<f64>(p + s));
}

/** Stores the two lanes of v at p and p + s (bytes). */
// @ts-ignore: decorator
@inline function storePair(p: usize, s: usize, v: v128): void {
  store<f64>(p, f64x2.extract_lane(v, 0));
  store<f64>(p + s, f64x2.extract_lane(v, 1));
}

/** 4 rows × 2W columns (W = 1 or 2 lane pairs per row) at C address pc, A row address pa, B address pb. */
// @ts-ignore: decorator
@inline function block4(W: i32, pc: usize, pa: usize, pb: usize, k: i32, SAI: usize, SAP: usize, SBP: usize, SCI: usize, SCJ: usize, acc: bool): void {
  const z = f64x2.splat(0.0);
  let s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
  const c1 = pc + SCI, c2 = c1 + SCI, c3 = c2 + SCI;
  const J2 = SCJ << 1;
  if (acc) {
    s00 = pair(pc, SCJ); s10 = pair(c1, SCJ); s20 = pair(c2, SCJ); s30 = pair(c3, SCJ);
    if (W == 2) {
      s01 = pair(pc + J2, SCJ); s11 = pair(c1 + J2, SCJ); s21 = pair(c2 + J2, SCJ); s31 = pair(c3 + J2, SCJ);
    }
  }
  let a0 = pa, b = pb;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(b);
    const b1 = W == 2 ? v128.load(b, 16) : z;
    let x = v128.load64_splat(a0);
    s00 = f64x2.add(s00, f64x2.mul(x, b0));
    if (W == 2) s01 = f64x2.add(s01, f64x2.mul(x, b1));
    x = v128.load64_splat(a0 + SAI);
    s10 = f64x2.add(s10, f64x2.mul(x, b0));
    if (W == 2) s11 = f64x2.add(s11, f64x2.mul(x, b1));
    x = v128.load64_splat(a0 + 2 * SAI);
    s20 = f64x2.add(s20, f64x2.mul(x, b0));
    if (W == 2) s21 = f64x2.add(s21, f64x2.mul(x, b1));
    x = v128.load64_splat(a0 + 3 * SAI);
    s30 = f64x2.add(s30, f64x2.mul(x, b0));
    if (W == 2) s31 = f64x2.add(s31, f64x2.mul(x, b1));
    a0 += SAP;
    b += SBP;
  }
  storePair(pc, SCJ, s00); storePair(c1, SCJ, s10); storePair(c2, SCJ, s20); storePair(c3, SCJ, s30);
  if (W == 2) {
    storePair(pc + J2, SCJ, s01); storePair(c1 + J2, SCJ, s11); storePair(c2 + J2, SCJ, s21); storePair(c3 + J2, SCJ, s31);
  }
}

/** 1 row × 2W columns (W = 1 or 2). */
// @ts-ignore: decorator
@inline function block1(W: i32, pc: usize, pa: usize, pb: usize, k: i32, SAP: usize, SBP: usize, SCJ: usize, acc: bool): void {
  const z = f64x2.splat(0.0);
  let s0 = z, s1 = z;
  const J2 = SCJ << 1;
  if (acc) {
    s0 = pair(pc, SCJ);
    if (W == 2) s1 = pair(pc + J2, SCJ);
  }
  let a0 = pa, b = pb;
  for (let p = 0; p < k; p++) {
    const x = v128.load64_splat(a0);
    s0 = f64x2.add(s0, f64x2.mul(x, v128.load(b)));
    if (W == 2) s1 = f64x2.add(s1, f64x2.mul(x, v128.load(b, 16)));
    a0 += SAP;
    b += SBP;
  }
  storePair(pc, SCJ, s0);
  if (W == 2) storePair(pc + J2, SCJ, s1);
}

/** One element of C: a scalar dot product. */
// @ts-ignore: decorator
@inline function single(pc: usize, pa: usize, pb: usize, k: i32, SAP: usize, SBP: usize, acc: bool): void {
  let s: f64 = acc ? load<f64>(pc) : 0.0;
  let a0 = pa, b = pb;
  for (let p = 0; p < k; p++) {
    s += load<f64>(a0) * load<f64>(b);
    a0 += SAP;
    b += SBP;
  }
  store<f64>(pc, s);
}

/** C (rows, cols) (+)= A·B with the strides above; see the head comment. */
export function gemm(c: usize, a: usize, b: usize, rows: i32, k: i32, cols: i32, sai: i32, sap: i32, sbp: i32, sci: i32, scj: i32, acc: i32): void {
  const SAI = <usize>sai << 3, SAP = <usize>sap << 3, SBP = <usize>sbp << 3, SCI = <usize>sci << 3, SCJ = <usize>scj << 3;
  const add = acc != 0;
  for (let j0 = 0; j0 < cols; j0 += NB) {
    const j1 = min(cols, j0 + NB);
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const pa = a + <usize>i * SAI, pci = c + <usize>i * SCI;
      let j = j0;
      for (; j + 4 <= j1; j += 4) block4(2, pci + <usize>j * SCJ, pa, b + (<usize>j << 3), k, SAI, SAP, SBP, SCI, SCJ, add);
      if (j + 2 <= j1) {
        block4(1, pci + <usize>j * SCJ, pa, b + (<usize>j << 3), k, SAI, SAP, SBP, SCI, SCJ, add);
        j += 2;
      }
      if (j < j1) for (let r = 0; r < 4; r++) single(pci + <usize>r * SCI + <usize>j * SCJ, pa + <usize>r * SAI, b + (<usize>j << 3), k, SAP, SBP, add);
    }
    for (; i < rows; i++) {
      const pa = a + <usize>i * SAI, pci = c + <usize>i * SCI;
      let j = j0;
      for (; j + 4 <= j1; j += 4) block1(2, pci + <usize>j * SCJ, pa, b + (<usize>j << 3), k, SAP, SBP, SCJ, add);
      if (j + 2 <= j1) {
        block1(1, pci + <usize>j * SCJ, pa, b + (<usize>j << 3), k, SAP, SBP, SCJ, add);
        j += 2;
      }
      if (j < j1) single(pci + <usize>j * SCJ, pa, b + (<usize>j << 3), k, SAP, SBP, add);
    }
  }
}

/**
 * Adam's update of n doubles in place, as nn/optimizers.ts adamStep writes it, two lanes at a time
 * (each lane the scalar code's operations in its order: correctly rounded mul, add, div, sqrt):
 *   v = β₁·v + c₁·g;  s = β₂·s + c₂·(g·g);  w = w − (lr·(v / corr₁)) / (√(s / corr₂) + ε)
 */
export function adam(w: usize, g: usize, v: usize, s: usize, n: i32, lr: f64, beta1: f64, beta2: f64,
  c1: f64, c2: f64, corr1: f64, corr2: f64, eps: f64): void {
  const LR = f64x2.splat(lr), B1 = f64x2.splat(beta1), B2 = f64x2.splat(beta2), C1 = f64x2.splat(c1), C2 = f64x2.splat(c2);
  const K1 = f64x2.splat(corr1), K2 = f64x2.splat(corr2), E = f64x2.splat(eps);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const gi = v128.load(g + o);
    const vi = f64x2.add(f64x2.mul(B1, v128.load(v + o)), f64x2.mul(C1, gi));
    const si = f64x2.add(f64x2.mul(B2, v128.load(s + o)), f64x2.mul(C2, f64x2.mul(gi, gi)));
    v128.store(v + o, vi);
    v128.store(s + o, si);
    const step = f64x2.div(f64x2.mul(LR, f64x2.div(vi, K1)), f64x2.add(f64x2.sqrt(f64x2.div(si, K2)), E));
    v128.store(w + o, f64x2.sub(v128.load(w + o), step));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const gi = load<f64>(g + o);
    const vi = beta1 * load<f64>(v + o) + c1 * gi;
    const si = beta2 * load<f64>(s + o) + c2 * (gi * gi);
    store<f64>(v + o, vi);
    store<f64>(s + o, si);
    store<f64>(w + o, load<f64>(w + o) - (lr * (vi / corr1)) / (Math.sqrt(si / corr2) + eps));
  }
}

/**
 * One row of a mini-batch gather (see ../kernels/gather.ts): src holds row r of X (cols doubles),
 * idx (n i32) the epoch's column order; mini-batch k (b columns, the last one n − k·b) is stored
 * row-major (rows, w_k) from dst + k·b·rows doubles on. Writes row r of every mini-batch.
 */
export function gatherRow(dst: usize, src: usize, idx: usize, n: i32, b: i32, rows: i32, r: i32): void {
  for (let from = 0; from < n; from += b) {
    const w = min(b, n - from);
    let o = dst + ((<usize>from * <usize>rows + <usize>r * <usize>w) << 3);
    let q = idx + (<usize>from << 2);
    const end = q + (<usize>w << 2);
    for (; q < end; q += 4, o += 8) store<f64>(o, load<f64>(src + (<usize>load<i32>(q) << 3)));
  }
}
