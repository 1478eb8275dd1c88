// The two stages that use the worker: ensemble inference at the as-of day (the inference window is re-put under a
// fixed handle each run, so a restarted worker needs nothing else) and one optimizer call of the solver chain.
import { Tensor, type WorkerApi } from "../../bridge/index.ts";
import type { FeatureOptions } from "../features/index.ts";
import { putFeatureSet } from "../train/index.ts";
import type { Solve } from "./solver-chain.ts";
import { windowFeatureSet, type FeatureWindow } from "./window.ts";

export const DAILY_HANDLE = "t2-daily-window";

export interface ModelPrediction {
  readonly mu: Float64Array;
  /** N x N daily covariance. */
  readonly sigma: Float64Array;
  /** 1 = the factor had a full lookback window. */
  readonly mask: Uint8Array;
  readonly disagreement: number;
  /** Per-factor std of mu across members. */
  readonly muStd: Float64Array;
}

export async function predictAsOf(
  worker: WorkerApi,
  window: FeatureWindow,
  options: FeatureOptions,
  members: readonly string[],
  call: { timeoutMs: number; signal?: AbortSignal },
): Promise<ModelPrediction> {
  const fs = windowFeatureSet(window, options);
  const handle = await putFeatureSet(worker, fs, { handle: DAILY_HANDLE, ...call });
  const p = await worker.call("model.predict", { members, handle, days: [fs.dates.length - 1] }, call);
  return {
    mu: Float64Array.from(p.mu.data as ArrayLike<number>),
    sigma: Float64Array.from(p.sigma.data as ArrayLike<number>),
    mask: Uint8Array.from(p.mask.data as ArrayLike<number>, (x) => (x ? 1 : 0)),
    disagreement: Number(p.disagreement.data[0] ?? 0),
    muStd: Float64Array.from(p.muStd.data as ArrayLike<number>),
  };
}

/** A `Solve` for the solver chain: one `portfolio.optimize` call on the prediction. */
export function workerSolve(worker: WorkerApi, p: ModelPrediction, call: { timeoutMs: number; signal?: AbortSignal }): Solve {
  const N = p.mu.length;
  return async (step) => {
    const r = await worker.call(
      "portfolio.optimize",
      {
        method: step.method,
        mu: new Tensor("float64", [1, N], p.mu),
        sigma: new Tensor("float64", [1, N, N], p.sigma),
        mask: new Tensor("uint8", [1, N], p.mask),
        ...(step.volFloorDaily !== undefined ? { volFloor: step.volFloorDaily } : {}),
      },
      call,
    );
    return { weights: Float64Array.from(r.weights.data as ArrayLike<number>), status: r.status[0] ?? "unknown" };
  };
}
