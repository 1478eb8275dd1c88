// fileSink: the append-only alert file (JSON lines, one fsync'd O_APPEND write per alert) and its reader.
import { mkdirSync, readFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname } from "node:path";
import { Alert } from "../alerts/types.ts";
import type { AlertSink } from "./types.ts";

/** One alert-file line: the alert plus when it was written. */
export interface AlertRecord extends Alert {
  /** ISO 8601 time of the write. */
  at: string;
}

/**
 * A sink appending one JSON line per alert to `path` (opened O_APPEND, never truncated or rewritten) and fsync'ing it
 * before resolving, so a delivered alert survives a crash. `clock` stamps the `at` field.
 * @example fileSink("runs/daily/alerts.jsonl")
 */
export function fileSink(path: string, clock: () => Date = () => new Date()): AlertSink {
  mkdirSync(dirname(path), { recursive: true });
  return {
    name: "file",
    async deliver(a: Alert): Promise<void> {
      const line = JSON.stringify({ ...a, at: clock().toISOString() }) + "\n";
      const fh = await open(path, "a");
      try {
        // One write call per line: with O_APPEND concurrent writers never interleave within a line.
        await fh.write(line);
        await fh.sync();
      } finally {
        await fh.close();
      }
    },
  };
}

export interface AlertFileContents {
  records: AlertRecord[];
  /** Lines that are not valid alert records (1-based line numbers), e.g. a torn last line after a crash. */
  bad: { line: number; message: string }[];
}

/** Reads an alert file; [] when it does not exist. Invalid lines are reported, not thrown. */
export function readAlertFile(path: string): AlertFileContents {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { records: [], bad: [] };
    throw e;
  }
  const out: AlertFileContents = { records: [], bad: [] };
  text.split("\n").forEach((l, i) => {
    if (l.trim() === "") return;
    try {
      const raw = JSON.parse(l) as Record<string, unknown>;
      const { at, ...rest } = raw;
      const r = Alert.safeParse(rest);
      if (!r.success || typeof at !== "string") throw new Error(r.success ? "missing 'at'" : r.error.issues[0]?.message);
      out.records.push({ ...r.data, at });
    } catch (e) {
      out.bad.push({ line: i + 1, message: (e as Error).message });
    }
  });
  return out;
}
