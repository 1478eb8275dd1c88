// Rebalance schedule: which day indices trade (every k days, or an explicit list of dates).
import { BacktestError, BacktestErrorCode } from "./errors.ts";

/** Options that define a rebalance schedule over `nDays` trading days. */
export interface ScheduleOptions {
  readonly rebalanceEvery?: number;
  readonly firstRebalance?: number;
  readonly rebalanceDates?: readonly string[];
}

/**
 * Day indices of the rebalances, strictly increasing.
 * @example rebalanceDays(["d0","d1","d2","d3","d4","d5"], { rebalanceEvery: 5 }) // [0, 5]
 */
export function rebalanceDays(dates: readonly string[], opts: ScheduleOptions): number[] {
  if (opts.rebalanceDates !== undefined) {
    if (opts.rebalanceEvery !== undefined || opts.firstRebalance !== undefined) {
      throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, "give rebalanceDates or rebalanceEvery/firstRebalance, not both");
    }
    const index = new Map<string, number>();
    dates.forEach((d, i) => index.set(d, i));
    const days: number[] = [];
    for (const d of opts.rebalanceDates) {
      const t = index.get(d);
      if (t === undefined) {
        throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `rebalance date ${d} is not a trading day`, { date: d });
      }
      const prev = days[days.length - 1];
      if (prev !== undefined && t <= prev) {
        throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `rebalance dates must be strictly increasing (${d})`, { date: d });
      }
      days.push(t);
    }
    return days;
  }
  const every = opts.rebalanceEvery ?? 5;
  const first = opts.firstRebalance ?? 0;
  if (!Number.isInteger(every) || every < 1) {
    throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `rebalanceEvery must be a positive integer, got ${every}`);
  }
  if (!Number.isInteger(first) || first < 0) {
    throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `firstRebalance must be a non-negative integer, got ${first}`);
  }
  const days: number[] = [];
  for (let t = first; t < dates.length; t += every) days.push(t);
  return days;
}
