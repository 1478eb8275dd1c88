// Per-segment result cache of a run directory: finished test years are read back instead of recomputed.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Panel } from "../strategies/types.ts";
import { writeAtomic } from "../../io/index.ts";

/** Cached targets of one strategy on one split. */
export interface CachedSegment {
  /** Hash of everything the targets depend on; a mismatch means stale. */
  readonly fingerprint: string;
  readonly strategy: string;
  readonly split: string;
  /** Rebalance days (panel indices) and dates. */
  readonly days: readonly number[];
  readonly dates: readonly string[];
  /** Weights per rebalance day (rows of N). */
  readonly weights: readonly (readonly number[])[];
  /** Forecast mean daily returns per rebalance day (models only). */
  readonly mu?: readonly (readonly number[])[];
  /** Solver status per rebalance day (optimizer benchmarks). */
  readonly status?: readonly string[];
  /** Seconds it took to compute. */
  readonly seconds: number;
}

/** Storage of segments by (strategy, split). */
export interface SegmentCache {
  get(strategy: string, split: string): CachedSegment | undefined;
  put(segment: CachedSegment): void;
}

/** SHA-256 (hex, 16 chars) of the panel's dates, returns and mask: the data part of a fingerprint. */
export function panelFingerprint(panel: Panel): string {
  const h = createHash("sha256");
  h.update(panel.dates.join(","));
  h.update(new Uint8Array(panel.returns.buffer, panel.returns.byteOffset, panel.returns.byteLength));
  h.update(panel.mask);
  return h.digest("hex").slice(0, 16);
}

/** SHA-256 (hex, 16 chars) of a JSON-serializable value. */
export function hashJson(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

/**
 * A cache in `<dir>/<strategy>/<split>.json`, written atomically; unreadable files count as missing.
 * @example const cache = jsonDirCache("runs/backtest-synthetic/segments");
 */
export function jsonDirCache(dir: string): SegmentCache {
  const file = (strategy: string, split: string) => join(dir, strategy, `${split}.json`);
  return {
    get(strategy, split) {
      const f = file(strategy, split);
      if (!existsSync(f)) return undefined;
      try {
        return JSON.parse(readFileSync(f, "utf8")) as CachedSegment;
      } catch {
        return undefined;
      }
    },
    put(segment) {
      writeAtomic(file(segment.strategy, segment.split), JSON.stringify(segment) + "\n");
    },
  };
}

/** An in-memory cache (tests, one-off runs). */
export function memoryCache(): SegmentCache & { readonly size: number } {
  const m = new Map<string, CachedSegment>();
  return {
    get: (s, p) => m.get(`${s}/${p}`),
    put: (seg) => void m.set(`${seg.strategy}/${seg.split}`, seg),
    get size() {
      return m.size;
    },
  };
}
