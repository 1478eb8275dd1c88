// `t2 retrain` end to end on a small synthetic panel with the test-size model and the smoke schedule: a dry run decides
// without touching the registry; the first real run registers and promotes (no production yet); a rerun reuses the
// trained members, registers a second version and the gate refuses it (same validation Sharpe as production).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderRetrain, runRetrain, validationRows } from "../../../sdk/run/index.ts";
import { silentLogger } from "../../../sdk/log/index.ts";
import { list, productionVersion } from "../../../sdk/registry/index.ts";
import { startTestWorker, type TestWorker } from "../helpers/worker.ts";

describe("t2 retrain", () => {
  let tw: TestWorker;
  let dir: string;
  let config: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "t2-retrain-"));
    config = join(dir, "retrain.yaml");
    writeFileSync(
      config,
      stringify({
        name: "test",
        source: { kind: "synthetic", synthetic: { factors: 6, start: "2016-01-01", end: "2018-12-31", seed: 3 } },
        model: "configs/model/test.yaml",
        train: "configs/train/smoke.yaml",
        seeds: [0],
        registry: join(dir, "models"),
        runRoot: join(dir, "runs"),
        promotion: { minSharpeImprovement: 0, maxDrawdown: 0.99 },
      }),
    );
    tw = await startTestWorker();
  }, 120_000);
  afterAll(async () => {
    await tw?.[Symbol.asyncDispose]();
  });

  it("validates on the year before only", () => {
    expect(validationRows(["2016-12-30", "2017-01-02", "2017-12-29", "2018-01-02"], 2018)).toEqual([1, 2]);
  });

  it("dry run, promote on first deployment, refuse a candidate that is not better", async () => {
    const at = (d: string) => () => new Date(`${d}T10:00:00Z`);
    const dry = await runRetrain({ year: 2018, config, dryRun: true, worker: tw.client, logger: silentLogger, clock: at("2018-01-02") });
    expect([dry.validationYear, dry.production, dry.decision.promote, dry.promoted, dry.version]).toEqual([2017, null, true, false, undefined]);
    expect(dry.candidate.days).toBeGreaterThan(200);
    expect(await productionVersion(join(dir, "models")).catch(() => null)).toBeNull();
    expect(renderRetrain(dry)).toContain("would PROMOTE (dry run: nothing registered)");

    const first = await runRetrain({ year: 2018, config, worker: tw.client, logger: silentLogger, clock: at("2018-01-03") });
    expect([first.version, first.promoted, first.members]).toEqual(["v2018/trained_2018-01-03", true, dry.members]);
    expect(await productionVersion(join(dir, "models"))).toBe("v2018/trained_2018-01-03");

    const again = await runRetrain({ year: 2018, config, worker: tw.client, logger: silentLogger, clock: at("2018-01-04") });
    expect(again.production?.version).toBe("v2018/trained_2018-01-03");
    expect(again.production?.sharpe).toBeCloseTo(again.candidate.sharpe, 12);
    expect([again.version, again.promoted, again.decision.checks.find((c) => c.id === "SHARPE")?.passed]).toEqual(["v2018/trained_2018-01-04", false, false]);
    expect(renderRetrain(again)).toContain("registered v2018/trained_2018-01-04, NOT promoted");
    const l = await list(join(dir, "models"));
    expect(l.versions.map((v) => [v.version, v.status, v.metrics?.valSharpe === first.candidate.sharpe])).toEqual([
      ["v2018/trained_2018-01-03", "production", true],
      ["v2018/trained_2018-01-04", "registered", true],
    ]);
  }, 180_000);
});
