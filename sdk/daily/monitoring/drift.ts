// Feature distribution shift for the dashboard (PRD 9.3 "Feature distribution shifts"), computed from the inference
// window the daily state keeps. Statistic per feature: |mean of the last `recent` rows - mean of the rows before| /
// std of the rows before (a standardized mean difference, dimensionless; 0 = no shift). The reference is the trailing
// window (`windowDays` rows), not the members' training years: the state does not hold the training data. Pure.
import { featureNames } from "../../features/index.ts";
import type { FeatureWindow } from "../window.ts";

/** Rows compared against the rest of the window (one 5-day rebalance period). */
export const DRIFT_RECENT_ROWS = 5;
/** Fewer reference rows than this: not computable, [] (the dashboard then shows no drift table). */
export const DRIFT_MIN_REFERENCE = 10;

export interface FeatureDrift {
  readonly feature: string;
  readonly statistic: number;
}

/**
 * Standardized mean difference of every feature column: recent rows vs the rest of the window; features with
 * a constant or non-finite reference are left out.
 * @example featureDrift(state.window).sort((a, b) => b.statistic - a.statistic)[0]
 */
export function featureDrift(w: FeatureWindow, recent = DRIFT_RECENT_ROWS): FeatureDrift[] {
  const T = w.dates.length;
  const ref = T - recent;
  if (recent < 1 || ref < DRIFT_MIN_REFERENCE) return [];
  const F = w.nFeatures;
  const names = featureNames(w.factors);
  const out: FeatureDrift[] = [];
  for (let j = 0; j < F; j++) {
    const stats = (from: number, to: number) => {
      let n = 0;
      let s = 0;
      let ss = 0;
      for (let t = from; t < to; t++) {
        const x = w.features[t * F + j] as number;
        if (!Number.isFinite(x)) continue;
        n++;
        s += x;
        ss += x * x;
      }
      const mean = n > 0 ? s / n : NaN;
      return { n, mean, sd: n > 1 ? Math.sqrt(Math.max(0, (ss - n * mean * mean) / (n - 1))) : NaN };
    };
    const a = stats(0, ref);
    const b = stats(ref, T);
    if (a.n < DRIFT_MIN_REFERENCE || b.n === 0 || !(a.sd > 1e-12)) continue;
    const statistic = Math.abs(b.mean - a.mean) / a.sd;
    if (Number.isFinite(statistic)) out.push({ feature: names[j] ?? `f${j}`, statistic });
  }
  return out;
}
