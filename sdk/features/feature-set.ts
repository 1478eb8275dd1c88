// FeatureSet: the prepared dataset (feature matrix, cleaned and raw returns, masks, day status) ready to ship once.
import type { DayStatus } from "../data/index.ts";
import type { MarketDay } from "./engine.ts";
import type { FeatureOptions } from "./options.ts";

export interface FeatureSet {
  readonly dates: readonly string[];
  readonly factors: readonly string[];
  /** Column names, feature-major: "ret:F001" .. "z60:F100", then the 6 market/macro names. */
  readonly featureNames: readonly string[];
  /** 7N + 6. */
  readonly nFeatures: number;
  /** T x nFeatures row-major, normalized; 0 for a masked factor's features. */
  readonly features: Float32Array;
  /** The same values in float64, only when buildFeatures was asked for them (reference checks). */
  readonly features64?: Float64Array;
  /** T x N winsorized daily returns (decimal), NaN where missing: targets are built from these. */
  readonly returns: Float64Array;
  /** T x N raw daily returns (decimal), NaN where missing: the backtest uses these. */
  readonly rawReturns: Float64Array;
  /** T x N, 1 = observed. */
  readonly mask: Uint8Array;
  readonly dayStatus: readonly DayStatus[];
  readonly missingFraction: Float64Array;
  /** Market/macro inputs per day (rf and yields annual decimals, VIX points). */
  readonly market: { readonly [K in keyof MarketDay]: Float64Array };
  readonly options: FeatureOptions;
}

/** Numeric codes of DayStatus for shipping: 0 ok, 1 warn, 2 halt. */
export const DAY_STATUS_CODE: Readonly<Record<DayStatus, number>> = { ok: 0, warn: 1, halt: 2 };

/**
 * The typed arrays to send to the worker once as a dataset (the worker keeps them under a handle and builds
 * windows and targets by indexing). Shapes: features (T, 7N+6) float32, returns (T, N) float64, mask (T, N) uint8,
 * dayStatus (T,) uint8.
 */
export function datasetTensors(fs: FeatureSet) {
  const T = fs.dates.length;
  const N = fs.factors.length;
  return {
    features: { data: fs.features, shape: [T, fs.nFeatures] as const },
    returns: { data: fs.returns, shape: [T, N] as const },
    mask: { data: fs.mask, shape: [T, N] as const },
    dayStatus: { data: Uint8Array.from(fs.dayStatus, (s) => DAY_STATUS_CODE[s]), shape: [T] as const },
  };
}
