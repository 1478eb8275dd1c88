// The code version in a walk-forward segment's fingerprint: a short hash of the sources that decide a segment's
// targets, so that after a fix to a strategy, an estimator or the solver the cached segments are recomputed instead of
// reused silently. The worker's health result carries no code version, so the hash is taken here, over
// sdk/backtest/**/*.ts (strategies, estimators, calendar, engine) and pyworker/portfolio/**/*.py (the max-Sharpe solver
// behind the optimizer benchmarks). Trained members are versioned separately (their config.json's codeVersion).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../io/index.ts";

/** A source tree: every file under `dir` (relative to the repo root) whose name ends with `ext`. */
export interface SourceTree {
  readonly dir: string;
  readonly ext: string;
}

/** The sources a segment's result depends on. */
export const SEGMENT_CODE_SOURCES: readonly SourceTree[] = [
  { dir: "sdk/backtest", ext: ".ts" },
  { dir: "pyworker/portfolio", ext: ".py" },
];

/** Files under `dir` ending with `ext`, repo-relative with `/`, sorted (so the hash does not depend on the file system). */
function listFiles(root: string, dir: string, ext: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(root, `${dir}/${e.name}`, ext) : e.isFile() && e.name.endsWith(ext) ? [`${dir}/${e.name}`] : []))
    .sort();
}

/**
 * SHA-256 (hex, 12 chars) over the path and bytes of every file of `sources` under `root`; an absent tree adds nothing.
 * @example hashSourceTrees(".", [{ dir: "sdk/backtest", ext: ".ts" }]) // "3f9a0c1be2d4"
 */
export function hashSourceTrees(root: string, sources: readonly SourceTree[]): string {
  const h = createHash("sha256");
  for (const s of sources) {
    for (const f of listFiles(root, s.dir, s.ext)) h.update(`${f}\0`).update(readFileSync(join(root, f))).update("\0");
  }
  return h.digest("hex").slice(0, 12);
}

let memo: string | undefined;

/**
 * The code version of this checkout's segment sources ({@link SEGMENT_CODE_SOURCES}), read once per process and
 * memoized: a process keeps running the code it loaded, so a later edit must not change its fingerprints.
 * @example const fp = hashJson({ data, strategy, spec, split, days, code: segmentCodeVersion() });
 */
export function segmentCodeVersion(): string {
  memo ??= hashSourceTrees(REPO_ROOT, SEGMENT_CODE_SOURCES);
  return memo;
}
