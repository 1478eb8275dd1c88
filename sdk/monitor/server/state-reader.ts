// StateReader: the server's cached view of the state directory (re-reads a day's file only when its mtime or size changes).
import { statSync } from "node:fs";
import { join } from "node:path";
import { historyRows, type HistoryRow } from "../derive/history.ts";
import { MonitorError, MonitorErrorCode } from "../errors.ts";
import { assertIsoDate, snapshotFileName } from "../state/dates.ts";
import type { DailySnapshot } from "../state/snapshot.ts";
import { listSnapshotDates, readDailySnapshot } from "../state/store.ts";

export interface HistoryResult {
  rows: HistoryRow[];
  /** Files skipped because they failed validation (each names the file). */
  errors: { file: string; message: string }[];
}

export class StateReader {
  readonly #cache = new Map<string, { key: string; snapshot: DailySnapshot }>();

  constructor(
    readonly dir: string,
    readonly historyDays = 400,
    readonly window = 30,
  ) {}

  /** Dates present, ascending. */
  dates(): string[] {
    return listSnapshotDates(this.dir);
  }

  /** One day's snapshot: BAD_DATE, NOT_FOUND (naming the available range) or BAD_SNAPSHOT (naming the file). */
  read(date: string): DailySnapshot {
    assertIsoDate(date);
    const file = join(this.dir, snapshotFileName(date));
    let key: string;
    try {
      const st = statSync(file);
      key = `${st.mtimeMs}:${st.size}`;
    } catch {
      const d = this.dates();
      const have = d.length ? `available: ${d[0]} .. ${d[d.length - 1]} (${d.length} days)` : `no snapshots in ${this.dir}`;
      throw new MonitorError(MonitorErrorCode.NOT_FOUND, `no snapshot for ${date}; ${have}`, { date });
    }
    const hit = this.#cache.get(file);
    if (hit && hit.key === key) return hit.snapshot;
    const snapshot = readDailySnapshot(this.dir, date);
    this.#cache.set(file, { key, snapshot });
    return snapshot;
  }

  /** The latest day's snapshot; NOT_FOUND when there is none. */
  latest(): DailySnapshot {
    const d = this.dates();
    const last = d[d.length - 1];
    if (last === undefined) throw new MonitorError(MonitorErrorCode.NOT_FOUND, `no snapshots in ${this.dir}`, { dir: this.dir });
    return this.read(last);
  }

  /** History rows of the last `historyDays` valid days; invalid files are skipped and listed. */
  history(): HistoryResult {
    const dates = this.dates().slice(-this.historyDays);
    const snaps: DailySnapshot[] = [];
    const errors: HistoryResult["errors"] = [];
    for (const d of dates) {
      try {
        snaps.push(this.read(d));
      } catch (e) {
        if (!(e instanceof MonitorError)) throw e;
        errors.push({ file: String(e.details.file ?? join(this.dir, snapshotFileName(d))), message: e.message });
      }
    }
    const live = new Set(dates.map((d) => join(this.dir, snapshotFileName(d))));
    for (const k of this.#cache.keys()) if (!live.has(k)) this.#cache.delete(k);
    return { rows: historyRows(snaps, this.window), errors };
  }
}
