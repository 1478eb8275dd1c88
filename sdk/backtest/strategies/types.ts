// The strategy interface: a function of what is known at the close of day t, returning target weights.
import { BacktestError, BacktestErrorCode } from "../errors.ts";

/**
 * What a strategy sees at rebalance day `t`: the panel truncated to rows 0..t (views, read-only
 * by contract), so a strategy cannot look ahead. Row t is the last (today's close).
 */
export interface StrategyContext {
  readonly t: number;
  readonly nFactors: number;
  /** dates[0..t]. */
  readonly dates: readonly string[];
  /** Daily returns of rows 0..t, row-major (t + 1) x N; NaN = missing. */
  readonly returns: Float64Array;
  /** Tradable mask of rows 0..t, row-major (t + 1) x N. */
  readonly mask: Uint8Array;
}

/** A strategy: target weights (length N, zero on masked factors) for the close of `ctx.t`. May be async (solver calls). */
export type StrategyFn = (ctx: StrategyContext) => Promise<Float64Array> | Float64Array;

/** A return panel: T dates, T x N returns and mask. */
export interface Panel {
  readonly dates: readonly string[];
  readonly returns: Float64Array;
  readonly mask: Uint8Array;
}

/** The context of day `t`: zero-copy views of the panel truncated after row `t`. */
export function strategyContext(panel: Panel, t: number): StrategyContext {
  const nDays = panel.dates.length;
  if (!Number.isInteger(t) || t < 0 || t >= nDays) {
    throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `day ${t} outside 0..${nDays - 1}`);
  }
  const n = panel.returns.length / nDays;
  return {
    t,
    nFactors: n,
    dates: panel.dates.slice(0, t + 1),
    returns: panel.returns.subarray(0, (t + 1) * n),
    mask: panel.mask.subarray(0, (t + 1) * n),
  };
}

/** Indices of the factors tradable on the last row of the context. */
export function availableFactors(ctx: StrategyContext): number[] {
  const out: number[] = [];
  const row = ctx.t * ctx.nFactors;
  for (let i = 0; i < ctx.nFactors; i++) if (ctx.mask[row + i] === 1) out.push(i);
  return out;
}

/** Factors tradable at t whose returns over the last `window` rows (t - window + 1 .. t) are all present. */
export function completeFactors(ctx: StrategyContext, window: number): number[] {
  const n = ctx.nFactors;
  const from = ctx.t - window + 1;
  if (from < 0) return [];
  return availableFactors(ctx).filter((i) => {
    for (let s = from; s <= ctx.t; s++) if (Number.isNaN(ctx.returns[s * n + i] as number)) return false;
    return true;
  });
}

/** Weights of length n: `value` on `factors` (equal weights when value = 1 / factors.length), 0 elsewhere. */
export function scatterWeights(n: number, factors: readonly number[], weights: ArrayLike<number>): Float64Array {
  if (weights.length !== factors.length) throw new BacktestError(BacktestErrorCode.LENGTH_MISMATCH, "scatterWeights: lengths differ");
  const w = new Float64Array(n);
  factors.forEach((f, k) => {
    w[f] = weights[k] as number;
  });
  return w;
}

/** Zeroes weights on masked factors and rescales the rest to the original sum (opt-in; the engine itself rejects masked weight). */
export function renormalizeToMask(weights: Float64Array, maskRow: ArrayLike<number>): Float64Array {
  if (weights.length !== maskRow.length) throw new BacktestError(BacktestErrorCode.LENGTH_MISMATCH, "renormalizeToMask: lengths differ");
  let total = 0;
  let kept = 0;
  const out = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    total += weights[i] as number;
    if (maskRow[i] === 1) {
      out[i] = weights[i] as number;
      kept += weights[i] as number;
    }
  }
  if (kept === 0) return out;
  for (let i = 0; i < out.length; i++) out[i] = ((out[i] as number) * total) / kept;
  return out;
}
