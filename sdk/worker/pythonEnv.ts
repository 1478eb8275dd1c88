// Locates (and on first use creates) the worker's Python environment: .venv via scripts/setup.mjs.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../io/index.ts";

export { REPO_ROOT };

/** Python of the worker: $T2_WORKER_PYTHON, else the repo's .venv (created on first use). */
export function workerPython(opts: { ensure?: boolean } = {}): string {
  const env = process.env.T2_WORKER_PYTHON;
  if (env) return env;
  const py = join(REPO_ROOT, ".venv", "bin", "python");
  if (!existsSync(py) && opts.ensure !== false) {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, "scripts", "setup.mjs")], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("could not create the worker's Python environment (scripts/setup.mjs failed)");
  }
  return py;
}
