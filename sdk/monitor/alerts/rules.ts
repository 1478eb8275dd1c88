// evaluateAlertRules: the PRD 9.3 / 10.3 alert rules over one DailySnapshot (pure: snapshot and thresholds in, alerts out).
import { snapshotView } from "../derive/view.ts";
import type { DailySnapshot } from "../state/snapshot.ts";
import { DEFAULT_THRESHOLDS, type AlertThresholds } from "./thresholds.ts";
import { AlertCode, LEVELS, type Alert, type AlertLevel } from "./types.ts";

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

function critical(s: DailySnapshot, t: AlertThresholds): Alert[] {
  const out: Alert[] = [];
  const at = (code: string, message: string, details: Record<string, unknown>): Alert => ({ level: "CRITICAL", code, message, date: s.asOf, details });
  if (s.failures.inference !== null) {
    out.push(at(AlertCode.INFERENCE_FAILURE, `model inference failed: ${s.failures.inference}; using ${s.prediction.source} prediction (${s.prediction.ageDays} days old)`, { error: s.failures.inference, source: s.prediction.source, ageDays: s.prediction.ageDays }));
  }
  // `skipped`: no solve ran (halt, failed day, reused weights); the cause has its own alert.
  if (s.optimizer.status !== "optimal" && s.optimizer.status !== "skipped") {
    const what = s.optimizer.status === "infeasible" ? "optimization infeasible, no fallback produced weights" : `solver did not converge; weights from fallback '${s.optimizer.status}'`;
    out.push(at(AlertCode.SOLVER_INFEASIBLE, `${what}${s.optimizer.message ? `: ${s.optimizer.message}` : ""}`, { status: s.optimizer.status, message: s.optimizer.message ?? null }));
  }
  if (s.failures.pipeline !== null) {
    out.push(at(AlertCode.PIPELINE_FAILURE, `data pipeline failed: ${s.failures.pipeline}`, { error: s.failures.pipeline }));
  }
  const outliers = s.factors
    .map((factor, i) => ({ factor, mu: s.prediction.mu[i] as number, sigma: s.prediction.sigma[i] as number }))
    .filter((p) => Math.abs(p.mu) > t.predictedReturnSigmas * p.sigma);
  if (outliers.length > 0) {
    const names = outliers.slice(0, 5).map((o) => o.factor).join(", ");
    out.push(at(AlertCode.PREDICTION_OUTLIER, `${outliers.length} predicted returns beyond ${t.predictedReturnSigmas} sigma: ${names}${outliers.length > 5 ? ", ..." : ""}`, { threshold: t.predictedReturnSigmas, outliers }));
  }
  const miss = s.dataQuality.missingFraction;
  if (miss > t.missingCritical) {
    const halt = miss > t.missingHalt;
    out.push(at(AlertCode.DATA_QUALITY_FAILURE, `${pct(miss)} of factors missing (> ${pct(t.missingCritical)})${halt ? `; above ${pct(t.missingHalt)}: trading halted` : "; continuing with available factors"}`, { missingFraction: miss, missingCount: s.dataQuality.missingCount, threshold: t.missingCritical, halt }));
  }
  return out;
}

function warning(s: DailySnapshot, t: AlertThresholds, sharpe: number | null): Alert[] {
  const out: Alert[] = [];
  const at = (code: string, message: string, details: Record<string, unknown>): Alert => ({ level: "WARNING", code, message, date: s.asOf, details });
  const miss = s.dataQuality.missingFraction;
  // Above missingCritical the CRITICAL alert already covers it.
  if (miss > t.missingWarning && miss <= t.missingCritical) {
    out.push(at(AlertCode.MISSING_DATA, `${pct(miss)} of factors missing (> ${pct(t.missingWarning)})`, { missingFraction: miss, missingCount: s.dataQuality.missingCount, threshold: t.missingWarning }));
  }
  if (s.ensemble.disagreement > t.ensembleDisagreement) {
    out.push(at(AlertCode.ENSEMBLE_DISAGREEMENT, `ensemble disagreement ${s.ensemble.disagreement.toFixed(3)} > ${t.ensembleDisagreement}`, { disagreement: s.ensemble.disagreement, members: s.ensemble.members, threshold: t.ensembleDisagreement }));
  }
  if (s.turnover > t.turnover) {
    out.push(at(AlertCode.HIGH_TURNOVER, `turnover ${pct(s.turnover)} > ${pct(t.turnover)} (unusual rebalancing)`, { turnover: s.turnover, threshold: t.turnover }));
  }
  if (sharpe !== null && sharpe < t.minRollingSharpe) {
    out.push(at(AlertCode.LOW_SHARPE, `rolling ${t.sharpeWindow}-day Sharpe ${sharpe.toFixed(2)} < ${t.minRollingSharpe}`, { rollingSharpe: sharpe, window: t.sharpeWindow, threshold: t.minRollingSharpe }));
  }
  return out;
}

function info(s: DailySnapshot, t: AlertThresholds): Alert[] {
  const v = snapshotView(s, t.sharpeWindow);
  const at = (code: string, message: string, details: Record<string, unknown>): Alert => ({ level: "INFO", code, message, date: s.asOf, details });
  const sharpe = v.rollingSharpe === null ? "n/a" : v.rollingSharpe.toFixed(2);
  return [
    at(AlertCode.REBALANCE_SUMMARY, `rebalanced: turnover ${pct(v.turnover)}, ${v.activePositions} active positions, max weight ${pct(v.maxPosition)}`, { turnover: v.turnover, activePositions: v.activePositions, maxPosition: v.maxPosition, positions: v.positions }),
    at(AlertCode.PERFORMANCE_SUMMARY, `NAV ${v.nav.toFixed(2)}, day ${pct(v.dailyReturn, 2)}, rolling ${t.sharpeWindow}-day Sharpe ${sharpe}, drawdown ${pct(v.drawdown)}`, { nav: v.nav, dailyReturn: v.dailyReturn, pnl: v.pnl, rollingSharpe: v.rollingSharpe, drawdown: v.drawdown, realizedVol: v.realizedVol, targetVol: v.targetVol }),
    at(AlertCode.MODEL_HEALTH, `prediction ${v.predictionSource} (${v.predictionAgeDays} days old), ${v.ensembleMembers} members, disagreement ${v.disagreement.toFixed(3)}, optimizer ${v.optimizerStatus}`, { source: v.predictionSource, ageDays: v.predictionAgeDays, members: v.ensembleMembers, disagreement: v.disagreement, optimizer: v.optimizerStatus }),
  ];
}

/**
 * The day's alerts, CRITICAL first, then WARNING, then the three INFO summaries (PRD 9.3; fail-safe levels PRD 10.3).
 * Pure: no clock, no I/O. The rolling Sharpe is read from `snapshot.returnsHistory` (no alert with fewer than
 * `sharpeWindow` returns).
 * @example evaluateAlertRules(readLatestSnapshot("runs/daily")).filter((a) => a.level === "CRITICAL")
 */
export function evaluateAlertRules(snapshot: DailySnapshot, thresholds: AlertThresholds = DEFAULT_THRESHOLDS): Alert[] {
  const sharpe = snapshotView(snapshot, thresholds.sharpeWindow).rollingSharpe;
  const all = [...critical(snapshot, thresholds), ...warning(snapshot, thresholds, sharpe), ...info(snapshot, thresholds)];
  const rank = (l: AlertLevel) => LEVELS.indexOf(l);
  return all.sort((a, b) => rank(a.level) - rank(b.level));
}

/** Alert counts per level. */
export function countByLevel(alerts: readonly Alert[]): Record<AlertLevel, number> {
  const c: Record<AlertLevel, number> = { CRITICAL: 0, WARNING: 0, INFO: 0 };
  for (const a of alerts) c[a.level]++;
  return c;
}
