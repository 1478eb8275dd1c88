// tuning_report.html for `t2 tune`, `t2 ablate` and `t2 experiments report`: the worker exports the trials, its DSR and the
// ablation tables as JSON (`python -m pyworker tune export`); sdk/report validates and renders them.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { parseTuningSummary, writeTuningReport, type TuningSummary } from "../../report/index.ts";
import { REPO_ROOT, workerPython } from "../../worker/index.ts";

/** Where the summary comes from; config paths are the worker's (its out_dir names the log / ablation.json). */
export interface TuningSources {
  readonly logs?: readonly string[];
  readonly configs?: readonly string[];
  readonly ablations?: readonly string[];
  readonly ablationConfigs?: readonly string[];
}

/**
 * Runs `python -m pyworker tune export` (cwd = repo root) and validates its JSON; throws with the worker's message on failure.
 * @example const t = exportTuning({ configs: ["configs/tune/quick.yaml"] });
 */
export function exportTuning(src: TuningSources, opts: { readonly python?: string; readonly timeoutMs?: number } = {}): TuningSummary {
  const flag = (f: string, xs: readonly string[] | undefined) => (xs ?? []).flatMap((x) => [f, x]);
  const args = [...flag("--log", src.logs), ...flag("--config", src.configs), ...flag("--ablation", src.ablations), ...flag("--ablation-config", src.ablationConfigs)];
  const r = spawnSync(opts.python ?? workerPython(), ["-m", "pyworker", "tune", "export", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw new Error(`tune export: could not run the worker's Python: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`tune export failed (exit ${r.status}): ${r.stderr.trim().split("\n").pop() ?? ""}`);
  return parseTuningSummary(JSON.parse(r.stdout) as unknown);
}

/** Default location: `<dir of the first study or ablation>/tuning_report.html` (dirs are relative to the repo root). */
export function defaultTuningReportPath(t: TuningSummary): string {
  const dir = t.experiments[0]?.dir ?? t.ablations[0]?.dir;
  if (dir === undefined) throw new Error("the tuning summary has no study and no ablation");
  return join(resolve(REPO_ROOT, dir), "tuning_report.html");
}

/** Exports, renders and writes the tuning report (and tuning.json beside it); returns the paths. */
export function writeTuningReportFor(src: TuningSources, out?: string): { html: string; json: string } {
  const t = exportTuning(src);
  const names = [...t.experiments.map((e) => e.study), ...t.ablations.map((a) => a.name)];
  const html = out === undefined ? defaultTuningReportPath(t) : resolve(out);
  return writeTuningReport(html, t, { title: `Tuning report: ${names.join(", ")}`, createdAt: new Date().toISOString() });
}
