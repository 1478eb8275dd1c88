// The trained ensemble as a walk-forward strategy: for each split, train (or reuse) an ensemble on
// train/validation years in the worker, then forecast + optimize at each rebalance day of the test year.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkerApi } from "../../bridge/index.ts";
import type { ModelStrategyProvider } from "../backtest/index.ts";
import { train, type TrainProgress } from "../train/index.ts";
import { forecast, rowOf } from "./forecast.ts";

export type EnsembleProviderOptions = {
  worker: WorkerApi;
  /** Dataset handle whose rows are the backtest panel's rows (same dates). */
  handle: string;
  /** The dataset's dates, to check they match the panel's. */
  dates: readonly string[];
  modelConfig: string;
  trainConfig: string;
  seeds: readonly number[];
  /** Members go to <runRoot>/<split id>/seed_<s>/; a finished split is reused. */
  runRoot: string;
  volFloor?: number;
  onTrainProgress?: (splitId: string, p: TrainProgress) => void;
};

function finishedMembers(dir: string): string[] | undefined {
  const f = join(dir, "ensemble.json");
  if (!existsSync(f)) return undefined;
  const doc = JSON.parse(readFileSync(f, "utf8")) as { members?: string[] };
  return doc.members && doc.members.length > 0 && doc.members.every((m) => existsSync(m)) ? doc.members : undefined;
}

export function ensembleProvider(o: EnsembleProviderOptions): ModelStrategyProvider {
  return async (split, panel, { signal }) => {
    if (panel.dates.length !== o.dates.length || panel.dates.some((d, i) => d !== o.dates[i])) {
      throw new Error("ensembleProvider: the backtest panel's dates differ from the dataset's (build both from the same cleaned panel)");
    }
    const year = split.testYears[0];
    const dir = join(o.runRoot, split.id);
    let members = finishedMembers(dir);
    if (members === undefined) {
      const res = await train(
        o.worker,
        { handle: o.handle, modelConfig: o.modelConfig, trainConfig: o.trainConfig, seeds: o.seeds, split: split.testYears.length === 1 ? `walkforward:${year}` : "single", runDir: dir },
        { ...(signal ? { signal } : {}), ...(o.onTrainProgress ? { onProgress: (p) => o.onTrainProgress!(split.id, p) } : {}) },
      );
      members = res.members;
    }
    const m = members;
    return async (ctx) => {
      const f = await forecast(o.worker, { members: m, handle: o.handle, days: [ctx.t], ...(o.volFloor !== undefined ? { volFloor: o.volFloor } : {}), ...(signal ? { signal } : {}) });
      return { weights: rowOf(f.weights, 0), mu: rowOf(f.mu, 0) };
    };
  };
}
