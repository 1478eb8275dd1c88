// The daily state directory (default runs/daily/): one `<YYYY-MM-DD>.json` DailySnapshot a day, written atomically.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MonitorError, MonitorErrorCode } from "../errors.ts";
import { assertIsoDate, dateOfFileName, snapshotFileName } from "./dates.ts";
import { DailySnapshot } from "./snapshot.ts";
import { writeAtomic } from "../../io/index.ts";

/** Default state directory, relative to the working directory. */
export const DEFAULT_STATE_DIR = "runs/daily";

function issues(e: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return e.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
}

/** Parses and validates snapshot text; BAD_SNAPSHOT names `file` and the failing fields. */
export function parseDailySnapshot(text: string, file: string): DailySnapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new MonitorError(MonitorErrorCode.BAD_SNAPSHOT, `${file}: not JSON (${(e as Error).message})`, { file });
  }
  const r = DailySnapshot.safeParse(raw);
  if (!r.success) throw new MonitorError(MonitorErrorCode.BAD_SNAPSHOT, `${file}: ${issues(r.error)}`, { file, issues: r.error.issues });
  return r.data;
}

/**
 * Validates `snapshot` and writes `<dir>/<asOf>.json` atomically (fsync'd tmp file, then rename): a reader sees the old
 * file or the new one, never half of one. Returns the path.
 * @example writeDailySnapshot("runs/daily", snapshot) // -> "runs/daily/2024-03-28.json"
 */
export function writeDailySnapshot(dir: string, snapshot: DailySnapshot): string {
  const r = DailySnapshot.safeParse(snapshot);
  if (!r.success) throw new MonitorError(MonitorErrorCode.BAD_SNAPSHOT, `snapshot ${String(snapshot.asOf)}: ${issues(r.error)}`, { issues: r.error.issues });
  const path = join(dir, snapshotFileName(r.data.asOf));
  writeAtomic(path, JSON.stringify(r.data) + "\n");
  return path;
}

/** Dates with a snapshot file in `dir`, ascending; [] when the directory does not exist. */
export function listSnapshotDates(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  return names
    .map(dateOfFileName)
    .filter((d): d is string => d !== null)
    .sort();
}

/** Reads one day's snapshot: BAD_DATE for a malformed date, NOT_FOUND when absent, BAD_SNAPSHOT naming the file when invalid. */
export function readDailySnapshot(dir: string, date: string): DailySnapshot {
  assertIsoDate(date);
  const file = join(dir, snapshotFileName(date));
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new MonitorError(MonitorErrorCode.NOT_FOUND, `no snapshot for ${date} in ${dir}`, { date, dir });
    throw new MonitorError(MonitorErrorCode.BAD_SNAPSHOT, `${file}: unreadable (${(e as Error).message})`, { file });
  }
  return parseDailySnapshot(text, file);
}

/** The most recent snapshot; NOT_FOUND when the directory holds none. */
export function readLatestSnapshot(dir: string): DailySnapshot {
  const dates = listSnapshotDates(dir);
  const last = dates[dates.length - 1];
  if (last === undefined) throw new MonitorError(MonitorErrorCode.NOT_FOUND, `no snapshots in ${dir}`, { dir });
  return readDailySnapshot(dir, last);
}
