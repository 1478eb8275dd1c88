// archive/history.jsonl (append-only record of pointer changes) and archive/pending.json (the journal).
import { appendFile, mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { RegistryError } from "./errors.ts";
import { atomicWrite, fsyncDir } from "./fsutil.ts";
import { ARCHIVE, HISTORY, JOURNAL } from "./layout.ts";

export const HistoryEntrySchema = z.strictObject({
  /** Operation id, shared with the journal so recovery never appends an entry twice. */
  id: z.string(),
  at: z.string(),
  action: z.enum(["promote", "rollback"]),
  from: z.string().nullable(),
  to: z.string(),
  reason: z.string().optional(),
  /** The retraining gate's decision, when the promotion went through it. */
  decision: z.unknown().optional(),
  /** Set by recovery when the entry was written after a crash. */
  recovered: z.boolean().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export type HistoryRead = {
  entries: HistoryEntry[];
  /** A torn last line (a crash during the append): ignored, reported by verify, cut by repair. */
  tornTail: boolean;
  /** Byte length of the valid prefix (for repair). */
  validBytes: number;
};

export async function readHistory(root: string): Promise<HistoryRead> {
  let text: string;
  try {
    text = await readFile(join(root, HISTORY), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], tornTail: false, validBytes: 0 };
    throw e;
  }
  const lines = text.split("\n");
  // Every complete entry ends with "\n"; a last piece without one is an append cut short by a crash.
  const tail = lines.pop()!;
  const entries: HistoryEntry[] = [];
  let offset = 0;
  for (const [i, line] of lines.entries()) {
    let r: ReturnType<typeof HistoryEntrySchema.safeParse> | undefined;
    try {
      r = HistoryEntrySchema.safeParse(JSON.parse(line));
    } catch {
      r = undefined;
    }
    if (!r?.success) throw new RegistryError("METADATA_INVALID", `${join(root, HISTORY)}: line ${i + 1} is not a history entry`);
    entries.push(r.data);
    offset += Buffer.byteLength(line, "utf8") + 1;
  }
  return { entries, tornTail: tail !== "", validBytes: offset };
}

/** Append one entry as a single write (O_APPEND) and fsync. */
export async function appendHistory(root: string, entry: HistoryEntry): Promise<void> {
  await mkdir(join(root, ARCHIVE), { recursive: true });
  const path = join(root, HISTORY);
  await appendFile(path, JSON.stringify(HistoryEntrySchema.parse(entry)) + "\n", { flag: "a" });
  const fh = await open(path, "r+");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Cut a torn last line. */
export async function truncateHistory(root: string, validBytes: number): Promise<void> {
  const fh = await open(join(root, HISTORY), "r+");
  try {
    await fh.truncate(validBytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The intent of a pointer change: the history entry it will append once the pointer is switched. */
export type Journal = HistoryEntry;

export async function writeJournal(root: string, j: Journal): Promise<void> {
  await mkdir(join(root, ARCHIVE), { recursive: true });
  await atomicWrite(join(root, JOURNAL), JSON.stringify(j, null, 2) + "\n");
}

export async function readJournal(root: string): Promise<Journal | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, JOURNAL), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  const r = HistoryEntrySchema.safeParse(JSON.parse(text));
  if (!r.success) throw new RegistryError("METADATA_INVALID", `${join(root, JOURNAL)}: not a journal record`);
  return r.data;
}

export async function clearJournal(root: string): Promise<void> {
  await rm(join(root, JOURNAL), { force: true });
  await fsyncDir(join(root, ARCHIVE));
}
