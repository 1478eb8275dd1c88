// Trailing return windows for a batch of rebalance days: the (B, L, N) input of portfolio.optimizeWindows.
import { BacktestError, BacktestErrorCode } from "../errors.ts";
import { availableFactors, strategyContext, type Panel } from "../strategies/types.ts";

/** B windows of L days x N factors, row-major (B, L, N); NaN stays where a factor is not eligible. */
export interface WindowBatch {
  /** Rebalance day index of each window (length B). */
  readonly days: number[];
  readonly lookback: number;
  readonly nFactors: number;
  /** (B, L, N): window b holds rows t_b - L + 1 .. t_b. */
  readonly returns: Float64Array;
  /** (B, N): 1 = tradable at t_b and observed on at least `minCoverage` of the window (the optimizer's mask). */
  readonly mask: Uint8Array;
  /** Eligible factor count per window. */
  readonly eligible: number[];
  /** Missing cells of eligible factors filled with the factor's window mean, per window. */
  readonly filled: number[];
}

/** Default share of window days a factor must be observed on to enter the estimates. */
export const DEFAULT_MIN_COVERAGE = 0.9;

/**
 * Builds the windows of the given days, each from the panel truncated after row t (no look-ahead by
 * construction). Every day needs t + 1 >= lookback.
 *
 * Eligible factors: tradable at t and observed on >= `minCoverage` of the L window days. Requiring
 * complete windows would drop ~40% of the factors at a 0.2% random missing rate (0.998^250 = 0.61)
 * and half of them for a year after one day with 50% missing; instead an eligible factor's missing
 * cells are filled with its own window mean, in the estimator's input only (the backtest never fills).
 * @example trailingWindows(panel, [260, 265], 250).returns.length // 2 * 250 * N
 */
export function trailingWindows(panel: Panel, days: readonly number[], lookback: number, minCoverage = DEFAULT_MIN_COVERAGE): WindowBatch {
  if (!(minCoverage > 0 && minCoverage <= 1)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `minCoverage must be in (0, 1], got ${minCoverage}`);
  const need = Math.ceil(minCoverage * lookback - 1e-9);
  if (!Number.isInteger(lookback) || lookback < 2) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bad lookback ${lookback}`);
  const nDays = panel.dates.length;
  const n = panel.returns.length / nDays;
  const B = days.length;
  const returns = new Float64Array(B * lookback * n);
  const mask = new Uint8Array(B * n);
  const eligible: number[] = [];
  const filled: number[] = [];
  days.forEach((t, b) => {
    if (t + 1 < lookback) {
      throw new BacktestError(BacktestErrorCode.TOO_FEW_OBSERVATIONS, `day ${t}: ${t + 1} days of history < lookback ${lookback}`, { t });
    }
    const ctx = strategyContext(panel, t);
    const off = b * lookback * n;
    // copy the whole rows (a contiguous block); ineligible columns may keep NaN, the worker ignores them
    returns.set(ctx.returns.subarray((t - lookback + 1) * n, (t + 1) * n), off);
    let count = 0;
    let fills = 0;
    for (const f of availableFactors(ctx)) {
      let seen = 0;
      let sum = 0;
      for (let s = 0; s < lookback; s++) {
        const r = returns[off + s * n + f] as number;
        if (!Number.isNaN(r)) {
          seen++;
          sum += r;
        }
      }
      if (seen < need) continue;
      mask[b * n + f] = 1;
      count++;
      if (seen === lookback) continue;
      const m = sum / seen;
      for (let s = 0; s < lookback; s++) if (Number.isNaN(returns[off + s * n + f] as number)) returns[off + s * n + f] = m;
      fills += lookback - seen;
    }
    eligible.push(count);
    filled.push(fills);
  });
  return { days: [...days], lookback, nFactors: n, returns, mask, eligible, filled };
}
