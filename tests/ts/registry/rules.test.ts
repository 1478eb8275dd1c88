// PRD 9.4 rollback rules and the retraining gate, on hand-made cases.
import { describe, expect, it } from "vitest";
import { compareForPromotion, evaluateRollbackRules, type MonitoringInputs } from "../../../sdk/registry/index.ts";

const calm: MonitoringInputs = { today: "2025-02-20", deployedOn: "2025-01-15", rollingSharpe: Array(30).fill(1.2), drawdown: 0.05, weeklyReturns: [0.01, -0.02, 0.01, -0.01, 0.02], criticalErrors: [] };

describe("evaluateRollbackRules (PRD 9.4)", () => {
  it("no rule triggered on a healthy new model", () => {
    expect(evaluateRollbackRules(calm)).toEqual({ rollback: false, triggered: [], ageDays: 36, isNewModel: true, summary: "rollback rules: none triggered (model age 36 d)" });
  });

  it("Sharpe < 0.5 for 30 consecutive days triggers; 29 days or one day at 0.5 does not", () => {
    const low30 = [1, ...Array(30).fill(0.4), 1];
    expect(evaluateRollbackRules({ ...calm, rollingSharpe: low30 }).triggered).toEqual([{ id: "SHARPE_BELOW_FLOOR", message: "rolling Sharpe < 0.5 for 30 consecutive days (limit 30)" }]);
    expect(evaluateRollbackRules({ ...calm, rollingSharpe: Array(29).fill(0.4) }).rollback).toBe(false);
    const broken = [...Array(15).fill(0.4), 0.5, ...Array(15).fill(0.4)];
    expect(evaluateRollbackRules({ ...calm, rollingSharpe: broken }).rollback).toBe(false);
    // NaN (not enough data yet) breaks a run rather than counting as low
    expect(evaluateRollbackRules({ ...calm, rollingSharpe: [...Array(15).fill(0.4), Number.NaN, ...Array(15).fill(0.4)] }).rollback).toBe(false);
  });

  it("drawdown > 20% triggers, exactly 20% does not", () => {
    expect(evaluateRollbackRules({ ...calm, drawdown: 0.2 }).rollback).toBe(false);
    expect(evaluateRollbackRules({ ...calm, drawdown: 0.2001 }).triggered.map((t) => t.message)).toEqual(["drawdown 20.0% > 20%"]);
  });

  it("3 consecutive losing weeks trigger; a flat week breaks the run", () => {
    expect(evaluateRollbackRules({ ...calm, weeklyReturns: [0.01, -0.01, -0.02, -0.001] }).triggered.map((t) => t.id)).toEqual(["LOSING_WEEKS"]);
    expect(evaluateRollbackRules({ ...calm, weeklyReturns: [-0.01, -0.02, 0, -0.03] }).rollback).toBe(false);
  });

  it("critical errors trigger; every triggered rule is reported", () => {
    const r = evaluateRollbackRules({ ...calm, drawdown: 0.3, criticalErrors: ["inference failed 2025-02-19"] });
    expect(r.rollback).toBe(true);
    expect(r.summary).toBe("ROLLBACK: drawdown 30.0% > 20%; 1 critical error(s): inference failed 2025-02-19 (model age 36 d < 60)");
  });

  it("a model deployed 60+ days ago is reported but not rolled back", () => {
    const r = evaluateRollbackRules({ ...calm, today: "2025-03-16", drawdown: 0.3 });
    expect(r).toMatchObject({ rollback: false, ageDays: 60, isNewModel: false, triggered: [{ id: "DRAWDOWN" }] });
    expect(evaluateRollbackRules({ ...calm, today: "2025-03-15", drawdown: 0.3 }).rollback).toBe(true);
  });

  it("rejects bad dates", () => {
    expect(() => evaluateRollbackRules({ ...calm, today: "2025-01-01" })).toThrow(/before deployedOn/);
    expect(() => evaluateRollbackRules({ ...calm, deployedOn: "15/01/2025" })).toThrow(/deployedOn must be YYYY-MM-DD/);
  });
});

describe("compareForPromotion (PRD 9.2)", () => {
  it("promotes a candidate that beats production within the drawdown limit", () => {
    expect(compareForPromotion({ sharpe: 1.3, maxDrawdown: 0.12 }, { sharpe: 1.1 })).toEqual({
      promote: true,
      checks: [
        { id: "SHARPE", passed: true, message: "candidate Sharpe 1.3000 > production 1.1000 + 0.0000" },
        { id: "DRAWDOWN", passed: true, message: "candidate max drawdown 0.1200 <= 0.2000" },
      ],
    });
  });

  it("keeps production on a tie, a worse Sharpe, a margin not met, or a drawdown over 20%", () => {
    expect(compareForPromotion({ sharpe: 1.1, maxDrawdown: 0.1 }, { sharpe: 1.1 }).promote).toBe(false);
    expect(compareForPromotion({ sharpe: 1.0, maxDrawdown: 0.1 }, { sharpe: 1.1 }).promote).toBe(false);
    expect(compareForPromotion({ sharpe: 1.15, maxDrawdown: 0.1 }, { sharpe: 1.1 }, { minSharpeImprovement: 0.1 }).promote).toBe(false);
    const dd = compareForPromotion({ sharpe: 2, maxDrawdown: 0.25 }, { sharpe: 1 });
    expect(dd.checks.filter((c) => !c.passed)).toEqual([{ id: "DRAWDOWN", passed: false, message: "candidate max drawdown 0.2500 > 0.2000" }]);
  });

  it("fails closed on missing or non-finite metrics and applies optional IC and significance checks", () => {
    expect(compareForPromotion({ sharpe: 2 }, { sharpe: 1 }).checks.at(-1)).toEqual({ id: "DRAWDOWN", passed: false, message: "candidate maxDrawdown missing" });
    expect(compareForPromotion({ sharpe: Number.NaN, maxDrawdown: 0 }, { sharpe: 1 }).promote).toBe(false);
    expect(compareForPromotion({ sharpe: 2, maxDrawdown: 0 }, { sharpe: Number.NaN }).promote).toBe(false);
    const rules = { minIc: 0.05, alpha: 0.05 };
    expect(compareForPromotion({ sharpe: 2, maxDrawdown: 0.1, ic: 0.06, sharpeDiffPValue: 0.01 }, { sharpe: 1 }, rules).promote).toBe(true);
    expect(compareForPromotion({ sharpe: 2, maxDrawdown: 0.1, ic: 0.04, sharpeDiffPValue: 0.01 }, { sharpe: 1 }, rules).checks.find((c) => !c.passed)?.id).toBe("IC");
    expect(compareForPromotion({ sharpe: 2, maxDrawdown: 0.1, ic: 0.06, sharpeDiffPValue: 0.2 }, { sharpe: 1 }, rules).checks.find((c) => !c.passed)?.id).toBe("SIGNIFICANCE");
  });

  it("first deployment: no production, only the floors apply", () => {
    expect(compareForPromotion({ sharpe: 0.3, maxDrawdown: 0.1 }, null)).toMatchObject({ promote: true, checks: [{ id: "SHARPE", passed: true, message: "no production model; candidate Sharpe 0.3000" }, { id: "DRAWDOWN" }] });
  });
});
