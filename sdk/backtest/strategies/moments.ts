// Trailing sample mean and covariance (default 250 days) for the optimizer-based benchmarks.
import { BacktestError, BacktestErrorCode } from "../errors.ts";
import { completeFactors, type StrategyContext } from "./types.ts";

/** Sample moments of daily returns over days t - window + 1 .. t, on a subset of factors. */
export interface TrailingMoments {
  /** Factor indices (into 0..N-1) the moments cover: tradable at t, no missing return in the window. */
  readonly factors: number[];
  /** Mean daily return per factor (length k). */
  readonly mean: Float64Array;
  /** Sample covariance of daily returns, ddof 1, k x k row-major. */
  readonly cov: Float64Array;
  readonly window: number;
}

/**
 * Trailing mean and sample covariance (ddof 1) of daily returns; input to min-variance, risk parity
 * and mean-variance benchmarks (PRD 6.4: 250-day sample statistics), solved in the worker.
 */
export function trailingMoments(ctx: StrategyContext, window = 250): TrailingMoments {
  if (!Number.isInteger(window) || window < 2) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bad window ${window}`);
  if (ctx.t + 1 < window) {
    throw new BacktestError(BacktestErrorCode.TOO_FEW_OBSERVATIONS, `trailingMoments: ${ctx.t + 1} days < window ${window}`, {
      t: ctx.t,
    });
  }
  const factors = completeFactors(ctx, window);
  const n = ctx.nFactors;
  const k = factors.length;
  const from = ctx.t - window + 1;
  const x = new Float64Array(window * k);
  const mean = new Float64Array(k);
  for (let s = 0; s < window; s++) {
    for (let a = 0; a < k; a++) {
      const r = ctx.returns[(from + s) * n + (factors[a] as number)] as number;
      x[s * k + a] = r;
      mean[a] = (mean[a] as number) + r / window;
    }
  }
  for (let s = 0; s < window; s++) for (let a = 0; a < k; a++) x[s * k + a] = (x[s * k + a] as number) - (mean[a] as number);
  const cov = new Float64Array(k * k);
  for (let s = 0; s < window; s++) {
    const row = s * k;
    for (let a = 0; a < k; a++) {
      const xa = x[row + a] as number;
      for (let b = a; b < k; b++) cov[a * k + b] = (cov[a * k + b] as number) + xa * (x[row + b] as number);
    }
  }
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      const v = (cov[a * k + b] as number) / (window - 1);
      cov[a * k + b] = v;
      cov[b * k + a] = v;
    }
  }
  return { factors, mean, cov, window };
}
