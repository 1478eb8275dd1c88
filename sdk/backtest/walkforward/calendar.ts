// The common test-period calendar: one rebalance schedule over the stitched test years, shared by all strategies.
import { BacktestError, BacktestErrorCode } from "../errors.ts";
import type { WalkForwardSplit } from "./splits.ts";

/** Where the stitched test period sits in the panel and when it trades. */
export interface TestCalendar {
  /** Day index of the first trade: the last trading day before the test period (its close builds the portfolio). */
  readonly anchor: number;
  /** Last test day (inclusive). */
  readonly end: number;
  readonly rebalanceEvery: number;
  /** Rebalance days (panel indices): anchor, anchor + k, ... < end. */
  readonly days: readonly number[];
  /** Per split id, the rebalance days whose holdings earn returns inside that split's test period. */
  readonly daysBySplit: ReadonlyMap<string, readonly number[]>;
}

/**
 * Rebalances every `rebalanceEvery` days from the close before the first test day, so the first test day
 * already earns a return. A rebalance on day t belongs to the split whose test period contains t + 1:
 * the decision at the close of the last day of Y uses data through Y and the model of Y + 1.
 */
export function testCalendar(splits: readonly WalkForwardSplit[], rebalanceEvery: number): TestCalendar {
  if (!Number.isInteger(rebalanceEvery) || rebalanceEvery < 1) {
    throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `rebalanceEvery must be a positive integer, got ${rebalanceEvery}`);
  }
  const first = splits[0];
  const last = splits[splits.length - 1];
  if (first === undefined || last === undefined) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, "no splits");
  const anchor = first.test.from - 1;
  if (anchor < 0) throw new BacktestError(BacktestErrorCode.TOO_FEW_OBSERVATIONS, "the test period starts on the first day of data");
  const days: number[] = [];
  for (let t = anchor; t < last.test.to; t += rebalanceEvery) days.push(t);
  const daysBySplit = new Map<string, number[]>();
  for (const s of splits) daysBySplit.set(s.id, days.filter((t) => t + 1 >= s.test.from && t + 1 <= s.test.to));
  return { anchor, end: last.test.to, rebalanceEvery, days, daysBySplit };
}
