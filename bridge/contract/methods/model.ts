// Dataset, model and training methods (issues 3, 4, 6). A dataset crosses the bridge once and stays
// in the worker under a handle; windows are built in the worker by indexing (DESIGN 3).
import { z } from "zod";
import { defineMethod } from "../define.ts";
import { tensor } from "../tensor.ts";

const handle = z.string().min(1).max(200);

export const datasetPut = defineMethod({
  name: "dataset.put",
  description:
    "Stores a dataset in the worker: features (T,F=7N+6) float32 normalized, returns (T,N) float64 daily (NaN = missing), mask (T,N) 1 = available, dates (T) ISO, factors (N). Returns a handle.",
  idempotent: true,
  params: z
    .object({
      features: tensor({ dtype: ["float32"], rank: 2, finite: true }),
      returns: tensor({ dtype: ["float64"], rank: 2 }),
      mask: tensor({ dtype: ["uint8", "bool"], rank: 2 }),
      dayStatus: tensor({ dtype: ["uint8"], rank: 1 }).optional().describe("0 ok, 1 warn, 2 halt (sdk/features DAY_STATUS_CODE)"),
      dates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).readonly(),
      factors: z.array(z.string().min(1)).readonly(),
      handle: handle.optional().describe("name to store it under (default: its content hash)"),
    })
    .strict(),
  result: z.object({ handle, days: z.number().int(), factors: z.number().int(), features: z.number().int(), hash: z.string() }).strict(),
});

export const datasetDrop = defineMethod({
  name: "dataset.drop",
  description: "Forgets a stored dataset.",
  idempotent: true,
  params: z.object({ handle }).strict(),
  result: z.object({ dropped: z.boolean() }).strict(),
});

export const datasetTargets = defineMethod({
  name: "dataset.targets",
  description: "The worker's training targets at day index t: mu_actual (N), Sigma_actual (N,N) over t+1..t+5 and their mask (cross-check of the TS targets).",
  idempotent: true,
  params: z.object({ handle, t: z.number().int().min(0) }).strict(),
  result: z
    .object({ mu: tensor({ dtype: ["float64"], rank: 1 }), sigma: tensor({ dtype: ["float64"], rank: 2 }), mask: tensor({ dtype: ["bool"], rank: 1 }) })
    .strict(),
});

export const modelPredict = defineMethod({
  name: "model.predict",
  description:
    "Ensemble forecast from member checkpoints: either windows x (B,L,F) + mask (B,N), or a dataset handle + day indices (windows built in the worker). Returns mean mu (B,N), mean Sigma (B,N,N), per-factor std of mu and a disagreement number per sample (daily units).",
  idempotent: true,
  params: z
    .object({
      members: z.array(z.string().min(1)).min(1).readonly(),
      x: tensor({ dtype: ["float32"], rank: 3, finite: true }).optional(),
      mask: tensor({ dtype: ["uint8", "bool"], rank: 2 }).optional(),
      handle: handle.optional(),
      days: z.array(z.number().int().min(0)).min(1).readonly().optional(),
    })
    .strict(),
  result: z
    .object({
      mu: tensor({ dtype: ["float64"], rank: 2 }),
      sigma: tensor({ dtype: ["float64"], rank: 3 }),
      muStd: tensor({ dtype: ["float64"], rank: 2 }),
      disagreement: tensor({ dtype: ["float64"], rank: 1 }),
      mask: tensor({ dtype: ["bool"], rank: 2 }),
    })
    .strict(),
});

export const trainRun = defineMethod({
  name: "train.run",
  description:
    "Trains an ensemble (one member per seed) on a stored dataset; streams progress (member, epoch, losses, val Sharpe/IC, lr, samples/s, ETA); cancellable with a checkpoint; resumable.",
  idempotent: false,
  long: true,
  params: z
    .object({
      handle,
      modelConfig: z.string().min(1).describe("path of a configs/model/*.yaml"),
      trainConfig: z.string().min(1).describe("path of a configs/train/*.yaml"),
      seeds: z.array(z.number().int().min(0)).min(1).readonly(),
      split: z.string().min(1).describe("single | walkforward:YYYY | dates:TRAIN_END,VAL_END"),
      runDir: z.string().min(1),
      resume: z.boolean().optional(),
    })
    .strict(),
  result: z
    .object({
      status: z.string(),
      members: z.array(z.string()),
      metrics: z.array(z.record(z.string(), z.unknown())),
    })
    .strict(),
});
