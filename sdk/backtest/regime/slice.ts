// Metrics restricted to a subset of days (a regime or a stress window), and VaR exceedances.
import { assertFinite, assertSameLength } from "../errors.ts";
import { maxDrawdown } from "../metrics/drawdown.ts";
import { cumulativeReturn, TRADING_DAYS } from "../metrics/returns.ts";
import { mean, std, type Series } from "../metrics/moments.ts";

/** Metrics over the selected days, concatenated in order; null where too few days to compute. */
export interface SliceMetrics {
  readonly days: number;
  readonly cumulativeReturn: number | null;
  /** mean daily return * 252. */
  readonly annualizedMean: number | null;
  readonly annualizedVolatility: number | null;
  /** mean / std (ddof 1) * sqrt(252) of raw returns (no risk-free). */
  readonly sharpe: number | null;
  /** Max drawdown of the concatenated selected days (days outside the mask are skipped, not zeroed). */
  readonly maxDrawdown: number | null;
  readonly worstDay: number | null;
}

/** Returns on the days where `dayMask` is 1. */
export function selectDays(returns: Series, dayMask: ArrayLike<number>): Float64Array {
  assertSameLength(returns, dayMask, "selectDays");
  const out: number[] = [];
  for (let i = 0; i < returns.length; i++) if (dayMask[i] === 1) out.push(returns[i] as number);
  return Float64Array.from(out);
}

/** Metrics of the days where `dayMask` is 1 (e.g. a VIX regime from {@link thresholdMask}). */
export function metricsOnDays(returns: Series, dayMask: ArrayLike<number>): SliceMetrics {
  const x = selectDays(returns, dayMask);
  assertFinite(x, "metricsOnDays");
  const n = x.length;
  const s = n >= 2 ? std(x, 1) : null;
  return {
    days: n,
    cumulativeReturn: n >= 1 ? cumulativeReturn(x) : null,
    annualizedMean: n >= 1 ? mean(x) * TRADING_DAYS : null,
    annualizedVolatility: s === null ? null : s * Math.sqrt(TRADING_DAYS),
    sharpe: s === null || s === 0 ? null : (mean(x) / s) * Math.sqrt(TRADING_DAYS),
    maxDrawdown: n >= 1 ? maxDrawdown(x) : null,
    worstDay: n >= 1 ? x.reduce((m, v) => Math.min(m, v), Infinity) : null,
  };
}

/** Number of days with a loss larger than `valueAtRisk` (a positive loss), among days where `dayMask` is 1. */
export function varExceedances(returns: Series, valueAtRisk: number, dayMask?: ArrayLike<number>): { count: number; days: number; rate: number } {
  const x = dayMask === undefined ? Float64Array.from(returns) : selectDays(returns, dayMask);
  assertFinite(x, "varExceedances");
  let count = 0;
  for (const r of x) if (r < -valueAtRisk) count++;
  return { count, days: x.length, rate: x.length === 0 ? 0 : count / x.length };
}
