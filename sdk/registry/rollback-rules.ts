// Rollback criteria of PRD 9.4, evaluated daily on monitoring inputs. Pure: no I/O, no clock.
import { isIsoDate } from "./layout.ts";

/** Daily monitoring inputs for the production version, all since its deployment, oldest first. */
export type MonitoringInputs = {
  /** Today (YYYY-MM-DD), from the caller's clock. */
  today: string;
  /** Day the production version was promoted (YYYY-MM-DD); see deployedOn() for the registry's record. */
  deployedOn: string;
  /** Rolling 30-day Sharpe (PRD 9.3), one value per trading day since deployment; NaN = not enough data yet. */
  rollingSharpe: readonly number[];
  /** Current drawdown from the portfolio's peak, a positive fraction (0.25 = 25%). */
  drawdown: number;
  /** Returns of completed weeks since deployment. */
  weeklyReturns: readonly number[];
  /** Critical bugs/errors attributed to the model since deployment (CRITICAL alerts: inference failure etc.). */
  criticalErrors: readonly string[];
};

export type RollbackRules = {
  /** A model is "new" while deployed fewer than this many calendar days (PRD 9.4: 60). */
  newModelDays: number;
  sharpeFloor: number;
  sharpeDays: number;
  maxDrawdown: number;
  losingWeeks: number;
};

/** PRD 9.4: Sharpe < 0.5 for 30 consecutive days; drawdown > 20%; 3 consecutive losing weeks; critical errors. */
export const PRD_ROLLBACK_RULES: RollbackRules = { newModelDays: 60, sharpeFloor: 0.5, sharpeDays: 30, maxDrawdown: 0.2, losingWeeks: 3 };

export type RuleId = "SHARPE_BELOW_FLOOR" | "DRAWDOWN" | "LOSING_WEEKS" | "CRITICAL_ERRORS";
export type Rule = { id: RuleId; message: string };

export type RollbackEvaluation = {
  /** True when the model is new (deployed < newModelDays) and at least one rule triggered. */
  rollback: boolean;
  triggered: Rule[];
  ageDays: number;
  isNewModel: boolean;
  /** One line for the daily report. */
  summary: string;
};

function longestRun<T>(xs: readonly T[], pred: (x: T) => boolean): number {
  let best = 0;
  let run = 0;
  for (const x of xs) {
    run = pred(x) ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Evaluate PRD 9.4's rollback criteria. A run of days/weeks counts anywhere since deployment (the
 * series only covers the deployment period), so a day missed by the daily job cannot hide it.
 * Rules are reported even for a model past its first 60 days, but only a new model is rolled back.
 * @example evaluateRollbackRules({ today: "2025-02-01", deployedOn: "2025-01-15", rollingSharpe: [], drawdown: 0.25, weeklyReturns: [], criticalErrors: [] }).rollback // true
 */
export function evaluateRollbackRules(inputs: MonitoringInputs, rules: RollbackRules = PRD_ROLLBACK_RULES): RollbackEvaluation {
  for (const [k, v] of [["today", inputs.today], ["deployedOn", inputs.deployedOn]] as const) {
    if (!isIsoDate(v)) throw new RangeError(`evaluateRollbackRules: ${k} must be YYYY-MM-DD, got "${v}"`);
  }
  const ageDays = daysBetween(inputs.deployedOn, inputs.today);
  if (ageDays < 0) throw new RangeError(`evaluateRollbackRules: today ${inputs.today} is before deployedOn ${inputs.deployedOn}`);
  const triggered: Rule[] = [];
  const lowRun = longestRun(inputs.rollingSharpe, (s) => Number.isFinite(s) && s < rules.sharpeFloor);
  if (lowRun >= rules.sharpeDays) {
    triggered.push({ id: "SHARPE_BELOW_FLOOR", message: `rolling Sharpe < ${rules.sharpeFloor} for ${lowRun} consecutive days (limit ${rules.sharpeDays})` });
  }
  if (!Number.isFinite(inputs.drawdown) || inputs.drawdown > rules.maxDrawdown) {
    triggered.push({ id: "DRAWDOWN", message: `drawdown ${Number.isFinite(inputs.drawdown) ? `${(inputs.drawdown * 100).toFixed(1)}%` : String(inputs.drawdown)} > ${(rules.maxDrawdown * 100).toFixed(0)}%` });
  }
  const lossRun = longestRun(inputs.weeklyReturns, (r) => r < 0);
  if (lossRun >= rules.losingWeeks) {
    triggered.push({ id: "LOSING_WEEKS", message: `${lossRun} consecutive losing weeks (limit ${rules.losingWeeks})` });
  }
  if (inputs.criticalErrors.length > 0) {
    triggered.push({ id: "CRITICAL_ERRORS", message: `${inputs.criticalErrors.length} critical error(s): ${inputs.criticalErrors.slice(0, 3).join("; ")}` });
  }
  const isNewModel = ageDays < rules.newModelDays;
  const rollback = isNewModel && triggered.length > 0;
  const summary =
    triggered.length === 0
      ? `rollback rules: none triggered (model age ${ageDays} d)`
      : rollback
        ? `ROLLBACK: ${triggered.map((t) => t.message).join("; ")} (model age ${ageDays} d < ${rules.newModelDays})`
        : `rollback rules triggered but model age ${ageDays} d >= ${rules.newModelDays}, no automatic rollback: ${triggered.map((t) => t.message).join("; ")}`;
  return { rollback, triggered, ageDays, isNewModel, summary };
}
