// registerVersion: copy a finished run into models/vYYYY/trained_YYYY-MM-DD/ with metadata.json,
// staged in models/.staging-<id>/ (fsynced) and published by one directory rename.
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { stringify } from "yaml";
import { RegistryError } from "./errors.ts";
import { writeNewFile } from "../io/index.ts";
import { copyDurable, fsyncDir, randomId, sha256File, sha256Text } from "./fsutil.ts";
import { CONFIG, METADATA, STAGING_PREFIX, versionDir, versionId } from "./layout.ts";
import { acquireLock } from "./lock.ts";
import { MetricsSchema, type Metadata, type MemberFile, type Metrics, type StoredFile } from "./metadata.ts";
import { recover } from "./recover.ts";
import { readSourceRun } from "./source.ts";
import type { OpOptions } from "./types.ts";

export type RegisterInput = {
  year: number;
  /** YYYY-MM-DD */
  trainedOn: string;
  /** A finished `train_ensemble` run: seed_<s>/member.safetensors, ensemble.json. */
  sourceRunDir: string;
  metrics: Metrics;
  /** The resolved configuration, written as config.yaml. */
  config: Record<string, unknown>;
  /** sha256 of the training data; defaults to the members' config.json `data_hash` (all must agree). */
  dataHash?: string;
  /** Defaults to the members' config.json `code_version`. */
  codeVersion?: string;
  /** Backtest result files, copied into backtest/. */
  backtestResults?: readonly string[];
  /** Refuse a run with another number of members (PRD 5.4: 5). */
  expectedMembers?: number;
};

function agreed(values: (string | undefined)[], given: string | undefined, what: string, dir: string): string {
  const seen = [...new Set(values.filter((v): v is string => v !== undefined))];
  if (given !== undefined) {
    if (seen.length > 0 && seen.some((v) => v !== given)) throw new RegistryError("SOURCE_INVALID", `${dir}: members record ${what} ${seen.join(", ")}, not the given ${given}`);
    return given;
  }
  if (seen.length !== 1) throw new RegistryError("SOURCE_INVALID", seen.length === 0 ? `${dir}: no ${what} in the members' config.json; pass it explicitly` : `${dir}: members disagree on ${what} (${seen.join(", ")})`);
  return seen[0]!;
}

async function stored(dir: string, file: string): Promise<StoredFile> {
  const path = join(dir, file);
  return { file, sha256: await sha256File(path), bytes: (await stat(path)).size };
}

/**
 * Register a trained ensemble as a new version. Nothing is visible in the registry until the final
 * rename; a crash leaves only a `.staging-*` directory, removed by the next operation or `verify --repair`.
 * @example await registerVersion("models", { year: 2025, trainedOn: "2025-01-15", sourceRunDir: "runs/r2025", metrics: { valSharpe: 1.2 }, config }, { clock: () => new Date() })
 */
export async function registerVersion(root: string, input: RegisterInput, ops: OpOptions): Promise<Metadata> {
  const version = versionId(input.year, input.trainedOn);
  const metrics = MetricsSchema.safeParse(input.metrics);
  if (!metrics.success) throw new RegistryError("SOURCE_INVALID", `metrics.${metrics.error.issues[0]!.path.join(".")}: ${metrics.error.issues[0]!.message}`);
  const src = await readSourceRun(input.sourceRunDir);
  if (input.expectedMembers !== undefined && src.members.length !== input.expectedMembers) {
    throw new RegistryError("SOURCE_INVALID", `${input.sourceRunDir} holds ${src.members.length} members, expected ${input.expectedMembers}`);
  }
  const dataHash = agreed(src.members.map((m) => m.dataHash), input.dataHash, "data_hash", input.sourceRunDir);
  const codeVersion = agreed(src.members.map((m) => m.codeVersion), input.codeVersion, "code_version", input.sourceRunDir);
  const backtest = input.backtestResults ?? [];
  if (new Set(backtest.map((p) => basename(p))).size !== backtest.length) throw new RegistryError("SOURCE_INVALID", "backtest result files must have distinct names");

  await mkdir(root, { recursive: true });
  await using _lock = await acquireLock(root, ops.clock());
  await ops.onStep?.("lock-acquired");
  await recover(root);
  const target = versionDir(root, version);
  if (await stat(target).then(() => true, () => false)) throw new RegistryError("VERSION_EXISTS", `${version} already exists (${target}); versions are never overwritten`);

  const staging = join(root, `${STAGING_PREFIX}${randomId()}`);
  await mkdir(staging);
  try {
    await ops.onStep?.("staging-created");
    const members: MemberFile[] = [];
    const files: StoredFile[] = [];
    const dirs = new Set<string>([staging]);
    for (const [i, m] of src.members.entries()) {
      const file = `model_${i + 1}.safetensors`;
      await copyDurable(m.path, join(staging, file));
      members.push({ ...(await stored(staging, file)), seed: m.seed });
      for (const [from, name] of [[m.log, "training_log.csv"], [m.config, "config.json"]] as const) {
        if (from === undefined) continue;
        const rel = `logs/seed_${m.seed}/${name}`;
        await mkdir(join(staging, "logs", `seed_${m.seed}`), { recursive: true });
        dirs.add(join(staging, "logs")).add(join(staging, "logs", `seed_${m.seed}`));
        await copyDurable(from, join(staging, rel));
        files.push(await stored(staging, rel));
      }
    }
    await mkdir(join(staging, "logs"), { recursive: true });
    dirs.add(join(staging, "logs"));
    await copyDurable(src.ensembleJson, join(staging, "logs", "ensemble.json"));
    files.push(await stored(staging, "logs/ensemble.json"));
    for (const p of backtest) {
      await mkdir(join(staging, "backtest"), { recursive: true });
      dirs.add(join(staging, "backtest"));
      await copyDurable(p, join(staging, "backtest", basename(p)));
      files.push(await stored(staging, `backtest/${basename(p)}`));
    }
    const configText = stringify(input.config);
    await writeNewFile(join(staging, CONFIG), configText);
    await ops.onStep?.("files-copied");

    const metadata: Metadata = {
      schema: 1,
      version,
      year: input.year,
      trainedOn: input.trainedOn,
      registeredAt: ops.clock().toISOString(),
      codeVersion,
      dataHash,
      config: { file: CONFIG, sha256: sha256Text(configText), bytes: Buffer.byteLength(configText, "utf8") },
      members,
      files,
      metrics: metrics.data,
      source: { runDir: input.sourceRunDir },
    };
    await writeNewFile(join(staging, METADATA), JSON.stringify(metadata, null, 2) + "\n");
    for (const d of dirs) await fsyncDir(d);
    await ops.onStep?.("metadata-written");

    const yearDir = join(root, `v${input.year}`);
    await mkdir(yearDir, { recursive: true });
    await fsyncDir(root);
    await rename(staging, target);
    await fsyncDir(yearDir);
    await fsyncDir(root);
    await ops.onStep?.("version-renamed");
    return metadata;
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}
