// Trailing return windows for a batch of rebalance days: the (B, L, N) input of portfolio.optimizeWindows.
import { BacktestError, BacktestErrorCode } from "../errors.ts";
import { completeFactors, strategyContext, type Panel } from "../strategies/types.ts";

/** B windows of L days x N factors, row-major (B, L, N); NaN stays where a factor is not eligible. */
export interface WindowBatch {
  /** Rebalance day index of each window (length B). */
  readonly days: number[];
  readonly lookback: number;
  readonly nFactors: number;
  /** (B, L, N): window b holds rows t_b - L + 1 .. t_b. */
  readonly returns: Float64Array;
  /** (B, N): 1 = tradable at t_b with a complete window (the optimizer's mask). */
  readonly mask: Uint8Array;
  /** Eligible factor count per window. */
  readonly eligible: number[];
}

/**
 * Builds the windows of the given days, each from the panel truncated after row t (no look-ahead by
 * construction). Every day needs t + 1 >= lookback.
 * @example trailingWindows(panel, [260, 265], 250).returns.length // 2 * 250 * N
 */
export function trailingWindows(panel: Panel, days: readonly number[], lookback: number): WindowBatch {
  if (!Number.isInteger(lookback) || lookback < 2) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bad lookback ${lookback}`);
  const nDays = panel.dates.length;
  const n = panel.returns.length / nDays;
  const B = days.length;
  const returns = new Float64Array(B * lookback * n);
  const mask = new Uint8Array(B * n);
  const eligible: number[] = [];
  days.forEach((t, b) => {
    if (t + 1 < lookback) {
      throw new BacktestError(BacktestErrorCode.TOO_FEW_OBSERVATIONS, `day ${t}: ${t + 1} days of history < lookback ${lookback}`, { t });
    }
    const ctx = strategyContext(panel, t);
    const factors = completeFactors(ctx, lookback);
    eligible.push(factors.length);
    for (const f of factors) mask[b * n + f] = 1;
    // copy the whole rows (a contiguous block); ineligible columns may hold NaN, the worker ignores them
    returns.set(ctx.returns.subarray((t - lookback + 1) * n, (t + 1) * n), b * lookback * n);
  });
  return { days: [...days], lookback, nFactors: n, returns, mask, eligible };
}
