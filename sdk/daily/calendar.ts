// Trading-day arithmetic for the daily run: weekdays minus the configured holidays (as the data rules define them).
import { isWeekend, weekdaysBetween } from "../data/index.ts";

export const isTradingDay = (date: string, holidays: readonly string[]): boolean => !isWeekend(date) && !holidays.includes(date);

/** Trading days after `from` up to and including `to` (from undefined: just `to`). */
export function tradingDaysAfter(from: string | undefined, to: string, holidays: readonly string[]): string[] {
  if (from === undefined) return isTradingDay(to, holidays) ? [to] : [];
  if (to <= from) return [];
  return weekdaysBetween(from, to).filter((d) => d > from && !holidays.includes(d));
}

/** Age of `date` at `asOf` in trading days (0 = same day). */
export const tradingAge = (date: string, asOf: string, holidays: readonly string[]): number => tradingDaysAfter(date, asOf, holidays).length;
