// registerVersion: layout, metadata hashes, and refusals of bad sources.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readMetadata, registerVersion, RegistryError } from "../../../sdk/registry/index.ts";
import { DATA_HASH, fakeRun, stepClock, tempDir } from "./helpers.ts";

const sha = (p: string): string => createHash("sha256").update(readFileSync(p)).digest("hex");

describe("registerVersion", () => {
  it("copies members, logs, ensemble.json and backtest results with sha256 of each into vYYYY/trained_DATE", async () => {
    using tmp = tempDir();
    const root = join(tmp.path, "models");
    const run = fakeRun(join(tmp.path, "run"), [3, 0, 1]);
    const bt = join(tmp.path, "backtest_results.json");
    writeFileSync(bt, '{"sharpe":1.2}');
    const m = await registerVersion(root, { year: 2025, trainedOn: "2025-01-15", sourceRunDir: run, metrics: { valSharpe: 1.25, valIc: 0.06 }, config: { model: { hidden: 16 } }, backtestResults: [bt] }, { clock: stepClock() });
    const dir = join(root, "v2025", "trained_2025-01-15");
    expect(m.version).toBe("v2025/trained_2025-01-15");
    expect(m.registeredAt).toBe("2025-01-20T08:01:00.000Z"); // second tick: the first one stamps the lock
    expect(m.members.map((x) => [x.file, x.seed])).toEqual([["model_1.safetensors", 0], ["model_2.safetensors", 1], ["model_3.safetensors", 3]]);
    expect(m.members[0]!.sha256).toBe(sha(join(run, "seed_0", "member.safetensors")));
    expect(m.members[2]!.sha256).toBe(sha(join(dir, "model_3.safetensors")));
    expect(m.config.sha256).toBe(sha(join(dir, "config.yaml")));
    expect(readFileSync(join(dir, "config.yaml"), "utf8")).toBe("model:\n  hidden: 16\n");
    expect(m.files.map((f) => f.file).sort()).toEqual(["backtest/backtest_results.json", "logs/ensemble.json", "logs/seed_0/config.json", "logs/seed_0/training_log.csv", "logs/seed_1/config.json", "logs/seed_1/training_log.csv", "logs/seed_3/config.json", "logs/seed_3/training_log.csv"]);
    expect(m).toMatchObject({ dataHash: DATA_HASH, codeVersion: "git:abc1234", metrics: { valSharpe: 1.25, valIc: 0.06 }, source: { runDir: run } });
    expect(await readMetadata(root, m.version)).toEqual(m);
    expect(readdirSync(root).sort()).toEqual(["v2025"]); // no staging dir, no lock left behind
  });

  it("refuses to overwrite an existing version", async () => {
    using tmp = tempDir();
    const root = join(tmp.path, "models");
    const run = fakeRun(join(tmp.path, "run"));
    const input = { year: 2025, trainedOn: "2025-01-15", sourceRunDir: run, metrics: {}, config: {} };
    await registerVersion(root, input, { clock: stepClock() });
    await expect(registerVersion(root, input, { clock: stepClock() })).rejects.toThrow(/v2025\/trained_2025-01-15 already exists/);
  });

  it("names the problem of a bad source run", async () => {
    using tmp = tempDir();
    const root = join(tmp.path, "models");
    const ops = { clock: stepClock() };
    const base = { year: 2025, trainedOn: "2025-01-15", metrics: {}, config: {} };
    const unfinished = fakeRun(join(tmp.path, "unfinished"));
    writeFileSync(join(unfinished, "ensemble.json"), JSON.stringify({ members: [join(unfinished, "seed_0", "member.safetensors")] }));
    await expect(registerVersion(root, { ...base, sourceRunDir: unfinished }, ops)).rejects.toThrow(/lists members \[seed_0\] but .* holds \[seed_0,seed_1,seed_2\]/);
    const mixed = fakeRun(join(tmp.path, "mixed"), [0, 1], { dataHash: (s) => (s === 0 ? DATA_HASH : "b".repeat(64)) });
    await expect(registerVersion(root, { ...base, sourceRunDir: mixed }, ops)).rejects.toThrow(/members disagree on data_hash/);
    const run = fakeRun(join(tmp.path, "run"));
    await expect(registerVersion(root, { ...base, sourceRunDir: run, dataHash: "c".repeat(64) }, ops)).rejects.toThrow(/not the given c{64}/);
    await expect(registerVersion(root, { ...base, sourceRunDir: run, expectedMembers: 5 }, ops)).rejects.toThrow(/holds 3 members, expected 5/);
    await expect(registerVersion(root, { ...base, sourceRunDir: run, metrics: { valSharpe: Number.NaN } }, ops)).rejects.toThrow(/metrics.valSharpe: .*NaN/);
    await expect(registerVersion(root, { ...base, sourceRunDir: run, trainedOn: "2025-02-30" }, ops)).rejects.toBeInstanceOf(RegistryError);
    await expect(registerVersion(root, { ...base, sourceRunDir: join(tmp.path, "nope") }, ops)).rejects.toThrow(/does not exist/);
    expect(existsSync(join(root, "v2025"))).toBe(false);
  });
});
