// Sample moments and order statistics used by every metric (mean, std, quantile, correlation, ranks).
import { BacktestError, BacktestErrorCode, assertFinite, assertMinLength, assertSameLength } from "../errors.ts";

/** A read-only numeric series (number[] or a typed array). */
export type Series = ArrayLike<number>;

/** Arithmetic mean. Throws on empty or non-finite input. */
export function mean(x: Series): number {
  assertMinLength(x, 1, "mean");
  assertFinite(x, "mean");
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s / x.length;
}

/** Variance with `ddof` degrees of freedom removed (1 = sample variance, as numpy's ddof). */
export function variance(x: Series, ddof = 1): number {
  assertMinLength(x, ddof + 1, "variance");
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - m;
    s += d * d;
  }
  return s / (x.length - ddof);
}

/** Standard deviation (`ddof` = 1 by default). */
export function std(x: Series, ddof = 1): number {
  return Math.sqrt(variance(x, ddof));
}

/** Covariance of two equal-length series (`ddof` = 1 by default). */
export function covariance(x: Series, y: Series, ddof = 1): number {
  assertSameLength(x, y, "covariance");
  assertMinLength(x, ddof + 1, "covariance");
  const mx = mean(x);
  const my = mean(y);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((x[i] as number) - mx) * ((y[i] as number) - my);
  return s / (x.length - ddof);
}

/** Pearson correlation. Throws DEGENERATE if either series is constant. */
export function pearson(x: Series, y: Series): number {
  const c = covariance(x, y, 0);
  const vx = variance(x, 0);
  const vy = variance(y, 0);
  if (vx === 0 || vy === 0) throw new BacktestError(BacktestErrorCode.DEGENERATE, "correlation of a constant series");
  return c / Math.sqrt(vx * vy);
}

/** Ranks 1..n with ties given their average rank (scipy.stats.rankdata 'average'). */
export function averageRanks(x: Series): Float64Array {
  assertFinite(x, "ranks");
  const idx = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => (x[a] as number) - (x[b] as number));
  const ranks = new Float64Array(x.length);
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1] as number] === x[idx[i] as number]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k] as number] = r;
    i = j + 1;
  }
  return ranks;
}

/** Spearman rank correlation: Pearson correlation of average ranks. */
export function spearman(x: Series, y: Series): number {
  assertSameLength(x, y, "spearman");
  return pearson(averageRanks(x), averageRanks(y));
}

/** Quantile at probability p in [0, 1], linear interpolation between order statistics (numpy default). */
export function quantile(x: Series, p: number): number {
  assertMinLength(x, 1, "quantile");
  assertFinite(x, "quantile");
  if (!(p >= 0 && p <= 1)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `quantile p must be in [0, 1], got ${p}`);
  const s = Float64Array.from(x).sort();
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const a = s[lo] as number;
  const b = s[Math.min(lo + 1, s.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/** x - y element-wise, or x - c for a scalar c. */
export function subtract(x: Series, y: Series | number): Float64Array {
  if (typeof y !== "number") assertSameLength(x, y, "subtract");
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) - (typeof y === "number" ? y : (y[i] as number));
  return out;
}
