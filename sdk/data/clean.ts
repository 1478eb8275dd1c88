// cleanPanel: drop factors under the availability floor, build the missingness mask and day status, winsorize causally.
import { dayMissingFraction, dayStatusOf, factorAvailability, presenceMask, type DayStatus } from "./availability.ts";
import type { CleaningOptions, ValidationRules } from "./config.ts";
import { makeIssue, type DataIssue } from "./errors.ts";
import { selectFactors, type RawPanel } from "./panel.ts";
import { winsorizeCausal } from "./winsorize.ts";

export interface CleanPanel {
  readonly name: string;
  readonly dates: readonly string[];
  /** Kept factors (availability >= rules.minAvailability). */
  readonly factors: readonly string[];
  readonly dropped: readonly { readonly factor: string; readonly availability: number }[];
  /** T x N raw returns of the kept factors (NaN = missing), kept for the backtest. */
  readonly rawReturns: Float64Array;
  /** T x N winsorized returns (NaN = missing): the input of features and targets. */
  readonly returns: Float64Array;
  /** T x N, 1 = observed. No fill, no imputation: a missing value stays missing. */
  readonly mask: Uint8Array;
  readonly market: RawPanel["market"];
  /** Availability of each kept factor. */
  readonly availability: Float64Array;
  /** Share of kept factors missing on each day, and the resulting status (warn > 10%, halt > 50%). */
  readonly missingFraction: Float64Array;
  readonly dayStatus: readonly DayStatus[];
  readonly winsor: { readonly clippedLow: Int32Array; readonly clippedHigh: Int32Array; readonly clippedPerDay: Int32Array };
  /** FACTOR_DROPPED, DAY_MISSING_WARN and DAY_MISSING_HALT issues. */
  readonly issues: readonly DataIssue[];
  readonly rules: ValidationRules;
  readonly cleaning: CleaningOptions;
}

/** Cleans a validated panel (pure). */
export function cleanPanel(panel: RawPanel, rules: ValidationRules, cleaning: CleaningOptions): CleanPanel {
  const T = panel.dates.length;
  const N0 = panel.factors.length;
  const avail0 = factorAvailability(panel.returns, T, N0);
  const keep: number[] = [];
  const dropped: { factor: string; availability: number }[] = [];
  const issues: DataIssue[] = [];
  avail0.forEach((a, i) => {
    const f = panel.factors[i] as string;
    if (a >= rules.minAvailability) keep.push(i);
    else {
      dropped.push({ factor: f, availability: a });
      issues.push(makeIssue("FACTOR_DROPPED", "warning", `factor ${f} dropped: available on ${(a * 100).toFixed(1)}% of days (< ${(rules.minAvailability * 100).toFixed(0)}%)`, { factor: f }));
    }
  });
  const kept = keep.length === N0 ? panel : selectFactors(panel, keep);
  const N = kept.factors.length;
  const mask = presenceMask(kept.returns);
  const missingFraction = dayMissingFraction(mask, T, N);
  const dayStatus = Array.from(missingFraction, (f) => dayStatusOf(f, rules.warnMissingFraction, rules.haltMissingFraction));
  dayStatus.forEach((s, t) => {
    if (s === "ok") return;
    const pct = ((missingFraction[t] as number) * 100).toFixed(1);
    const date = kept.dates[t] as string;
    if (s === "halt") issues.push(makeIssue("DAY_MISSING_HALT", "warning", `${pct}% of factors missing on ${date} (> ${rules.haltMissingFraction * 100}%): trading decisions halt`, { date }));
    else issues.push(makeIssue("DAY_MISSING_WARN", "warning", `${pct}% of factors missing on ${date} (> ${rules.warnMissingFraction * 100}%)`, { date }));
  });
  const w = winsorizeCausal(kept.returns, T, N, cleaning);
  return {
    name: panel.name,
    dates: kept.dates,
    factors: kept.factors,
    dropped,
    rawReturns: kept.returns,
    returns: w.values,
    mask,
    market: kept.market,
    availability: factorAvailability(kept.returns, T, N),
    missingFraction,
    dayStatus,
    winsor: { clippedLow: w.clippedLow, clippedHigh: w.clippedHigh, clippedPerDay: w.clippedPerDay },
    issues,
    rules,
    cleaning,
  };
}
