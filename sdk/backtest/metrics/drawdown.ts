// Drawdown metrics of a daily return series: max drawdown, durations, recovery, Calmar (PRD 6.3, 7.2).
import { assertFinite, assertMinLength } from "../errors.ts";
import { annualizedReturn, TRADING_DAYS } from "./returns.ts";
import type { Series } from "./moments.ts";

/** Drawdown on each day: 1 - V_t / max_{s<=t} V_s, V the compounded value with V_{-1} = 1 (>= 0). */
export function drawdownSeries(returns: Series): Float64Array {
  assertFinite(returns, "drawdown");
  const dd = new Float64Array(returns.length);
  let v = 1;
  let peak = 1;
  for (let i = 0; i < returns.length; i++) {
    v *= 1 + (returns[i] as number);
    if (v > peak) peak = v;
    dd[i] = 1 - v / peak;
  }
  return dd;
}

/** Maximum drawdown as a positive fraction (0.2 = the value fell 20% below its running peak). */
export function maxDrawdown(returns: Series): number {
  assertMinLength(returns, 1, "maxDrawdown");
  let m = 0;
  for (const d of drawdownSeries(returns)) if (d > m) m = d;
  return m;
}

/** Longest run of consecutive days spent below the running peak (recovered or not), in trading days. */
export function longestDrawdownDuration(returns: Series): number {
  let longest = 0;
  let run = 0;
  for (const d of drawdownSeries(returns)) {
    run = d > 0 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** The worst drawdown: indices of its peak (-1 = the initial value) and trough, and when it recovered. */
export interface DrawdownEpisode {
  readonly depth: number;
  readonly peak: number;
  readonly trough: number;
  /** First day at or after the trough whose value regains the peak; null if never. */
  readonly recovery: number | null;
  /** Trading days from trough to recovery; null if never recovered. */
  readonly recoveryDays: number | null;
}

/** The deepest drawdown episode and its recovery time (days to a new high, PRD 7.2). */
export function worstDrawdown(returns: Series): DrawdownEpisode {
  assertMinLength(returns, 1, "worstDrawdown");
  const dd = drawdownSeries(returns);
  let trough = 0;
  for (let i = 1; i < dd.length; i++) if ((dd[i] as number) > (dd[trough] as number)) trough = i;
  const depth = dd[trough] as number;
  if (depth === 0) return { depth: 0, peak: trough, trough, recovery: trough, recoveryDays: 0 };
  let peak = trough;
  while (peak >= 0 && (dd[peak] as number) > 0) peak--;
  let recovery: number | null = null;
  for (let i = trough + 1; i < dd.length; i++) {
    if (dd[i] === 0) {
      recovery = i;
      break;
    }
  }
  return { depth, peak, trough, recovery, recoveryDays: recovery === null ? null : recovery - trough };
}

/** Calmar ratio: CAGR / max drawdown; +Infinity when there is no drawdown. */
export function calmarRatio(returns: Series, periodsPerYear = TRADING_DAYS): number {
  const dd = maxDrawdown(returns);
  const cagr = annualizedReturn(returns, periodsPerYear);
  return dd === 0 ? Number.POSITIVE_INFINITY : cagr / dd;
}
