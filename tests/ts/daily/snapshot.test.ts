// The pure wiring between daily, monitor and registry: the book's mark-to-market, toDailySnapshot for each kind of
// day (model, reused prediction, equal weight, failed, rerun), the alert merge, and the rollback inputs.
import { describe, expect, it } from "vitest";
import { synthPanel } from "../../../sdk/data/index.ts";
import { valueAtRisk } from "../../../sdk/backtest/index.ts";
import {
  bootstrapState,
  featureDrift,
  markToMarket,
  mergeAlerts,
  newBook,
  parseDailyConfig,
  rollbackInputs,
  toDailySnapshot,
  toMonitorAlert,
  weekOf,
  alert,
  type DailyResult,
  type DailyState,
} from "../../../sdk/daily/index.ts";
import { rawRow } from "../../../sdk/daily/window.ts";
import { DailySnapshot, evaluateAlertRules } from "../../../sdk/monitor/index.ts";
import { makeSnapshot } from "../monitor/fixture.ts";

const SYNTH = { factors: 4, start: "2010-01-04", end: "2010-12-31", seed: 5 };
const config = parseDailyConfig({ name: "t", source: { kind: "synthetic", synthetic: SYNTH }, members: ["x"], inference: { windowDays: 30 } });
const base = bootstrapState(synthPanel(SYNTH), "2010-06-01", config).state;
const w = base.window;
const N = base.feature.factors.length;
const dates = w.dates;
const asOf = dates[dates.length - 1] as string;
const ctx = { createdAt: `${asOf}T21:00:00.000Z`, members: 2, targetVol: 0.1, varLimit95: 0.02, varLimit99: 0.03, holidays: [] as string[] };

function result(over: Partial<DailyResult>): DailyResult {
  return { asOf, config: "t", status: "ok", level: "OK", startedAt: ctx.createdAt, totalMs: 5, stages: [{ stage: "inference", status: "ok", ms: 3, detail: "" }], alerts: [], fallbacks: [], ingested: [asOf], files: [], ...over };
}

describe("book", () => {
  it("marks the held weights with each day's raw returns, drifting between days, once per day", () => {
    const hold = { date: dates[dates.length - 3] as string, weights: Float64Array.from({ length: N }, (_, i) => (i === 0 ? 0.6 : i === 1 ? 0.4 : 0)) };
    const b = markToMarket(newBook(), hold, w);
    const r1 = rawRow(w, dates.length - 2);
    const r2 = rawRow(w, dates.length - 1);
    const ret1 = 0.6 * r1[0]! + 0.4 * r1[1]!;
    const g0 = 0.6 * (1 + r1[0]!);
    const g1 = 0.4 * (1 + r1[1]!);
    const ret2 = (g0 * r2[0]! + g1 * r2[1]!) / (g0 + g1);
    expect(b.returns.map((r) => r.date)).toEqual(dates.slice(-2));
    expect(b.returns[0]!.ret).toBeCloseTo(ret1, 14);
    expect(b.returns[1]!.ret).toBeCloseTo(ret2, 14);
    expect(b.nav).toBeCloseTo(1_000_000 * (1 + ret1) * (1 + ret2), 6);
    expect(markToMarket(b, hold, w)).toBe(b); // nothing new to mark
    expect(markToMarket(newBook(), undefined, w)).toEqual(newBook());
  });
});

describe("toDailySnapshot", () => {
  const sigma = Float64Array.from({ length: N * N }, (_, k) => (k % (N + 1) === 0 ? 1e-4 * (1 + (k % 3)) : 2e-5));
  const lp = { date: asOf, mu: Float64Array.from({ length: N }, (_, i) => 1e-3 * (i - 1)), sigma, mask: new Uint8Array(N).fill(1), weights: new Float64Array(N).fill(1 / N), status: "floor", disagreement: 2e-4, muStd: new Float64Array(N).fill(5e-4) };
  const rets = [0.01, -0.02, 0.005, 0.003];
  const state: DailyState = { ...base, lastPrediction: lp, holdings: { date: asOf, weights: lp.weights }, book: { nav: 1_010_000, date: asOf, returns: rets.map((ret, i) => ({ date: dates[dates.length - 4 + i] as string, ret })) } };
  const orders = { currentWeights: new Array<number>(N).fill(0.25), targetWeights: Array.from(lp.weights) };

  it("maps a model day: NAV, returns, prediction, disagreement, optimizer, VaR, data quality", () => {
    const r = result({ data: { dayStatus: "ok", missingFraction: 0.25, missingFactors: [base.feature.factors[0] as string] }, prediction: { source: "model", date: asOf, disagreement: 2e-4 }, portfolio: { status: "floor", volFloorAnnual: 0.1, turnover: 0.12, orders: 3 } });
    const s = toDailySnapshot(r, state, { ...ctx, orders })!;
    expect(DailySnapshot.parse(s)).toEqual(s);
    const sd = Array.from({ length: N }, (_, i) => Math.sqrt(sigma[i * N + i]!));
    expect({ ...s, dataQuality: { ...s.dataQuality, featureDrift: s.dataQuality.featureDrift.length } }).toEqual({
      version: 1,
      asOf,
      createdAt: ctx.createdAt,
      factors: [...base.feature.factors],
      weights: orders.targetWeights,
      previousWeights: orders.currentWeights,
      nav: 1_010_000,
      dailyReturn: 0.003,
      returnsHistory: rets,
      targetVol: 0.1,
      turnover: 0.12,
      prediction: { mu: Array.from(lp.mu), sigma: sd, covariance: Array.from({ length: N }, (_, i) => Array.from(sigma.subarray(i * N, (i + 1) * N))), source: "model", ageDays: 0 },
      ensemble: { members: 2, disagreement: sd.reduce((a, x) => a + 5e-4 / x, 0) / N },
      optimizer: { status: "optimal", message: "worker status floor" },
      risk: { var95: valueAtRisk(rets, 0.95), var99: valueAtRisk(rets, 0.99), varLimit95: 0.02, varLimit99: 0.03 },
      dataQuality: { missingFraction: 0.25, missingCount: 1, winsorizedCount: s.dataQuality.winsorizedCount, featureDrift: featureDrift(w).length },
      failures: { inference: null, pipeline: null },
      stages: { inference: 3 },
    });
    expect(featureDrift(w).length).toBeGreaterThan(0);
  });

  it("maps fallback days: reused prediction (age), equal weight, a failed day, a refused rerun", () => {
    const reused = { ...state, lastPrediction: { ...lp, date: dates[dates.length - 3] as string } };
    const inf = alert("WARNING", "INFERENCE_FAILED_REUSED", "inference", asOf, "inference failed (WORKER_DEAD); reusing");
    const a = toDailySnapshot(result({ status: "degraded", alerts: [inf], fallbacks: ["inference:last_valid"], prediction: { source: "last_valid", date: reused.lastPrediction.date }, portfolio: { status: "last_valid", volFloorAnnual: 0.1, turnover: 0, orders: 0 } }), reused, { ...ctx, orders })!;
    expect([a.prediction.source, a.prediction.ageDays, a.optimizer.status, a.failures.inference]).toEqual(["last_valid", 2, "skipped", inf.message]);
    const eq = alert("CRITICAL", "INFERENCE_FAILED_EQUAL_WEIGHT", "inference", asOf, "inference failed: equal weight");
    const b = toDailySnapshot(result({ status: "degraded", alerts: [eq], fallbacks: ["inference:equal_weight"], prediction: { source: "none" }, portfolio: { status: "equal_weight", volFloorAnnual: 0.1, turnover: 0.5, orders: 4 } }), state, { ...ctx, orders })!;
    expect([b.prediction.source, b.prediction.mu.every((x) => x === 0), b.ensemble.disagreement, b.optimizer.status]).toEqual(["equal_weight", true, 0, "equal_weight"]);
    const failed = result({ asOf: "2010-06-02", status: "failed", level: "CRITICAL", error: { code: "DAY_FILE_MISSING", message: "the day's file is missing" } });
    const c = toDailySnapshot(failed, state, ctx)!;
    expect([c.nav, c.dailyReturn, c.optimizer.status, c.failures.pipeline, c.weights]).toEqual([1_010_000, 0, "skipped", "DAY_FILE_MISSING: the day's file is missing", Array.from(lp.weights)]);
    expect(toDailySnapshot({ ...failed, error: { code: "DAY_ALREADY_RUN", message: "" } }, state, ctx)).toBeUndefined();
    expect(toDailySnapshot(failed, undefined, ctx)).toBeUndefined();
  });
});

describe("alerts", () => {
  it("keeps the daily alert for an event the pipeline owns and drops the rule's duplicate", () => {
    const snap = makeSnapshot("2024-03-28", { optimizer: { status: "min_variance" }, turnover: 0.9 });
    const daily = [alert("CRITICAL", "SOLVER_MIN_VARIANCE", "optimize", "2024-03-28", "min variance"), alert("WARNING", "HIGH_TURNOVER", "pretrade", "2024-03-28", "turnover 90%")];
    const rules = evaluateAlertRules(snap);
    expect(rules.map((a) => a.code)).toContain("SOLVER_INFEASIBLE");
    const merged = mergeAlerts(daily, rules);
    expect(merged.map((a) => `${a.level}:${a.code}`)).toEqual(["CRITICAL:SOLVER_MIN_VARIANCE", "WARNING:HIGH_TURNOVER", "INFO:REBALANCE_SUMMARY", "INFO:PERFORMANCE_SUMMARY", "INFO:MODEL_HEALTH"]);
    expect(toMonitorAlert(daily[0]!)).toEqual({ level: "CRITICAL", code: "SOLVER_MIN_VARIANCE", message: "min variance", date: "2024-03-28", details: { stage: "optimize" } });
  });
});

describe("rollbackInputs", () => {
  it("reads drawdown, weeks, Sharpe and model errors from the snapshots after deployment", () => {
    const days = ["2024-03-01", "2024-03-04", "2024-03-05", "2024-03-08", "2024-03-11", "2024-03-12"];
    const navs = [100, 110, 99, 88, 90, 92];
    const snaps = days.map((d, i) => makeSnapshot(d, { nav: navs[i]!, returnsHistory: [0.01, 0.02], ...(i === 4 ? { failures: { inference: "x", pipeline: null }, prediction: { ...makeSnapshot().prediction, source: "equal_weight" as const } } : {}) }));
    const r = rollbackInputs(snaps, "2024-03-01", "2024-03-12");
    expect(r.today).toBe("2024-03-12");
    expect(r.drawdown).toBeCloseTo(1 - 92 / 110, 12);
    expect(r.weeklyReturns).toEqual([88 / 100 - 1]); // the week of 03-04 is complete; 03-11 is this week
    expect(r.rollingSharpe.every(Number.isNaN)).toBe(true); // 2 returns < the 30-day window
    expect(r.criticalErrors).toEqual(["2024-03-11: x"]);
    expect(weekOf("2024-03-10")).toBe("2024-03-04");
  });
});
