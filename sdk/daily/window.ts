// The trailing window of feature rows the worker needs for inference (the members' lookback), kept in the state.
// Pure: `pushRow` returns a new window; `windowFeatureSet` turns it into a FeatureSet for `putFeatureSet`.
import type { DayStatus } from "../data/index.ts";
import { featureNames, type DayRow, type FeatureOptions, type FeatureSet, type MarketDay } from "../features/index.ts";
import { MARKET_ROLES } from "../data/index.ts";

export interface FeatureWindow {
  readonly capacity: number;
  readonly factors: readonly string[];
  readonly nFeatures: number;
  readonly dates: readonly string[];
  /** rows x nFeatures float32, oldest first. */
  readonly features: Float32Array;
  readonly returns: Float64Array;
  readonly rawReturns: Float64Array;
  readonly mask: Uint8Array;
  readonly dayStatus: readonly DayStatus[];
  readonly missingFraction: Float64Array;
  /** rows x 5 in MARKET_ROLES order. */
  readonly market: Float64Array;
}

export function emptyWindow(capacity: number, factors: readonly string[], nFeatures: number): FeatureWindow {
  return {
    capacity,
    factors,
    nFeatures,
    dates: [],
    features: new Float32Array(0),
    returns: new Float64Array(0),
    rawReturns: new Float64Array(0),
    mask: new Uint8Array(0),
    dayStatus: [],
    missingFraction: new Float64Array(0),
    market: new Float64Array(0),
  };
}

function tail<T extends Float32Array | Float64Array | Uint8Array>(old: T, add: ArrayLike<number>, width: number, keepRows: number, make: (n: number) => T): T {
  const oldRows = old.length / width;
  const drop = Math.max(0, oldRows + 1 - keepRows);
  const out = make((oldRows - drop + 1) * width);
  out.set(old.subarray(drop * width) as never);
  out.set(add as never, (oldRows - drop) * width);
  return out;
}

/** Appends one day's row, dropping the oldest when the window is full. */
export function pushRow(w: FeatureWindow, row: DayRow, market: MarketDay): FeatureWindow {
  const N = w.factors.length;
  const cap = w.capacity;
  const keep = Math.min(cap, w.dates.length + 1);
  const from = w.dates.length + 1 - keep;
  return {
    ...w,
    dates: [...w.dates, row.date].slice(from),
    features: tail(w.features, row.features, w.nFeatures, cap, (n) => new Float32Array(n)),
    returns: tail(w.returns, row.returns, N, cap, (n) => new Float64Array(n)),
    rawReturns: tail(w.rawReturns, row.rawReturns, N, cap, (n) => new Float64Array(n)),
    mask: tail(w.mask, row.mask, N, cap, (n) => new Uint8Array(n)),
    dayStatus: [...w.dayStatus, row.status].slice(from),
    missingFraction: tail(w.missingFraction, [row.missingFraction], 1, cap, (n) => new Float64Array(n)),
    market: tail(w.market, MARKET_ROLES.map((m) => market[m]), MARKET_ROLES.length, cap, (n) => new Float64Array(n)),
  };
}

/** The window as a FeatureSet (what `putFeatureSet` ships); its last row is the as-of day. */
export function windowFeatureSet(w: FeatureWindow, options: FeatureOptions): FeatureSet {
  const T = w.dates.length;
  const col = (j: number) => Float64Array.from({ length: T }, (_, t) => w.market[t * MARKET_ROLES.length + j] as number);
  const market = Object.fromEntries(MARKET_ROLES.map((m, j) => [m, col(j)])) as unknown as FeatureSet["market"];
  return {
    dates: w.dates,
    factors: w.factors,
    featureNames: featureNames(w.factors),
    nFeatures: w.nFeatures,
    features: w.features,
    returns: w.returns,
    rawReturns: w.rawReturns,
    mask: w.mask,
    dayStatus: w.dayStatus,
    missingFraction: w.missingFraction,
    market,
    options,
  };
}

/** Raw returns of window row t (NaN = missing). */
export function rawRow(w: FeatureWindow, t: number): Float64Array {
  const N = w.factors.length;
  return w.rawReturns.slice(t * N, (t + 1) * N);
}
