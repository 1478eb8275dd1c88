// FeatureEngine: computes one day's feature row from the trailing windows it keeps. Both drivers (batch
// buildFeatures and incremental appendDay) push days through this class, so their values are identical.
import { FACTOR_FEATURES, featureCount, normalizedColumns } from "./names.ts";
import type { FeatureOptions } from "./options.ts";
import { mirrorFrom, mirrorWrite, percentileRanks, windowStats, windowStats2 } from "./rolling.ts";
import { RollingZ } from "./rolling-z.ts";

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
  /** Rolling z-score state of the unnormalized feature columns. */
  private norm: RollingZ;
  private t = 0;
  private readonly raw: Float64Array;
  private readonly stats = new Float64Array(6);
  private readonly stats3 = new Float64Array(3);
  private readonly ranks: Float64Array;
  private readonly order: Int32Array;
  private readonly corrN: Float64Array;
  private readonly corrMean: Float64Array;
  private readonly corrStd: Float64Array;
  private readonly corrIdx: Int32Array;
  private readonly corrSum: Float64Array;

  constructor(nFactors: number, opts: FeatureOptions) {
    this.nFactors = nFactors;
    this.nFeatures = featureCount(nFactors);
    this.opts = opts;
    this.retSize = Math.max(opts.shortWindow, opts.longWindow, opts.corrWindow);
    this.normalized = normalizedColumns(nFactors);
    this.ret = new Float64Array(nFactors * 2 * this.retSize).fill(NaN);
    this.norm = new RollingZ(this.nFeatures, opts.normWindow, opts.eps);
    this.raw = new Float64Array(this.nFeatures);
    this.ranks = new Float64Array(nFactors);
    this.order = new Int32Array(nFactors);
    this.corrN = new Float64Array(nFactors);
    this.corrMean = new Float64Array(nFactors);
    this.corrStd = new Float64Array(nFactors);
    this.corrIdx = new Int32Array(nFactors);
    this.corrSum = new Float64Array(opts.corrWindow);
  }

  get days(): number {
    return this.t;
  }

  clone(): FeatureEngine {
    const c = new FeatureEngine(this.nFactors, this.opts);
    c.ret.set(this.ret);
    c.norm = this.norm.clone();
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
    const ret = this.ret;
    const sameCorr = corrWindow === longWindow;
    for (let i = 0; i < N; i++) {
      const x = returns[i] as number;
      const base = i * 2 * size;
      mirrorWrite(ret, base, size, slot, x);
      if (Number.isNaN(x)) {
        // A factor missing today is not in today's correlation set (it needs all k days observed).
        this.corrN[i] = 0;
        for (let f = 0; f < nf; f++) raw[f * N + i] = NaN;
        continue;
      }
      windowStats2(ret, mirrorFrom(base, size, slot, kLong), kLong, kShort, x, st);
      const mLong = st[1] as number;
      const sLong = st[2] as number;
      if (sameCorr) {
        this.corrN[i] = st[0] as number;
        this.corrMean[i] = mLong;
        this.corrStd[i] = sLong;
      } else {
        windowStats(ret, mirrorFrom(base, size, slot, kCorr), kCorr, this.stats3);
        this.corrN[i] = this.stats3[0] as number;
        this.corrMean[i] = this.stats3[1] as number;
        this.corrStd[i] = this.stats3[2] as number;
      }
      raw[i] = x;
      raw[N + i] = st[4] as number;
      raw[2 * N + i] = st[5] as number;
      raw[3 * N + i] = mLong;
      raw[4 * N + i] = sLong;
      raw[5 * N + i] = this.ranks[i] as number;
      raw[6 * N + i] = (x - mLong) / (sLong + eps);
    }
    const m0 = nf * N;
    raw[m0] = market.market_return;
    raw[m0 + 1] = market.vix;
    raw[m0 + 2] = Number.isNaN(market.vix) ? NaN : market.vix > this.opts.vixThreshold ? 1 : 0;
    raw[m0 + 3] = market.yield_10y - market.yield_2y;
    raw[m0 + 4] = market.rf;
    raw[m0 + 5] = this.averageCorrelation(slot, kCorr);
    this.norm.push(raw, this.normalized, out);
    this.t++;
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
    const S = this.corrSum;
    S.fill(0, 0, k);
    const from = mirrorFrom(0, size, slot, k);
    const ret = this.ret;
    for (let q = 0; q < K; q++) {
      const i = this.corrIdx[q] as number;
      const base = i * 2 * size + from;
      const m = this.corrMean[i] as number;
      const inv = 1 / (this.corrStd[i] as number);
      for (let j = 0; j < k; j++) S[j] = (S[j] as number) + ((ret[base + j] as number) - m) * inv;
    }
    let total = 0;
    for (let j = 0; j < k; j++) total += (S[j] as number) * (S[j] as number);
    return (total / (k - 1) - K) / (K * (K - 1));
  }
}
