// PRD 9.3 / 10.3 alert rules, case by case: each rule fires just above its threshold and stays quiet at it.
import { describe, expect, it } from "vitest";
import { sharpeRatio } from "../../../sdk/backtest/index.ts";
import { DEFAULT_THRESHOLDS, evaluateAlertRules, MonitorError, parseAlertThresholds, type Alert, type DailySnapshot } from "../../../sdk/monitor/index.ts";
import { makeSnapshot, returnsSeries } from "./fixture.ts";

const base = makeSnapshot();
const codes = (a: Alert[]) => a.filter((x) => x.level !== "INFO").map((x) => `${x.level} ${x.code}`);
const withMissing = (missingFraction: number): DailySnapshot => ({ ...base, dataQuality: { ...base.dataQuality, missingFraction, missingCount: Math.round(missingFraction * 12) } });
const withMu = (i: number, mu: number): DailySnapshot => ({ ...base, prediction: { ...base.prediction, mu: base.prediction.mu.map((m, k) => (k === i ? mu : m)) } });

describe("evaluateAlertRules", () => {
  it("a healthy day raises only the three INFO summaries", () => {
    const a = evaluateAlertRules(base);
    expect(a.map((x) => [x.level, x.code, x.message])).toMatchInlineSnapshot(`
      [
        [
          "INFO",
          "REBALANCE_SUMMARY",
          "rebalanced: turnover 30.0%, 4 active positions, max weight 40.0%",
        ],
        [
          "INFO",
          "PERFORMANCE_SUMMARY",
          "NAV 1234567.89, day 0.42%, rolling 30-day Sharpe 5.42, drawdown 0.0%",
        ],
        [
          "INFO",
          "MODEL_HEALTH",
          "prediction model (0 days old), 5 members, disagreement 0.100, optimizer optimal",
        ],
      ]
    `);
    expect(a.every((x) => x.date === "2024-03-28")).toBe(true);
  });

  it("CRITICAL: model inference failure (PRD 10.3: says which fallback prediction is used)", () => {
    const a = evaluateAlertRules({ ...base, failures: { inference: "worker timeout", pipeline: null }, prediction: { ...base.prediction, source: "last_valid", ageDays: 2 } });
    expect(codes(a)).toEqual(["CRITICAL INFERENCE_FAILURE"]);
    expect(a[0]?.message).toBe("model inference failed: worker timeout; using last_valid prediction (2 days old)");
  });

  it.each(["relaxed", "min_variance", "equal_weight", "infeasible"] as const)("CRITICAL: optimizer status %s (PRD 10.3 relax chain)", (status) => {
    const a = evaluateAlertRules({ ...base, optimizer: { status, message: "vol constraint" } });
    expect(codes(a)).toEqual(["CRITICAL SOLVER_INFEASIBLE"]);
    expect(a[0]?.details).toEqual({ status, message: "vol constraint" });
  });

  it("CRITICAL: data pipeline failure", () => {
    expect(codes(evaluateAlertRules({ ...base, failures: { inference: null, pipeline: "ingest: file missing" } }))).toEqual(["CRITICAL PIPELINE_FAILURE"]);
  });

  it("CRITICAL: a predicted return beyond 3 sigma (strictly), either sign, names the factor", () => {
    // factor 0 has sigma 0.01
    expect(codes(evaluateAlertRules(withMu(0, 0.03)))).toEqual([]);
    const up = evaluateAlertRules(withMu(0, 0.0301));
    expect(codes(up)).toEqual(["CRITICAL PREDICTION_OUTLIER"]);
    expect(up[0]?.message).toBe("1 predicted returns beyond 3 sigma: value");
    expect(codes(evaluateAlertRules(withMu(0, -0.05)))).toEqual(["CRITICAL PREDICTION_OUTLIER"]);
    expect(codes(evaluateAlertRules(withMu(0, 0.0301), parseAlertThresholds({ predictedReturnSigmas: 4 })))).toEqual([]);
  });

  it("missing data: none at 5%, WARNING above, CRITICAL above 10%, halt above 50%", () => {
    expect(codes(evaluateAlertRules(withMissing(0.05)))).toEqual([]);
    expect(codes(evaluateAlertRules(withMissing(0.06)))).toEqual(["WARNING MISSING_DATA"]);
    const crit = evaluateAlertRules(withMissing(0.11));
    expect(codes(crit)).toEqual(["CRITICAL DATA_QUALITY_FAILURE"]);
    expect(crit[0]?.details.halt).toBe(false);
    const halt = evaluateAlertRules(withMissing(0.6));
    expect(codes(halt)).toEqual(["CRITICAL DATA_QUALITY_FAILURE"]);
    expect(halt[0]?.message).toBe("60.0% of factors missing (> 10.0%); above 50.0%: trading halted");
  });

  it("WARNING: ensemble disagreement above the threshold", () => {
    expect(codes(evaluateAlertRules({ ...base, ensemble: { members: 5, disagreement: 0.25 } }))).toEqual([]);
    expect(codes(evaluateAlertRules({ ...base, ensemble: { members: 5, disagreement: 0.26 } }))).toEqual(["WARNING ENSEMBLE_DISAGREEMENT"]);
  });

  it("WARNING: turnover above 50%", () => {
    expect(codes(evaluateAlertRules({ ...base, turnover: 0.5 }))).toEqual([]);
    expect(codes(evaluateAlertRules({ ...base, turnover: 0.51 }))).toEqual(["WARNING HIGH_TURNOVER"]);
  });

  it("WARNING: rolling 30-day Sharpe below 0.5, computed like sdk/backtest's sharpeRatio over the last 30 returns", () => {
    const losing = returnsSeries(40, -0.0005, 0.004);
    const a = evaluateAlertRules({ ...base, returnsHistory: losing });
    expect(codes(a)).toEqual(["WARNING LOW_SHARPE"]);
    expect(a[0]?.details.rollingSharpe).toBeCloseTo(sharpeRatio(losing.slice(-30)), 12);
    // fewer than 30 returns: no verdict
    expect(codes(evaluateAlertRules({ ...base, returnsHistory: losing.slice(0, 29) }))).toEqual([]);
    expect(codes(evaluateAlertRules({ ...base, returnsHistory: losing }, parseAlertThresholds({ minRollingSharpe: -100 })))).toEqual([]);
  });

  it("orders CRITICAL before WARNING before INFO and leaves the snapshot untouched", () => {
    const s = { ...withMissing(0.07), turnover: 0.9, failures: { inference: "x", pipeline: "y" } };
    const before = JSON.stringify(s);
    const a = evaluateAlertRules(s);
    expect(a.map((x) => x.level)).toEqual(["CRITICAL", "CRITICAL", "WARNING", "WARNING", "INFO", "INFO", "INFO"]);
    expect(JSON.stringify(s)).toBe(before);
    expect(evaluateAlertRules(s)).toEqual(a);
  });
});

describe("parseAlertThresholds", () => {
  it("defaults are the PRD numbers", () => {
    expect(parseAlertThresholds({})).toEqual(DEFAULT_THRESHOLDS);
    expect(DEFAULT_THRESHOLDS).toEqual({ predictedReturnSigmas: 3, missingWarning: 0.05, missingCritical: 0.1, missingHalt: 0.5, ensembleDisagreement: 0.25, turnover: 0.5, minRollingSharpe: 0.5, sharpeWindow: 30 });
  });
  it("rejects unknown keys, bad values and inconsistent missing-data levels, naming the key", () => {
    expect(() => parseAlertThresholds({ turnvoer: 0.4 })).toThrow(/turnvoer/);
    expect(() => parseAlertThresholds({ turnover: -1 })).toThrow(/turnover/);
    expect(() => parseAlertThresholds({ missingWarning: 0.2 })).toThrow(MonitorError);
    try {
      parseAlertThresholds({ sharpeWindow: 1.5 });
    } catch (e) {
      expect((e as MonitorError).code).toBe("BAD_CONFIG");
    }
  });
});
