// One ensemble over several workers (issue 6 item 5): ZeroMQ lets one SDK drive workers on several
// GPUs or hosts. Seeds are dealt round-robin; each worker gets the dataset once and trains its seeds
// into <runDir>/worker_<k>/; the combined ensemble.json (members in seed order) is written atomically.
import { join } from "node:path";
import type { WorkerApi } from "../../bridge/index.ts";
import type { FeatureSet } from "../features/index.ts";
import { writeJsonAtomic } from "../io/index.ts";
import { putFeatureSet, train, type TrainProgress, type TrainRequest } from "./train.ts";

export type DistributedResult = {
  status: string;
  /** Member checkpoints in seed order. */
  members: string[];
  metrics: Record<string, unknown>[];
  /** Which worker (index into `workers`) trained each seed. */
  assignment: { seed: number; worker: number }[];
};

/** Deals seeds round-robin over `k` workers: seed i goes to worker i mod k. */
export function assignSeeds(seeds: readonly number[], k: number): number[][] {
  if (k < 1) throw new Error("assignSeeds: need at least one worker");
  const out: number[][] = Array.from({ length: k }, () => []);
  seeds.forEach((s, i) => out[i % k]!.push(s));
  return out;
}

/**
 * Trains `req.seeds` across `workers` in parallel; every member sees the same dataset, split and configs.
 * @example await trainAcross([gpu0, gpu1], fs, { modelConfig, trainConfig, seeds: [0, 1, 2, 3, 4], split: "walkforward:2024", runDir });
 */
export async function trainAcross(
  workers: readonly WorkerApi[],
  fs: FeatureSet,
  req: Omit<TrainRequest, "handle">,
  opts: { onProgress?: (worker: number, p: TrainProgress) => void; signal?: AbortSignal } = {},
): Promise<DistributedResult> {
  const parts = assignSeeds(req.seeds, workers.length);
  const results = await Promise.all(
    workers.map(async (w, k) => {
      const seeds = parts[k]!;
      if (seeds.length === 0) return undefined;
      const handle = await putFeatureSet(w, fs);
      return train(
        w,
        { ...req, handle, seeds, runDir: join(req.runDir, `worker_${k}`) },
        { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onProgress ? { onProgress: (p) => opts.onProgress!(k, p) } : {}) },
      );
    }),
  );
  const bySeed = new Map<number, { member: string; metrics: Record<string, unknown>; worker: number }>();
  results.forEach((r, k) => r?.members.forEach((m, i) => bySeed.set(parts[k]![i]!, { member: m, metrics: r.metrics[i] ?? {}, worker: k })));
  const seeds = req.seeds.filter((s) => bySeed.has(s));
  const out: DistributedResult = {
    status: results.every((r) => r === undefined || r.status === results.find((x) => x)?.status) ? (results.find((x) => x)?.status ?? "empty") : "mixed",
    members: seeds.map((s) => bySeed.get(s)!.member),
    metrics: seeds.map((s) => ({ seed: s, ...bySeed.get(s)!.metrics })),
    assignment: seeds.map((s) => ({ seed: s, worker: bySeed.get(s)!.worker })),
  };
  writeJsonAtomic(join(req.runDir, "ensemble.json"), { members: out.members, metrics: out.metrics, assignment: out.assignment, split: req.split });
  return out;
}
