// Factor momentum benchmark (PRD 2.3 #5): hold the top fraction of factors by trailing cumulative return.
import { BacktestError, BacktestErrorCode } from "../errors.ts";
import { equalWeight } from "./equal-weight.ts";
import { completeFactors, scatterWeights, type StrategyContext } from "./types.ts";

/** Options of {@link factorMomentum}. */
export interface MomentumOptions {
  /** Trailing window in trading days, including day t (default 60). */
  readonly lookback?: number;
  /** Fraction of eligible factors held (default 0.2 = top quintile). */
  readonly topFraction?: number;
}

/**
 * Factor momentum: score = prod(1 + r) - 1 over days t - lookback + 1 .. t for each factor tradable
 * at t with no missing return in the window; hold the k = ceil(topFraction * eligible) best scores
 * equally weighted (ties: lower factor index first). With fewer than `lookback` days of history or no
 * eligible factor it falls back to equal weight over the tradable factors.
 */
export function factorMomentum(opts: MomentumOptions = {}): (ctx: StrategyContext) => Float64Array {
  const lookback = opts.lookback ?? 60;
  const top = opts.topFraction ?? 0.2;
  if (!Number.isInteger(lookback) || lookback < 1) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bad lookback ${lookback}`);
  if (!(top > 0 && top <= 1)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `topFraction must be in (0, 1], got ${top}`);
  return (ctx: StrategyContext): Float64Array => {
    const eligible = completeFactors(ctx, lookback);
    if (eligible.length === 0) return equalWeight(ctx);
    const n = ctx.nFactors;
    const score = eligible.map((i) => {
      let v = 1;
      for (let s = ctx.t - lookback + 1; s <= ctx.t; s++) v *= 1 + (ctx.returns[s * n + i] as number);
      return { i, score: v - 1 };
    });
    score.sort((a, b) => b.score - a.score || a.i - b.i);
    const k = Math.max(1, Math.ceil(top * eligible.length - 1e-12));
    const chosen = score.slice(0, k).map((s) => s.i);
    return scatterWeights(n, chosen, new Float64Array(k).fill(1 / k));
  };
}
