// Return and risk-adjusted return metrics of a daily return series (PRD 6.3), annualized with 252 days.
import { BacktestError, BacktestErrorCode, assertFinite, assertMinLength } from "../errors.ts";
import { mean, std, subtract, type Series } from "./moments.ts";

/** Trading days per year used for every annualization. */
export const TRADING_DAYS = 252;

/** Risk-free rate: a daily decimal scalar or a daily series aligned with the returns. */
export type RiskFree = number | Series;

function excess(returns: Series, riskFree: RiskFree | undefined): Float64Array {
  return subtract(returns, riskFree ?? 0);
}

/** Compounded total return: prod(1 + r) - 1. */
export function cumulativeReturn(returns: Series): number {
  assertMinLength(returns, 1, "cumulativeReturn");
  assertFinite(returns, "cumulativeReturn");
  let v = 1;
  for (let i = 0; i < returns.length; i++) v *= 1 + (returns[i] as number);
  return v - 1;
}

/** CAGR: (1 + cumulative)^(252 / n) - 1, n = number of daily returns. */
export function annualizedReturn(returns: Series, periodsPerYear = TRADING_DAYS): number {
  return Math.pow(1 + cumulativeReturn(returns), periodsPerYear / returns.length) - 1;
}

/** Annualized volatility: sample std (ddof 1) of daily returns * sqrt(252). */
export function annualizedVolatility(returns: Series, periodsPerYear = TRADING_DAYS): number {
  return std(returns, 1) * Math.sqrt(periodsPerYear);
}

/** Annualized Sharpe ratio: mean(r - rf) / std(r - rf, ddof 1) * sqrt(252) (Sharpe 1994). */
export function sharpeRatio(returns: Series, riskFree?: RiskFree, periodsPerYear = TRADING_DAYS): number {
  const x = excess(returns, riskFree);
  assertMinLength(x, 2, "sharpeRatio");
  const s = std(x, 1);
  if (s === 0) throw new BacktestError(BacktestErrorCode.DEGENERATE, "sharpeRatio: zero volatility");
  return (mean(x) / s) * Math.sqrt(periodsPerYear);
}

/**
 * Annualized Sortino ratio (Sortino & van der Meer 1991): mean(r - rf) / DD * sqrt(252), with the
 * downside deviation DD = sqrt(mean(min(r - rf, 0)^2)) over all n days (the empyrical convention).
 */
export function sortinoRatio(returns: Series, riskFree?: RiskFree, periodsPerYear = TRADING_DAYS): number {
  const x = excess(returns, riskFree);
  assertMinLength(x, 2, "sortinoRatio");
  let dd = 0;
  for (let i = 0; i < x.length; i++) dd += Math.min(x[i] as number, 0) ** 2;
  dd = Math.sqrt(dd / x.length);
  if (dd === 0) throw new BacktestError(BacktestErrorCode.DEGENERATE, "sortinoRatio: no negative excess return");
  return (mean(x) / dd) * Math.sqrt(periodsPerYear);
}

/**
 * Win rate: the share of non-overlapping `period`-day blocks (from the first day; a trailing partial
 * block is dropped) whose compounded return is > 0. Default 5 days = one rebalance period (PRD 2.2).
 */
export function winRate(returns: Series, period = 5): number {
  assertFinite(returns, "winRate");
  if (!Number.isInteger(period) || period < 1) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bad period ${period}`);
  const blocks = Math.floor(returns.length / period);
  if (blocks === 0) throw new BacktestError(BacktestErrorCode.TOO_FEW_OBSERVATIONS, `winRate: fewer than ${period} days`);
  let wins = 0;
  for (let b = 0; b < blocks; b++) {
    let v = 1;
    for (let k = b * period; k < (b + 1) * period; k++) v *= 1 + (returns[k] as number);
    if (v > 1) wins++;
  }
  return wins / blocks;
}

/** Mean turnover per rebalance (1.0 = 100% of NAV traded one-way). */
export function averageTurnover(turnover: Series): number {
  return mean(turnover);
}
