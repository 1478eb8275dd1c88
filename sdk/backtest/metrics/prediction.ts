// Prediction-quality metrics (PRD 6.3): IC, rank IC, hit rate, covariance RMSE, vol forecast error.
import { BacktestError, BacktestErrorCode, assertFinite, assertMinLength, assertSameLength } from "../errors.ts";
import { mean, pearson, spearman, std, type Series } from "./moments.ts";

/** A per-rebalance statistic and its time-series summary. */
export interface IcSummary {
  readonly values: Float64Array;
  readonly mean: number;
  /** Sample std (ddof 1) of the per-rebalance values. */
  readonly std: number;
  /** mean / (std / sqrt(n)): t-statistic of the mean IC (iid across rebalances). */
  readonly tStat: number;
  readonly n: number;
}

/** One cross-section: predicted and realized values per factor, and an optional 1 = use mask. */
export interface CrossSection {
  readonly predicted: Series;
  readonly actual: Series;
  readonly mask?: ArrayLike<number>;
}

function select(cs: CrossSection): [Float64Array, Float64Array] {
  assertSameLength(cs.predicted, cs.actual, "cross-section");
  if (cs.mask !== undefined) assertSameLength(cs.predicted, cs.mask, "cross-section mask");
  const p: number[] = [];
  const a: number[] = [];
  for (let i = 0; i < cs.predicted.length; i++) {
    if (cs.mask !== undefined && cs.mask[i] === 0) continue;
    p.push(cs.predicted[i] as number);
    a.push(cs.actual[i] as number);
  }
  return [Float64Array.from(p), Float64Array.from(a)];
}

function summarize(values: Float64Array): IcSummary {
  assertMinLength(values, 2, "IC summary");
  const m = mean(values);
  const s = std(values, 1);
  return { values, mean: m, std: s, tStat: s === 0 ? Number.NaN : m / (s / Math.sqrt(values.length)), n: values.length };
}

/** Information coefficient: Pearson corr(mu_pred, mu_actual) per cross-section, then summarized. */
export function informationCoefficient(sections: readonly CrossSection[]): IcSummary {
  return summarize(Float64Array.from(sections, (cs) => pearson(...select(cs))));
}

/** Rank IC: Spearman corr(mu_pred, mu_actual) per cross-section (average ranks for ties). */
export function rankInformationCoefficient(sections: readonly CrossSection[]): IcSummary {
  return summarize(Float64Array.from(sections, (cs) => spearman(...select(cs))));
}

/** Hit rate: share of (factor, rebalance) pairs, pooled, where sign(pred) == sign(actual). */
export function hitRate(sections: readonly CrossSection[]): number {
  let hits = 0;
  let total = 0;
  for (const cs of sections) {
    const [p, a] = select(cs);
    assertFinite(p, "hitRate predicted");
    assertFinite(a, "hitRate actual");
    for (let i = 0; i < p.length; i++) {
      if (Math.sign(p[i] as number) === Math.sign(a[i] as number)) hits++;
      total++;
    }
  }
  if (total === 0) throw new BacktestError(BacktestErrorCode.TOO_FEW_OBSERVATIONS, "hitRate: no observations");
  return hits / total;
}

/** Covariance RMSE: sqrt(mean((Sigma_pred - Sigma_actual)^2)) over all N x N entries. */
export function covarianceRmse(predicted: Series, actual: Series): number {
  assertSameLength(predicted, actual, "covarianceRmse");
  assertMinLength(predicted, 1, "covarianceRmse");
  assertFinite(predicted, "covarianceRmse predicted");
  assertFinite(actual, "covarianceRmse actual");
  let s = 0;
  for (let i = 0; i < predicted.length; i++) s += ((predicted[i] as number) - (actual[i] as number)) ** 2;
  return Math.sqrt(s / predicted.length);
}

/** Realized vs predicted volatility: mean absolute relative error mean(|pred - real| / real) and mean ratio. */
export function volatilityForecastError(predicted: Series, realized: Series): { meanAbsRelError: number; meanRatio: number } {
  assertSameLength(predicted, realized, "volatilityForecastError");
  assertMinLength(predicted, 1, "volatilityForecastError");
  let e = 0;
  let q = 0;
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i] as number;
    const r = realized[i] as number;
    if (!(r > 0) || !Number.isFinite(p)) {
      throw new BacktestError(BacktestErrorCode.NON_FINITE, `volatilityForecastError: bad pair (${p}, ${r}) at ${i}`, { index: i });
    }
    e += Math.abs(p - r) / r;
    q += p / r;
  }
  return { meanAbsRelError: e / predicted.length, meanRatio: q / predicted.length };
}
