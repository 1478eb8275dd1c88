// Trailing-window statistics of a daily return series (pure): rolling Sharpe, realized volatility, current drawdown.
import { drawdownSeries, mean, std, TRADING_DAYS } from "../../backtest/index.ts";

/** The last `window` values, or null when fewer are available. */
function tail(x: readonly number[], window: number): readonly number[] | null {
  return x.length >= window && window >= 2 ? x.slice(x.length - window) : null;
}

/**
 * Annualized Sharpe of the last `window` daily returns (raw returns, ddof 1, sqrt(252)); null with fewer returns or zero variance.
 * @example trailingSharpe(returns, 30) // PRD 9.3 "Sharpe < 0.5 over rolling 30 days"
 */
export function trailingSharpe(returns: readonly number[], window = 30): number | null {
  const x = tail(returns, window);
  if (!x) return null;
  const s = std(x, 1);
  return s > 1e-12 ? (mean(x) / s) * Math.sqrt(TRADING_DAYS) : null;
}

/** Annualized volatility of the last `window` daily returns (ddof 1); null with fewer returns. */
export function trailingVol(returns: readonly number[], window = 30): number | null {
  const x = tail(returns, window);
  return x ? std(x, 1) * Math.sqrt(TRADING_DAYS) : null;
}

/** Drawdown from the running peak at the last day (positive fraction; 0 for an empty series). */
export function currentDrawdown(returns: readonly number[]): number {
  if (returns.length === 0) return 0;
  const dd = drawdownSeries(returns);
  return dd[dd.length - 1] as number;
}

/** Rolling annualized Sharpe at every day (null before a full window or with zero variance). */
export function rollingSharpeSeries(returns: readonly number[], window = 30): (number | null)[] {
  return returns.map((_, i) => trailingSharpe(returns.slice(0, i + 1), window));
}

/** Rolling annualized volatility at every day (null before a full window). */
export function rollingVolSeries(returns: readonly number[], window = 30): (number | null)[] {
  return returns.map((_, i) => trailingVol(returns.slice(0, i + 1), window));
}
