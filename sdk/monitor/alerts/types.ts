// Alert: one finding of the PRD 9.3 rules for one day, with its level and a stable code.
import { z } from "zod";

/** PRD 9.3 alerting levels: CRITICAL (immediate action), WARNING (review within a day), INFO (daily report). */
export const AlertLevel = z.enum(["CRITICAL", "WARNING", "INFO"]);
export type AlertLevel = z.infer<typeof AlertLevel>;

/** Stable alert codes, one per rule. */
export const AlertCode = {
  INFERENCE_FAILURE: "INFERENCE_FAILURE",
  SOLVER_INFEASIBLE: "SOLVER_INFEASIBLE",
  PIPELINE_FAILURE: "PIPELINE_FAILURE",
  PREDICTION_OUTLIER: "PREDICTION_OUTLIER",
  DATA_QUALITY_FAILURE: "DATA_QUALITY_FAILURE",
  MISSING_DATA: "MISSING_DATA",
  ENSEMBLE_DISAGREEMENT: "ENSEMBLE_DISAGREEMENT",
  HIGH_TURNOVER: "HIGH_TURNOVER",
  LOW_SHARPE: "LOW_SHARPE",
  REBALANCE_SUMMARY: "REBALANCE_SUMMARY",
  PERFORMANCE_SUMMARY: "PERFORMANCE_SUMMARY",
  MODEL_HEALTH: "MODEL_HEALTH",
} as const;
export type AlertCode = (typeof AlertCode)[keyof typeof AlertCode];

/** One alert as delivered to every sink (and one line of the alert file). */
export const Alert = z.strictObject({
  level: AlertLevel,
  code: z.string().min(1),
  message: z.string(),
  /** The snapshot date the alert is about (YYYY-MM-DD). */
  date: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type Alert = z.infer<typeof Alert>;

/** Levels by severity, most severe first. */
export const LEVELS: readonly AlertLevel[] = ["CRITICAL", "WARNING", "INFO"];
