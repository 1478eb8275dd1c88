// The trained xLSTM ensemble as a walk-forward ModelEntry: loads the data config the backtest uses,
// builds the features, sends them to the worker once and returns the entry whose provider trains (or
// reuses) one ensemble per test year.
import { join, resolve } from "node:path";
import type { WorkerApi } from "../../bridge/index.ts";
import type { ModelEntry } from "../backtest/index.ts";
import { cleanPanel, loadDataConfig, loadDataset } from "../data/index.ts";
import { buildFeatures, type FeatureSet } from "../features/index.ts";
import { putFeatureSet, type TrainProgress } from "../train/index.ts";
import { ensembleProvider } from "./provider.ts";

export type EnsembleEntryOptions = {
  worker: WorkerApi;
  /** The backtest's data config (the panel rows and the dataset rows must be the same days). */
  dataConfig: string;
  baseDir: string;
  modelConfig: string;
  trainConfig: string;
  seeds: readonly number[];
  /** Members go to <runRoot>/<year>/seed_<s>/ and are reused on rerun. */
  runRoot: string;
  onTrainProgress?: (split: string, p: TrainProgress) => void;
};

export async function ensembleModelEntry(o: EnsembleEntryOptions): Promise<{ entry: ModelEntry; features: FeatureSet }> {
  const cfg = loadDataConfig(resolve(o.baseDir, o.dataConfig));
  const raw = await loadDataset(cfg, { baseDir: o.baseDir });
  const fs = buildFeatures(cleanPanel(raw, cfg.rules, cfg.cleaning));
  const handle = await putFeatureSet(o.worker, fs);
  const provider = ensembleProvider({
    worker: o.worker,
    handle,
    dates: fs.dates,
    modelConfig: resolve(o.baseDir, o.modelConfig),
    trainConfig: resolve(o.baseDir, o.trainConfig),
    seeds: o.seeds,
    runRoot: resolve(o.baseDir, o.runRoot),
    ...(o.onTrainProgress ? { onTrainProgress: o.onTrainProgress } : {}),
  });
  const entry: ModelEntry = {
    name: "xlstm",
    label: `xLSTM ensemble (${o.seeds.length} seed${o.seeds.length === 1 ? "" : "s"})`,
    spec: { model: o.modelConfig, train: o.trainConfig, seeds: [...o.seeds], data: fs.dates.length },
    provider,
  };
  return { entry, features: fs };
}

export function defaultModelRunRoot(outDir: string): string {
  return join(outDir, "models");
}
