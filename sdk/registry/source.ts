// Reading a finished training run directory: seed_<s>/member.safetensors (+ logs, config.json) and ensemble.json.
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { RegistryError } from "./errors.ts";

export type SourceMember = { seed: number; path: string; log?: string; config?: string; dataHash?: string; codeVersion?: string };
export type SourceRun = { dir: string; members: SourceMember[]; ensembleJson: string };

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

/** Members of a finished run, ordered by seed. SOURCE_INVALID names what is missing or inconsistent. */
export async function readSourceRun(dir: string): Promise<SourceRun> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new RegistryError("SOURCE_INVALID", `run directory ${dir} does not exist`);
  }
  const ensembleJson = join(dir, "ensemble.json");
  if (!(await exists(ensembleJson))) {
    throw new RegistryError("SOURCE_INVALID", `${ensembleJson} is missing: the run did not finish (train_ensemble writes it last)`);
  }
  const members: SourceMember[] = [];
  for (const name of names) {
    const m = /^seed_(\d+)$/.exec(name);
    if (!m) continue;
    const path = join(dir, name, "member.safetensors");
    if (!(await exists(path))) continue;
    const member: SourceMember = { seed: Number(m[1]), path };
    const log = join(dir, name, "training_log.csv");
    if (await exists(log)) member.log = log;
    const config = join(dir, name, "config.json");
    if (await exists(config)) {
      member.config = config;
      const doc = JSON.parse(await readFile(config, "utf8")) as { data_hash?: unknown; code_version?: unknown };
      if (typeof doc.data_hash === "string") member.dataHash = doc.data_hash;
      if (typeof doc.code_version === "string") member.codeVersion = doc.code_version;
    }
    members.push(member);
  }
  members.sort((a, b) => a.seed - b.seed);
  if (members.length === 0) throw new RegistryError("SOURCE_INVALID", `no seed_<s>/member.safetensors in ${dir}`);

  // ensemble.json lists the member paths the ensemble was scored with: they must be exactly these seeds.
  let listed: string[];
  try {
    const doc = JSON.parse(await readFile(ensembleJson, "utf8")) as { members?: unknown };
    if (!Array.isArray(doc.members) || !doc.members.every((p) => typeof p === "string")) throw new Error("no members list");
    listed = doc.members as string[];
  } catch (e) {
    throw new RegistryError("SOURCE_INVALID", `${ensembleJson}: ${(e as Error).message}`);
  }
  const listedSeeds = listed.map((p) => basename(dirname(p))).sort().join(",");
  const foundSeeds = members.map((m) => `seed_${m.seed}`).sort().join(",");
  if (listedSeeds !== foundSeeds) {
    throw new RegistryError("SOURCE_INVALID", `${ensembleJson} lists members [${listedSeeds}] but ${dir} holds [${foundSeeds}]`);
  }
  return { dir, members, ensembleJson };
}
