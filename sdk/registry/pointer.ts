// The production pointer: `models/production` is a relative symlink to `vYYYY/trained_YYYY-MM-DD`,
// switched by renaming a new symlink over it (rename(2) replaces it atomically).
import { lstat, readlink, rename, rm, stat, symlink } from "node:fs/promises";
import { join } from "node:path";
import { RegistryError } from "./errors.ts";
import { fsyncDir, randomId } from "./fsutil.ts";
import { parseVersion, PRODUCTION, TEMP_POINTER_PREFIX, versionDir, type VersionId } from "./layout.ts";
import type { StepHook } from "./types.ts";

export type PointerState =
  | { state: "none" }
  | { state: "ok"; version: VersionId }
  /** The symlink names a version whose directory is missing. */
  | { state: "dangling"; version: VersionId }
  /** The symlink's target is not a version id (edited by hand). */
  | { state: "invalid"; target: string }
  /** `production` is a real directory or file, not a pointer. */
  | { state: "not-pointer" };

export async function readPointer(root: string): Promise<PointerState> {
  const path = join(root, PRODUCTION);
  try {
    const st = await lstat(path);
    if (!st.isSymbolicLink()) return { state: "not-pointer" };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { state: "none" };
    throw e;
  }
  const target = await readlink(path);
  let version: VersionId;
  try {
    version = parseVersion(target).id;
  } catch {
    return { state: "invalid", target };
  }
  try {
    if (!(await stat(versionDir(root, version))).isDirectory()) return { state: "dangling", version };
  } catch {
    return { state: "dangling", version };
  }
  return { state: "ok", version };
}

/** The current production version, or null when none is set; throws POINTER_INVALID otherwise. */
export async function productionVersion(root: string): Promise<VersionId | null> {
  const p = await readPointer(root);
  switch (p.state) {
    case "none":
      return null;
    case "ok":
      return p.version;
    case "dangling":
      throw new RegistryError("POINTER_INVALID", `${join(root, PRODUCTION)} points to ${p.version}, which does not exist`);
    case "invalid":
      throw new RegistryError("POINTER_INVALID", `${join(root, PRODUCTION)} points to "${p.target}", not a version id`);
    case "not-pointer":
      throw new RegistryError("POINTER_INVALID", `${join(root, PRODUCTION)} is a directory or file, not a symlink to a version; move it aside`);
  }
}

/** Point production at `version`: new symlink beside it, then one rename over the old one. */
export async function switchPointer(root: string, version: VersionId, onStep?: StepHook): Promise<void> {
  const tmp = join(root, `${TEMP_POINTER_PREFIX}${randomId()}`);
  await symlink(parseVersion(version).id, tmp);
  try {
    await onStep?.("temp-pointer-created");
    await rename(tmp, join(root, PRODUCTION));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(root);
}
