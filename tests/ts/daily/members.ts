// Test members: randomly initialized configs/model/test.yaml checkpoints (one per seed), written by the worker's Python.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT, workerPython } from "../../../sdk/worker/index.ts";

/** Writes `<dir>/m<seed>.safetensors` for seeds 0..count-1 over `n` factors; returns the paths. */
export function makeMembers(dir: string, n: number, count = 2): string[] {
  const paths = Array.from({ length: count }, (_, s) => join(dir, `m${s}.safetensors`));
  const py = `
import sys
from pyworker.model import load_config, build_model, save_member
cfg = load_config("configs/model/test.yaml", n_factors=${n})
for seed, path in enumerate(sys.argv[1:]):
    save_member(path, build_model(cfg, device="cpu", seed=seed), cfg, {"seed": seed})
`;
  const r = spawnSync(workerPython(), ["-c", py, ...paths], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return paths;
}
