// FeatureEngine: computes one day's feature row from the trailing windows it keeps. Both drivers (batch
// buildFeatures and incremental appendDay) push days through this class, so their values are identical.
import { FACTOR_FEATURES, featureCount, normalizedColumns } from "./names.ts";
import type { FeatureOptions } from "./options.ts";
import { mirrorFrom, mirrorWrite, percentileRanks, windowStats, windowZ } from "./rolling.ts";

/** Market/macro inputs of one day (units as in RawPanel: decimals, rf and yields annual, VIX in points). */
export interface MarketDay {
  readonly market_return: number;
  readonly vix: number;
  readonly rf: number;
  readonly yield_10y: number;
  readonly yield_2y: number;
}

export class FeatureEngine {
  readonly nFactors: number;
  readonly nFeatures: number;
  private readonly opts: FeatureOptions;
  /** Slots per factor in the returns ring. */
  private readonly retSize: number;
  private readonly normalized: Uint8Array;
  /** Winsorized returns, mirrored ring per factor: ret[i * 2 * retSize + ...]. */
  private ret: Float64Array;
  /** Unnormalized features, mirrored ring per column: hist[c * 2 * normWindow + ...]. */
  private hist: Float64Array;
  private t = 0;
  private readonly raw: Float64Array;
  private readonly stats = new Float64Array(3);
  private readonly ranks: Float64Array;
  private readonly order: Int32Array;
  private readonly corrN: Float64Array;
  private readonly corrMean: Float64Array;
  private readonly corrStd: Float64Array;
  private readonly corrIdx: Int32Array;

  constructor(nFactors: number, opts: FeatureOptions) {
    this.nFactors = nFactors;
    this.nFeatures = featureCount(nFactors);
    this.opts = opts;
    this.retSize = Math.max(opts.shortWindow, opts.longWindow, opts.corrWindow);
    this.normalized = normalizedColumns(nFactors);
    this.ret = new Float64Array(nFactors * 2 * this.retSize).fill(NaN);
    this.hist = new Float64Array(this.nFeatures * 2 * opts.normWindow).fill(NaN);
    this.raw = new Float64Array(this.nFeatures);
    this.ranks = new Float64Array(nFactors);
    this.order = new Int32Array(nFactors);
    this.corrN = new Float64Array(nFactors);
    this.corrMean = new Float64Array(nFactors);
    this.corrStd = new Float64Array(nFactors);
    this.corrIdx = new Int32Array(nFactors);
  }

  get days(): number {
    return this.t;
  }

  clone(): FeatureEngine {
    const c = new FeatureEngine(this.nFactors, this.opts);
    c.ret.set(this.ret);
    c.hist.set(this.hist);
    c.t = this.t;
    return c;
  }

  /** Pushes day t (winsorized returns, NaN = missing) and writes its normalized feature row (7N + 6) into `out`. */
  push(returns: ArrayLike<number>, market: MarketDay, out: Float64Array): void {
    const N = this.nFactors;
    const { shortWindow, longWindow, corrWindow, eps } = this.opts;
    const t = this.t;
    const size = this.retSize;
    const slot = t % size;
    const kShort = Math.min(shortWindow, t + 1);
    const kLong = Math.min(longWindow, t + 1);
    const kCorr = Math.min(corrWindow, t + 1);
    const raw = this.raw;
    const st = this.stats;
    percentileRanks(returns, this.ranks, this.order);
    const nf = FACTOR_FEATURES.length;
    for (let i = 0; i < N; i++) {
      const x = returns[i] as number;
      const base = i * 2 * size;
      mirrorWrite(this.ret, base, size, slot, x);
      // Stats over the correlation window feed averageCorrelation (reused as the long window when equal).
      windowStats(this.ret, mirrorFrom(base, size, slot, kCorr), kCorr, st);
      this.corrN[i] = st[0] as number;
      this.corrMean[i] = st[1] as number;
      this.corrStd[i] = st[2] as number;
      if (Number.isNaN(x)) {
        for (let f = 0; f < nf; f++) raw[f * N + i] = NaN;
        continue;
      }
      windowStats(this.ret, mirrorFrom(base, size, slot, kShort), kShort, st);
      raw[N + i] = st[1] as number;
      raw[2 * N + i] = st[2] as number;
      if (kLong !== kCorr) windowStats(this.ret, mirrorFrom(base, size, slot, kLong), kLong, st);
      else {
        st[1] = this.corrMean[i] as number;
        st[2] = this.corrStd[i] as number;
      }
      raw[i] = x;
      raw[3 * N + i] = st[1] as number;
      raw[4 * N + i] = st[2] as number;
      raw[5 * N + i] = this.ranks[i] as number;
      raw[6 * N + i] = (x - (st[1] as number)) / ((st[2] as number) + eps);
    }
    const m0 = nf * N;
    raw[m0] = market.market_return;
    raw[m0 + 1] = market.vix;
    raw[m0 + 2] = Number.isNaN(market.vix) ? NaN : market.vix > this.opts.vixThreshold ? 1 : 0;
    raw[m0 + 3] = market.yield_10y - market.yield_2y;
    raw[m0 + 4] = market.rf;
    raw[m0 + 5] = this.averageCorrelation(slot, kCorr);
    this.normalize(out);
    this.t++;
  }

  /** Rolling z-score of each normalized column over the last normWindow days (expanding before); 0 where NaN. */
  private normalize(out: Float64Array): void {
    const W = this.opts.normWindow;
    const slot = this.t % W;
    const k = Math.min(W, this.t + 1);
    const eps = this.opts.eps;
    for (let c = 0; c < this.nFeatures; c++) {
      const x = this.raw[c] as number;
      const base = c * 2 * W;
      mirrorWrite(this.hist, base, W, slot, x);
      if (Number.isNaN(x)) out[c] = 0;
      else if (this.normalized[c] === 0) out[c] = x;
      else {
        out[c] = windowZ(this.hist, mirrorFrom(base, W, slot, k), k, x, eps);
      }
    }
  }

  /**
   * Average pairwise correlation over the last k days among factors observed on all k days with non-zero
   * variance: mean_{i != j} corr_ij = (sum_d S_d^2 / (k-1) - K) / (K (K-1)), S_d = sum_i z_id. 0 if k < 3 or K < 2.
   */
  private averageCorrelation(slot: number, k: number): number {
    if (k < 3) return 0;
    const size = this.retSize;
    let K = 0;
    for (let i = 0; i < this.nFactors; i++) {
      if (this.corrN[i] === k && (this.corrStd[i] as number) > 0) this.corrIdx[K++] = i;
    }
    if (K < 2) return 0;
    let total = 0;
    const from = mirrorFrom(0, size, slot, k);
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let q = 0; q < K; q++) {
        const i = this.corrIdx[q] as number;
        s += ((this.ret[i * 2 * size + from + j] as number) - (this.corrMean[i] as number)) / (this.corrStd[i] as number);
      }
      total += s * s;
    }
    return (total / (k - 1) - K) / (K * (K - 1));
  }
}
