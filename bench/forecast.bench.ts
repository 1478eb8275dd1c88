// sdk forecast() latency (issue 8): ensemble predict + max-Sharpe optimize for one as-of day, over the bridge,
// for 1 and 5 tiny members, against model.predict alone measured in the same run (the optimizer's share).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanPanel, loadDataConfig, synthPanel } from "../sdk/data/index.ts";
import { buildFeatures } from "../sdk/features/index.ts";
import { forecast } from "../sdk/forecast/index.ts";
import { putFeatureSet } from "../sdk/train/index.ts";
import { LocalWorker, REPO_ROOT, workerPython } from "../sdk/worker/index.ts";
import { quantile, timeit, type BenchRow } from "./types.ts";

function makeMembers(n: number, nFactors: number, config: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "t2-bench-members-"));
  const py = `
import sys
from pyworker.model import load_config, build_model, save_member
cfg = load_config(sys.argv[1], n_factors=int(sys.argv[2]))
for s in range(int(sys.argv[3])):
    save_member(f"{sys.argv[4]}/m{s}.safetensors", build_model(cfg, seed=s), cfg, {"seed": s})
`;
  const r = spawnSync(workerPython(), ["-c", py, config, String(nFactors), String(n), dir], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`could not make bench members: ${r.stderr}`);
  return Array.from({ length: n }, (_, s) => join(dir, `m${s}.safetensors`));
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const cfg = loadDataConfig(join(REPO_ROOT, "configs/data/synthetic.yaml"));
  const fs = buildFeatures(cleanPanel(synthPanel({ factors: 100, start: "2023-01-02", end: "2025-12-31", seed: 7 }), cfg.rules, cfg.cleaning));
  const n = fs.factors.length;
  const day = fs.dates.length - 1;
  const rows: BenchRow[] = [];
  await using worker = await LocalWorker.start({ heartbeatMs: 0 });
  const handle = await putFeatureSet(worker, fs);
  const reps = opts.quick ? 10 : 50;
  for (const k of [1, 5]) {
    const members = makeMembers(k, n, join(REPO_ROOT, "configs/model/tiny.yaml"));
    const predict = quantile(await timeit(reps, () => worker.call("model.predict", { members, handle, days: [day] })), 0.5);
    const full = quantile(await timeit(reps, () => forecast(worker, { members, handle, days: [day] })), 0.5);
    rows.push({ name: `predict, ${k} tiny member(s), N=${n}`, metric: "median", value: predict, unit: "ms", note: "model.predict alone (windows built in the worker)" });
    rows.push({ name: `forecast(), ${k} tiny member(s), N=${n}`, metric: "median", value: full, unit: "ms", baseline: "model.predict alone", ratio: full / predict, note: "predict + max-Sharpe with the 10% floor" });
    rows.push({ name: `forecast(), ${k} tiny member(s), N=${n}`, metric: "per member", value: predict / k, unit: "ms", note: "PRD 11.3: < 100 ms per model (on GPU)" });
  }
  return rows;
}
