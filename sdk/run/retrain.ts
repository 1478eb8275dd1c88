// runRetrain (`t2 retrain --year YYYY`, `tsx pipelines/retrain.ts`; PRD 9.2 annual retraining): train a new ensemble
// on the walk-forward split of YYYY, backtest it on the validation year YYYY-1 only (never the test year), register
// it, compare it with production on the same validation year (compareForPromotion) and promote it only if it passes.
// `dryRun` writes nothing to the registry. Members of a finished training run under `<runRoot>/<year>/` are reused.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import type { WorkerApi } from "../../bridge/index.ts";
import { portfolioMetrics, runBacktest } from "../backtest/index.ts";
import { CleaningSchema, cleanPanel, loadDataConfig, loadDataset, synthPanel, ValidationRulesSchema, type CleaningOptions, type RawPanel, type ValidationRules } from "../data/index.ts";
import { forecast, rowOf } from "../forecast/index.ts";
import { buildFeatures, type FeatureSet } from "../features/index.ts";
import { createLogger, type Logger } from "../log/index.ts";
import { compareForPromotion, productionInfo, productionVersion, promote, registerVersion, type Clock, type PromotionDecision, type PromotionMetrics } from "../registry/index.ts";
import { putFeatureSet, train } from "../train/index.ts";
import { LocalWorker, REPO_ROOT } from "../worker/index.ts";

export const DEFAULT_RETRAIN_CONFIG = "configs/retrain/synthetic.yaml";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const RetrainConfigSchema = z
  .object({
    name: z.string().min(1),
    source: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("synthetic"), synthetic: z.object({ factors: z.number().int().min(2), start: date, end: date, seed: z.number().int() }).strict() }).strict(),
      z.object({ kind: z.literal("data-config"), config: z.string().min(1) }).strict(),
    ]),
    model: z.string().min(1),
    train: z.string().min(1),
    seeds: z.array(z.number().int().min(0)).min(1),
    registry: z.string().min(1),
    runRoot: z.string().min(1),
    validation: z.object({ rebalanceEvery: z.number().int().min(1).default(5), volFloor: z.number().positive().default(0.1) }).strict().default({ rebalanceEvery: 5, volFloor: 0.1 }),
    promotion: z
      .object({ minSharpeImprovement: z.number().default(0), maxDrawdown: z.number().positive().optional(), minIc: z.number().optional() })
      .strict()
      .default({ minSharpeImprovement: 0, maxDrawdown: 0.2 }),
  })
  .strict();
export type RetrainConfig = z.infer<typeof RetrainConfigSchema>;

export function loadRetrainConfig(file: string): RetrainConfig {
  const r = RetrainConfigSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`invalid retrain config ${file}: ${i?.path.join(".") ?? ""}: ${i?.message ?? "invalid"}`);
  }
  return r.data;
}

export interface RetrainOptions {
  readonly year: number;
  readonly config?: string;
  readonly dryRun?: boolean;
  readonly baseDir?: string;
  /** A running worker (tests); default: a fresh LocalWorker. */
  readonly worker?: WorkerApi;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export interface RetrainOutcome {
  readonly year: number;
  readonly members: readonly string[];
  /** Validation year and its metrics for the candidate and (when there is one) production. */
  readonly validationYear: number;
  readonly candidate: PromotionMetrics & { days: number };
  readonly production: (PromotionMetrics & { version: string }) | null;
  readonly decision: PromotionDecision;
  /** The registered version (absent on a dry run). */
  readonly version?: string;
  readonly promoted: boolean;
  readonly dryRun: boolean;
}

async function history(c: RetrainConfig, base: string): Promise<{ raw: RawPanel; rules: ValidationRules; cleaning: CleaningOptions }> {
  if (c.source.kind === "synthetic") return { raw: synthPanel(c.source.synthetic), rules: ValidationRulesSchema.parse({}), cleaning: CleaningSchema.parse({}) };
  const d = loadDataConfig(resolve(base, c.source.config));
  return { raw: await loadDataset(d, { baseDir: base }), rules: d.rules, cleaning: d.cleaning };
}

/** Rows of the validation year `year - 1` (the walk-forward split's validation period). */
export function validationRows(dates: readonly string[], year: number): number[] {
  const y = String(year - 1);
  return dates.flatMap((d, t) => (d.startsWith(y) ? [t] : []));
}

/** Backtest of `members` over the validation rows: rebalance every k days, weights from the worker's forecast. */
async function validate(worker: WorkerApi, fs: FeatureSet, handle: string, members: readonly string[], rows: readonly number[], c: RetrainConfig): Promise<PromotionMetrics & { days: number }> {
  const t0 = rows[0] as number;
  const T = rows.length;
  const N = fs.factors.length;
  const targets = new Map<number, Float64Array>();
  for (let k = 0; k < T - 1; k += c.validation.rebalanceEvery) {
    const f = await forecast(worker, { members, handle, days: [t0 + k], volFloor: c.validation.volFloor / Math.sqrt(252) });
    targets.set(k, rowOf(f.weights, 0));
  }
  const res = runBacktest({
    dates: fs.dates.slice(t0, t0 + T),
    returns: fs.rawReturns.slice(t0 * N, (t0 + T) * N),
    mask: fs.mask.slice(t0 * N, (t0 + T) * N),
    rebalanceDates: [...targets.keys()].map((k) => fs.dates[t0 + k] as string),
    targetWeights: targets,
  });
  const m = portfolioMetrics(res.dailyReturns.slice(res.start));
  return { sharpe: m.sharpe, maxDrawdown: m.maxDrawdown, days: res.dailyReturns.length - res.start };
}

function finishedMembers(dir: string): string[] | undefined {
  const f = join(dir, "ensemble.json");
  if (!existsSync(f)) return undefined;
  const doc = JSON.parse(readFileSync(f, "utf8")) as { members?: string[] };
  return doc.members && doc.members.length > 0 && doc.members.every((m) => existsSync(m)) ? doc.members : undefined;
}

/**
 * Runs the retraining of `year` (see the file header).
 * @example const o = await runRetrain({ year: 2025, dryRun: true }); console.log(renderRetrain(o));
 */
export async function runRetrain(o: RetrainOptions): Promise<RetrainOutcome> {
  const base = o.baseDir ?? REPO_ROOT;
  const clock = o.clock ?? (() => new Date());
  const log = o.logger ?? createLogger("retrain");
  const file = resolve(base, o.config ?? DEFAULT_RETRAIN_CONFIG);
  const c = loadRetrainConfig(file);
  const root = resolve(base, c.registry);
  const h = await history(c, base);
  const fs = buildFeatures(cleanPanel(h.raw, h.rules, h.cleaning));
  const rows = validationRows(fs.dates, o.year);
  if (rows.length < 2 * c.validation.rebalanceEvery) throw new Error(`retrain ${o.year}: the data has ${rows.length} days in the validation year ${o.year - 1}`);
  const run = async (worker: WorkerApi): Promise<RetrainOutcome> => {
    const handle = await putFeatureSet(worker, fs);
    const runDir = resolve(base, c.runRoot, String(o.year));
    let members = finishedMembers(runDir);
    if (members === undefined) {
      log.info({ year: o.year, seeds: c.seeds, runDir }, "training");
      members = (await train(worker, { handle, modelConfig: resolve(base, c.model), trainConfig: resolve(base, c.train), seeds: c.seeds, split: `walkforward:${o.year}`, runDir })).members;
    }
    const candidate = await validate(worker, fs, handle, members, rows, c);
    let production: RetrainOutcome["production"] = null;
    if ((await productionVersion(root).catch(() => null)) !== null) {
      const p = await productionInfo(root);
      production = { version: p.version, ...(await validate(worker, fs, handle, p.members, rows, c)) };
    }
    const rules = { minSharpeImprovement: c.promotion.minSharpeImprovement, maxDrawdown: c.promotion.maxDrawdown, minIc: c.promotion.minIc };
    log.info({ candidate, production }, "validation-year metrics");
    const decision = compareForPromotion(candidate, production, rules);
    const out = { year: o.year, members, validationYear: o.year - 1, candidate, production, decision, dryRun: o.dryRun === true };
    if (o.dryRun) return { ...out, promoted: false };
    const trainedOn = clock().toISOString().slice(0, 10);
    const metrics = { valSharpe: candidate.sharpe, valMaxDrawdown: candidate.maxDrawdown ?? 0, valDays: candidate.days };
    // dataHash and codeVersion come from the members' config.json (the trainer records them).
    const meta = await registerVersion(root, { year: o.year, trainedOn, sourceRunDir: runDir, metrics, config: { retrain: c, year: o.year } }, { clock });
    if (decision.promote) await promote(root, meta.version, { clock, reason: `retrain ${o.year}: candidate validation Sharpe ${candidate.sharpe.toFixed(3)}`, decision });
    return { ...out, version: meta.version, promoted: decision.promote };
  };
  if (o.worker) return run(o.worker);
  await using worker = await LocalWorker.start({ logger: log });
  return run(worker);
}

/** The decision as printed by `t2 retrain`. */
export function renderRetrain(o: RetrainOutcome): string {
  const f = (m: PromotionMetrics) => `Sharpe ${m.sharpe.toFixed(3)}, max drawdown ${((m.maxDrawdown ?? NaN) * 100).toFixed(1)}%`;
  const lines = [
    `t2 retrain ${o.year}: ${o.members.length} member(s); validation year ${o.validationYear} (the test year ${o.year} is not read)`,
    `  candidate:  ${f(o.candidate)} over ${o.candidate.days} days`,
    `  production: ${o.production ? `${o.production.version}: ${f(o.production)}` : "none"}`,
    ...o.decision.checks.map((c) => `  ${c.passed ? "pass" : "FAIL"} ${c.id.padEnd(12)} ${c.message}`),
    o.dryRun
      ? `decision: ${o.decision.promote ? "would PROMOTE" : "would NOT promote"} (dry run: nothing registered)`
      : `decision: ${o.promoted ? `PROMOTED ${o.version ?? ""}` : `registered ${o.version ?? ""}, NOT promoted`}`,
  ];
  return lines.join("\n");
}
