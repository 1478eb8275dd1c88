// Walk-forward splits (DESIGN 7, PRD 5.4 / 7.1): train through Y-2, validate Y-1, test Y, with a purge.
import { BacktestError, BacktestErrorCode } from "../errors.ts";

/** Inclusive range of day indices into the panel. */
export interface DayRange {
  readonly from: number;
  readonly to: number;
}

/** One out-of-sample segment and the data a model may learn from before it. */
export interface WalkForwardSplit {
  /** `2021` in walk-forward mode; `2021-2025` for the single split. */
  readonly id: string;
  readonly testYears: readonly number[];
  /**
   * Training days. The last `purgeDays` days before validation are dropped: a sample at day t has a
   * target over t+1..t+5, so without the purge the last training targets would overlap validation.
   */
  readonly train: DayRange;
  /** Validation days; the last `purgeDays` days before the test period are dropped likewise. */
  readonly validation: DayRange;
  /** Test days (every trading day of the test years). */
  readonly test: DayRange;
  readonly purgeDays: number;
}

/** How the test period is cut. */
export interface SplitOptions {
  /** First and last test year (inclusive), e.g. [2021, 2025]. */
  readonly testYears: readonly [number, number];
  /** Days dropped at the end of train and of validation (default 5 = the target horizon). */
  readonly purgeDays?: number;
  /** `walk-forward` (one split per test year, default) or `single` (PRD 5.4: one split over all test years). */
  readonly mode?: "walk-forward" | "single";
  /** Single mode: last training year and last validation year (default 2015 / 2020, PRD 5.4). */
  readonly trainEndYear?: number;
  readonly validationEndYear?: number;
}

const year = (d: string): number => Number(d.slice(0, 4));

/** First and last day index of the years lo..hi, or null when no date falls in them. */
function yearRange(dates: readonly string[], lo: number, hi: number): DayRange | null {
  let from = -1;
  let to = -1;
  for (let t = 0; t < dates.length; t++) {
    const y = year(dates[t] as string);
    if (y >= lo && y <= hi) {
      if (from < 0) from = t;
      to = t;
    }
  }
  return from < 0 ? null : { from, to };
}

function split(dates: readonly string[], years: number[], trainEnd: number, valEnd: number, purge: number): WalkForwardSplit {
  const id = years.length === 1 ? String(years[0]) : `${years[0]}-${years[years.length - 1]}`;
  const test = yearRange(dates, years[0] as number, years[years.length - 1] as number);
  const val = yearRange(dates, trainEnd + 1, valEnd);
  const train = yearRange(dates, -Infinity, trainEnd);
  if (test === null) throw new BacktestError(BacktestErrorCode.TOO_FEW_OBSERVATIONS, `split ${id}: no trading day in the test years`);
  if (val === null || train === null) {
    throw new BacktestError(BacktestErrorCode.TOO_FEW_OBSERVATIONS, `split ${id}: no ${train === null ? "training" : "validation"} data before ${years[0]}`);
  }
  if (val.to + 1 !== test.from || train.to + 1 !== val.from) {
    throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `split ${id}: train, validation and test years must be consecutive`);
  }
  return {
    id,
    testYears: years,
    train: { from: 0, to: train.to - purge },
    validation: { from: val.from, to: val.to - purge },
    test,
    purgeDays: purge,
  };
}

/**
 * The splits of a run over `dates` (sorted ISO dates).
 * @example walkForwardSplits(dates, { testYears: [2021, 2025] }).map((s) => s.id) // ["2021", ..., "2025"]
 */
export function walkForwardSplits(dates: readonly string[], opts: SplitOptions): WalkForwardSplit[] {
  const [lo, hi] = opts.testYears;
  const purge = opts.purgeDays ?? 5;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo > hi) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bad test years ${lo}..${hi}`);
  if (!Number.isInteger(purge) || purge < 0) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bad purgeDays ${purge}`);
  const present = [];
  for (let y = lo; y <= hi; y++) if (yearRange(dates, y, y) !== null) present.push(y);
  if (present.length === 0) throw new BacktestError(BacktestErrorCode.TOO_FEW_OBSERVATIONS, `no trading day in the test years ${lo}..${hi}`);
  if (opts.mode === "single") {
    const valEnd = opts.validationEndYear ?? (present[0] as number) - 1;
    const trainEnd = opts.trainEndYear ?? valEnd - 5;
    return [split(dates, present, trainEnd, valEnd, purge)];
  }
  return present.map((y) => split(dates, [y], y - 2, y - 1, purge));
}
