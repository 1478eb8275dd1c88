// models/.lock: one mutating operation at a time; a lock left by a killed process (dead pid) is taken over.
import { link, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { pidAlive } from "../io/index.ts";
import { RegistryLockedError } from "./errors.ts";
import { randomId } from "./fsutil.ts";
import { LOCK, TEMP_FILE_INFIX } from "./layout.ts";

async function lockOwner(path: string): Promise<number | undefined> {
  try {
    const doc = JSON.parse(await readFile(path, "utf8")) as { pid?: unknown };
    return typeof doc.pid === "number" ? doc.pid : undefined;
  } catch {
    return undefined; // unreadable or half-written by a killed process: treat as stale
  }
}

/**
 * Take the registry lock (O_EXCL create). A lock whose pid is dead (or whose file is unreadable) is
 * stale and removed. Same-host only: the pid check cannot see processes on other machines.
 */
export async function acquireLock(root: string, at: Date): Promise<AsyncDisposable> {
  const path = join(root, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // Write the full record to a temp file, then link(2) it into place: atomic and exclusive,
      // so no reader ever sees an empty lock of a live process.
      const tmp = `${path}${TEMP_FILE_INFIX}${randomId()}`;
      const fh = await open(tmp, "wx");
      await fh.writeFile(JSON.stringify({ pid: process.pid, at: at.toISOString() }));
      await fh.close();
      try {
        await link(tmp, path);
      } finally {
        await rm(tmp, { force: true });
      }
      return { [Symbol.asyncDispose]: async () => rm(path, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = await lockOwner(path);
      if (pid !== undefined && pid !== process.pid && pidAlive(pid)) throw new RegistryLockedError(path, pid);
      if (pid === process.pid) throw new RegistryLockedError(path, pid);
      await rm(path, { force: true });
    }
  }
  throw new RegistryLockedError(path, -1);
}
