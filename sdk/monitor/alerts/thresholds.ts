// Alert thresholds (PRD 9.3, 10.3), zod-validated and strict: an unknown key fails with its name.
import { z } from "zod";
import { MonitorError, MonitorErrorCode } from "../errors.ts";

const positive = z.number().finite().positive();
const fraction = z.number().finite().min(0).max(1);

export const AlertThresholds = z.strictObject({
  /** CRITICAL when any |mu_i| > k * sigma_i, sigma_i the factor's predicted volatility (PRD 9.3 ">3 sigma outliers"). */
  predictedReturnSigmas: positive.default(3),
  /** WARNING above this fraction of factors missing (PRD 9.3 ">5% missing"). */
  missingWarning: fraction.default(0.05),
  /** CRITICAL above this fraction (PRD 10.3 ">10% factors have missing data"). */
  missingCritical: fraction.default(0.1),
  /** The CRITICAL alert says trading halts above this fraction (PRD 10.3 ">50% missing: halt trading"). */
  missingHalt: fraction.default(0.5),
  /**
   * WARNING above this ensemble disagreement (mean over factors of member std of mu / sigma). PRD 9.3 says
   * "std > threshold" without a number: 0.25 is our default, tune it on the backtest's distribution.
   */
  ensembleDisagreement: positive.default(0.25),
  /** WARNING above this turnover, sum |delta w| (PRD 9.3 "Turnover > 50%"). */
  turnover: positive.default(0.5),
  /** WARNING below this rolling Sharpe (PRD 9.3 "Sharpe < 0.5 over rolling 30 days"). */
  minRollingSharpe: z.number().finite().default(0.5),
  /** The rolling window in trading days. */
  sharpeWindow: z.number().int().min(2).default(30),
});
export type AlertThresholds = z.infer<typeof AlertThresholds>;
export type AlertThresholdsInput = z.input<typeof AlertThresholds>;

/** The PRD defaults. */
export const DEFAULT_THRESHOLDS: AlertThresholds = AlertThresholds.parse({});

/**
 * Validates thresholds (missing keys take the PRD defaults); BAD_CONFIG names the failing key.
 * @example parseAlertThresholds({ turnover: 0.8 })
 */
export function parseAlertThresholds(input: unknown): AlertThresholds {
  const r = AlertThresholds.safeParse(input ?? {});
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new MonitorError(MonitorErrorCode.BAD_CONFIG, `alert thresholds: ${msg}`, { issues: r.error.issues });
  }
  const t = r.data;
  if (!(t.missingWarning <= t.missingCritical && t.missingCritical <= t.missingHalt)) {
    throw new MonitorError(MonitorErrorCode.BAD_CONFIG, "alert thresholds: need missingWarning <= missingCritical <= missingHalt", { thresholds: t });
  }
  return t;
}
