// Registry layout on disk: names of the pointer, archive, lock, journal and staging entries, and version ids.
import { join } from "node:path";
import { isIsoDate } from "../data/index.ts";
import { RegistryError } from "./errors.ts";

/** `models/production`: a relative symlink to the production version directory. */
export const PRODUCTION = "production";
export const ARCHIVE = "archive";
/** Append-only JSON lines, one per pointer change (promote / rollback). */
export const HISTORY = "archive/history.jsonl";
/** Write-ahead record of a pointer change in progress; present only between the two write steps. */
export const JOURNAL = "archive/pending.json";
export const LOCK = ".lock";
export const METADATA = "metadata.json";
export const CONFIG = "config.yaml";
/** Prefixes of half-written entries; only ever created inside the root, cleaned by recovery. */
export const STAGING_PREFIX = ".staging-";
export const TEMP_POINTER_PREFIX = ".production.tmp-";
export const TEMP_FILE_INFIX = ".tmp-";

/** A version id: `vYYYY/trained_YYYY-MM-DD` (the directory, relative to the root). */
export type VersionId = string;

const VERSION_RE = /^v(\d{4})\/trained_(\d{4}-\d{2}-\d{2})$/;
export { isIsoDate };

export function versionId(year: number, trainedOn: string): VersionId {
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new RegistryError("INVALID_VERSION", `year must be a 4-digit integer, got ${year}`);
  if (!isIsoDate(trainedOn)) throw new RegistryError("INVALID_VERSION", `trainedOn must be a YYYY-MM-DD date, got "${trainedOn}"`);
  return `v${year}/trained_${trainedOn}`;
}

/** Parse `vYYYY/trained_YYYY-MM-DD` (a trailing slash is tolerated). Throws INVALID_VERSION. */
export function parseVersion(id: string): { year: number; trainedOn: string; id: VersionId } {
  const clean = id.replace(/\/+$/, "");
  const m = VERSION_RE.exec(clean);
  if (!m || !isIsoDate(m[2]!)) {
    throw new RegistryError("INVALID_VERSION", `"${id}" is not a version id (expected vYYYY/trained_YYYY-MM-DD)`);
  }
  return { year: Number(m[1]), trainedOn: m[2]!, id: clean };
}

export function versionDir(root: string, id: VersionId): string {
  return join(root, ...parseVersion(id).id.split("/"));
}
