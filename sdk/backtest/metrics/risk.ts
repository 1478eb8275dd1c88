// Risk metrics (PRD 6.3): historical VaR / CVaR, beta to the market, position concentration.
import { BacktestError, BacktestErrorCode, assertFinite, assertMinLength } from "../errors.ts";
import { covariance, quantile, variance, type Series } from "./moments.ts";

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `confidence level must be in (0, 1), got ${level}`);
}

/**
 * Historical one-day Value at Risk as a positive loss: -quantile(r, 1 - level), linear
 * interpolation (numpy default; equals -empyrical.value_at_risk(r, 1 - level)).
 */
export function valueAtRisk(returns: Series, level = 0.95): number {
  checkLevel(level);
  return -quantile(returns, 1 - level);
}

/**
 * Historical Conditional VaR (expected shortfall) as a positive loss: minus the mean of the
 * k = floor((n - 1)(1 - level)) + 1 worst daily returns (the empyrical convention).
 */
export function conditionalValueAtRisk(returns: Series, level = 0.95): number {
  checkLevel(level);
  assertMinLength(returns, 1, "conditionalValueAtRisk");
  assertFinite(returns, "conditionalValueAtRisk");
  const sorted = Float64Array.from(returns).sort();
  const k = Math.floor((sorted.length - 1) * (1 - level)) + 1;
  let s = 0;
  for (let i = 0; i < k; i++) s += sorted[i] as number;
  return -s / k;
}

/** Beta to the market: cov(r, m) / var(m) (both ddof 1). */
export function beta(returns: Series, market: Series): number {
  const vm = variance(market, 1);
  if (vm === 0) throw new BacktestError(BacktestErrorCode.DEGENERATE, "beta: constant market series");
  return covariance(returns, market, 1) / vm;
}

/** Per-day concentration of a T x N weight panel: the largest weight and the HHI = sum_i w_i^2. */
export interface Concentration {
  readonly maxWeight: Float64Array;
  readonly hhi: Float64Array;
}

/** Concentration of each row of a row-major weight panel with `n` columns. */
export function concentration(positions: Series, n: number): Concentration {
  if (!Number.isInteger(n) || n < 1 || positions.length % n !== 0) {
    throw new BacktestError(BacktestErrorCode.LENGTH_MISMATCH, `positions length ${positions.length} is not a multiple of ${n}`);
  }
  assertFinite(positions, "concentration");
  const rows = positions.length / n;
  const maxWeight = new Float64Array(rows);
  const hhi = new Float64Array(rows);
  for (let t = 0; t < rows; t++) {
    let m = -Infinity;
    let h = 0;
    for (let i = 0; i < n; i++) {
      const w = positions[t * n + i] as number;
      if (w > m) m = w;
      h += w * w;
    }
    maxWeight[t] = m;
    hhi[t] = h;
  }
  return { maxWeight, hhi };
}
