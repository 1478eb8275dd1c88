// promote / rollback / list / history / verify on a temp registry.
import { appendFileSync, existsSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashMismatchError, list, previousVersion, productionInfo, promote, readHistory, rollback, verify, type HistoryEntry } from "../../../sdk/registry/index.ts";
import { registerFake, stepClock, tempDir } from "./helpers.ts";

async function threeVersions(tmp: string) {
  const root = join(tmp, "models");
  const clock = stepClock();
  const a = await registerFake(root, tmp, 2023, "2023-01-10", clock, 0.9);
  const b = await registerFake(root, tmp, 2024, "2024-01-12", clock, 1.1);
  const c = await registerFake(root, tmp, 2025, "2025-01-15", clock, 1.3);
  return { root, clock, a, b, c };
}

describe("promote and rollback", () => {
  it("switches the production symlink, records history, lists statuses, rolls back to the previous version", async () => {
    using tmp = tempDir();
    const { root, clock, a, b, c } = await threeVersions(tmp.path);
    expect((await list(root)).production).toBeNull();
    await promote(root, a, { clock, reason: "first" });
    await promote(root, b, { clock });
    await promote(root, c, { clock, reason: "annual retrain" });
    expect(readlinkSync(join(root, "production"))).toBe("v2025/trained_2025-01-15");
    // production/ reads as a directory of members + config.yaml + metadata.json
    expect(existsSync(join(root, "production", "model_3.safetensors"))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, "production", "metadata.json"), "utf8")).version).toBe(c);

    const r = await rollback(root, { reason: "drawdown 25%" }, { clock });
    expect(r.entry).toMatchObject({ action: "rollback", from: c, to: b, reason: "drawdown 25%" });
    const l = await list(root);
    expect(l.production).toBe(b);
    expect(l.versions.map((v) => [v.version, v.status, v.members, v.metrics])).toEqual([
      [a, "retired", 3, { valSharpe: 0.9 }],
      [b, "production", 3, { valSharpe: 1.1 }],
      [c, "rolled-back", 3, { valSharpe: 1.3 }],
    ]);
    expect(l.history.map((e) => [e.at, e.action, e.from, e.to])).toEqual([
      ["2025-01-20T08:07:00.000Z", "promote", null, a],
      ["2025-01-20T08:09:00.000Z", "promote", a, b],
      ["2025-01-20T08:11:00.000Z", "promote", b, c],
      ["2025-01-20T08:13:00.000Z", "rollback", c, b],
    ]);
    // a second rollback skips the rolled-back version and goes to a
    expect((await rollback(root, { reason: "again" }, { clock })).entry.to).toBe(a);
    await expect(rollback(root, { reason: "nothing left" }, { clock })).rejects.toThrow(/no earlier production version to roll back to from v2023/);
    await rollback(root, { to: c, reason: "by name" }, { clock });
    const info = await productionInfo(root);
    expect(info).toMatchObject({ version: c, deployedOn: "2025-01-20", dir: join(root, "v2025", "trained_2025-01-15") });
    expect(info.members).toEqual([1, 2, 3].map((i) => join(root, "v2025", "trained_2025-01-15", `model_${i}.safetensors`)));
    expect((await verify(root)).ok).toBe(true);
  });

  it("refuses unknown, malformed and current versions with clear errors", async () => {
    using tmp = tempDir();
    const { root, clock, a } = await threeVersions(tmp.path);
    await expect(promote(root, "v2026/trained_2026-01-01", { clock })).rejects.toThrow(/v2026\/trained_2026-01-01 is not in the registry/);
    await expect(promote(root, "latest", { clock })).rejects.toThrow(/"latest" is not a version id/);
    await promote(root, a, { clock });
    await expect(promote(root, a, { clock })).rejects.toThrow(/is already production/);
    await expect(rollback(root, { reason: "x" }, { clock })).rejects.toThrow(/no earlier production version/);
    await expect(promote(root, a, { clock, decision: { promote: false, checks: [{ id: "SHARPE", passed: false, message: "candidate Sharpe 0.9 <= production 1.1" }] } })).rejects.toThrow(/not promoted: candidate Sharpe 0.9 <= production 1.1/);
  });

  it("previousVersion skips rolled-back versions (pure)", () => {
    const e = (action: HistoryEntry["action"], from: string | null, to: string): HistoryEntry => ({ id: to, at: "t", action, from, to });
    expect(previousVersion([e("promote", null, "A"), e("promote", "A", "B")], "B")).toBe("A");
    expect(previousVersion([e("promote", null, "A"), e("promote", "A", "B"), e("promote", "B", "C"), e("rollback", "C", "B")], "B")).toBe("A");
    expect(() => previousVersion([], null)).toThrow(/no earlier production version/);
  });
});

describe("verify", () => {
  it("names the member with a wrong hash (expected and actual) and refuses to promote it", async () => {
    using tmp = tempDir();
    const { root, clock, a, b } = await threeVersions(tmp.path);
    await promote(root, a, { clock });
    const member = join(root, "v2024", "trained_2024-01-12", "model_2.safetensors");
    const expected = JSON.parse(readFileSync(join(root, b, "metadata.json"), "utf8")).members[1].sha256 as string;
    appendFileSync(member, "x");
    const r = await verify(root);
    expect(r.ok).toBe(false);
    const bad = r.issues.filter((i) => i.severity === "error");
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ code: "HASH_MISMATCH", version: b, file: "model_2.safetensors", expected, path: member });
    expect(bad[0]!.message).toMatch(new RegExp(`v2024/trained_2024-01-12: model_2.safetensors has sha256 [0-9a-f]{64}, metadata.json expects ${expected}`));
    const err = await promote(root, b, { clock }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HashMismatchError);
    expect(err).toMatchObject({ version: b, file: "model_2.safetensors", expected });
    expect((await list(root)).production).toBe(a); // unchanged
  });

  it("flags a corrupt production version, a dangling pointer, leftovers and unlisted files", async () => {
    using tmp = tempDir();
    const { root, clock, a } = await threeVersions(tmp.path);
    await promote(root, a, { clock });
    writeFileSync(join(root, a, "config.yaml"), "tampered: true\n");
    writeFileSync(join(root, a, "notes.txt"), "hi");
    mkdirSync(join(root, ".staging-dead"));
    const r = await verify(root);
    expect(r.issues.map((i) => [i.severity, i.code])).toEqual([
      ["warning", "STAGING_LEFTOVER"],
      ["error", "HASH_MISMATCH"],
      ["warning", "UNLISTED_FILE"],
      ["error", "PRODUCTION_CORRUPT"],
    ]);
    const repaired = await verify(root, { repair: { clock } });
    expect(repaired.repaired).toEqual([`removed half-written ${join(root, ".staging-dead")}`]);
    expect(repaired.ok).toBe(false); // a wrong hash is never "repaired"

    using tmp2 = tempDir();
    const root2 = join(tmp2.path, "models");
    mkdirSync(root2);
    symlinkSync("v2030/trained_2030-01-01", join(root2, "production"));
    expect((await verify(root2)).issues).toMatchObject([{ code: "POINTER_DANGLING", severity: "error", version: "v2030/trained_2030-01-01" }]);
    await expect(productionInfo(root2)).rejects.toThrow(/points to v2030\/trained_2030-01-01, which does not exist/);
  });

  it("cuts a torn history line on repair", async () => {
    using tmp = tempDir();
    const { root, clock, a } = await threeVersions(tmp.path);
    await promote(root, a, { clock });
    appendFileSync(join(root, "archive", "history.jsonl"), '{"id":"x","at":');
    expect((await verify(root)).issues.map((i) => i.code)).toEqual(["HISTORY_TORN"]);
    expect((await readHistory(root)).entries).toHaveLength(1);
    const r = await verify(root, { repair: { clock } });
    expect(r.repaired).toEqual(["cut a torn last line of archive/history.jsonl"]);
    expect(r.issues).toEqual([]);
  });
});
