// sdk/io: atomic file writes for every report, state file, cache entry, registry journal and result the SDK writes:
// a temporary file in the same folder, fsync, rename over the target, fsync the folder, so a reader (or a crash)
// sees the old file or the new one, and the rename itself survives a power loss.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";

/** Options of {@link writeAtomicAsync}. */
export interface AtomicWriteOptions {
  /** Temporary file for `file` (default: a hidden `.name.pid.random.tmp` beside it); must be in the same folder. */
  readonly tempName?: (file: string) => string;
}

function defaultTemp(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

function fsyncFolderSync(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync a file or folder (a folder: so a rename or a new entry in it survives a power loss). */
export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes `data` to `file` atomically (creating the folder); synchronous. */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = defaultTemp(file);
  const fd = openSync(tmp, "wx");
  try {
    writeSync(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  fsyncFolderSync(dir);
}

/** `writeAtomic` of pretty-printed JSON with a trailing newline. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Write a new file (fails if it exists) and fsync it. */
export async function writeNewFile(path: string, data: string | Uint8Array): Promise<void> {
  const fh = await open(path, "wx");
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Asynchronous {@link writeAtomic}; the folder must exist. */
export async function writeAtomicAsync(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const tmp = (opts.tempName ?? defaultTemp)(file);
  await writeNewFile(tmp, data);
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await fsyncPath(dirname(file));
}
