// The PRD 9.4 rollback exercised end to end: a temp registry with two versions (the same two test members registered
// twice with different metadata), the second promoted; daily runs take their members from production and publish each
// day; a day of large losses (every factor -25%) drives the drawdown past 20%, so the rollback check switches
// production back to the first version, records it in the history and raises a CRITICAL alert; the next day runs on
// the first version's members and does not roll back again.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { synthPanel } from "../../../sdk/data/index.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapState, dayFilePath, parseDailyConfig, publishDay, renderDayFile, runDaily, tradingDaysAfter, type DailyConfig } from "../../../sdk/daily/index.ts";
import { readAlertFile } from "../../../sdk/monitor/index.ts";
import { productionInfo, productionVersion, promote, readHistory, registerVersion } from "../../../sdk/registry/index.ts";
import { startTestWorker, type TestWorker } from "../helpers/worker.ts";
import { makeMembers } from "./members.ts";

const SYNTH = { factors: 8, start: "2010-01-04", end: "2011-06-30", seed: 11 };
const DAYS = tradingDaysAfter("2011-02-28", "2011-03-03", []); // Tue..Thu: 3 trading days

/** A finished train_ensemble run holding copies of `members` (seed_<s>/member.safetensors + ensemble.json). */
function runDir(dir: string, members: readonly string[]): string {
  const paths = members.map((m, s) => {
    mkdirSync(join(dir, `seed_${s}`), { recursive: true });
    const p = join(dir, `seed_${s}`, "member.safetensors");
    copyFileSync(m, p);
    return p;
  });
  writeFileSync(join(dir, "ensemble.json"), JSON.stringify({ members: paths }));
  return dir;
}

describe("daily rollback check against the registry", () => {
  let tw: TestWorker;
  let dir: string;
  let config: DailyConfig;
  let root: string;
  let first: string;
  let second: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "t2-rollback-"));
    root = join(dir, "models");
    config = parseDailyConfig({ name: "rb", runDir: join(dir, "run"), inbox: join(dir, "inbox"), registry: root, source: { kind: "synthetic", synthetic: SYNTH, feed: true }, inference: { windowDays: 30 } });
    const n = bootstrapState(synthPanel(SYNTH), DAYS[0] as string, config).state.feature.factors.length;
    const members = makeMembers(dir, n);
    const meta = { dataHash: "b".repeat(64), codeVersion: "git:test", config: { model: "configs/model/test.yaml" } };
    const at = (d: string) => () => new Date(`${d}T12:00:00Z`);
    first = (await registerVersion(root, { year: 2010, trainedOn: "2010-12-31", sourceRunDir: runDir(join(dir, "runA"), members), metrics: { valSharpe: 0.9 }, ...meta }, { clock: at("2011-01-03") })).version;
    second = (await registerVersion(root, { year: 2011, trainedOn: "2011-02-25", sourceRunDir: runDir(join(dir, "runB"), [...members].reverse()), metrics: { valSharpe: 1.2 }, ...meta }, { clock: at("2011-02-25") })).version;
    await promote(root, first, { clock: at("2011-01-03"), reason: "first deployment" });
    await promote(root, second, { clock: at("2011-02-28"), reason: "annual retrain" });
    tw = await startTestWorker();
  }, 120_000);
  afterAll(async () => {
    await tw?.[Symbol.asyncDispose]();
  });

  it("rolls production back to the first version after a > 20% drawdown, with history and a CRITICAL alert", async () => {
    const panel = synthPanel(SYNTH);
    const t = panel.dates.indexOf(DAYS[1] as string);
    const m = panel.market;
    // Day 1: every factor loses 25% (the feed does not overwrite a file already in the inbox).
    mkdirSync(config.inbox as string, { recursive: true });
    writeFileSync(dayFilePath(config.inbox as string, DAYS[1] as string), renderDayFile(DAYS[1] as string, panel.factors, new Array<number>(panel.factors.length).fill(-0.25), { market_return: -0.2, vix: m.vix[t]!, rf: m.rf[t]!, yield_10y: m.yield_10y[t]!, yield_2y: m.yield_2y[t]! }));
    const used: string[] = [];
    const out = [];
    for (const day of DAYS) {
      const prod = await productionInfo(root);
      used.push(prod.version);
      const r = await runDaily({ asOf: day, config, worker: tw.client, members: prod.members, history: () => Promise.resolve(panel) });
      expect(r.status).not.toBe("failed");
      out.push(await publishDay(r, { config, members: prod.members.length, clock: () => new Date(`${day}T21:30:00Z`) }));
    }
    expect(used).toEqual([second, second, first]);
    expect(out.map((p) => p.rollback?.evaluation.triggered.map((x) => x.id))).toEqual([[], ["DRAWDOWN"], []]);
    expect(out[1]!.snapshot!.nav).toBeLessThan(0.8 * out[0]!.snapshot!.nav);
    expect(out[1]!.rollback!.rolledBack!.entry).toMatchObject({ action: "rollback", from: second, to: first });
    expect(await productionVersion(root)).toBe(first);
    const history = (await readHistory(root)).entries.map((e) => [e.action, e.from, e.to, e.at.slice(0, 10)]);
    expect(history).toEqual([
      ["promote", null, first, "2011-01-03"],
      ["promote", first, second, "2011-02-28"],
      ["rollback", second, first, DAYS[1]],
    ]);
    expect((await readHistory(root)).entries[2]!.reason).toMatch(/^ROLLBACK: drawdown 2\d\.\d% > 20%/);
    const file = readAlertFile(join(config.runDir, "alerts.jsonl")).records.filter((a) => a.code === "MODEL_ROLLBACK");
    expect(file.map((a) => [a.level, a.date, a.details.to])).toEqual([["CRITICAL", DAYS[1], first]]);
    const checks = readFileSync(join(root, "archive", "rollback_checks.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { version: string; level: string; rolledBackTo: string | null });
    expect(checks.map((c) => [c.version, c.level, c.rolledBackTo])).toEqual([
      [second, "INFO", null],
      [second, "CRITICAL", first],
      [first, "INFO", null],
    ]);
  }, 120_000);
});
