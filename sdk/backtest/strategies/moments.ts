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
  // factor-major copy (k x window) so each covariance entry is a contiguous dot product
  const x = new Float64Array(k * window);
  const mean = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const f = factors[a] as number;
    let m = 0;
    for (let s = 0; s < window; s++) {
      const r = ctx.returns[(from + s) * n + f] as number;
      x[a * window + s] = r;
      m += r;
    }
    m /= window;
    mean[a] = m;
    for (let s = 0; s < window; s++) x[a * window + s] = (x[a * window + s] as number) - m;
  }
  const cov = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    const xa = x.subarray(a * window, (a + 1) * window);
    for (let b = a; b < k; b++) {
      const off = b * window;
      let c = 0;
      for (let s = 0; s < window; s++) c += (xa[s] as number) * (x[off + s] as number);
      cov[a * k + b] = c / (window - 1);
      cov[b * k + a] = c / (window - 1);
    }
  }
  return { factors, mean, cov, window };
}
