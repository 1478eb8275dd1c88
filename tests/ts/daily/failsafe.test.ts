// Pure fail-safe decisions (PRD 10.3), the solver chain with an injected solve, pre-trade checks and the order list.
import { describe, expect, it } from "vitest";
import { BridgeError } from "../../../bridge/index.ts";
import {
  buildOrders,
  dataQualityDecision,
  driftWeights,
  equalWeight,
  inferenceFallback,
  preTradeChecks,
  renderOrdersCsv,
  restrictWeights,
  solveWithFallbacks,
  solverStatusAlert,
  solverSteps,
  tradingAge,
  type LastPrediction,
  type SolveStep,
} from "../../../sdk/daily/index.ts";

const last: LastPrediction = { date: "2011-03-01", mu: new Float64Array(3), sigma: new Float64Array(9), mask: Uint8Array.of(1, 1, 1), weights: Float64Array.of(0.5, 0.5, 0), status: "floor", disagreement: 0 };

describe("inference fallback", () => {
  it("reuses the last valid prediction up to 5 trading days, then equal weight; both CRITICAL (PRD 10.3)", () => {
    expect(tradingAge("2011-03-01", "2011-03-08", [])).toBe(5);
    const r5 = inferenceFallback("2011-03-08", "WORKER_DEAD", last, tradingAge("2011-03-01", "2011-03-08", []), 5);
    expect(r5.source).toBe("last_valid");
    expect(r5.alert.level).toBe("CRITICAL");
    expect(r5.alert.code).toBe("INFERENCE_FAILED_REUSED");
    const r6 = inferenceFallback("2011-03-09", "WORKER_DEAD", last, 6, 5);
    expect(r6.source).toBe("equal_weight");
    expect(r6.alert).toMatchObject({ level: "CRITICAL", code: "INFERENCE_FAILED_EQUAL_WEIGHT" });
    expect(r6.alert.message).toBe("inference failed (WORKER_DEAD) and the last valid prediction (2011-03-01) is 6 trading days old (> 5): equal weight");
    expect(inferenceFallback("2011-03-09", "TIMEOUT", undefined, undefined, 5).source).toBe("equal_weight");
  });

  it("restricts stored weights to today's tradable factors, equal weight when none are left", () => {
    expect(Array.from(restrictWeights([0.5, 0.25, 0.25], [1, 0, 1]))).toEqual([2 / 3, 0, 1 / 3]);
    expect(Array.from(restrictWeights([1, 0, 0], [0, 1, 1]))).toEqual([0, 0.5, 0.5]);
    expect(Array.from(equalWeight([1, 1, 0, 1]))).toEqual([1 / 3, 1 / 3, 0, 1 / 3]);
  });
});

describe("data quality", () => {
  it("ok continues silently, warn continues with a WARNING, halt stops with a CRITICAL", () => {
    expect(dataQualityDecision("2011-03-01", "ok", 0, [])).toEqual({ trade: true, alerts: [] });
    const w = dataQualityDecision("2011-03-01", "warn", 2 / 11, ["F002", "F005"]);
    expect(w.trade).toBe(true);
    expect(w.alerts.map((a) => [a.level, a.code])).toEqual([["WARNING", "DATA_MISSING_WARN"]]);
    const h = dataQualityDecision("2011-03-01", "halt", 6 / 11, []);
    expect(h.trade).toBe(false);
    expect(h.alerts.map((a) => [a.level, a.code])).toEqual([["CRITICAL", "DATA_MISSING_HALT"]]);
  });
});

describe("solver chain", () => {
  it("maps worker statuses to alert levels", () => {
    const table = ["tangency", "floor", "floor_nonconvex", "relaxed", "min_variance", "equal_weight"].map((s) => [s, solverStatusAlert("d", s)?.level ?? "-", solverStatusAlert("d", s)?.code ?? "-"]);
    expect(table).toEqual([
      ["tangency", "-", "-"],
      ["floor", "-", "-"],
      ["floor_nonconvex", "-", "-"],
      ["relaxed", "CRITICAL", "SOLVER_RELAXED"],
      ["min_variance", "CRITICAL", "SOLVER_MIN_VARIANCE"],
      ["equal_weight", "CRITICAL", "SOLVER_EQUAL_WEIGHT"],
    ]);
  });

  it("a failed call moves to 9.5%, then minimum variance, then equal weight computed locally", async () => {
    const steps = solverSteps(0.1 / Math.sqrt(252), 0.095 / Math.sqrt(252));
    const seen: SolveStep[] = [];
    const failUntil = (n: number) => async (s: SolveStep) => {
      seen.push(s);
      if (seen.length <= n) throw new BridgeError("SOLVER_FAILED", "no convergence");
      return { weights: Float64Array.of(0.2, 0.8, 0), status: "tangency" };
    };
    const ok = await solveWithFallbacks("d", steps, failUntil(0), [1, 1, 0]);
    expect([ok.status, ok.alerts.length]).toEqual(["tangency", 0]);
    seen.length = 0;
    const relaxed = await solveWithFallbacks("d", steps, failUntil(1), [1, 1, 0]);
    expect(relaxed.status).toBe("relaxed");
    expect(seen.map((s) => s.volFloorDaily)).toEqual([0.1 / Math.sqrt(252), 0.095 / Math.sqrt(252)]);
    expect(relaxed.alerts[0]?.message).toBe("optimizer relaxed the volatility floor to 9.5% (floor: SOLVER_FAILED: [SOLVER_FAILED] no convergence)");
    seen.length = 0;
    const mv = await solveWithFallbacks("d", steps, failUntil(2), [1, 1, 0]);
    expect([mv.status, seen[2]?.method]).toEqual(["min_variance", "min_variance"]);
    seen.length = 0;
    const ew = await solveWithFallbacks("d", steps, failUntil(3), [1, 1, 0]);
    expect(ew.status).toBe("equal_weight");
    expect(Array.from(ew.weights)).toEqual([0.5, 0.5, 0]);
    expect(ew.attempts.map((a) => a.step)).toEqual(["floor", "relaxed", "min_variance", "equal_weight"]);
    expect(ew.alerts.map((a) => [a.level, a.code])).toEqual([["CRITICAL", "SOLVER_EQUAL_WEIGHT"]]);
  });
});

describe("pre-trade checks", () => {
  const sigma = Float64Array.of(1e-4, 0, 0, 1e-4); // 1% daily vol each
  const base = { date: "d", factors: ["A", "B"], mask: [1, 1], sigma, turnover: 0.2, maxTurnoverWarn: 0.5, hadHoldings: true };
  it("passes a valid portfolio and names every failed check", () => {
    expect(preTradeChecks({ ...base, weights: [0.5, 0.5], minVolDaily: 0.0063 }).ok).toBe(true);
    const neg = preTradeChecks({ ...base, weights: [1.1, -0.1] });
    expect(neg.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["long_only"]);
    const masked = preTradeChecks({ ...base, weights: [0.5, 0.5], mask: [1, 0] });
    expect(masked.alerts[0]?.message).toBe("pre-trade validation failed: masked_zero (factor B has weight 0.5); no orders, holdings kept");
    const lowVol = preTradeChecks({ ...base, weights: [0.5, 0.5], minVolDaily: 0.01 });
    expect(lowVol.ok).toBe(false);
    expect(preTradeChecks({ ...base, weights: [0.6, 0.3] }).checks.find((c) => c.name === "simplex")?.ok).toBe(false);
  });
  it("warns above 50% turnover, but not when building the first portfolio", () => {
    const hi = preTradeChecks({ ...base, weights: [1, 0], turnover: 0.8 });
    expect([hi.ok, hi.alerts.map((a) => a.code)]).toEqual([true, ["HIGH_TURNOVER"]]);
    expect(preTradeChecks({ ...base, weights: [1, 0], turnover: 1, hadHoldings: false }).alerts).toEqual([]);
  });
});

describe("orders", () => {
  it("drifts holdings with realized returns and lists the trades with turnover sum |delta|", () => {
    const cur = driftWeights([0.5, 0.5, 0], [[0.1, -0.1, 0.05], [NaN, 0, 0]]);
    expect(Array.from(cur)).toEqual([0.55, 0.45, 0]);
    const o = buildOrders(["A", "B", "C"], cur, [0.4, 0.45, 0.15]);
    expect(o.turnover).toBeCloseTo(0.3, 12);
    expect(renderOrdersCsv(o.rows)).toMatchInlineSnapshot(`
      "factor,current_weight,target_weight,delta,side
      A,0.5500000000,0.4000000000,-0.1500000000,SELL
      B,0.4500000000,0.4500000000,0.0000000000,HOLD
      C,0.0000000000,0.1500000000,0.1500000000,BUY
      "
    `);
  });
});
