// buildFeatures: the batch driver (whole history) of FeatureEngine over a cleaned panel.
import type { CleanPanel } from "../data/index.ts";
import { FeatureEngine, type MarketDay } from "./engine.ts";
import type { FeatureSet } from "./feature-set.ts";
import { featureNames } from "./names.ts";
import { featureOptions, type FeatureOptionsInput } from "./options.ts";

export interface BuildOptions extends FeatureOptionsInput {
  /** Also keep the float64 feature matrix (features64). */
  readonly keepFloat64?: boolean;
}

export function marketDay(market: CleanPanel["market"], t: number): MarketDay {
  return {
    market_return: market.market_return[t] as number,
    vix: market.vix[t] as number,
    rf: market.rf[t] as number,
    yield_10y: market.yield_10y[t] as number,
    yield_2y: market.yield_2y[t] as number,
  };
}

/**
 * Computes every day's features from a cleaned panel. Day t uses data up to and including t only.
 * @example const fs = buildFeatures(cleanPanel(panel, cfg.rules, cfg.cleaning));
 */
export function buildFeatures(cleaned: CleanPanel, opts: BuildOptions = {}): FeatureSet {
  const { keepFloat64, ...rest } = opts;
  const options = featureOptions(rest);
  const T = cleaned.dates.length;
  const N = cleaned.factors.length;
  const engine = new FeatureEngine(N, options);
  const F = engine.nFeatures;
  const features = new Float32Array(T * F);
  const features64 = keepFloat64 === true ? new Float64Array(T * F) : undefined;
  const row = new Float64Array(F);
  for (let t = 0; t < T; t++) {
    engine.push(cleaned.returns.subarray(t * N, (t + 1) * N), marketDay(cleaned.market, t), row);
    features.set(row, t * F);
    features64?.set(row, t * F);
  }
  return {
    dates: cleaned.dates,
    factors: cleaned.factors,
    featureNames: featureNames(cleaned.factors),
    nFeatures: F,
    features,
    ...(features64 === undefined ? {} : { features64 }),
    returns: cleaned.returns,
    rawReturns: cleaned.rawReturns,
    mask: cleaned.mask,
    dayStatus: cleaned.dayStatus,
    missingFraction: cleaned.missingFraction,
    market: cleaned.market,
    options,
  };
}
