// Calendar-date strings (YYYY-MM-DD) of the daily state: validation and the file name of a day.
import { isIsoDate } from "../../data/index.ts";
import { MonitorError, MonitorErrorCode } from "../errors.ts";

export { isIsoDate };

/** Throws BAD_DATE unless `s` is a calendar day YYYY-MM-DD. */
export function assertIsoDate(s: string): void {
  if (!isIsoDate(s)) throw new MonitorError(MonitorErrorCode.BAD_DATE, `not a date (YYYY-MM-DD): ${JSON.stringify(s)}`, { date: s });
}

/** The file name of a day's snapshot: `YYYY-MM-DD.json`. */
export function snapshotFileName(date: string): string {
  assertIsoDate(date);
  return `${date}.json`;
}

/** The date of a snapshot file name, or null for any other file (tmp files, alerts.jsonl...). */
export function dateOfFileName(name: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})\.json$/.exec(name);
  return m && isIsoDate(m[1] as string) ? (m[1] as string) : null;
}
