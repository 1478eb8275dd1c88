// Recovery after a crash: finish or drop a journaled pointer change, cut a torn history line,
// remove half-written staging entries. Runs (under the lock) before every mutating operation.
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { pidAlive } from "../io/index.ts";
import { appendHistory, clearJournal, readHistory, readJournal, truncateHistory, type Journal } from "./history.ts";
import { ARCHIVE, LOCK, STAGING_PREFIX, TEMP_FILE_INFIX, TEMP_POINTER_PREFIX } from "./layout.ts";
import { readPointer, type PointerState } from "./pointer.ts";

/** Half-written entries: staging dirs, temp pointers, temp files of atomic writes, dead locks' temps. */
export async function findLeftovers(root: string): Promise<string[]> {
  const out: string[] = [];
  const scan = async (dir: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (name.startsWith(`${LOCK}${TEMP_FILE_INFIX}`)) {
        // A live process may be between writing and linking its lock: only a dead owner's temp is a leftover.
        const pid = await readFile(path, "utf8").then((t) => (JSON.parse(t) as { pid?: number }).pid, () => undefined);
        if (typeof pid === "number" && !pidAlive(pid)) out.push(path);
      } else if (name.startsWith(STAGING_PREFIX) || name.startsWith(TEMP_POINTER_PREFIX) || name.includes(TEMP_FILE_INFIX)) {
        out.push(path);
      }
    }
  };
  await scan(root);
  await scan(join(root, ARCHIVE));
  return out;
}

/** What a journal left by a crash means, given where the pointer is now. */
export function journalOutcome(j: Journal, pointer: PointerState): "completed" | "not-started" | "unknown" {
  const current = pointer.state === "ok" || pointer.state === "dangling" ? pointer.version : pointer.state === "none" ? null : undefined;
  if (current === j.to) return "completed";
  if (current === j.from) return "not-started";
  return "unknown";
}

/**
 * Bring the registry back to a consistent state. Must run under the lock. Returns one line per action.
 * A switched pointer whose history entry is missing gets the journaled entry (marked `recovered`);
 * a journal whose switch never happened is dropped. Nothing else is deleted but temp/staging entries.
 */
export async function recover(root: string): Promise<string[]> {
  const actions: string[] = [];
  const hist = await readHistory(root);
  if (hist.tornTail) {
    await truncateHistory(root, hist.validBytes);
    actions.push("cut a torn last line of archive/history.jsonl");
  }
  const j = await readJournal(root);
  if (j !== undefined) {
    const outcome = journalOutcome(j, await readPointer(root));
    if (outcome === "completed") {
      if (!hist.entries.some((e) => e.id === j.id)) {
        await appendHistory(root, { ...j, recovered: true });
        actions.push(`completed interrupted ${j.action} to ${j.to} (history entry recovered)`);
      } else {
        actions.push(`cleared the journal of completed ${j.action} to ${j.to}`);
      }
    } else {
      actions.push(`dropped interrupted ${j.action} to ${j.to} (production unchanged)`);
    }
    await clearJournal(root);
  }
  for (const path of await findLeftovers(root)) {
    await rm(path, { recursive: true, force: true });
    actions.push(`removed half-written ${path}`);
  }
  return actions;
}
