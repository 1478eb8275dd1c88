// Integrity of one version: recompute every recorded sha256 and size; list what differs.
import { readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { HashMismatchError, RegistryError } from "./errors.ts";
import { sha256File } from "./fsutil.ts";
import { METADATA, versionDir, type VersionId } from "./layout.ts";
import { allFiles, readMetadata, type Metadata } from "./metadata.ts";

export type IssueCode =
  | "HASH_MISMATCH"
  | "FILE_MISSING"
  | "SIZE_MISMATCH"
  | "UNLISTED_FILE"
  | "METADATA_INVALID"
  | "POINTER_DANGLING"
  | "POINTER_INVALID"
  | "NO_PRODUCTION"
  | "INTERRUPTED_OPERATION"
  | "STAGING_LEFTOVER"
  | "STALE_LOCK"
  | "HISTORY_TORN"
  | "HISTORY_MISMATCH"
  | "PRODUCTION_CORRUPT";

export type Issue = {
  code: IssueCode;
  severity: "error" | "warning" | "info";
  message: string;
  path: string;
  version?: VersionId;
  file?: string;
  expected?: string;
  actual?: string;
  /** verify --repair (or the next mutating operation) fixes it. */
  repairable: boolean;
};

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

/** Issues of one version (empty = intact). Reads every file once. */
export async function checkVersion(root: string, version: VersionId): Promise<{ metadata?: Metadata; issues: Issue[] }> {
  const dir = versionDir(root, version);
  let metadata: Metadata;
  try {
    metadata = await readMetadata(root, version);
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    return { issues: [{ code: "METADATA_INVALID", severity: "error", message: e.message, path: join(dir, METADATA), version, repairable: false }] };
  }
  const issues: Issue[] = [];
  for (const f of allFiles(metadata)) {
    const path = join(dir, f.file);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      issues.push({ code: "FILE_MISSING", severity: "error", message: `${version}: ${f.file} is missing`, path, version, file: f.file, repairable: false });
      continue;
    }
    const actual = await sha256File(path);
    if (actual !== f.sha256) {
      const err = new HashMismatchError(version, f.file, f.sha256, actual);
      issues.push({ code: "HASH_MISMATCH", severity: "error", message: err.message, path, version, file: f.file, expected: f.sha256, actual, repairable: false });
    } else if (size !== f.bytes) {
      issues.push({ code: "SIZE_MISMATCH", severity: "error", message: `${version}: ${f.file} has ${size} bytes, metadata.json expects ${f.bytes}`, path, version, file: f.file, expected: String(f.bytes), actual: String(size), repairable: false });
    }
  }
  const listed = new Set([METADATA, ...allFiles(metadata).map((f) => f.file)]);
  for (const p of await walk(dir)) {
    const rel = relative(dir, p);
    if (!listed.has(rel)) issues.push({ code: "UNLISTED_FILE", severity: "warning", message: `${version}: ${rel} is not listed in metadata.json`, path: p, version, file: rel, repairable: false });
  }
  return { metadata, issues };
}

/** Throw the first integrity problem of a version as a typed error (HashMismatchError for a wrong hash). */
export async function assertVersionIntact(root: string, version: VersionId): Promise<Metadata> {
  const dir = versionDir(root, version);
  const exists = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!exists) throw new RegistryError("VERSION_NOT_FOUND", `${version} is not in the registry (${dir} missing)`);
  const { metadata, issues } = await checkVersion(root, version);
  const bad = issues.find((i) => i.severity === "error");
  if (bad?.code === "HASH_MISMATCH") throw new HashMismatchError(version, bad.file!, bad.expected!, bad.actual!);
  if (bad) throw new RegistryError(bad.code === "METADATA_INVALID" ? "METADATA_INVALID" : "HASH_MISMATCH", bad.message);
  return metadata!;
}
