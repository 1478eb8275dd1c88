// verify(root): recompute every hash, check the pointer, history, journal and leftovers;
// with `repair`, run recovery first (never touches version contents: a wrong hash stays an error).
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { readHistory, readJournal } from "./history.ts";
import { checkVersion, type Issue } from "./integrity.ts";
import { HISTORY, JOURNAL, LOCK, PRODUCTION } from "./layout.ts";
import { acquireLock } from "./lock.ts";
import { readPointer } from "./pointer.ts";
import { findLeftovers, journalOutcome, recover } from "./recover.ts";
import { listVersionIds } from "./scan.ts";
import type { Clock } from "./types.ts";

export type VerifyReport = {
  /** No error-severity issue. */
  ok: boolean;
  issues: Issue[];
  /** Actions taken by --repair. */
  repaired: string[];
  versionsChecked: number;
};

async function staleLock(root: string): Promise<Issue | undefined> {
  const path = join(root, LOCK);
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const pid = ((): number | undefined => {
    try {
      return (JSON.parse(text) as { pid?: number }).pid;
    } catch {
      return undefined;
    }
  })();
  try {
    if (pid !== undefined) process.kill(pid, 0);
    if (pid !== undefined) return undefined; // held by a live process: an operation is running
  } catch {
    /* dead owner */
  }
  return { code: "STALE_LOCK", severity: "warning", message: `${path} was left by dead pid ${pid ?? "?"}`, path, repairable: true };
}

async function check(root: string): Promise<Omit<VerifyReport, "repaired">> {
  const issues: Issue[] = [];
  if (!(await stat(root).then((s) => s.isDirectory(), () => false))) {
    return { ok: true, versionsChecked: 0, issues: [{ code: "NO_PRODUCTION", severity: "info", message: `${root} does not exist (empty registry)`, path: root, repairable: false }] };
  }
  const pointer = await readPointer(root);
  const pPath = join(root, PRODUCTION);
  if (pointer.state === "none") issues.push({ code: "NO_PRODUCTION", severity: "info", message: "no production version yet", path: pPath, repairable: false });
  if (pointer.state === "dangling") issues.push({ code: "POINTER_DANGLING", severity: "error", message: `production points to ${pointer.version}, which does not exist`, path: pPath, version: pointer.version, repairable: false });
  if (pointer.state === "invalid") issues.push({ code: "POINTER_INVALID", severity: "error", message: `production points to "${pointer.target}", not a version id`, path: pPath, repairable: false });
  if (pointer.state === "not-pointer") issues.push({ code: "POINTER_INVALID", severity: "error", message: "production is a directory or file, not a symlink to a version", path: pPath, repairable: false });

  const journal = await readJournal(root);
  if (journal !== undefined) {
    const outcome = journalOutcome(journal, pointer);
    issues.push({ code: "INTERRUPTED_OPERATION", severity: "error", message: `interrupted ${journal.action} ${journal.from ?? "(none)"} -> ${journal.to}: production ${outcome === "completed" ? "was switched, history entry pending" : "was not switched"}`, path: join(root, JOURNAL), repairable: true });
  }
  const hist = await readHistory(root);
  if (hist.tornTail) issues.push({ code: "HISTORY_TORN", severity: "warning", message: "the last line of archive/history.jsonl is torn (append cut by a crash)", path: join(root, HISTORY), repairable: true });
  const last = hist.entries.at(-1);
  const current = pointer.state === "ok" ? pointer.version : null;
  if (journal === undefined && pointer.state === "ok" && last?.to !== current) {
    issues.push({ code: "HISTORY_MISMATCH", severity: "warning", message: `production is ${current} but the last history entry points to ${last?.to ?? "(none)"} (pointer changed outside t2?)`, path: join(root, HISTORY), repairable: false });
  }
  for (const path of await findLeftovers(root)) {
    issues.push({ code: "STAGING_LEFTOVER", severity: "warning", message: `half-written ${path} (from an interrupted operation)`, path, repairable: true });
  }
  const lock = await staleLock(root);
  if (lock) issues.push(lock);

  const versions = await listVersionIds(root);
  for (const v of versions) {
    const { issues: vi } = await checkVersion(root, v);
    issues.push(...vi);
    if (v === current && vi.some((i) => i.severity === "error")) {
      issues.push({ code: "PRODUCTION_CORRUPT", severity: "error", message: `production version ${v} failed verification; roll back with \`t2 models rollback\``, path: pPath, version: v, repairable: false });
    }
  }
  return { ok: !issues.some((i) => i.severity === "error"), issues, versionsChecked: versions.length };
}

/**
 * Verify the whole registry. `repair` (needs the clock for the lock record) first finishes or drops an
 * interrupted pointer change, cuts a torn history line, removes staging leftovers, then re-checks.
 * @example const r = await verify("models"); if (!r.ok) for (const i of r.issues) console.error(i.message);
 */
export async function verify(root: string, opts: { repair?: { clock: Clock } } = {}): Promise<VerifyReport> {
  const repaired: string[] = [];
  if (opts.repair && (await stat(root).then(() => true, () => false))) {
    await using _lock = await acquireLock(root, opts.repair.clock());
    repaired.push(...(await recover(root)));
  }
  return { ...(await check(root)), repaired };
}
