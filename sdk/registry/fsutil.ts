// Durable file primitives: streamed sha256, fsync of files and directories, atomic write, copy + fsync.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fsyncPath, writeAtomicAsync } from "../io/index.ts";
import { TEMP_FILE_INFIX } from "./layout.ts";

/** sha256 of a file, streamed (members may be large). */
export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  await pipeline(createReadStream(path), h);
  return h.digest("hex");
}

export function sha256Text(s: string | Uint8Array): string {
  return createHash("sha256").update(s).digest("hex");
}

export function randomId(): string {
  return randomBytes(6).toString("hex");
}

/** fsync a directory so a rename or a new entry in it survives a power loss. */
export const fsyncDir = fsyncPath;

/** Write a file atomically (sdk/io): temp file beside it named with TEMP_FILE_INFIX (so `verify --repair` finds leftovers), fsync, rename, fsync the directory. */
export async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  await writeAtomicAsync(path, data, { tempName: (p) => join(dirname(p), `${basename(p)}${TEMP_FILE_INFIX}${randomId()}`) });
}

/** Copy a file and fsync the copy. */
export async function copyDurable(src: string, dst: string): Promise<void> {
  await copyFile(src, dst);
  await fsyncPath(dst);
}
