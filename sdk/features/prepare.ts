// prepareFeatures: load -> validate -> clean -> features, the composition every caller of the data layer needs.
import {
  cleanPanel,
  loadDataset,
  validatePanel,
  type CleanPanel,
  type DataConfig,
  type LoadOptions,
  type RawPanel,
  type ValidationReport,
} from "../data/index.ts";
import { buildFeatures, type BuildOptions } from "./build.ts";
import type { FeatureSet } from "./feature-set.ts";

export interface Prepared {
  readonly panel: RawPanel;
  readonly validation: ValidationReport;
  readonly cleaned: CleanPanel;
  readonly features: FeatureSet;
}

/**
 * Loads and prepares a dataset; throws DataValidationError on any data error.
 * @example const { features } = await prepareFeatures(loadDataConfig("configs/data/synthetic.yaml"));
 */
export async function prepareFeatures(config: DataConfig, opts: LoadOptions & BuildOptions = {}): Promise<Prepared> {
  const { baseDir, ...build } = opts;
  const panel = await loadDataset(config, baseDir === undefined ? {} : { baseDir });
  const validation = validatePanel(panel, config.rules);
  const cleaned = cleanPanel(panel, config.rules, config.cleaning);
  return { panel, validation, cleaned, features: buildFeatures(cleaned, build) };
}
