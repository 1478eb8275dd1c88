// One call for the portfolio metrics of PRD 6.3 on a daily return series or a backtest result.
import type { BacktestResult } from "../types.ts";
import { calmarRatio, longestDrawdownDuration, maxDrawdown } from "./drawdown.ts";
import { mean } from "./moments.ts";
import {
  annualizedReturn,
  annualizedVolatility,
  averageTurnover,
  cumulativeReturn,
  sharpeRatio,
  sortinoRatio,
  winRate,
  type RiskFree,
} from "./returns.ts";
import { beta, concentration, conditionalValueAtRisk, valueAtRisk } from "./risk.ts";
import type { Series } from "./moments.ts";

/** Portfolio metrics; ratios are annualized (252 days), drawdowns and VaR are positive fractions. */
export interface PortfolioMetrics {
  readonly days: number;
  readonly cumulativeReturn: number;
  readonly annualizedReturn: number;
  readonly annualizedVolatility: number;
  readonly sharpe: number;
  readonly sortino: number;
  readonly calmar: number;
  readonly maxDrawdown: number;
  readonly longestDrawdownDays: number;
  readonly winRate5d: number;
  readonly var95: number;
  readonly var99: number;
  readonly cvar95: number;
  readonly cvar99: number;
  readonly beta?: number;
  readonly averageTurnover?: number;
  readonly maxWeight?: number;
  readonly averageHhi?: number;
}

/** Optional inputs of {@link portfolioMetrics}, each aligned as documented. */
export interface MetricsOptions {
  /** Daily risk-free rate (scalar or series aligned with the returns) for Sharpe and Sortino. */
  readonly riskFree?: RiskFree;
  /** Daily market returns aligned with the returns, for beta. */
  readonly market?: Series;
  /** Turnover per rebalance. */
  readonly turnover?: Series;
  /** Row-major weight panel (rows = days) with `nFactors` columns. */
  readonly positions?: Series;
  readonly nFactors?: number;
}

/** All PRD 6.3 portfolio metrics of a daily return series. */
export function portfolioMetrics(returns: Series, opts: MetricsOptions = {}): PortfolioMetrics {
  const base = {
    days: returns.length,
    cumulativeReturn: cumulativeReturn(returns),
    annualizedReturn: annualizedReturn(returns),
    annualizedVolatility: annualizedVolatility(returns),
    sharpe: sharpeRatio(returns, opts.riskFree),
    sortino: sortinoRatio(returns, opts.riskFree),
    calmar: calmarRatio(returns),
    maxDrawdown: maxDrawdown(returns),
    longestDrawdownDays: longestDrawdownDuration(returns),
    winRate5d: winRate(returns, 5),
    var95: valueAtRisk(returns, 0.95),
    var99: valueAtRisk(returns, 0.99),
    cvar95: conditionalValueAtRisk(returns, 0.95),
    cvar99: conditionalValueAtRisk(returns, 0.99),
  };
  const extra: { beta?: number; averageTurnover?: number; maxWeight?: number; averageHhi?: number } = {};
  if (opts.market !== undefined) extra.beta = beta(returns, opts.market);
  if (opts.turnover !== undefined && opts.turnover.length > 0) extra.averageTurnover = averageTurnover(opts.turnover);
  if (opts.positions !== undefined && opts.nFactors !== undefined) {
    const c = concentration(opts.positions, opts.nFactors);
    extra.maxWeight = c.maxWeight.reduce((m, w) => Math.max(m, w), -Infinity);
    extra.averageHhi = mean(c.hhi);
  }
  return { ...base, ...extra };
}

/**
 * Metrics of a backtest over its active days (from `result.start`); the first rebalance (the
 * build from cash, turnover = sum of weights) is left out of the average turnover.
 * `riskFree` and `market`, when series, are aligned with `result.dates` and sliced the same way.
 */
export function backtestMetrics(result: BacktestResult, opts: Pick<MetricsOptions, "riskFree" | "market"> = {}): PortfolioMetrics {
  const from = result.start;
  const slice = (x: Series): Float64Array => Float64Array.prototype.slice.call(Float64Array.from(x), from);
  const o: MetricsOptions = {
    turnover: result.turnover.subarray(1),
    // positions of day t are held over day t + 1: the active days use rows start-1 .. T-2
    positions: result.positions.subarray((from - 1) * result.nFactors, (result.dates.length - 1) * result.nFactors),
    nFactors: result.nFactors,
    ...(opts.riskFree === undefined ? {} : { riskFree: typeof opts.riskFree === "number" ? opts.riskFree : slice(opts.riskFree) }),
    ...(opts.market === undefined ? {} : { market: slice(opts.market) }),
  };
  return portfolioMetrics(result.dailyReturns.subarray(from), o);
}
