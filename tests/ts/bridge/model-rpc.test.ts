// dataset.put / dataset.targets / model.predict over the bridge. The worker's targets must equal the
// TypeScript targets (two implementations agree); predictions come from a real member checkpoint.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFeatures, targetsAt, type FeatureSet } from "../../../sdk/features/index.ts";
import { putFeatureSet } from "../../../sdk/train/index.ts";
import { cleanPanel } from "../../../sdk/data/index.ts";
import { CLEANING, RULES, synthPanel } from "../data/fixtures.ts";
import { workerPython, REPO_ROOT } from "../../../sdk/worker/index.ts";
import { startTestWorker, type TestWorker } from "../helpers/worker.ts";

function smallFeatureSet(): FeatureSet {
  return buildFeatures(cleanPanel(synthPanel({ factors: 6 }), RULES, CLEANING));
}

async function put(w: TestWorker, fs: FeatureSet): Promise<string> {
  const handle = await putFeatureSet(w.client, fs);
  expect(handle.length).toBeGreaterThan(0);
  return handle;
}

describe("dataset and model RPC", () => {
  let w: TestWorker;
  let fs: FeatureSet;
  let handle: string;
  beforeAll(async () => {
    w = await startTestWorker();
    fs = smallFeatureSet();
    handle = await put(w, fs);
  });
  afterAll(async () => {
    await w[Symbol.asyncDispose]();
  });

  it("worker targets equal the TypeScript targets at every 17th day", async () => {
    const N = fs.factors.length;
    let checked = 0;
    for (let t = 0; t + 5 < fs.dates.length; t += 17) {
      const ts = targetsAt(fs, t);
      const py = await w.client.call("dataset.targets", { handle, t });
      for (let i = 0; i < N; i++) {
        expect(py.mask.data[i]).toBe(ts.mask[i]);
        if (ts.mask[i]) expect(py.mu.data[i]).toBeCloseTo(ts.mu[i]!, 12);
      }
      for (let k = 0; k < N * N; k++) if (ts.mask[Math.floor(k / N)] && ts.mask[k % N]) expect(py.sigma.data[k]).toBeCloseTo(ts.sigma[k]!, 12);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("model.predict gives a PSD-looking Sigma and masks unavailable factors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "t2-member-"));
    const path = join(dir, "m0.safetensors");
    const py = `
import sys
from pyworker.model import load_config, build_model, save_member
cfg = load_config("configs/model/test.yaml", n_factors=${fs.factors.length})
save_member(sys.argv[1], build_model(cfg, device="cpu", seed=0), cfg, {"seed": 0})
`;
    const r = spawnSync(workerPython(), ["-c", py, path], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(r.stderr).not.toMatch(/Error/);
    const days = [200, 250, fs.dates.length - 1];
    const p = await w.client.call("model.predict", { members: [path], handle, days });
    const N = fs.factors.length;
    expect(p.mu.shape).toEqual([3, N]);
    expect(p.sigma.shape).toEqual([3, N, N]);
    for (let b = 0; b < 3; b++) {
      for (let i = 0; i < N; i++) {
        const d = p.sigma.data[b * N * N + i * N + i]!;
        if (p.mask.data[b * N + i]) expect(d).toBeGreaterThan(0);
        else expect(p.mu.data[b * N + i]).toBe(0);
      }
    }
    expect(Array.from(p.disagreement.data)).toEqual([0, 0, 0]); // one member
    const missing = await w.client.call("model.predict", { members: [join(dir, "nope.safetensors")], handle, days }).catch((e: { code: string }) => e.code);
    expect(missing).toBe("NOT_FOUND");
    const unknown = await w.client.call("dataset.targets", { handle: "nope", t: 0 }).catch((e: { code: string }) => e.code);
    expect(unknown).toBe("NOT_FOUND");
  });
});
