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
 * result when the final rounding cannot change; otherwise (rarely) it redoes the work with an
 * exact fma emulation (Boldo–Melquiond, round-to-odd).
 */
import { EXP_SCALE, EXP_TAIL, LOG_INVC, LOG_LOGC, SINCOS_TAB } from "./libm-tables";

// One shared scratch double for bit access (little-endian: U32[0] low word, U32[1] high word).
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp/Dekker split

/** 2^n for -1022 <= n <= 1023, built from the exponent bits. */
function pow2(n: number): number {
  U32[0] = 0;
  U32[1] = (n + 1023) << 20;
  return F64[0];
}

/**
 * Correctly rounded a*b + c (IEEE fma) for finite arguments whose product neither overflows nor
 * underflows and |a|, |b| < 2^995 (true for every call below).
 */
function fmaExact(a: number, b: number, c: number): number {
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
  const z2 = v - u;
  const ev = u - (v - z2) + (e - z2); // v + ev = u + e exactly
  if (v === 0) return s; // u + e == 0: s is exact (and keeps the sign of a zero sum)
  if (ev === 0) return s + v;
  // Round v to odd (Boldo & Melquiond 2008): then s + v rounds once, correctly.
  F64[0] = v;
  const lo = U32[0];
  if ((lo & 1) === 0) {
    if (ev > 0 === v > 0) U32[0] = lo + 1;
    else if (lo !== 0) U32[0] = lo - 1;
    else {
      U32[0] = 0xffffffff;
      U32[1] = U32[1] - 1;
    }
    return s + F64[0];
  }
  return s + v;
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

/** log(x) for normal positive x off the near-1 interval, with exact fmas; z, k as below. */
function logMainExact(z: number, kd: number, i: number): number {
  const invc = LOG_INVC[i];
  const logc = LOG_LOGC[i];
  const r = fmaExact(z, invc, -1);
  const w = kd * LN2HI + logc;
  const hi = w + r;
  const lo = fmaExact(kd, LN2LO, w - hi + r);
  const r2 = r * r;
  const r3 = r * r2;
  const p = fmaExact(fmaExact(r, A4, A3), r2, fmaExact(r, A2, A1));
  return fmaExact(r3, p, fmaExact(r2, A0, lo)) + hi;
}

/** Natural logarithm, bit-identical to glibc's `log`. Example: `log(Math.E) === 1`. */
export function log(x: number): number {
  F64[0] = x;
  let hi = U32[1];
  if (hi >= 0x3fee0000 && hi < 0x3ff10900) {
    if (x === 1) return 0;
    return logNear1Exact(x);
  }
  let kAdj = 0;
  if (hi < 0x00100000 || hi >= 0x7ff00000) {
    // zero, subnormal, negative, inf or nan
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (!(x > 0)) return NaN;
    F64[0] = x * TWO52; // subnormal: normalize
    hi = U32[1];
    kAdj = 52;
  }
  const tmp = (hi - 0x3fe60000) | 0;
  const i = (tmp >>> 13) & 127;
  const k = (tmp >> 20) - kAdj;
  U32[1] = hi - (tmp & 0xfff00000);
  return logMainExact(F64[0], k, i);
}

// ---------------------------------------------------------------- exp (glibc e_exp.c, FMA build)
const INVLN2N = 184.6649652337873; // 128/ln2
const NEGLN2HIN = -0.005415212348111709; // -ln2/128 high part (0x1.62e42fefa0000p-8)
const NEGLN2LON = -1.2864023111638346e-14;
const SHIFT = 6755399441055744; // 0x1.8p52
const C2 = 0.49999999999996786;
const C3 = 0.16666666666665886;
const C4 = 0.0416666808410674;
const C5 = 0.008333335853059549;
const TWO1009 = 5.486124068793689e303;
const TWOM1022 = 2.2250738585072014e-308;

/** Natural exponential, bit-identical to glibc's `exp`. Example: `exp(0) === 1`. */
export function exp(x: number): number {
  F64[0] = x;
  const abstop = (U32[1] >>> 20) & 0x7ff;
  let special = false;
  if (abstop - 0x3c9 >>> 0 >= 0x3f) {
    if (abstop < 0x3c9) return 1 + x; // |x| < 2^-54
    if (abstop >= 0x409) {
      if (x === -Infinity) return 0;
      if (abstop === 0x7ff) return 1 + x; // nan or +inf
      return x < 0 ? 0 : Infinity;
    }
    special = true; // 512 <= |x| < 1024: result may overflow or be subnormal
  }
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

/** Sine, bit-identical to glibc's `sin`. Example: `sin(Math.PI / 6)` (0.49999999999999994). */
export function sin(x: number): number {
  F64[0] = x;
  const k = U32[1] & 0x7fffffff;
  if (k < 0x3e500000) return x; // |x| < 2^-26
  if (k < 0x3feb6000) return Math.abs(x) < 0.126 ? taylorSinExact(x, 0) : doSinExact(x, 0);
  if (k < 0x400368fd) {
    const c = Math.abs(doCosExact(HP0 - Math.abs(x), HP1));
    return x < 0 ? -c : c;
  }
  if (k < 0x419921fb) {
    const n = reduceExact(x);
    return doSinCosExact(redA, redDa, n);
  }
  if (k < 0x7ff00000) {
    const n = branred(x);
    return doSinCosExact(redA, redDa, n);
  }
  return NaN;
}

/** Cosine, bit-identical to glibc's `cos`. Example: `cos(0) === 1`. */
export function cos(x: number): number {
  F64[0] = x;
  const k = U32[1] & 0x7fffffff;
  if (k < 0x3e400000) return 1; // |x| < 2^-27
  if (k < 0x3feb6000) return doCosExact(x, 0);
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    const da = y - a + HP1;
    return Math.abs(a) < 0.126 ? taylorSinExact(a, da) : doSinExact(a, da);
  }
  if (k < 0x419921fb) {
    const n = reduceExact(x);
    return doSinCosExact(redA, redDa, n + 1);
  }
  if (k < 0x7ff00000) {
    const n = branred(x);
    return doSinCosExact(redA, redDa, n + 1);
  }
  return NaN;
}
export { fmaExact as _fmaExact };
