// Runs the numpy reference (pyworker/reference/features.py) in a child process on temp files (tests and bench).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { CleaningOptions } from "../../../sdk/data/index.ts";
import type { FeatureOptions } from "../../../sdk/features/index.ts";

export const PYTHON = resolve(".venv/bin/python");

export function pythonAvailable(): boolean {
  return existsSync(PYTHON);
}

export interface ReferenceOutput {
  readonly winsorized: Float64Array;
  readonly features: Float64Array;
  /** Compute time inside Python (excludes process start and file I/O). */
  readonly seconds: number;
}

function f64(buf: Buffer): Float64Array {
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Float64Array(copy.buffer);
}

export function runReference(
  raw: Float64Array,
  market: { market_return: Float64Array; vix: Float64Array; rf: Float64Array; yield_10y: Float64Array; yield_2y: Float64Array },
  T: number,
  N: number,
  cleaning: CleaningOptions,
  features: FeatureOptions,
): ReferenceOutput {
  const dir = mkdtempSync(join(tmpdir(), "t2-ref-"));
  try {
    writeFileSync(join(dir, "meta.json"), JSON.stringify({ T, N, cleaning, features }));
    writeFileSync(join(dir, "returns.f64"), new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
    const m = new Float64Array(5 * T);
    [market.market_return, market.vix, market.rf, market.yield_10y, market.yield_2y].forEach((s, k) => m.set(s, k * T));
    writeFileSync(join(dir, "market.f64"), new Uint8Array(m.buffer));
    execFileSync(PYTHON, ["-m", "pyworker.reference.features", "--in", dir, "--out", join(dir, "out")], { stdio: "pipe", env: { ...process.env, OMP_NUM_THREADS: "1" } });
    return {
      winsorized: f64(readFileSync(join(dir, "out", "winsorized.f64"))),
      features: f64(readFileSync(join(dir, "out", "features.f64"))),
      seconds: (JSON.parse(readFileSync(join(dir, "out", "timing.json"), "utf8")) as { seconds: number }).seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
