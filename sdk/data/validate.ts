// validatePanel: the data rules of DESIGN 4 / PRD 3.2 (dates, calendar, range, numeric cells, length, availability).
import { factorAvailability } from "./availability.ts";
import type { ValidationRules } from "./config.ts";
import { columnLetter, isWeekend } from "./dates.ts";
import { DataValidationError, makeIssue, type DataIssue, type DataIssueCode } from "./errors.ts";
import { cellLocation, type RawPanel } from "./panel.ts";

export interface ValidationReport {
  /** Every issue found, errors first. */
  readonly issues: readonly DataIssue[];
  readonly errors: readonly DataIssue[];
  readonly warnings: readonly DataIssue[];
  /** Share of days each factor is observed (same order as panel.factors). */
  readonly availability: Float64Array;
}

export interface ValidateOptions {
  /** Throw DataValidationError when there is an error (default true). */
  readonly throwOnError?: boolean;
  /** Most issues kept per code (the rest are summarized in one issue). Default 50. */
  readonly maxPerCode?: number;
}

/** Location of panel row t's date cell in the first factor source. */
function sourceLoc(panel: RawPanel, t: number) {
  const src = panel.origin.sources?.[0];
  const o = panel.origin.factors[0];
  const file = src?.file ?? o?.file;
  const sheet = src === undefined ? o?.sheet : src.sheet;
  const row = panel.origin.rowOf[0]?.[t];
  const known = row !== undefined && row !== 0;
  return {
    ...(file === undefined ? {} : { file }),
    ...(sheet === undefined ? {} : { sheet }),
    ...(!known ? {} : { cell: src === undefined ? `row ${row}` : `${columnLetter(src.dateColumn)}${row}` }),
  };
}

/**
 * Checks a loaded panel. Errors: INVALID_DATE, NON_NUMERIC_CELL (from loading), DUPLICATE_DATE, UNSORTED_DATES,
 * NON_TRADING_DAY, RETURN_OUT_OF_RANGE, TOO_FEW_ROWS, NO_FACTORS. Warnings: FACTOR_DROPPED (availability below
 * the minimum; cleanPanel drops it). Throws DataValidationError listing every error unless throwOnError is false.
 */
export function validatePanel(panel: RawPanel, rules: ValidationRules, opts: ValidateOptions = {}): ValidationReport {
  const maxPerCode = opts.maxPerCode ?? 50;
  const counts = new Map<DataIssueCode, number>();
  const all: DataIssue[] = [];
  const push = (issue: DataIssue) => {
    const n = (counts.get(issue.code) ?? 0) + 1;
    counts.set(issue.code, n);
    if (n <= maxPerCode) all.push(issue);
  };
  panel.loadIssues.forEach(push);
  const T = panel.dates.length;
  const N = panel.factors.length;
  if (N === 0) push(makeIssue("NO_FACTORS", "error", "no factor columns were found"));

  const holidays = new Set(rules.holidays);
  const seen = new Map<string, number>();
  panel.dates.forEach((d, t) => {
    const first = seen.get(d);
    if (first !== undefined) {
      push(makeIssue("DUPLICATE_DATE", "error", `date ${d} appears twice (panel rows ${first + 1} and ${t + 1})`, { ...sourceLoc(panel, t), date: d }));
    } else seen.set(d, t);
    const prev = panel.dates[t - 1];
    if (prev !== undefined && d < prev) {
      push(makeIssue("UNSORTED_DATES", "error", `dates are not sorted: ${d} comes after ${prev}`, { ...sourceLoc(panel, t), date: d }));
    }
    if (isWeekend(d)) push(makeIssue("NON_TRADING_DAY", "error", `${d} is a weekend day, not a trading day`, { ...sourceLoc(panel, t), date: d }));
    else if (holidays.has(d)) push(makeIssue("NON_TRADING_DAY", "error", `${d} is a holiday in the trading calendar`, { ...sourceLoc(panel, t), date: d }));
  });

  for (let t = 0; t < T; t++) {
    for (let i = 0; i < N; i++) {
      const r = panel.returns[t * N + i] as number;
      if (Math.abs(r) > rules.maxAbsReturn) {
        const l = cellLocation(panel, t, i);
        push(makeIssue("RETURN_OUT_OF_RANGE", "error", `return ${r} of factor ${l.factor} on ${l.date} is beyond ±${rules.maxAbsReturn} (returns must be decimals)`, l));
      }
    }
  }
  if (T < rules.minRows) {
    const o = panel.origin.factors[0];
    push(makeIssue("TOO_FEW_ROWS", "error", `${T} rows, fewer than the ${rules.minRows} needed for the lookback and horizon`, o === undefined ? {} : { file: o.file, ...(o.sheet === undefined ? {} : { sheet: o.sheet }) }));
  }

  const availability = factorAvailability(panel.returns, T, N);
  availability.forEach((a, i) => {
    if (a < rules.minAvailability) {
      const f = panel.factors[i] as string;
      push(makeIssue("FACTOR_DROPPED", "warning", `factor ${f} is available on ${(a * 100).toFixed(1)}% of days (< ${(rules.minAvailability * 100).toFixed(0)}%) and is dropped`, { factor: f, column: f }));
    }
  });

  for (const [code, n] of counts) {
    if (n > maxPerCode) {
      const sev = all.find((x) => x.code === code)?.severity ?? "error";
      all.push(makeIssue(code, sev, `${n - maxPerCode} more ${code} issue(s) not listed`));
    }
  }
  const errors = all.filter((x) => x.severity === "error");
  const warnings = all.filter((x) => x.severity === "warning");
  if (errors.length > 0 && opts.throwOnError !== false) throw new DataValidationError(errors);
  return { issues: [...errors, ...all.filter((x) => x.severity !== "error")], errors, warnings, availability };
}
