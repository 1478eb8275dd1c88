// The trained xLSTM ensemble as a walk-forward ModelEntry: builds the features of the backtest's cleaned panel
// (given, or loaded here from its data config), sends them to the worker once and returns the entry whose provider
// trains (or reuses) one ensemble per test year.
import { join, resolve } from "node:path";
import type { WorkerApi } from "../../bridge/index.ts";
import type { ModelEntry } from "../backtest/index.ts";
import { cleanPanel, loadDataConfig, loadDataset, type CleanPanel } from "../data/index.ts";
import { buildFeatures, type FeatureSet } from "../features/index.ts";
import { putFeatureSet, type TrainProgress } from "../train/index.ts";
import { ensembleProvider } from "./provider.ts";

/** The panel the ensemble trains on: the backtest's own cleaned panel (loaded once), or its data config. */
export type EnsembleEntryData =
  | {
      /** The backtest's cleaned panel, e.g. `loadBacktestData(config).clean`: nothing is read from disk. */
      panel: CleanPanel;
      dataConfig?: never;
    }
  | {
      /** The backtest's data config, loaded and cleaned here (the panel rows and the dataset rows must be the same days). */
      dataConfig: string;
      panel?: never;
    };

export type EnsembleEntryOptions = EnsembleEntryData & {
  worker: WorkerApi;
  /** Relative config, data and run paths resolve against it. */
  baseDir: string;
  modelConfig: string;
  trainConfig: string;
  seeds: readonly number[];
  /** Members go to <runRoot>/<year>/seed_<s>/ and are reused on rerun. */
  runRoot: string;
  onTrainProgress?: (split: string, p: TrainProgress) => void;
};

/**
 * The ensemble as a backtest model; pass the backtest's cleaned panel so the data are loaded once.
 * @example const data = await loadBacktestData(config); const { entry } = await ensembleModelEntry({ worker, panel: data.clean, baseDir: ".", modelConfig, trainConfig, seeds: [0, 1, 2], runRoot });
 */
export async function ensembleModelEntry(o: EnsembleEntryOptions): Promise<{ entry: ModelEntry; features: FeatureSet }> {
  const fs = buildFeatures(o.panel ?? (await loadClean(resolve(o.baseDir, o.dataConfig), o.baseDir)));
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

async function loadClean(dataConfig: string, baseDir: string): Promise<CleanPanel> {
  const cfg = loadDataConfig(dataConfig);
  return cleanPanel(await loadDataset(cfg, { baseDir }), cfg.rules, cfg.cleaning);
}

export function defaultModelRunRoot(outDir: string): string {
  return join(outDir, "models");
}
