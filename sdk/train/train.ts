// SDK training: ship a FeatureSet to the worker once, then train an ensemble there with progress
// events and cancellation (issue 6). The loop itself runs in the worker (pyworker/train).
import { Tensor, type CallOptions, type Result, type WorkerApi } from "../../bridge/index.ts";
import { datasetTensors, type FeatureSet } from "../features/index.ts";

/** One progress event of `train.run` (worker field names; DESIGN 7). */
export type TrainProgress = {
  member?: number;
  members?: number;
  seed?: number;
  epoch?: number;
  epochs?: number;
  lr?: number;
  loss?: number;
  loss_return?: number;
  loss_cov?: number;
  loss_portfolio?: number;
  loss_turnover?: number;
  val_sharpe?: number | null;
  val_ic?: number | null;
  samples_per_s?: number;
  eta_s?: number;
  [k: string]: unknown;
};

export type TrainRequest = {
  /** Dataset handle from `putFeatureSet`. */
  handle: string;
  modelConfig: string;
  trainConfig: string;
  seeds: readonly number[];
  /** `single` (PRD 5.4) | `walkforward:YYYY` | `dates:TRAIN_END,VAL_END`. */
  split: string;
  runDir: string;
  resume?: boolean;
};

/** Sends the dataset once; the worker keeps it under the returned handle. */
export async function putFeatureSet(worker: WorkerApi, fs: FeatureSet, opts: { handle?: string } & CallOptions = {}): Promise<string> {
  const { handle, ...call } = opts;
  const t = datasetTensors(fs);
  const r = await worker.call(
    "dataset.put",
    {
      features: new Tensor("float32", [...t.features.shape], t.features.data),
      returns: new Tensor("float64", [...t.returns.shape], t.returns.data),
      mask: new Tensor("uint8", [...t.mask.shape], t.mask.data),
      dayStatus: new Tensor("uint8", [...t.dayStatus.shape], t.dayStatus.data),
      dates: fs.dates,
      factors: fs.factors,
      ...(handle !== undefined ? { handle } : {}),
    },
    { timeoutMs: 120_000, ...call },
  );
  return r.handle;
}

/**
 * Trains an ensemble in the worker. Progress arrives through `onProgress`; aborting `signal`
 * cancels the job, which writes a checkpoint (resume with `resume: true`).
 * @example await train(worker, { handle, modelConfig: "configs/model/tiny.yaml", trainConfig: "configs/train/quick.yaml", seeds: [0, 1], split: "single", runDir: "runs/x" }, { onProgress: console.log });
 */
export async function train(
  worker: WorkerApi,
  req: TrainRequest,
  opts: { onProgress?: (p: TrainProgress) => void; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Result<"train.run">> {
  return worker.call("train.run", { ...req, ...(req.resume !== undefined ? { resume: req.resume } : {}) }, {
    timeoutMs: opts.timeoutMs ?? 24 * 3600_000,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: (p) => opts.onProgress!(p as TrainProgress) } : {}),
  });
}
