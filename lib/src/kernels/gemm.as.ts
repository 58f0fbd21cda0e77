// AssemblyScript source of tsdl's compiled kernels (built by `npm run build` into
// lib/dist/kernels/gemm.wasm; not TypeScript: tsc skips *.as.ts). Loaded by ./wasmGemm.ts, which
// falls back to the other kernels when the .wasm is missing. Each kernel is written once for an
// element type T and exported for float64 (gemm, adam, gatherRows) and float32 (gemm32, adam32,
// gatherRows32, opt-in by dtype); mtFillDoubles at the end is RandomState's bulk draw (../random.ts).
//
//   gemm(c, a, b, rows, k, cols, sai, sap, sbp, sci, scj, acc):
//     C[i*sci + j*scj] = (acc ? C[..] : +0) + Σ_{p = 0 … k−1} A[i*sai + p*sap] · B[p*sbp + j]
// c, a, b are byte addresses in this module's memory, strides count elements. The interface is the
// one of the hand-assembled module in ../kernels.ts, so the same copying code drives both.
//
// Numerics: every C element is summed p = 0 upward from +0 (or from C when accumulating over k in
// panels), each product rounded, then each sum (mul then add in T, never a fused multiply-add): the
// bits of gemmNNRef in float64, of the same loop with every operation rounded to float32 in
// float32. SIMD lanes run over columns j (2 doubles or 4 floats), never over p.
//
// Blocking: 4 rows × 2 vectors of C stay in 8 registers while p runs, A's four values loaded
// straight into every lane (v128.load_splat: one instruction, +10 % over a load and a splat;
// 4 rows × 3 vectors spill and run 25 % slower); at ~13.5 G multiply-adds/s in float64 that is
// about the 128-bit pipes' peak without fused multiply-adds on this machine (Zen 5, one core). B is
// walked in column tiles of NB, so a tile (k × NB elements, k ≤ 256 from the caller's panels:
// 128 KB) stays in L2 while every block of 4 rows passes over it. Leftover rows go one at a time,
// leftover columns one vector, then (when not accumulating) the last columns as one vector ending
// at the tile's end — its overlap with columns done already is rewritten with the same bits — or
// else single columns in scalar code (the 25th column of dW1 alone cost 18 % of its time).

/** Columns per tile of B (see above). */
const NB: i32 = 64;

/** First free byte of memory: the caller's operands go from here on (rounded up to 16). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** The elements at p, p + s, p + 2s, … (bytes) as one vector (2 doubles or 4 floats). */
// @ts-ignore: decorator
@inline function lanesAt<T>(p: usize, s: usize): v128 {
  let v = v128.replace_lane<T>(v128.load_splat<T>(p), 1, load<T>(p + s));
  if (sizeof<T>() == 4) {
    v = v128.replace_lane<T>(v, 2, load<T>(p + 2 * s));
    v = v128.replace_lane<T>(v, 3, load<T>(p + 3 * s));
  }
  return v;
}

/** Stores the lanes of v at p, p + s, p + 2s, … (bytes). */
// @ts-ignore: decorator
@inline function storeLanes<T>(p: usize, s: usize, v: v128): void {
  store<T>(p, v128.extract_lane<T>(v, 0));
  store<T>(p + s, v128.extract_lane<T>(v, 1));
  if (sizeof<T>() == 4) {
    store<T>(p + 2 * s, v128.extract_lane<T>(v, 2));
    store<T>(p + 3 * s, v128.extract_lane<T>(v, 3));
  }
}

/** 4 rows × W vectors (W = 1 or 2) of C at address pc, A row address pa, B address pb. */
// @ts-ignore: decorator
@inline function block4<T>(W: i32, pc: usize, pa: usize, pb: usize, k: i32, SAI: usize, SAP: usize, SBP: usize, SCI: usize, SCJ: usize, acc: bool): void {
  const z = v128.splat<T>(<T>0);
  let s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
  const c1 = pc + SCI, c2 = c1 + SCI, c3 = c2 + SCI;
  const JV = SCJ * (16 / sizeof<T>()); // from one vector of columns to the next
  if (acc) {
    s00 = lanesAt<T>(pc, SCJ); s10 = lanesAt<T>(c1, SCJ); s20 = lanesAt<T>(c2, SCJ); s30 = lanesAt<T>(c3, SCJ);
    if (W == 2) {
      s01 = lanesAt<T>(pc + JV, SCJ); s11 = lanesAt<T>(c1 + JV, SCJ); s21 = lanesAt<T>(c2 + JV, SCJ); s31 = lanesAt<T>(c3 + JV, SCJ);
    }
  }
  let a0 = pa, b = pb;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(b);
    const b1 = W == 2 ? v128.load(b, 16) : z;
    let x = v128.load_splat<T>(a0);
    s00 = v128.add<T>(s00, v128.mul<T>(x, b0));
    if (W == 2) s01 = v128.add<T>(s01, v128.mul<T>(x, b1));
    x = v128.load_splat<T>(a0 + SAI);
    s10 = v128.add<T>(s10, v128.mul<T>(x, b0));
    if (W == 2) s11 = v128.add<T>(s11, v128.mul<T>(x, b1));
    x = v128.load_splat<T>(a0 + 2 * SAI);
    s20 = v128.add<T>(s20, v128.mul<T>(x, b0));
    if (W == 2) s21 = v128.add<T>(s21, v128.mul<T>(x, b1));
    x = v128.load_splat<T>(a0 + 3 * SAI);
    s30 = v128.add<T>(s30, v128.mul<T>(x, b0));
    if (W == 2) s31 = v128.add<T>(s31, v128.mul<T>(x, b1));
    a0 += SAP;
    b += SBP;
  }
  storeLanes<T>(pc, SCJ, s00); storeLanes<T>(c1, SCJ, s10); storeLanes<T>(c2, SCJ, s20); storeLanes<T>(c3, SCJ, s30);
  if (W == 2) {
    storeLanes<T>(pc + JV, SCJ, s01); storeLanes<T>(c1 + JV, SCJ, s11); storeLanes<T>(c2 + JV, SCJ, s21); storeLanes<T>(c3 + JV, SCJ, s31);
  }
}

/** 1 row × W vectors (W = 1 or 2). */
// @ts-ignore: decorator
@inline function block1<T>(W: i32, pc: usize, pa: usize, pb: usize, k: i32, SAP: usize, SBP: usize, SCJ: usize, acc: bool): void {
  const z = v128.splat<T>(<T>0);
  let s0 = z, s1 = z;
  const JV = SCJ * (16 / sizeof<T>());
  if (acc) {
    s0 = lanesAt<T>(pc, SCJ);
    if (W == 2) s1 = lanesAt<T>(pc + JV, SCJ);
  }
  let a0 = pa, b = pb;
  for (let p = 0; p < k; p++) {
    const x = v128.load_splat<T>(a0);
    s0 = v128.add<T>(s0, v128.mul<T>(x, v128.load(b)));
    if (W == 2) s1 = v128.add<T>(s1, v128.mul<T>(x, v128.load(b, 16)));
    a0 += SAP;
    b += SBP;
  }
  storeLanes<T>(pc, SCJ, s0);
  if (W == 2) storeLanes<T>(pc + JV, SCJ, s1);
}

/** One element of C: a scalar dot product. */
// @ts-ignore: decorator
@inline function single<T>(pc: usize, pa: usize, pb: usize, k: i32, SAP: usize, SBP: usize, acc: bool): void {
  let s: T = acc ? load<T>(pc) : <T>0;
  let a0 = pa, b = pb;
  for (let p = 0; p < k; p++) {
    s += load<T>(a0) * load<T>(b);
    a0 += SAP;
    b += SBP;
  }
  store<T>(pc, s);
}

/** C (rows, cols) (+)= A·B with the strides above, in element type T; see the head comment. */
// @ts-ignore: decorator
@inline function gemmT<T>(c: usize, a: usize, b: usize, rows: i32, k: i32, cols: i32, sai: i32, sap: i32, sbp: i32, sci: i32, scj: i32, acc: i32): void {
  const E = sizeof<T>(), L = 16 / <i32>E; // bytes per element, lanes per vector
  const SAI = <usize>sai * E, SAP = <usize>sap * E, SBP = <usize>sbp * E, SCI = <usize>sci * E, SCJ = <usize>scj * E;
  const add = acc != 0;
  for (let j0 = 0; j0 < cols; j0 += NB) {
    const j1 = min(cols, j0 + NB);
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const pa = a + <usize>i * SAI, pci = c + <usize>i * SCI;
      let j = j0;
      for (; j + 2 * L <= j1; j += 2 * L) block4<T>(2, pci + <usize>j * SCJ, pa, b + <usize>j * E, k, SAI, SAP, SBP, SCI, SCJ, add);
      if (j + L <= j1) {
        block4<T>(1, pci + <usize>j * SCJ, pa, b + <usize>j * E, k, SAI, SAP, SBP, SCI, SCJ, add);
        j += L;
      }
      if (j < j1 && !add && j1 - j0 >= L) { // the last columns in one vector ending at j1 (the overlap is rewritten with its own bits)
        block4<T>(1, pci + <usize>(j1 - L) * SCJ, pa, b + <usize>(j1 - L) * E, k, SAI, SAP, SBP, SCI, SCJ, false);
        j = j1;
      }
      for (; j < j1; j++) for (let r = 0; r < 4; r++) single<T>(pci + <usize>r * SCI + <usize>j * SCJ, pa + <usize>r * SAI, b + <usize>j * E, k, SAP, SBP, add);
    }
    for (; i < rows; i++) {
      const pa = a + <usize>i * SAI, pci = c + <usize>i * SCI;
      let j = j0;
      for (; j + 2 * L <= j1; j += 2 * L) block1<T>(2, pci + <usize>j * SCJ, pa, b + <usize>j * E, k, SAP, SBP, SCJ, add);
      if (j + L <= j1) {
        block1<T>(1, pci + <usize>j * SCJ, pa, b + <usize>j * E, k, SAP, SBP, SCJ, add);
        j += L;
      }
      if (j < j1 && !add && j1 - j0 >= L) {
        block1<T>(1, pci + <usize>(j1 - L) * SCJ, pa, b + <usize>(j1 - L) * E, k, SAP, SBP, SCJ, false);
        j = j1;
      }
      for (; j < j1; j++) single<T>(pci + <usize>j * SCJ, pa, b + <usize>j * E, k, SAP, SBP, add);
    }
  }
}

/** C (+)= A·B in float64; see the head comment. */
export function gemm(c: usize, a: usize, b: usize, rows: i32, k: i32, cols: i32, sai: i32, sap: i32, sbp: i32, sci: i32, scj: i32, acc: i32): void {
  gemmT<f64>(c, a, b, rows, k, cols, sai, sap, sbp, sci, scj, acc);
}

/** C (+)= A·B in float32 (every product and sum rounded to float32). */
export function gemm32(c: usize, a: usize, b: usize, rows: i32, k: i32, cols: i32, sai: i32, sap: i32, sbp: i32, sci: i32, scj: i32, acc: i32): void {
  gemmT<f32>(c, a, b, rows, k, cols, sai, sap, sbp, sci, scj, acc);
}

/**
 * Adam's update of n elements in place, as nn/optimizers.ts adamStep writes it, one vector at a time
 * (each lane the scalar code's operations in its order, correctly rounded in T; the f64 arguments
 * are rounded to T first, as numpy does with Python floats in float32 arithmetic):
 *   v = β₁·v + c₁·g;  s = β₂·s + c₂·(g·g);  w = w − (lr·(v / corr₁)) / (√(s / corr₂) + ε)
 */
// @ts-ignore: decorator
@inline function adamT<T>(w: usize, g: usize, v: usize, s: usize, n: i32, lr: f64, beta1: f64, beta2: f64,
  c1: f64, c2: f64, corr1: f64, corr2: f64, eps: f64): void {
  const E = sizeof<T>(), L = 16 / <i32>E;
  const tl = <T>lr, tb1 = <T>beta1, tb2 = <T>beta2, tc1 = <T>c1, tc2 = <T>c2, tk1 = <T>corr1, tk2 = <T>corr2, te = <T>eps;
  const LR = v128.splat<T>(tl), B1 = v128.splat<T>(tb1), B2 = v128.splat<T>(tb2), C1 = v128.splat<T>(tc1), C2 = v128.splat<T>(tc2);
  const K1 = v128.splat<T>(tk1), K2 = v128.splat<T>(tk2), EP = v128.splat<T>(te);
  let i = 0;
  for (; i + L <= n; i += L) {
    const o = <usize>i * E;
    const gi = v128.load(g + o);
    const vi = v128.add<T>(v128.mul<T>(B1, v128.load(v + o)), v128.mul<T>(C1, gi));
    const si = v128.add<T>(v128.mul<T>(B2, v128.load(s + o)), v128.mul<T>(C2, v128.mul<T>(gi, gi)));
    v128.store(v + o, vi);
    v128.store(s + o, si);
    const step = v128.div<T>(v128.mul<T>(LR, v128.div<T>(vi, K1)), v128.add<T>(v128.sqrt<T>(v128.div<T>(si, K2)), EP));
    v128.store(w + o, v128.sub<T>(v128.load(w + o), step));
  }
  for (; i < n; i++) {
    const o = <usize>i * E;
    const gi = load<T>(g + o);
    const vi: T = tb1 * load<T>(v + o) + tc1 * gi;
    const si: T = tb2 * load<T>(s + o) + tc2 * (gi * gi);
    store<T>(v + o, vi);
    store<T>(s + o, si);
    store<T>(w + o, load<T>(w + o) - (tl * (vi / tk1)) / (sqrt<T>(si / tk2) + te));
  }
}

/** Adam's update in float64 (adamStep's bits). */
export function adam(w: usize, g: usize, v: usize, s: usize, n: i32, lr: f64, beta1: f64, beta2: f64,
  c1: f64, c2: f64, corr1: f64, corr2: f64, eps: f64): void {
  adamT<f64>(w, g, v, s, n, lr, beta1, beta2, c1, c2, corr1, corr2, eps);
}

/** Adam's update in float32. */
export function adam32(w: usize, g: usize, v: usize, s: usize, n: i32, lr: f64, beta1: f64, beta2: f64,
  c1: f64, c2: f64, corr1: f64, corr2: f64, eps: f64): void {
  adamT<f32>(w, g, v, s, n, lr, beta1, beta2, c1, c2, corr1, corr2, eps);
}

/**
 * Rows r0 … r0 + count − 1 of a mini-batch gather (see ../kernels/gather.ts): src holds those rows
 * of X (cols elements each, one after another), idx (n i32) the epoch's column order; mini-batch k
 * (b columns, the last one n − k·b) is stored row-major (rows, w_k) from dst + k·b·rows elements on.
 */
// @ts-ignore: decorator
@inline function gatherRowsT<T>(dst: usize, src: usize, idx: usize, n: i32, b: i32, rows: i32, r0: i32, count: i32, cols: i32): void {
  const E = sizeof<T>();
  for (let r = r0; r < r0 + count; r++) {
    const row = src + <usize>(r - r0) * <usize>cols * E;
    for (let from = 0; from < n; from += b) {
      const w = min(b, n - from);
      let o = dst + (<usize>from * <usize>rows + <usize>r * <usize>w) * E;
      let q = idx + (<usize>from << 2);
      const end = q + (<usize>w << 2);
      for (; q < end; q += 4, o += E) store<T>(o, load<T>(row + <usize>load<i32>(q) * E));
    }
  }
}

/** gatherRows of doubles. */
export function gatherRows(dst: usize, src: usize, idx: usize, n: i32, b: i32, rows: i32, r0: i32, count: i32, cols: i32): void {
  gatherRowsT<f64>(dst, src, idx, n, b, rows, r0, count, cols);
}

/** gatherRows of floats. */
export function gatherRows32(dst: usize, src: usize, idx: usize, n: i32, b: i32, rows: i32, r0: i32, count: i32, cols: i32): void {
  gatherRowsT<f32>(dst, src, idx, n, b, rows, r0, count, cols);
}

// ------------------------------------------------------------------ numpy's random_sample (MT19937)
// The same stream as RandomState's JavaScript loop (../random.ts): mt is the 624-word state in this
// memory, pos the next word. Each double takes two tempered words a, b: (a >>> 5)·2^26 + (b >>> 6),
// an exact integer < 2^53, divided by 2^53 (exact): the same bits in SIMD lanes as in scalar code.
const MT_N: i32 = 624;
const MT_M: i32 = 397;

/** The twist that makes the next 624 words (numpy's mt19937_gen). */
function mtTwist(mt: usize): void {
  let i: i32 = 0;
  for (; i < MT_N - MT_M; i++) {
    const y = (load<u32>(mt + (<usize>i << 2)) & 0x80000000) | (load<u32>(mt + (<usize>(i + 1) << 2)) & 0x7fffffff);
    store<u32>(mt + (<usize>i << 2), load<u32>(mt + (<usize>(i + MT_M) << 2)) ^ (y >> 1) ^ ((0 - (y & 1)) & 0x9908b0df));
  }
  for (; i < MT_N - 1; i++) {
    const y = (load<u32>(mt + (<usize>i << 2)) & 0x80000000) | (load<u32>(mt + (<usize>(i + 1) << 2)) & 0x7fffffff);
    store<u32>(mt + (<usize>i << 2), load<u32>(mt + (<usize>(i + MT_M - MT_N) << 2)) ^ (y >> 1) ^ ((0 - (y & 1)) & 0x9908b0df));
  }
  const y = (load<u32>(mt + (<usize>(MT_N - 1) << 2)) & 0x80000000) | (load<u32>(mt) & 0x7fffffff);
  store<u32>(mt + (<usize>(MT_N - 1) << 2), load<u32>(mt + (<usize>(MT_M - 1) << 2)) ^ (y >> 1) ^ ((0 - (y & 1)) & 0x9908b0df));
}

// @ts-ignore: decorator
@inline function temper(y: u32): u32 {
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  return y ^ (y >> 18);
}

/** n doubles into out (byte address) from the state at mt, starting at word pos; returns the new pos. */
export function mtFillDoubles(mt: usize, pos: i32, out: usize, n: i32): i32 {
  const m1 = i32x4.splat(0x9d2c5680), m2 = i32x4.splat(0xefc60000);
  const two26 = f64x2.splat(67108864.0), two53 = f64x2.splat(9007199254740992.0);
  let i: i32 = 0;
  while (i < n) {
    if (pos == MT_N) { mtTwist(mt); pos = 0; }
    if (pos + 4 <= MT_N && i + 2 <= n) { // two doubles from four words of this block
      let v = v128.load(mt + (<usize>pos << 2));
      v = v128.xor(v, i32x4.shr_u(v, 11));
      v = v128.xor(v, v128.and(i32x4.shl(v, 7), m1));
      v = v128.xor(v, v128.and(i32x4.shl(v, 15), m2));
      v = v128.xor(v, i32x4.shr_u(v, 18));
      const a = i32x4.shuffle(i32x4.shr_u(v, 5), v, 0, 2, 0, 2); // words 0 and 2 >>> 5
      const b = i32x4.shuffle(i32x4.shr_u(v, 6), v, 1, 3, 1, 3); // words 1 and 3 >>> 6
      const d = f64x2.div(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(a), two26), f64x2.convert_low_i32x4_u(b)), two53);
      v128.store(out + (<usize>i << 3), d);
      pos += 4;
      i += 2;
      continue;
    }
    const a = temper(load<u32>(mt + (<usize>pos << 2))) >> 5;
    pos++;
    if (pos == MT_N) { mtTwist(mt); pos = 0; }
    const b = temper(load<u32>(mt + (<usize>pos << 2))) >> 6;
    pos++;
    store<f64>(out + (<usize>i << 3), (<f64>a * 67108864.0 + <f64>b) / 9007199254740992.0);
    i++;
  }
  return pos;
}
