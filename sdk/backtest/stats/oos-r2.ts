// Out-of-sample R^2 of return forecasts against a benchmark forecast (Campbell & Thompson 2008).
import { BacktestError, BacktestErrorCode, assertFinite, assertMinLength, assertSameLength } from "../errors.ts";
import type { Series } from "../metrics/moments.ts";

/**
 * R^2_OS = 1 - sum (r_t - rhat_t)^2 / sum (r_t - rbar_t)^2  (Campbell & Thompson 2008, eq. 7),
 * with rbar_t the benchmark forecast: the historical mean in Campbell-Thompson (pass it as a series),
 * or 0 (a scalar; the zero-forecast benchmark of Gu, Kelly & Xiu 2020). Pooled over all pairs, so a
 * flattened panel (rebalances x factors, masked entries removed) works too. Positive = beats benchmark.
 */
export function outOfSampleR2(actual: Series, forecast: Series, benchmark: Series | number): number {
  assertSameLength(actual, forecast, "outOfSampleR2");
  assertMinLength(actual, 1, "outOfSampleR2");
  if (typeof benchmark !== "number") assertSameLength(actual, benchmark, "outOfSampleR2 benchmark");
  assertFinite(actual, "outOfSampleR2 actual");
  assertFinite(forecast, "outOfSampleR2 forecast");
  let num = 0;
  let den = 0;
  for (let i = 0; i < actual.length; i++) {
    const r = actual[i] as number;
    const bm = typeof benchmark === "number" ? benchmark : (benchmark[i] as number);
    if (!Number.isFinite(bm)) throw new BacktestError(BacktestErrorCode.NON_FINITE, `outOfSampleR2: benchmark ${bm} at ${i}`);
    num += (r - (forecast[i] as number)) ** 2;
    den += (r - bm) ** 2;
  }
  if (den === 0) throw new BacktestError(BacktestErrorCode.DEGENERATE, "outOfSampleR2: benchmark is exact");
  return 1 - num / den;
}
