// sdk/features: per-factor and market/macro features, rolling normalization, windows, targets; batch and incremental drivers.
export { buildFeatures, marketDay, type BuildOptions } from "./build.ts";
export { FeatureEngine, type MarketDay } from "./engine.ts";
export { datasetTensors, DAY_STATUS_CODE, type FeatureSet } from "./feature-set.ts";
export { appendDay, initFeatureState, type DayInput, type DayRow, type FeatureState } from "./incremental.ts";
export {
  FACTOR_FEATURES,
  MARKET_FEATURES,
  NORMALIZED_FACTOR_FEATURES,
  NORMALIZED_MARKET_FEATURES,
  factorColumn,
  featureCount,
  featureNames,
  normalizedColumns,
} from "./names.ts";
export { FeatureOptionsSchema, featureOptions, type FeatureOptions, type FeatureOptionsInput } from "./options.ts";
export { mirrorFrom, mirrorWrite, percentileRanks, windowStats, windowStats2, windowZ } from "./rolling.ts";
export { sampleMaskAt, targetsAt, windowAt, type Targets, type Window } from "./targets.ts";
export { loadFeatures, saveFeatures } from "./save.ts";
export { prepareFeatures, type Prepared } from "./prepare.ts";
export { RollingZ } from "./rolling-z.ts";
