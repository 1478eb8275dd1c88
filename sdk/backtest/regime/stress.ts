// Stress tests (PRD 7.2): drawdown inside a crisis window, days to recover, VaR exceedances.
import { BacktestError, BacktestErrorCode, assertFinite, assertSameLength } from "../errors.ts";
import { valueAtRisk } from "../metrics/risk.ts";
import type { Series } from "../metrics/moments.ts";
import { varExceedances } from "./slice.ts";
import { dateWindowMask, type DateWindow } from "./windows.ts";

/** Result of one stress window. */
export interface StressResult {
  readonly window: DateWindow;
  readonly days: number;
  readonly cumulativeReturn: number;
  /** Max drawdown inside the window, from the value at its start (positive fraction). */
  readonly maxDrawdown: number;
  /** Index of the trough inside the window (into the full series). */
  readonly trough: number;
  /** Trading days from the trough until the value first regains the pre-trough peak; null = not recovered. */
  readonly recoveryDays: number | null;
  /** Days in the window with a loss beyond the one-day VaR. */
  readonly varExceedances: number;
  /** Expected exceedances, days * (1 - level). */
  readonly expectedExceedances: number;
}

/**
 * Stress test of a daily return series over a date window. VaR (at `level`, default 0.95) comes from
 * the whole series unless `valueAtRisk` is given. Returns null when the window has no trading day.
 */
export function stressTest(
  returns: Series,
  dates: readonly string[],
  window: DateWindow,
  opts: { level?: number; valueAtRisk?: number } = {},
): StressResult | null {
  assertSameLength(returns, dates, "stressTest");
  assertFinite(returns, "stressTest");
  const inWindow = dateWindowMask(dates, window);
  const first = inWindow.indexOf(1);
  if (first < 0) return null;
  const last = inWindow.lastIndexOf(1);
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bad level ${level}`);
  const value = new Float64Array(returns.length);
  let v = 1;
  for (let i = 0; i < returns.length; i++) value[i] = v *= 1 + (returns[i] as number);
  const before = first === 0 ? 1 : (value[first - 1] as number);
  let peak = before;
  let peakAtTrough = before;
  let depth = 0;
  let trough = first;
  for (let i = first; i <= last; i++) {
    const vi = value[i] as number;
    if (vi > peak) peak = vi;
    if (1 - vi / peak > depth) {
      depth = 1 - vi / peak;
      trough = i;
      peakAtTrough = peak;
    }
  }
  let recoveryDays: number | null = depth === 0 ? 0 : null;
  if (depth > 0) {
    for (let i = trough + 1; i < returns.length; i++) {
      if ((value[i] as number) >= peakAtTrough) {
        recoveryDays = i - trough;
        break;
      }
    }
  }
  const days = last - first + 1;
  const var_ = opts.valueAtRisk ?? valueAtRisk(returns, level);
  return {
    window,
    days,
    cumulativeReturn: (value[last] as number) / before - 1,
    maxDrawdown: depth,
    trough,
    recoveryDays,
    varExceedances: varExceedances(returns, var_, inWindow).count,
    expectedExceedances: days * (1 - level),
  };
}
