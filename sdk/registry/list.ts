// Read-only views: list(root) for `t2 models list`, productionInfo(root) for the daily pipeline.
import { join } from "node:path";
import { RegistryError } from "./errors.ts";
import { readHistory, type HistoryEntry } from "./history.ts";
import { versionDir, type VersionId } from "./layout.ts";
import { readMetadata, type Metadata, type Metrics } from "./metadata.ts";
import { productionVersion, readPointer, type PointerState } from "./pointer.ts";
import { listVersionIds } from "./scan.ts";

export type VersionStatus = "production" | "rolled-back" | "retired" | "registered";

export type VersionSummary = {
  version: VersionId;
  status: VersionStatus;
  registeredAt?: string;
  members?: number;
  codeVersion?: string;
  dataHash?: string;
  metrics?: Metrics;
  /** Set when metadata.json is missing or invalid (run verify). */
  error?: string;
};

export type Listing = { pointer: PointerState; production: VersionId | null; versions: VersionSummary[]; history: HistoryEntry[] };

function statusOf(v: VersionId, current: VersionId | null, history: readonly HistoryEntry[]): VersionStatus {
  if (v === current) return "production";
  if (history.some((e) => e.action === "rollback" && e.from === v)) return "rolled-back";
  if (history.some((e) => e.to === v)) return "retired";
  return "registered";
}

export async function list(root: string): Promise<Listing> {
  const pointer = await readPointer(root);
  const production = pointer.state === "ok" ? pointer.version : null;
  const history = (await readHistory(root)).entries;
  const versions: VersionSummary[] = [];
  for (const v of await listVersionIds(root)) {
    const status = statusOf(v, production, history);
    try {
      const m = await readMetadata(root, v);
      versions.push({ version: v, status, registeredAt: m.registeredAt, members: m.members.length, codeVersion: m.codeVersion, dataHash: m.dataHash, metrics: m.metrics });
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      versions.push({ version: v, status, error: e.message });
    }
  }
  return { pointer, production, versions, history };
}

/** Day (YYYY-MM-DD, UTC) the current production version was last switched to, from the history. */
export function deployedOn(history: readonly HistoryEntry[], current: VersionId): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.to === current) return history[i]!.at.slice(0, 10);
  return undefined;
}

export type ProductionInfo = { version: VersionId; dir: string; members: string[]; config: string; metadata: Metadata; deployedOn: string | undefined };

/**
 * The production ensemble for the daily pipeline. Paths point into the resolved version directory
 * (not through the symlink), so a promotion during the run cannot mix members of two versions.
 */
export async function productionInfo(root: string): Promise<ProductionInfo> {
  const version = await productionVersion(root);
  if (version === null) throw new RegistryError("VERSION_NOT_FOUND", `${root} has no production version; promote one with \`t2 models promote\``);
  const metadata = await readMetadata(root, version);
  const dir = versionDir(root, version);
  const history = (await readHistory(root)).entries;
  return { version, dir, members: metadata.members.map((m) => join(dir, m.file)), config: join(dir, metadata.config.file), metadata, deployedOn: deployedOn(history, version) };
}
