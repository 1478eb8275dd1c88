// Stress windows (PRD 7.2) and day masks built from date ranges or a regime indicator series.
import { BacktestError, BacktestErrorCode, assertSameLength } from "../errors.ts";

/** A named, inclusive date range (ISO yyyy-mm-dd). */
export interface DateWindow {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

/** The PRD 7.2 crisis periods. COVID: S&P 500 peak (2020-02-19) to trough (2020-03-23). */
export const STRESS_WINDOWS: readonly DateWindow[] = [
  { name: "2008 financial crisis", from: "2008-01-01", to: "2008-12-31" },
  { name: "2020 COVID crash", from: "2020-02-19", to: "2020-03-23" },
  { name: "2022 rate-hike selloff", from: "2022-01-01", to: "2022-12-31" },
];

/** 1 on days with from <= date <= to (string comparison of ISO dates), else 0. */
export function dateWindowMask(dates: readonly string[], window: DateWindow): Uint8Array {
  if (window.from > window.to) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `window ${window.name}: from > to`);
  return Uint8Array.from(dates, (d) => (d >= window.from && d <= window.to ? 1 : 0));
}

/** Bounds of a regime indicator; a day is in the regime when every given bound holds. */
export interface Threshold {
  /** Keep days with value strictly above this. */
  readonly above?: number;
  /** Keep days with value strictly below this. */
  readonly below?: number;
}

/**
 * 1 on days whose indicator satisfies every given bound, else 0 (NaN = not in the regime).
 * @example thresholdMask(vix, { below: 15 }) // low-vol regime; thresholdMask(avgCorr, { above: 0.7 })
 */
export function thresholdMask(indicator: ArrayLike<number>, bounds: Threshold): Uint8Array {
  if (bounds.above === undefined && bounds.below === undefined) {
    throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, "thresholdMask needs `above` or `below`");
  }
  return Uint8Array.from({ length: indicator.length }, (_, i) => {
    const v = indicator[i] as number;
    if (Number.isNaN(v)) return 0;
    if (bounds.above !== undefined && !(v > bounds.above)) return 0;
    if (bounds.below !== undefined && !(v < bounds.below)) return 0;
    return 1;
  });
}

/** The PRD 7.2 regimes from daily VIX and average pairwise factor correlation (aligned with the returns). */
export function regimeMasks(vix: ArrayLike<number>, averageCorrelation: ArrayLike<number>): Record<string, Uint8Array> {
  assertSameLength(vix, averageCorrelation, "regimeMasks");
  return {
    "low vol (VIX < 15)": thresholdMask(vix, { below: 15 }),
    "high vol (VIX > 25)": thresholdMask(vix, { above: 25 }),
    "correlation breakdown (avg corr > 0.7)": thresholdMask(averageCorrelation, { above: 0.7 }),
  };
}
