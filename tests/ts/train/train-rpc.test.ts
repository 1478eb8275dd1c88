// SDK training over the bridge: progress events, cancellation with a checkpoint, and one ensemble
// trained across two workers (seeds dealt round-robin, members combined in seed order).
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BridgeError } from "../../../bridge/index.ts";
import { cleanPanel } from "../../../sdk/data/index.ts";
import { buildFeatures, type FeatureSet } from "../../../sdk/features/index.ts";
import { assignSeeds, putFeatureSet, train, trainAcross, type TrainProgress } from "../../../sdk/train/index.ts";
import { LocalWorker, REPO_ROOT } from "../../../sdk/worker/index.ts";
import { CLEANING, RULES, synthPanel } from "../data/fixtures.ts";

const MODEL = join(REPO_ROOT, "configs/model/test.yaml");
const SMOKE = join(REPO_ROOT, "configs/train/smoke.yaml");
const SPLIT = "dates:2010-12-31,2011-03-31";

describe("training over the bridge", () => {
  let fs: FeatureSet;
  let a: LocalWorker;
  let b: LocalWorker;
  beforeAll(async () => {
    fs = buildFeatures(cleanPanel(synthPanel({ factors: 6 }), RULES, CLEANING));
    [a, b] = await Promise.all([LocalWorker.start(), LocalWorker.start()]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it("deals seeds round-robin", () => {
    expect(assignSeeds([0, 1, 2, 3, 4], 2)).toEqual([[0, 2, 4], [1, 3]]);
    expect(assignSeeds([7], 3)).toEqual([[7], [], []]);
  });

  it("streams per-epoch progress and writes members, logs and checkpoints", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "t2-train-"));
    const events: TrainProgress[] = [];
    const handle = await putFeatureSet(a, fs);
    const r = await train(a, { handle, modelConfig: MODEL, trainConfig: SMOKE, seeds: [0], split: SPLIT, runDir }, { onProgress: (p) => events.push(p) });
    expect(r.members).toHaveLength(1);
    expect(existsSync(r.members[0]!)).toBe(true);
    expect(events.map((e) => e.epoch)).toEqual([1, 2]);
    for (const e of events) {
      expect(e.epochs).toBe(2);
      expect(Number.isFinite(e.loss)).toBe(true);
      expect(typeof e.lr).toBe("number");
      expect(typeof e.samples_per_s).toBe("number");
    }
    expect(readFileSync(join(runDir, "seed_0", "training_log.csv"), "utf8").trim().split("\n")).toHaveLength(3);
  });

  it("cancels a training job cleanly (typed CANCELLED, checkpoint kept)", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "t2-train-"));
    const handle = await putFeatureSet(a, fs);
    const ac = new AbortController();
    const job = train(a, { handle, modelConfig: MODEL, trainConfig: SMOKE, seeds: [0, 1, 2], split: SPLIT, runDir }, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.epoch === 1) ac.abort();
      },
    });
    const err = await job.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as BridgeError).code).toBe("CANCELLED");
    expect(existsSync(join(runDir, "seed_0", "checkpoints"))).toBe(true);
    expect((await a.call("ping", {})).uptimeS).toBeGreaterThan(0);
  });

  it("trains one ensemble across two workers", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "t2-train-"));
    const seen = new Set<number>();
    const r = await trainAcross([a, b], fs, { modelConfig: MODEL, trainConfig: SMOKE, seeds: [0, 1, 2], split: SPLIT, runDir }, { onProgress: (k) => seen.add(k) });
    expect(r.members).toHaveLength(3);
    expect(r.assignment).toEqual([{ seed: 0, worker: 0 }, { seed: 1, worker: 1 }, { seed: 2, worker: 0 }]);
    expect([...seen].sort()).toEqual([0, 1]);
    expect(r.members[1]).toContain("worker_1");
    const doc = JSON.parse(readFileSync(join(runDir, "ensemble.json"), "utf8")) as { members: string[] };
    expect(doc.members).toEqual(r.members);
    // the combined ensemble predicts
    const handle = await putFeatureSet(b, fs);
    const p = await b.call("model.predict", { members: r.members, handle, days: [fs.dates.length - 1] });
    expect(p.disagreement.data[0]).toBeGreaterThan(0);
  });
});
