// metadata.json of a version: schema (zod, strict), reader naming the file on any problem.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { RegistryError } from "./errors.ts";
import { METADATA, versionDir, type VersionId } from "./layout.ts";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a lowercase hex sha256");

/** One stored file: path relative to the version directory, its sha256 and size. */
export const StoredFileSchema = z.strictObject({ file: z.string().min(1), sha256: Sha256, bytes: z.number().int().nonnegative() });
export type StoredFile = z.infer<typeof StoredFileSchema>;

export const MemberFileSchema = StoredFileSchema.extend({ seed: z.number().int().nullable() });
export type MemberFile = z.infer<typeof MemberFileSchema>;

/** Metrics recorded at registration (e.g. valSharpe, valIc, backtest Sharpe); finite numbers only. */
export const MetricsSchema = z.record(z.string(), z.number().refine(Number.isFinite, "must be finite"));
export type Metrics = z.infer<typeof MetricsSchema>;

export const MetadataSchema = z.strictObject({
  schema: z.literal(1),
  version: z.string(),
  year: z.number().int(),
  trainedOn: z.string(),
  /** ISO timestamp from the injected clock. */
  registeredAt: z.string(),
  codeVersion: z.string(),
  /** sha256 of the training data (as written by the trainer into config.json). */
  dataHash: z.string(),
  config: StoredFileSchema,
  members: z.array(MemberFileSchema).min(1),
  /** Logs, the source ensemble.json, backtest results. */
  files: z.array(StoredFileSchema),
  metrics: MetricsSchema,
  source: z.strictObject({ runDir: z.string() }),
});
export type Metadata = z.infer<typeof MetadataSchema>;

/** Read and validate `<version>/metadata.json`; METADATA_INVALID names the file and the field. */
export async function readMetadata(root: string, version: VersionId): Promise<Metadata> {
  const path = join(versionDir(root, version), METADATA);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RegistryError(code === "ENOENT" ? "VERSION_NOT_FOUND" : "METADATA_INVALID", `${path}: ${code === "ENOENT" ? "missing (no such version or not a registered version)" : (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new RegistryError("METADATA_INVALID", `${path}: not JSON (${(e as Error).message})`);
  }
  const parsed = MetadataSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new RegistryError("METADATA_INVALID", `${path}: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  if (parsed.data.version !== version) {
    throw new RegistryError("METADATA_INVALID", `${path}: records version "${parsed.data.version}" but lies in ${version}`);
  }
  return parsed.data;
}

/** Every stored file of a version (config, members, others), for hashing. */
export function allFiles(m: Metadata): StoredFile[] {
  return [m.config, ...m.members, ...m.files];
}
