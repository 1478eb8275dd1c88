// Alerts raised by the daily pipeline: level CRITICAL / WARNING / INFO (DESIGN 8), a stable code, the stage and
// the as-of date. sdk/monitor routes them to its sinks; this module only defines and builds them.

export const ALERT_LEVELS = ["CRITICAL", "WARNING", "INFO"] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const ALERT_CODES = [
  "STATE_BOOTSTRAPPED",
  "CATCH_UP",
  "DAY_FILE_MISSING",
  "DAY_FILE_MALFORMED",
  "DAY_ALREADY_RUN",
  "STATE_INVALID",
  "DATA_MISSING_WARN",
  "DATA_MISSING_HALT",
  "INFERENCE_FAILED_REUSED",
  "INFERENCE_FAILED_EQUAL_WEIGHT",
  "SOLVER_RELAXED",
  "SOLVER_MIN_VARIANCE",
  "SOLVER_EQUAL_WEIGHT",
  "PRETRADE_FAILED",
  "HIGH_TURNOVER",
  "INITIAL_PORTFOLIO",
] as const;
export type AlertCode = (typeof ALERT_CODES)[number];

export type DailyStage = "ingest" | "validate" | "features" | "inference" | "optimize" | "trades" | "pretrade" | "write";

export interface DailyAlert {
  readonly level: AlertLevel;
  readonly code: AlertCode;
  readonly stage: DailyStage;
  readonly date: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function alert(level: AlertLevel, code: AlertCode, stage: DailyStage, date: string, message: string, details?: Record<string, unknown>): DailyAlert {
  return details === undefined ? { level, code, stage, date, message } : { level, code, stage, date, message, details };
}

const RANK: Readonly<Record<AlertLevel, number>> = { CRITICAL: 2, WARNING: 1, INFO: 0 };

/** The most severe level among `alerts` (undefined when there are none). */
export function highestLevel(alerts: readonly DailyAlert[]): AlertLevel | undefined {
  let best: AlertLevel | undefined;
  for (const a of alerts) if (best === undefined || RANK[a.level] > RANK[best]) best = a.level;
  return best;
}
