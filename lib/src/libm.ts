/**
 * log, exp, sin and cos that return the same bits as glibc 2.36's libm on x86_64 (Debian 12),
 * i.e. what numpy's legacy generator (randn uses log) and Python's math module produce there.
 *
 * Why not Math.*: V8 rounds differently from glibc on a few % of inputs (last bit), which shows
 * up in seeded data and training curves. glibc picks its FMA-compiled variants on this CPU
 * (__ieee754_log_fma, __ieee754_exp_fma, __sin_fma, __cos_fma), so we port the algorithms
 * (ARM optimized-routines log/exp, IBM Accurate Mathematical Library sin/cos) following the
 * compiled code: every a*b+c that GCC contracted into an fma is an fma here too. JS has no fma,
 * so each function first evaluates with plain multiply-adds plus an error bound and accepts the
 * result when glibc's roundings cannot land elsewhere; otherwise (about 2 % of exp calls, well
 * under 1 % for the others) it redoes the work with an exact fma emulation.
 * Checked bit for bit against glibc by test/unit/libm.test.ts and tools/libm-sweep.ts.
 */
import * as tables from "./libm-tables";

// Module-local bindings of the tables: tsc compiles a named import to a property load from the
// module object at every use, which V8 does not fold away in these hot paths (exp's accepted path
// measured 9.2 → ~6 ns with local bindings).
const { EXP_SCALE, EXP_TAIL, LOG_INVC, LOG_LOGC, SINCOS_TAB } = tables;

// One shared scratch double for bit access (little-endian: U32[0] low word, U32[1] high word).
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp/Dekker split

const U = 1.1102230246251565e-16; // 2^-53, unit roundoff

// 2^n for -1074 <= n <= 1023 at POW2[n + 1074] (a table: writing exponent bits into a scratch
// double and reading it back stalls store forwarding)
const POW2 = new Float64Array(2098);
POW2[1074] = 1;
for (let n = 1; n <= 1023; n++) POW2[1074 + n] = POW2[1073 + n] * 2;
for (let n = 1; n <= 1074; n++) POW2[1074 - n] = POW2[1075 - n] * 0.5;

/** 2^n for -1074 <= n <= 1023. */
function pow2(n: number): number {
  return POW2[n + 1074];
}

/**
 * Correctly rounded a*b + c (IEEE fma) for finite arguments whose product neither overflows nor
 * underflows and |a|, |b| < 2^995 (true for every call below; kernels.fma guards the rest).
 * Example: `fmaExact(0.1, 10, -1)` → 5.551115123125783e-17.
 */
export function fmaExact(a: number, b: number, c: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl; // p + e = a*b exactly
  const s = p + c;
  const z = s - p;
  const u = p - (s - z) + (c - z); // s + u = p + c exactly
  const v = u + e;
  if (v === 0) return s; // u + e == 0: s is exact (and keeps the sign of a zero sum)
  const y = s + v;
  const z2 = v - u;
  const ev = u - (v - z2) + (e - z2); // v + ev = u + e exactly
  if (ev === 0) return y; // s + v is the exact sum: y is its correct rounding
  // Here p + c was inexact, so |v| is a few ulps of s and s + v lies on the grid of ulp(v): y is
  // wrong only when s + v is a tie of y's grid and ev pushes the exact sum past it.
  const rho = s - y + v; // s + v = y + rho exactly
  if (rho === 0) return y;
  const y2 = y + 2 * rho;
  if (y2 - y !== 2 * rho) return y; // y2 is y's neighbour only when |rho| is half an ulp
  return rho > 0 === ev > 0 ? y2 : y;
}

// ---------------------------------------------------------------- log (glibc e_log.c, FMA build)
const LN2HI = 0.6931471805598903; // 0x1.62e42fefa3800p-1: k*LN2HI is exact for |k| < 2^11
const LN2LO = 5.497923018708371e-14; // 0x1.ef35793c76730p-45
// log1p(r) - r ~= A0 r^2 + ... + A4 r^6 for |r| < 1/256
const A0 = -0.5000000000000001;
const A1 = 0.33333333331825593;
const A2 = -0.2499999999622955;
const A3 = 0.20000304511814496;
const A4 = -0.16667054827627667;
// log(1+r) ~= r + B0 r^2 + ... + B10 r^12 near 1 (B0 = -0.5)
const B0 = -0.5;
const B1 = 0.3333333333333352;
const B2 = -0.24999999999998432;
const B3 = 0.19999999999320328;
const B4 = -0.16666666669929706;
const B5 = 0.14285715076560868;
const B6 = -0.12499997863982555;
const B7 = 0.11110712032936046;
const B8 = -0.10000486757818193;
const B9 = 0.09181994006195467;
const B10 = -0.08328363062289341;
const TWO27 = 134217728;
const TWO52 = 4503599627370496;

// Veltkamp split of 1/c (log's fma(z, invc, -1) is rebuilt exactly from a Dekker product)
const LOG_INVC_HI = new Float64Array(128);
const LOG_INVC_LO = new Float64Array(128);
for (let i = 0; i < 128; i++) {
  const t = SPLITTER * LOG_INVC[i];
  LOG_INVC_HI[i] = t - (t - LOG_INVC[i]);
  LOG_INVC_LO[i] = LOG_INVC[i] - LOG_INVC_HI[i];
}

/** log(x) for x in [1 - 2^-4, 1 + 0x1.09p-4), x != 1, with exact fmas. */
function logNear1Exact(x: number): number {
  const r = x - 1;
  const r2 = r * r;
  const r3 = r * r2;
  const p1 = fmaExact(r2, B3, fmaExact(r, B2, B1));
  const p2 = fmaExact(r2, B6, fmaExact(r, B5, B4));
  const p3 = fmaExact(r3, B10, fmaExact(r2, B9, fmaExact(r, B8, B7)));
  const q = fmaExact(fmaExact(p3, r3, p2), r3, p1);
  // r = rhi + rlo with rhi of 26 bits, so rhi*rhi and B0*(...) products are exact.
  const w = r * TWO27;
  const rhi = r + w - w;
  const rlo = r - rhi;
  const rhi2 = rhi * rhi;
  const hi = rhi2 * B0 + r;
  let lo = r - hi + rhi2 * B0;
  lo = fmaExact(B0 * rlo, r + rhi, lo);
  return hi + fmaExact(q, r3, lo);
}

/**
 * log(x) near 1 with plain multiply-adds. glibc rounds hi + y once, so the result is right
 * whenever it is the same at both ends of y's error interval:
 * |y - y_glibc| <= u (3.2|r^3| + 4|lo| + |rlo r|) (fma roundings of q, lo and y, ours and glibc's).
 */
function logNear1(x: number): number {
  const r = x - 1;
  const r2 = r * r;
  const r3 = r * r2;
  const p1 = r2 * B3 + (r * B2 + B1);
  const p2 = r2 * B6 + (r * B5 + B4);
  const p3 = r3 * B10 + (r2 * B9 + (r * B8 + B7));
  const q = (p3 * r3 + p2) * r3 + p1;
  const w = r * TWO27;
  const rhi = r + w - w;
  const rlo = r - rhi;
  const rhi2 = rhi * rhi;
  const hi = rhi2 * B0 + r;
  const rlor = B0 * rlo * (r + rhi);
  const lo = rlor + (r - hi + rhi2 * B0);
  const y = q * r3 + lo;
  const err = U * (3.5 * Math.abs(r3) + 4.5 * Math.abs(lo) + 2.2 * Math.abs(rlor) + 2 * Math.abs(y));
  const a = hi + (y - err);
  if (a === hi + (y + err)) return a;
  return logNear1Exact(x);
}

/** log(z * 2^k), z in [0x1.6p-1, 0x1.6p0) of subinterval i, with exact fmas. */
function logMainExact(z: number, kd: number, i: number): number {
  const r = fmaExact(z, LOG_INVC[i], -1);
  const w = kd * LN2HI + LOG_LOGC[i];
  const hi = w + r;
  const lo = fmaExact(kd, LN2LO, w - hi + r);
  const r2 = r * r;
  const r3 = r * r2;
  const p = fmaExact(fmaExact(r, A4, A3), r2, fmaExact(r, A2, A1));
  return fmaExact(r3, p, fmaExact(r2, A0, lo)) + hi;
}

/**
 * log(z * 2^k) with plain multiply-adds except r, which is exact: r = RN(z/c - 1) as in glibc.
 * Then hi matches glibc and only y carries rounding differences:
 * |y - y_glibc| <= u (|k ln2lo| + 6|lo| + 2.51 r^2) for |r| < 0.0045.
 */
function logMain(z: number, kd: number, i: number): number {
  const p = z * LOG_INVC[i];
  const t = SPLITTER * z;
  const zh = t - (t - z);
  const zl = z - zh;
  const ih = LOG_INVC_HI[i];
  const il = LOG_INVC_LO[i];
  const r = p - 1 + (zh * ih - p + zh * il + zl * ih + zl * il); // p - 1 exact, + product error
  const w = kd * LN2HI + LOG_LOGC[i];
  const hi = w + r;
  const pl = kd * LN2LO;
  const lo = pl + (w - hi + r);
  const r2 = r * r;
  const y = r * r2 * ((r * A4 + A3) * r2 + (r * A2 + A1)) + (r2 * A0 + lo);
  const err = U * (1.1 * Math.abs(pl) + 6.5 * Math.abs(lo) + 2.7 * r2 + 2 * Math.abs(y));
  const a = hi + (y - err);
  if (a === hi + (y + err)) return a;
  return logMainExact(z, kd, i);
}

/** log of x <= 0, +inf or nan. */
function logSpecial(x: number): number {
  return x === 0 ? -Infinity : x === Infinity ? x : NaN;
}

/** Natural logarithm, bit-identical to glibc's `log`. Example: `log(Math.E) === 1`. */
export function log(x: number): number {
  F64[0] = x;
  let hi = U32[1];
  if (hi >= 0x3fee0000 && hi < 0x3ff10900) return x === 1 ? 0 : logNear1(x);
  let kAdj = 0;
  if (hi < 0x00100000 || hi >= 0x7ff00000) {
    if (!(x > 0) || x === Infinity) return logSpecial(x);
    x *= TWO52; // subnormal: normalize
    F64[0] = x;
    hi = U32[1];
    kAdj = 52;
  }
  // x = 2^k z with z in [0x1.6p-1, 0x1.6p0); i = subinterval of z
  const tmp = (hi - 0x3fe60000) | 0;
  const k = tmp >> 20;
  return logMain(x * pow2(-k), k - kAdj, (tmp >>> 13) & 127);
}

/** log with every fma exact (same dispatch as log). */
function logExactAll(x: number): number {
  F64[0] = x;
  let hi = U32[1];
  if (hi >= 0x3fee0000 && hi < 0x3ff10900) return x === 1 ? 0 : logNear1Exact(x);
  let kAdj = 0;
  if (hi < 0x00100000 || hi >= 0x7ff00000) {
    if (!(x > 0) || x === Infinity) return logSpecial(x);
    x *= TWO52;
    F64[0] = x;
    hi = U32[1];
    kAdj = 52;
  }
  const tmp = (hi - 0x3fe60000) | 0;
  const k = tmp >> 20;
  return logMainExact(x * pow2(-k), k - kAdj, (tmp >>> 13) & 127);
}

// ---------------------------------------------------------------- exp (glibc e_exp.c, FMA build)
const INVLN2N = 184.6649652337873; // 128/ln2
const NEGLN2HIN = -0.005415212348111709; // -ln2/128 high part (0x1.62e42fefa0000p-8, 36 bits)
const NEGLN2LON = -1.2864023111638346e-14;
const SHIFT = 6755399441055744; // 0x1.8p52
const C2 = 0.49999999999996786;
const C3 = 0.16666666666665886;
const C4 = 0.0416666808410674;
const C5 = 0.008333335853059549;
const TWO1009 = 5.486124068793689e303;
const TWOM1022 = 2.2250738585072014e-308;
const EXP_TAIL_MAX = 9.5e-17; // max |EXP_TAIL[i]|

/** exp with every fma exact; k is the rounded x*128/ln2 (as glibc gets it). */
function expExact(x: number, special: boolean): number {
  const kd = fmaExact(x, INVLN2N, SHIFT) - SHIFT;
  const k = kd | 0;
  const i = k & 127;
  const e = k >> 7;
  const r = fmaExact(kd, NEGLN2LON, fmaExact(kd, NEGLN2HIN, x));
  const r2 = r * r;
  const t = fmaExact(r2 * r2, fmaExact(r, C5, C4), fmaExact(fmaExact(r, C3, C2), r2, r + EXP_TAIL[i]));
  const s = EXP_SCALE[i];
  if (special) return expSpecial(t, s, e, k);
  return fmaExact(s, t, s) * pow2(e);
}

/** exp's specialcase(): the scale 2^e would leave the normal range. */
function expSpecial(t: number, s: number, e: number, k: number): number {
  if (k >= 0) return fmaExact(s, t, s) * pow2(e - 1009) * TWO1009;
  const scale = s * pow2(e + 1022);
  const st = scale * t;
  let y = scale + st;
  if (y < 1) {
    // round to 53 bits before scaling into the subnormal range (avoids double rounding)
    let lo = scale - y + st;
    const hi = 1 + y;
    lo = 1 - hi + y + lo;
    y = lo + hi - 1;
    if (y === 0) y = 0;
  }
  return y * TWOM1022;
}

const TWOM54 = 5.551115123125783e-17;

/** exp for |x| < 2^-54, |x| >= 512, inf or nan. */
function expOutside(x: number): number {
  const ax = Math.abs(x);
  if (ax < TWOM54) return 1 + x;
  if (ax < 1024) return expExact(x, true); // the result may overflow or be subnormal
  if (x === -Infinity) return 0;
  if (!(ax < Infinity)) return 1 + x; // nan or +inf
  return x < 0 ? 0 : Infinity;
}

/** exp with every fma exact (same dispatch as exp). */
function expExactAll(x: number): number {
  const ax = Math.abs(x);
  return ax >= TWOM54 && ax < 512 ? expExact(x, false) : expOutside(x);
}

/** Natural exponential, bit-identical to glibc's `exp`. Example: `exp(0) === 1`. */
export function exp(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= TWOM54 && ax < 512)) return expOutside(x);
  // k = round(x*128/ln2): glibc rounds the exact product (fma), which differs from ours only
  // when our rounded product is a half-integer.
  const z = x * INVLN2N;
  const kd = z + SHIFT - SHIFT;
  const dz = z - kd;
  if (dz === 0.5 || dz === -0.5) return expExact(x, false);
  const k = kd | 0;
  const i = k & 127;
  // x + kd*NEGLN2HIN is exact (36-bit constant, |k| < 2^17, Sterbenz), as in glibc's fma
  const p = kd * NEGLN2LON;
  const r = x + kd * NEGLN2HIN + p;
  const r2 = r * r;
  const t = r2 * r2 * (r * C5 + C4) + ((r * C3 + C2) * r2 + (r + EXP_TAIL[i]));
  // glibc returns RN(s + s*t_glibc) with |t - t_glibc| <= u (8.01|r| + 1.003|p| + 6|tail|);
  // s + s*t = y + rho + (s*t - q) exactly, so y is glibc's result when that stays below h.
  const s = EXP_SCALE[i];
  const q = s * t;
  const y = s + q;
  const rho = s - y + q;
  const err = U * (Math.abs(q) + s * (8.5 * Math.abs(r) + 1.1 * Math.abs(p) + 6 * EXP_TAIL_MAX));
  // half the spacing of doubles next to y (the smaller side at a power of two)
  const h = y <= 1 ? U * 0.5 : y <= 2 ? U : U * 2;
  if (Math.abs(rho) + err < h) return y * pow2(k >> 7);
  return expExact(x, false);
}

// ---------------------------------------------------------------- sin/cos (glibc s_sin.c, FMA build)
const SN3 = -0.16666666666666488;
const SN5 = 0.008333332142857223;
const CS2 = 0.5;
const CS4 = -0.04166666666666644;
const CS6 = 0.001388888740079376;
const S1 = -0.16666666666666666;
const S2 = 0.008333333333332329;
const S3 = -0.00019841269834414642;
const S4 = 2.755729806860771e-6;
const S5 = -2.5022014848318398e-8;
const BIG = 52776558133248; // 0x1.8p45: |x| + BIG rounds |x| to a multiple of 1/128
const HP0 = 1.5707963267948966; // pi/2 high
const HP1 = 6.123233995736766e-17; // pi/2 low
const MP1 = 1.5707963407039642;
const MP2 = -1.3909067564377153e-8;
const PP3 = -4.97899623147991e-17;
const PP4 = -1.9034889620193266e-25;
const HPINV = 0.6366197723675814; // 2/pi
const TOINT = 6755399441055744; // 0x1.8p52

/** TAYLOR_SIN(a*a, a, da): sin(a + da) for |a| < 0.126. */
function taylorSinExact(a: number, da: number): number {
  const xx = a * a;
  const p = fmaExact(xx, fmaExact(xx, fmaExact(xx, fmaExact(xx, S5, S4), S3), S2), S1);
  return a + fmaExact(xx, fmaExact(p, a, -(da * 0.5)), da);
}

/** do_sin(a, da) for |a| >= 0.126: table value at the nearest 1/128 plus corrections. */
function doSinExact(a: number, da: number): number {
  const dx = a > 0 ? da : -da;
  const ax = Math.abs(a);
  const m = ax + BIG - BIG;
  const x = ax - m;
  const k = m * 512;
  const xx = x * x;
  const s = x + fmaExact(x * xx, fmaExact(xx, SN5, SN3), dx);
  const c = fmaExact(x, dx, xx * fmaExact(xx, fmaExact(xx, CS6, CS4), CS2));
  const cor = fmaExact(s, SINCOS_TAB[k + 2], fmaExact(-c, SINCOS_TAB[k], fmaExact(s, SINCOS_TAB[k + 3], SINCOS_TAB[k + 1])));
  const res = Math.abs(SINCOS_TAB[k] + cor);
  return a < 0 ? -res : res;
}

/** do_cos(a, da): cos(a + da) from the table value at the nearest 1/128. */
function doCosExact(a: number, da: number): number {
  const ax = Math.abs(a);
  const m = ax + BIG - BIG;
  const x = ax - m + (a < 0 ? -da : da);
  const k = m * 512;
  const xx = x * x;
  const s = fmaExact(x * xx, fmaExact(xx, SN5, SN3), x);
  const c = xx * fmaExact(xx, fmaExact(xx, CS6, CS4), CS2);
  const cor = fmaExact(-s, SINCOS_TAB[k], fmaExact(-c, SINCOS_TAB[k + 2], fmaExact(-s, SINCOS_TAB[k + 1], SINCOS_TAB[k + 3])));
  return SINCOS_TAB[k + 2] + cor;
}

/** sin(a + da) rotated by n quarter turns (do_sincos). */
function doSinCosExact(a: number, da: number, n: number): number {
  const v = n & 1 ? doCosExact(a, da) : Math.abs(a) < 0.126 ? taylorSinExact(a, da) : doSinExact(a, da);
  return n & 2 ? -v : v;
}

// reduce_sincos / __branred write the reduced argument here (no allocation per call)
let redA = 0;
let redDa = 0;

/** reduce_sincos: x = n*pi/2 + (redA + redDa) for |x| < 105414350; returns n mod 4. */
function reduceExact(x: number): number {
  const xn = fmaExact(x, HPINV, TOINT) - TOINT;
  const y = fmaExact(-xn, MP2, fmaExact(-xn, MP1, x));
  const t2 = fmaExact(-xn, PP3, y);
  const db = fmaExact(-xn, PP3, y - t2);
  const b = fmaExact(-xn, PP4, t2);
  redA = b;
  redDa = db + fmaExact(-xn, PP4, t2 - b);
  return xn & 3;
}

// __branred (branred.c; compiled without fma): reduction for 105414350 <= |x| < 2^1024
const TOVERP = new Float64Array([
  10680707, 7228996, 1387004, 2578385, 16069853, 12639074, 9804092, 4427841, 16666979, 11263675,
  12935607, 2387514, 4345298, 14681673, 3074569, 13734428, 16653803, 1880361, 10960616, 8533493,
  3062596, 8710556, 7349940, 6258241, 3772886, 3769171, 3798172, 8675211, 12450088, 3874808,
  9961438, 366607, 15675153, 9132554, 7151469, 3571407, 2607881, 12013382, 4155038, 6285869,
  7677882, 13102053, 15825725, 473591, 9065106, 15363067, 6271263, 9264392, 5636912, 4652155,
  7056368, 13614112, 10155062, 1944035, 9527646, 15080200, 6658437, 6231200, 6832269, 16767104,
  5075751, 3212806, 1398474, 7579849, 6349435, 12618859, 4703257, 12806093, 14477321, 2786137,
  12875403, 9837734, 14528324, 13719321, 343717,
]); // 2/pi in base 2^24
const BR_TM600 = 2.409919865102884e-181; // 2^-600
const BR_TM24 = 5.960464477539063e-8; // 2^-24
const BR_BIG1 = 27021597764222976; // 0x1.8p54
const BR_MP2 = -1.3909067675399456e-8; // 0xBE4DDE97_40000000 (differs from reduce's MP2)
const brR = new Float64Array(6);
let brB = 0;
let brBb = 0;

/** One half of __branred: x*2/pi mod 4 as sum (returned) + brB + brBb. */
function branredPart(x: number): number {
  F64[0] = x;
  let k = Math.trunc((((U32[1] >>> 20) & 2047) - 450) / 24);
  if (k < 0) k = 0;
  let gor = pow2(576 - 24 * k);
  for (let i = 0; i < 6; i++) {
    brR[i] = x * TOVERP[k + i] * gor;
    gor *= BR_TM24;
  }
  let sum = 0;
  for (let i = 0; i < 3; i++) {
    const s = brR[i] + TOINT - TOINT;
    sum += s;
    brR[i] -= s;
  }
  let t = 0;
  for (let i = 0; i < 6; i++) t += brR[5 - i];
  let bb = brR[0] - t + brR[1] + brR[2] + brR[3] + brR[4] + brR[5];
  let s = t + TOINT - TOINT;
  sum += s;
  t -= s;
  const b = t + bb;
  bb = t - b + bb;
  s = sum + BR_BIG1 - BR_BIG1;
  brB = b;
  brBb = bb;
  return sum - s;
}

/** __branred: x = n*pi/2 + (redA + redDa) for huge |x|; returns n mod 4. */
function branred(xIn: number): number {
  const x = xIn * BR_TM600;
  let t = x * SPLITTER;
  const x1 = t - (t - x);
  const x2 = x - x1;
  const sum1 = branredPart(x1);
  const b1 = brB;
  const bb1 = brBb;
  const sum2 = branredPart(x2);
  const b2 = brB;
  const bb2 = brBb;
  let sum = sum1 + sum2;
  let b = b1 + b2;
  let bb = Math.abs(b1) > Math.abs(b2) ? b1 - b + b2 : b2 - b + b1;
  if (b > 0.5) {
    b -= 1;
    sum += 1;
  } else if (b < -0.5) {
    b += 1;
    sum -= 1;
  }
  let s = b + (bb + bb1 + bb2);
  t = b - s + bb + (bb1 + bb2);
  b = s * SPLITTER;
  const t1 = b - (b - s);
  const t2 = s - t1;
  b = s * HP0;
  bb = t1 * MP1 - b + t1 * BR_MP2 + t2 * MP1 + (t2 * BR_MP2 + s * HP1 + t * HP0);
  s = b + bb;
  redA = s;
  redDa = b - s + bb;
  return (sum | 0) & 3;
}

// glibc dispatches on the high word of |x|; these are the same thresholds as doubles
const SIN_TINY = 1.4901161193847656e-8; // 0x3e500000: |x| < 2^-26 => sin(x) = x
const COS_TINY = 7.450580596923828e-9; // 0x3e400000: |x| < 2^-27 => cos(x) = 1
const T_TABLE = 0.85546875; // 0x3feb6000
const T_PIO2 = 2.4262638092041016; // 0x400368fd
const T_REDUCE = 105414336; // 0x419921fb: above, __branred

/** sin with every fma exact. */
function sinExact(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= SIN_TINY && ax < Infinity)) return sin(x);
  if (ax < T_TABLE) return ax < 0.126 ? taylorSinExact(x, 0) : doSinExact(x, 0);
  if (ax < T_PIO2) {
    const c = Math.abs(doCosExact(HP0 - ax, HP1));
    return x < 0 ? -c : c;
  }
  const n = ax < T_REDUCE ? reduceExact(x) : branred(x);
  return doSinCosExact(redA, redDa, n);
}

/** cos with every fma exact. */
function cosExact(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= COS_TINY && ax < Infinity)) return cos(x);
  if (ax < T_TABLE) return doCosExact(x, 0);
  if (ax < T_PIO2) {
    const y = HP0 - ax;
    const a = y + HP1;
    const da = y - a + HP1;
    return Math.abs(a) < 0.126 ? taylorSinExact(a, da) : doSinExact(a, da);
  }
  const n = ax < T_REDUCE ? reduceExact(x) : branred(x);
  return doSinCosExact(redA, redDa, n + 1);
}

// Fast paths: plain multiply-adds with error bounds. glibc's rounding of each value the result
// is sensitive to (s, cor, the final sum) is reproduced by rounding both ends of our error
// interval; when they disagree the function returns NaN and the caller redoes it exactly.
// Bounds are first-order in u with slack, e.g. |t7 - t7_glibc| <= 0.34u for t7 ~ -1/6.

// Veltkamp split of every table entry (products with sn/cs are rebuilt exactly)
const SINCOS_HI = new Float64Array(SINCOS_TAB.length);
const SINCOS_LO = new Float64Array(SINCOS_TAB.length);
for (let i = 0; i < SINCOS_TAB.length; i++) {
  const t = SPLITTER * SINCOS_TAB[i];
  SINCOS_HI[i] = t - (t - SINCOS_TAB[i]);
  SINCOS_LO[i] = SINCOS_TAB[i] - SINCOS_HI[i];
}

/**
 * RN(s * T[j] + a) where a is within aErr of glibc's addend, or NaN if that is undecided:
 * s * T[j] = p + e exactly (Dekker), p + a = w + f exactly (TwoSum).
 */
function fmaTabChecked(s: number, j: number, a: number, aErr: number): number {
  const p = s * SINCOS_TAB[j];
  const t = SPLITTER * s;
  const sh = t - (t - s);
  const sl = s - sh;
  const th = SINCOS_HI[j];
  const tl = SINCOS_LO[j];
  const e = sh * th - p + sh * tl + sl * th + sl * tl;
  const w = p + a;
  const z = w - p;
  const f = p - (w - z) + (a - z) + e;
  const err = 1.001 * aErr + 2.01 * U * Math.abs(f);
  const lo = w + (f - err);
  return lo === w + (f + err) ? lo : NaN;
}

/** TAYLOR_SIN fast path; da is within daErr of glibc's. */
function taylorSin(a: number, da: number, daErr: number): number {
  const xx = a * a;
  const p = (((xx * S5 + S4) * xx + S3) * xx + S2) * xx + S1;
  const pa = p * a;
  const q = pa - da * 0.5;
  const xq = xx * q;
  const t = xq + da;
  const qErr = U * (0.35 * Math.abs(a) + 2 * Math.abs(q) + Math.abs(pa)) + 0.5 * daErr;
  const err = xx * qErr + U * (4 * Math.abs(t) + Math.abs(xq)) + 1.01 * daErr;
  const lo = a + (t - err);
  return lo === a + (t + err) ? lo : NaN;
}

/** glibc's c7 = fma(xx, fma(xx, CS6, CS4), CS2) (~0.5), or NaN if undecided. */
function cosPoly(xx: number): number {
  const t = xx * (xx * CS6 + CS4);
  const err = U * (3 * Math.abs(t) + 0.085 * xx);
  const c7 = CS2 + (t - err);
  return c7 === CS2 + (t + err) ? c7 : NaN;
}

/** do_sin fast path (|a| >= 0.126). */
function doSin(a: number, da: number, daErr: number): number {
  const dx = a > 0 ? da : -da;
  const ax = Math.abs(a);
  const m = ax + BIG - BIG;
  const x = ax - m;
  const k = m * 512;
  const xx = x * x;
  const x3 = x * xx;
  const t = x3 * (xx * SN5 + SN3) + dx;
  const tErr = U * (0.6 * Math.abs(x3) + 4.1 * Math.abs(t)) + 1.01 * daErr;
  const s = x + (t - tErr);
  if (s !== x + (t + tErr)) return NaN;
  const cc = xx * cosPoly(xx);
  const xdx = x * dx;
  const cErr = 3 * U * Math.abs(xdx) + 1.01 * Math.abs(x) * daErr;
  const c = cc + (xdx - cErr);
  if (c !== cc + (xdx + cErr)) return NaN; // (also when cc is NaN)
  const sccs = s * SINCOS_TAB[k + 3];
  const a1 = sccs + SINCOS_TAB[k + 1];
  const a2 = fmaTabChecked(-c, k, a1, U * (2.2 * Math.abs(a1) + 1.1 * Math.abs(sccs)));
  const res = Math.abs(SINCOS_TAB[k] + fmaTabChecked(s, k + 2, a2, 0));
  return a < 0 ? -res : res;
}

/** do_cos fast path. */
function doCos(a: number, da: number, daErr: number): number {
  const ax = Math.abs(a);
  const m = ax + BIG - BIG;
  const k = m * 512;
  const dx = a < 0 ? -da : da;
  const x0 = ax - m;
  let x = x0 + dx;
  if (daErr !== 0) {
    const xErr = 1.01 * daErr + 2.01 * U * Math.abs(dx);
    x = x0 + (dx - xErr);
    if (x !== x0 + (dx + xErr)) return NaN;
  }
  const xx = x * x;
  const x3 = x * xx;
  const t = x3 * (xx * SN5 + SN3);
  const tErr = U * (0.34 * Math.abs(x3) + 3 * Math.abs(t));
  const s = x + (t - tErr);
  if (s !== x + (t + tErr)) return NaN;
  const c = xx * cosPoly(xx);
  const sssn = s * SINCOS_TAB[k + 1];
  const a1 = SINCOS_TAB[k + 3] - sssn;
  const a2 = fmaTabChecked(-c, k + 2, a1, U * (2.2 * Math.abs(a1) + 1.1 * Math.abs(sssn)));
  return SINCOS_TAB[k + 2] + fmaTabChecked(-s, k, a2, 0);
}

let redErr = 0; // bound on |redDa - glibc's da| after reduce()

/** reduce_sincos fast path: sets redA (exact), redDa, redErr; returns n mod 4, or -1 if undecided. */
function reduce(x: number): number {
  const z = x * HPINV;
  const xn = z + TOINT - TOINT;
  const dz = z - xn;
  if (dz === 0.5 || dz === -0.5) return -1; // glibc rounds the exact product (fma)
  // the MP1, MP2, PP3 products are exact (short constants, |xn| < 2^26), so these match glibc
  const y = x - xn * MP1 - xn * MP2;
  const p3 = xn * PP3;
  const t2 = y - p3;
  const db = y - t2 - p3;
  const p4 = xn * PP4;
  const bErr = 3.1 * U * Math.abs(p4);
  const b = t2 - (p4 + bErr);
  if (b !== t2 - (p4 - bErr)) return -1;
  const e2 = t2 - b - p4;
  const da = db + e2;
  redA = b;
  redDa = da;
  redErr = 1.5 * U * (Math.abs(p4) + 2 * Math.abs(e2) + 2 * Math.abs(da));
  return xn & 3;
}

/** do_sincos fast path. */
function doSinCos(a: number, da: number, daErr: number, n: number): number {
  const v = n & 1 ? doCos(a, da, daErr) : Math.abs(a) < 0.126 ? taylorSin(a, da, daErr) : doSin(a, da, daErr);
  return n & 2 ? -v : v;
}

/** Sine, bit-identical to glibc's `sin`. Example: `sin(Math.PI / 6)` (0.49999999999999994). */
export function sin(x: number): number {
  const ax = Math.abs(x);
  let v: number;
  if (ax < SIN_TINY) return x;
  if (ax < T_TABLE) v = ax < 0.126 ? taylorSin(x, 0, 0) : doSin(x, 0, 0);
  else if (ax < T_PIO2) {
    const c = Math.abs(doCos(HP0 - ax, HP1, 0));
    v = x < 0 ? -c : c;
  } else if (ax < T_REDUCE) {
    const n = reduce(x);
    v = n < 0 ? NaN : doSinCos(redA, redDa, redErr, n);
  } else if (ax < Infinity) {
    const n = branred(x); // before reading redA/redDa
    v = doSinCos(redA, redDa, 0, n);
  } else return NaN; // inf or nan
  return v === v ? v : sinExact(x);
}

/** Cosine, bit-identical to glibc's `cos`. Example: `cos(0) === 1`. */
export function cos(x: number): number {
  const ax = Math.abs(x);
  let v: number;
  if (ax < COS_TINY) return 1;
  if (ax < T_TABLE) v = doCos(x, 0, 0);
  else if (ax < T_PIO2) {
    const y = HP0 - ax;
    const a = y + HP1;
    const da = y - a + HP1;
    v = Math.abs(a) < 0.126 ? taylorSin(a, da, 0) : doSin(a, da, 0);
  } else if (ax < T_REDUCE) {
    const n = reduce(x);
    v = n < 0 ? NaN : doSinCos(redA, redDa, redErr, n + 1);
  } else if (ax < Infinity) {
    const n = branred(x);
    v = doSinCos(redA, redDa, 0, n + 1);
  } else return NaN; // inf or nan
  return v === v ? v : cosExact(x);
}

/**
 * For tests: the same functions with every fma emulated exactly (the paths the fast ones fall
 * back to), and the fma itself. Example: `_exact.exp(1) === exp(1)`.
 */
export const _exact = { log: logExactAll, exp: expExactAll, sin: sinExact, cos: cosExact, fma: fmaExact };
