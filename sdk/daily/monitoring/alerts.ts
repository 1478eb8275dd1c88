// One mapping from the daily pipeline's alerts (and the registry's rollback check) to the monitor's Alert, and the
// merge with the monitor's PRD 9.3 rules over the day's snapshot. Pure.
import { AlertCode, type Alert } from "../../monitor/alerts/index.ts";
import type { DailyCheck } from "../../registry/index.ts";
import type { DailyAlert } from "../alerts.ts";

/**
 * Monitor rules whose condition the daily pipeline evaluates itself, with its config, at the stage that takes the
 * fallback: their rule alert is dropped and the daily alert stands for it (one alert per event). E.g. the rule's
 * INFERENCE_FAILURE <- the daily INFERENCE_FAILED_REUSED / _EQUAL_WEIGHT, SOLVER_INFEASIBLE <- SOLVER_RELAXED /
 * _MIN_VARIANCE / _EQUAL_WEIGHT, PIPELINE_FAILURE <- DAY_FILE_MISSING / _MALFORMED / STATE_INVALID,
 * DATA_QUALITY_FAILURE <- DATA_MISSING_WARN / _HALT, HIGH_TURNOVER (same code on both sides; the daily one skips the
 * first day's build-up).
 */
export const DAILY_OWNED_RULES: ReadonlySet<string> = new Set<string>([
  AlertCode.INFERENCE_FAILURE,
  AlertCode.SOLVER_INFEASIBLE,
  AlertCode.PIPELINE_FAILURE,
  AlertCode.DATA_QUALITY_FAILURE,
  AlertCode.HIGH_TURNOVER,
]);

/** Codes of the registry's rollback check. */
export const ROLLBACK_CODES = { ROLLED_BACK: "MODEL_ROLLBACK", TRIGGERED: "ROLLBACK_RULES_TRIGGERED", FAILED: "ROLLBACK_CHECK_FAILED" } as const;

/** A daily alert as a monitor Alert: same level, code, date and message; the stage joins the details. */
export function toMonitorAlert(a: DailyAlert): Alert {
  return { level: a.level, code: a.code, message: a.message, date: a.date, details: { stage: a.stage, ...(a.details ?? {}) } };
}

/** The rollback check's alert: CRITICAL when production was rolled back, WARNING when rules fired on an old model, none otherwise. */
export function rollbackAlert(check: DailyCheck, date: string): Alert | undefined {
  const details = { version: check.version, triggered: check.evaluation.triggered.map((t) => t.id), ageDays: check.evaluation.ageDays };
  if (check.rolledBack) {
    return { level: "CRITICAL", code: ROLLBACK_CODES.ROLLED_BACK, date, message: `production rolled back ${check.rolledBack.entry.from ?? "?"} -> ${check.rolledBack.entry.to}: ${check.evaluation.summary}`, details: { ...details, to: check.rolledBack.entry.to } };
  }
  if (check.evaluation.triggered.length > 0) return { level: check.level === "CRITICAL" ? "CRITICAL" : "WARNING", code: ROLLBACK_CODES.TRIGGERED, date, message: check.evaluation.summary, details };
  return undefined;
}

/** The day's alerts: the daily pipeline's, then the rules' not owned by the pipeline, CRITICAL first (stable). */
export function mergeAlerts(daily: readonly DailyAlert[], rules: readonly Alert[], extra: readonly Alert[] = []): Alert[] {
  const all = [...daily.map(toMonitorAlert), ...extra, ...rules.filter((a) => !DAILY_OWNED_RULES.has(a.code))];
  const rank = { CRITICAL: 0, WARNING: 1, INFO: 2 } as const;
  return all.map((a, i) => ({ a, i })).sort((x, y) => rank[x.a.level] - rank[y.a.level] || x.i - y.i).map((x) => x.a);
}
