// Chart series of the report (pure): drawdowns, rolling Sharpe, top-factor weights over time, thinned for size.
import { drawdownSeries } from "../backtest/metrics/drawdown.ts";

/** Drawdown (positive fraction) per day of a daily return series. */
export function drawdowns(returns: ArrayLike<number>): number[] {
  return Array.from(drawdownSeries(returns));
}

/** Rolling annualized Sharpe over `window` days (raw returns, ddof 1); null before a full window or with zero variance. */
export function rollingSharpe(returns: ArrayLike<number>, window = 63): (number | null)[] {
  const out: (number | null)[] = [];
  let s = 0;
  let q = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i] as number;
    s += r;
    q += r * r;
    if (i >= window) {
      const o = returns[i - window] as number;
      s -= o;
      q -= o * o;
    }
    if (i < window - 1) {
      out.push(null);
      continue;
    }
    const m = s / window;
    const v = (q - window * m * m) / (window - 1);
    out.push(v > 1e-18 ? (m / Math.sqrt(v)) * Math.sqrt(252) : null);
  }
  return out;
}

/** Weights at rebalances for the `top` factors by average weight, plus "other". */
export interface WeightSeries {
  readonly dates: string[];
  readonly factors: string[];
  /** One array per factor (and a last one for "other"), aligned with `dates`. */
  readonly series: number[][];
}

/** Target weights over time, grouped into the `top` factors by mean weight and the rest. */
export function topWeights(rebalances: readonly { date: string; weights: ArrayLike<number> }[], factorNames: readonly string[], top = 8): WeightSeries {
  const n = factorNames.length;
  const avg = new Float64Array(n);
  for (const r of rebalances) for (let i = 0; i < n; i++) avg[i] = (avg[i] as number) + (r.weights[i] as number);
  const order = Array.from({ length: n }, (_, i) => i)
    .filter((i) => (avg[i] as number) > 0)
    .sort((a, b) => (avg[b] as number) - (avg[a] as number))
    .slice(0, top);
  const series = order.map((i) => rebalances.map((r) => round(r.weights[i] as number)));
  series.push(rebalances.map((r) => round(Math.max(0, Array.from(r.weights).reduce((a, w, i) => (order.includes(i) ? a : a + w), 0)))));
  return { dates: rebalances.map((r) => r.date), factors: [...order.map((i) => factorNames[i] ?? `#${i}`), "other"], series };
}

/** Rounds to 6 significant decimals (keeps the embedded JSON small). */
export function round(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}
