// Fail-safe decisions of PRD 10.3 as pure functions (no I/O, no worker): data quality, inference failure and the
// solver statuses. Each returns what to do and the alert it raises; run.ts applies them.
import type { DayStatus } from "../data/index.ts";
import { alert, type DailyAlert } from "./alerts.ts";
import type { LastPrediction } from "./state.ts";

/** Data quality of the as-of day: > warn share missing -> WARNING and continue; > halt share -> halt (CRITICAL). */
export function dataQualityDecision(
  date: string,
  status: DayStatus,
  missingFraction: number,
  missingFactors: readonly string[],
): { readonly trade: boolean; readonly alerts: readonly DailyAlert[] } {
  const pct = `${(missingFraction * 100).toFixed(1)}%`;
  const details = { missingFraction, missingFactors };
  if (status === "halt") {
    return { trade: false, alerts: [alert("CRITICAL", "DATA_MISSING_HALT", "validate", date, `${pct} of factors missing on ${date} (> 50%): trading halted, holdings kept`, details)] };
  }
  if (status === "warn") {
    return { trade: true, alerts: [alert("WARNING", "DATA_MISSING_WARN", "validate", date, `${pct} of factors missing on ${date} (> 10%): continuing with the other factors`, details)] };
  }
  return { trade: true, alerts: [] };
}

export type InferenceDecision =
  | { readonly source: "last_valid"; readonly prediction: LastPrediction; readonly age: number; readonly alert: DailyAlert }
  | { readonly source: "equal_weight"; readonly alert: DailyAlert };

/**
 * Inference failed with `reason`: reuse the last valid prediction when it is at most `maxStaleDays` trading days
 * old, else equal weight. Both are CRITICAL (PRD 10.3: a model failure alerts CRITICAL whatever the fallback).
 */
export function inferenceFallback(date: string, reason: string, last: LastPrediction | undefined, age: number | undefined, maxStaleDays: number): InferenceDecision {
  if (last !== undefined && age !== undefined && age <= maxStaleDays) {
    return {
      source: "last_valid",
      prediction: last,
      age,
      alert: alert("CRITICAL", "INFERENCE_FAILED_REUSED", "inference", date, `inference failed (${reason}); reusing the prediction of ${last.date} (${age} trading day(s) old)`, { reason, predictionDate: last.date, age }),
    };
  }
  const why = last === undefined ? "no earlier valid prediction" : `the last valid prediction (${last.date}) is ${age} trading days old (> ${maxStaleDays})`;
  return {
    source: "equal_weight",
    alert: alert("CRITICAL", "INFERENCE_FAILED_EQUAL_WEIGHT", "inference", date, `inference failed (${reason}) and ${why}: equal weight`, { reason, ...(last ? { predictionDate: last.date, age } : {}) }),
  };
}

/** Statuses meeting the full floor (DESIGN 6 A-C). */
export const FLOOR_STATUSES: ReadonlySet<string> = new Set(["tangency", "floor", "floor_nonconvex"]);

/** The alert of a solver status: none for A-C, CRITICAL for each step of the relax chain (PRD 10.3). */
export function solverStatusAlert(date: string, status: string, detail = ""): DailyAlert | undefined {
  const sfx = detail ? ` (${detail})` : "";
  switch (status) {
    case "tangency":
    case "floor":
    case "floor_nonconvex":
      return undefined;
    case "relaxed":
      return alert("CRITICAL", "SOLVER_RELAXED", "optimize", date, `optimizer relaxed the volatility floor to 9.5%${sfx}`, { status });
    case "min_variance":
      return alert("CRITICAL", "SOLVER_MIN_VARIANCE", "optimize", date, `optimizer fell back to minimum variance${sfx}`, { status });
    default:
      return alert("CRITICAL", "SOLVER_EQUAL_WEIGHT", "optimize", date, `optimizer fell back to equal weight${sfx}`, { status });
  }
}

/** 1/k over the tradable factors (all zeros when none). */
export function equalWeight(mask: ArrayLike<number>): Float64Array {
  const w = new Float64Array(mask.length);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) k++;
  if (k === 0) return w;
  for (let i = 0; i < mask.length; i++) if (mask[i]) w[i] = 1 / k;
  return w;
}

/** Stored weights restricted to today's tradable factors and renormalized; equal weight when nothing is left. */
export function restrictWeights(weights: ArrayLike<number>, mask: ArrayLike<number>): Float64Array {
  const w = Float64Array.from({ length: weights.length }, (_, i) => (mask[i] ? (weights[i] as number) : 0));
  const s = w.reduce((a, b) => a + b, 0);
  if (!(s > 0)) return equalWeight(mask);
  return w.map((x) => x / s);
}
