// dailyRollbackCheck: PRD 9.4 rules against the registry's record of the deployment day.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dailyRollbackCheck, list, promote } from "../../../sdk/registry/index.ts";
import { registerFake, stepClock, tempDir } from "./helpers.ts";

describe("dailyRollbackCheck", () => {
  it("reports, records, and rolls a new model back when a rule fires", async () => {
    using tmp = tempDir();
    const root = join(tmp.path, "models");
    const clock = stepClock();
    const a = await registerFake(root, tmp.path, 2024, "2024-01-12", clock);
    const b = await registerFake(root, tmp.path, 2025, "2025-01-15", clock);
    await promote(root, a, { clock });
    await promote(root, b, { clock }); // deployed 2025-01-20 (clock)
    const base = { today: "2025-02-01", rollingSharpe: [], weeklyReturns: [], criticalErrors: [] };

    const quiet = await dailyRollbackCheck(root, { ...base, drawdown: 0.05 }, { clock });
    expect(quiet).toEqual({ version: b, level: "INFO", evaluation: expect.objectContaining({ rollback: false, ageDays: 12 }) });
    const dry = await dailyRollbackCheck(root, { ...base, drawdown: 0.3 }, { clock, apply: false });
    expect(dry.level).toBe("CRITICAL");
    expect(dry.rolledBack).toBeUndefined();
    expect((await list(root)).production).toBe(b);

    const hit = await dailyRollbackCheck(root, { ...base, drawdown: 0.3 }, { clock });
    expect(hit.rolledBack?.entry).toMatchObject({ action: "rollback", from: b, to: a, reason: "ROLLBACK: drawdown 30.0% > 20% (model age 12 d < 60)" });
    expect((await list(root)).production).toBe(a);
    const records = readFileSync(join(root, "archive", "rollback_checks.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { level: string; rolledBackTo: string | null });
    expect(records.map((r) => [r.level, r.rolledBackTo])).toEqual([["INFO", null], ["CRITICAL", null], ["CRITICAL", a]]);
  });
});
