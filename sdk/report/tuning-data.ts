// The tuning summary the worker exports (`python -m pyworker tune export`, schema t2.tuning/1): experiment-log trials
// with the worker's Deflated Sharpe Ratio, and ablation tables with bootstrap intervals. Validated here, never recomputed.
import { readFileSync } from "node:fs";
import { z } from "zod";

const num = z.number().nullable();
const str = z.string().nullable();
const params = z.record(z.string(), z.unknown());

/** One trial of an experiment log (pyworker/tune/export.py `trial_row`); val_sharpe is null for a pruned trial. */
export const TuningTrial = z.object({
  phase: z.string(),
  trial: z.number().int(),
  state: z.string(),
  params,
  config: z.string(),
  seeds: z.array(z.number()),
  data_hash: str,
  val_sharpe: num,
  per_seed_sharpe: z.array(num),
  best_epochs: z.array(num),
  duration_s: num,
  worker: num,
  host: str,
  code_version: str,
  started_at: str,
});
export type TuningTrial = z.infer<typeof TuningTrial>;

/** The DSR of the best COMPLETE trial over all complete trials (pyworker/tune/dsr.py); daily Sharpe units except best_val_sharpe. */
export const TuningDeflated = z.object({
  n_trials: z.number().int(),
  best_trial: z.number().int().nullable(),
  best_phase: str,
  best_val_sharpe: num,
  best_sharpe_daily: num,
  sharpe_variance: num,
  sr0: num,
  dsr: num,
});
export type TuningDeflated = z.infer<typeof TuningDeflated>;

/** One experiment log (one study, all its phases). `dir` is `<out_dir>/<study>`, relative to the worker's working directory. */
export const TuningExperiments = z.object({
  study: z.string(),
  log: z.string(),
  dir: z.string(),
  trials: z.array(TuningTrial),
  deflated: TuningDeflated,
});
export type TuningExperiments = z.infer<typeof TuningExperiments>;

/** One ablation variant: validation Sharpe (mean over seeds) and its paired-bootstrap delta vs default. */
export const AblationRow = z.object({
  variant: z.string(),
  description: z.string(),
  input_width: num,
  val_sharpe: num,
  per_seed_sharpe: z.array(num),
  delta: num,
  ci_low: num,
  ci_high: num,
  params,
  data_hash: str,
  duration_s: num,
});
export type AblationRow = z.infer<typeof AblationRow>;

/** One ablation.json. */
export const TuningAblation = z.object({
  name: z.string(),
  path: z.string(),
  dir: z.string(),
  seeds: z.array(z.number()),
  bootstrap: z.object({ n_boot: z.number().int(), seed: z.number().int(), block: z.number().int(), level: z.number() }),
  rows: z.array(AblationRow),
});
export type TuningAblation = z.infer<typeof TuningAblation>;

/** The whole export. */
export const TuningSummary = z.object({
  schema: z.literal("t2.tuning/1"),
  created_at: z.string(),
  experiments: z.array(TuningExperiments),
  ablations: z.array(TuningAblation),
});
export type TuningSummary = z.infer<typeof TuningSummary>;

/**
 * Validates a parsed `tune export` object; throws naming the first bad field's path.
 * @example const t = parseTuningSummary(JSON.parse(readFileSync("runs/tune/quick/tuning.json", "utf8")));
 */
export function parseTuningSummary(value: unknown): TuningSummary {
  const r = TuningSummary.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new Error(`not a t2.tuning/1 summary: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : r.error.message}`);
}

/**
 * Reads and validates a tuning.json (written beside tuning_report.html by `t2 tune` / `t2 ablate` / `t2 experiments report`).
 * @example buildReportData(run, { ...inputs, tuning: loadTuningSummary("runs/tune/quick/tuning.json") });
 */
export function loadTuningSummary(file: string): TuningSummary {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`cannot read the tuning summary ${file}: ${(e as Error).message}`, { cause: e });
  }
  return parseTuningSummary(value);
}
