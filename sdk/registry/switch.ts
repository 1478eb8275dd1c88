// promote / rollback: one journaled pointer switch each. Write order: journal -> new symlink ->
// rename over `production` (the commit point) -> history line -> clear journal.
import { RegistryError } from "./errors.ts";
import { randomId } from "./fsutil.ts";
import { appendHistory, clearJournal, readHistory, writeJournal, type HistoryEntry } from "./history.ts";
import { assertVersionIntact } from "./integrity.ts";
import { parseVersion, type VersionId } from "./layout.ts";
import { acquireLock } from "./lock.ts";
import { readPointer, switchPointer } from "./pointer.ts";
import type { PromotionDecision } from "./promotion-gate.ts";
import { recover } from "./recover.ts";
import type { OpOptions } from "./types.ts";

export type SwitchResult = { entry: HistoryEntry; recovered: string[] };

async function changeProduction(
  root: string,
  to: VersionId | ((history: HistoryEntry[], current: VersionId | null) => VersionId),
  action: HistoryEntry["action"],
  extra: { reason?: string; decision?: PromotionDecision },
  ops: OpOptions,
): Promise<SwitchResult> {
  await using _lock = await acquireLock(root, ops.clock());
  await ops.onStep?.("lock-acquired");
  const recovered = await recover(root);
  const pointer = await readPointer(root);
  if (pointer.state === "not-pointer") throw new RegistryError("POINTER_INVALID", `${root}/production is a directory or file, not a symlink to a version; move it aside first`);
  // A dangling or hand-edited pointer may be replaced: switching is how it gets fixed.
  const from = pointer.state === "ok" || pointer.state === "dangling" ? pointer.version : null;
  const target = typeof to === "function" ? to((await readHistory(root)).entries, from) : parseVersion(to).id;
  if (target === from) throw new RegistryError("INVALID_VERSION", `${target} is already production`);
  await assertVersionIntact(root, target);

  const entry: HistoryEntry = {
    id: randomId(),
    at: ops.clock().toISOString(),
    action,
    from,
    to: target,
    ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
    ...(extra.decision !== undefined ? { decision: extra.decision } : {}),
  };
  await writeJournal(root, entry);
  await ops.onStep?.("journal-written");
  await switchPointer(root, target, ops.onStep);
  await ops.onStep?.("pointer-switched");
  await appendHistory(root, entry);
  await ops.onStep?.("history-appended");
  await clearJournal(root);
  await ops.onStep?.("journal-cleared");
  return { entry, recovered };
}

/**
 * Make `version` production. Its hashes are checked first (HashMismatchError names the file).
 * With `decision` (from compareForPromotion) a refused candidate is not promoted (GATE_REFUSED).
 * @example await promote("models", "v2025/trained_2025-01-15", { clock: () => new Date(), reason: "annual retrain" })
 */
export async function promote(root: string, version: VersionId, opts: OpOptions & { reason?: string; decision?: PromotionDecision }): Promise<SwitchResult> {
  if (opts.decision !== undefined && !opts.decision.promote) {
    const failed = opts.decision.checks.filter((c) => !c.passed).map((c) => c.message);
    throw new RegistryError("GATE_REFUSED", `${version} not promoted: ${failed.join("; ")}`);
  }
  const extra = { ...(opts.reason !== undefined ? { reason: opts.reason } : {}), ...(opts.decision !== undefined ? { decision: opts.decision } : {}) };
  return changeProduction(root, version, "promote", extra, opts);
}

/**
 * The version to roll back to: the most recent earlier production version that is neither the
 * current one nor one that was itself rolled back away from. Pure.
 */
export function previousVersion(history: readonly HistoryEntry[], current: VersionId | null): VersionId {
  const rolledBack = new Set(history.filter((e) => e.action === "rollback" && e.from !== null).map((e) => e.from!));
  for (let i = history.length - 1; i >= 0; i--) {
    const v = history[i]!.from;
    if (v !== null && v !== current && !rolledBack.has(v)) return v;
  }
  throw new RegistryError("NO_PREVIOUS_VERSION", `no earlier production version to roll back to from ${current ?? "(none)"}; name one with --to`);
}

/**
 * Switch production back to the previous version (or `to`), recorded in history with the reason.
 * @example await rollback("models", { reason: "Sharpe < 0.5 for 30 days" }, { clock: () => new Date() })
 */
export async function rollback(root: string, req: { to?: VersionId; reason: string }, ops: OpOptions): Promise<SwitchResult> {
  return changeProduction(root, req.to ?? previousVersion, "rollback", { reason: req.reason }, ops);
}
