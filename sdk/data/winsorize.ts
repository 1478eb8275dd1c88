// Causal rolling winsorization: each factor clipped at its own 1st/99th percentile of the trailing window ending at t.
import type { CleaningOptions } from "./config.ts";
import { sortedQuantile } from "./quantile.ts";

/**
 * Streaming winsorizer, one instance for all factors. push() takes day t's raw returns (NaN = missing) and
 * returns the clipped values. The window holds the last `winsorWindow` days including t; only observed values
 * count. Below `winsorMinObs` observations nothing is clipped. Sign is kept: a bound on the other side of
 * zero from the value is not applied (DESIGN 4, "keeping the sign").
 */
export class RollingWinsorizer {
  readonly n: number;
  private readonly opts: CleaningOptions;
  /** Ring of raw values, factor-major: ring[i * W + slot]. */
  private ring: Float64Array;
  /** Sorted observed values per factor: sorted[i * W .. i * W + count[i]). */
  private sorted: Float64Array;
  private count: Int32Array;
  private t = 0;

  constructor(nFactors: number, opts: CleaningOptions) {
    this.n = nFactors;
    this.opts = opts;
    const W = opts.winsorWindow;
    this.ring = new Float64Array(nFactors * W).fill(NaN);
    this.sorted = new Float64Array(nFactors * W);
    this.count = new Int32Array(nFactors);
  }

  /** Days pushed so far. */
  get days(): number {
    return this.t;
  }

  clone(): RollingWinsorizer {
    const c = new RollingWinsorizer(this.n, this.opts);
    c.ring.set(this.ring);
    c.sorted.set(this.sorted);
    c.count.set(this.count);
    c.t = this.t;
    return c;
  }

  /**
   * Pushes one day. Writes clipped values into `out` (NaN stays NaN) and -1/+1/0 (clipped low/high/not)
   * into `clipped`.
   */
  push(raw: ArrayLike<number>, out: Float64Array, clipped: Int8Array): void {
    const W = this.opts.winsorWindow;
    const slot = this.t % W;
    for (let i = 0; i < this.n; i++) {
      const base = i * W;
      const old = this.ring[base + slot] as number;
      const x = raw[i] as number;
      this.ring[base + slot] = x;
      clipped[i] = 0;
      if (Number.isNaN(old)) {
        if (!Number.isNaN(x)) this.insert(i, x);
      } else if (Number.isNaN(x)) this.remove(i, old);
      else this.replace(i, old, x);
      if (Number.isNaN(x)) {
        out[i] = NaN;
        continue;
      }
      const n = this.count[i] as number;
      if (n < this.opts.winsorMinObs) {
        out[i] = x;
        continue;
      }
      const lo = sortedQuantile(this.sorted, n, this.opts.lowerQuantile, base);
      const hi = sortedQuantile(this.sorted, n, this.opts.upperQuantile, base);
      let v = x;
      if (x > hi && Math.sign(hi) === Math.sign(x)) {
        v = hi;
        clipped[i] = 1;
      } else if (x < lo && Math.sign(lo) === Math.sign(x)) {
        v = lo;
        clipped[i] = -1;
      }
      out[i] = v;
    }
    this.t++;
  }

  /** First index in factor i's sorted values whose value is >= x. */
  private lowerBound(base: number, n: number, x: number): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[base + mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insert(i: number, x: number): void {
    const base = i * this.opts.winsorWindow;
    const n = this.count[i] as number;
    const at = this.lowerBound(base, n, x);
    this.sorted.copyWithin(base + at + 1, base + at, base + n);
    this.sorted[base + at] = x;
    this.count[i] = n + 1;
  }

  /** Swaps `old` (present) for x with one shift of the values between them. */
  private replace(i: number, old: number, x: number): void {
    if (old === x) return;
    const base = i * this.opts.winsorWindow;
    const n = this.count[i] as number;
    const io = this.lowerBound(base, n, old);
    const j = this.lowerBound(base, n, x);
    if (x > old) {
      this.sorted.copyWithin(base + io, base + io + 1, base + j);
      this.sorted[base + j - 1] = x;
    } else {
      this.sorted.copyWithin(base + j + 1, base + j, base + io);
      this.sorted[base + j] = x;
    }
  }

  private remove(i: number, x: number): void {
    const base = i * this.opts.winsorWindow;
    const n = this.count[i] as number;
    const at = this.lowerBound(base, n, x);
    this.sorted.copyWithin(base + at, base + at + 1, base + n);
    this.count[i] = n - 1;
  }
}

export interface WinsorizeResult {
  /** T x N winsorized returns (NaN where missing). */
  readonly values: Float64Array;
  /** Per factor: values clipped at the lower / upper percentile. */
  readonly clippedLow: Int32Array;
  readonly clippedHigh: Int32Array;
  /** Per day: number of factors clipped. */
  readonly clippedPerDay: Int32Array;
}

/** Batch driver of RollingWinsorizer over a whole T x N panel (pure: new arrays out). */
export function winsorizeCausal(returns: ArrayLike<number>, T: number, N: number, opts: CleaningOptions): WinsorizeResult {
  const w = new RollingWinsorizer(N, opts);
  const values = new Float64Array(T * N);
  const clippedLow = new Int32Array(N);
  const clippedHigh = new Int32Array(N);
  const clippedPerDay = new Int32Array(T);
  const row = new Float64Array(N);
  const out = new Float64Array(N);
  const flags = new Int8Array(N);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < N; i++) row[i] = returns[t * N + i] as number;
    w.push(row, out, flags);
    values.set(out, t * N);
    let c = 0;
    for (let i = 0; i < N; i++) {
      if (flags[i] === 1) clippedHigh[i] = (clippedHigh[i] as number) + 1;
      else if (flags[i] === -1) clippedLow[i] = (clippedLow[i] as number) + 1;
      if (flags[i] !== 0) c++;
    }
    clippedPerDay[t] = c;
  }
  return { values, clippedLow, clippedHigh, clippedPerDay };
}
