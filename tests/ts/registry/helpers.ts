// Test helpers for the registry: temp roots, fake finished training runs, a fixed clock.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerVersion, type Clock } from "../../../sdk/registry/index.ts";

export const DATA_HASH = "a".repeat(64);

export function tempDir(): { path: string } & Disposable {
  const path = mkdtempSync(join(tmpdir(), "t2-registry-"));
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) };
}

/** A clock that advances one minute per call from `start`. */
export function stepClock(start = "2025-01-20T08:00:00.000Z"): Clock {
  let t = Date.parse(start);
  return () => {
    const d = new Date(t);
    t += 60_000;
    return d;
  };
}

/** A finished train_ensemble run: seed_<s>/{member.safetensors,training_log.csv,config.json} + ensemble.json. */
export function fakeRun(dir: string, seeds: readonly number[] = [0, 1, 2], opts: { dataHash?: (seed: number) => string; bytes?: number } = {}): string {
  mkdirSync(dir, { recursive: true });
  const members: string[] = [];
  for (const s of seeds) {
    const d = join(dir, `seed_${s}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, "member.safetensors"), randomBytes(opts.bytes ?? 4096));
    writeFileSync(join(d, "training_log.csv"), `epoch,loss,val_sharpe\n1,0.5,${s / 10}\n`);
    writeFileSync(join(d, "config.json"), JSON.stringify({ seed: s, data_hash: opts.dataHash?.(s) ?? DATA_HASH, code_version: "git:abc1234" }));
    members.push(join(d, "member.safetensors"));
  }
  writeFileSync(join(dir, "ensemble.json"), JSON.stringify({ members, metrics: [], ensemble_val_sharpe: 1.1 }));
  return dir;
}

/** Register a fake run as v<year>/trained_<date>. */
export async function registerFake(root: string, scratch: string, year: number, trainedOn: string, clock: Clock, valSharpe = 1): Promise<string> {
  const run = fakeRun(join(scratch, `run-${trainedOn}`));
  const m = await registerVersion(root, { year, trainedOn, sourceRunDir: run, metrics: { valSharpe }, config: { model: { hidden: 16 }, seeds: [0, 1, 2] } }, { clock });
  return m.version;
}
