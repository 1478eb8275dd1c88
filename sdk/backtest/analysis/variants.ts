// Sensitivity (rebalance, floor, lookback) and data-perturbation runs (PRD 7.2): the benchmarks re-run on changed settings.
import type { WorkerApi } from "../../../bridge/index.ts";
import { benchmarks, OPTIMIZER_BENCHMARKS, type BenchmarkName, type BenchmarkParams } from "../benchmarks/catalog.ts";
import type { Panel } from "../strategies/types.ts";
import type { SegmentCache } from "../walkforward/cache.ts";
import type { ModelEntry } from "../walkforward/model.ts";
import { runWalkForward, type WalkForwardProgress } from "../walkforward/run.ts";
import type { WalkForwardSplit } from "../walkforward/splits.ts";
import { addNoise, dropFactors } from "./perturb.ts";

/** What every variant run shares with the main run. */
export interface VariantBase {
  readonly panel: Panel;
  readonly splits: readonly WalkForwardSplit[];
  readonly worker?: WorkerApi;
  readonly names: readonly BenchmarkName[];
  readonly params: BenchmarkParams;
  readonly rebalanceEvery: number;
  readonly costBps?: number;
  readonly slippageBps?: number;
  readonly riskFreeDaily?: Float64Array;
  /** Models re-run in the rebalance-frequency sensitivity (their providers are called again per split). */
  readonly models?: readonly ModelEntry[];
  /** A cache per variant id (e.g. `rebalance-10`), so variants never overwrite the main run's segments. */
  readonly cacheFor?: (variant: string) => SegmentCache;
  readonly signal?: AbortSignal;
  readonly onProgress?: (variant: string, p: WalkForwardProgress) => void;
}

/** One strategy under one variant. */
export interface VariantRow {
  readonly analysis: "sensitivity" | "perturbation";
  readonly parameter: string;
  readonly value: number;
  readonly strategy: string;
  readonly sharpe: number;
  readonly annualizedReturn: number;
  readonly maxDrawdown: number;
  readonly averageTurnover: number | null;
  /** Daily Sharpe of excess returns (for the Deflated Sharpe's trial count). */
  readonly dailySharpe: number;
}

/** The PRD 7.2 grids. */
export interface SensitivityGrid {
  readonly rebalanceEvery?: readonly number[];
  readonly volFloor?: readonly number[];
  readonly lookback?: readonly number[];
}

async function variant(base: VariantBase, id: string, analysis: VariantRow["analysis"], parameter: string, value: number, over: { panel?: Panel; names?: readonly BenchmarkName[]; params?: BenchmarkParams; rebalanceEvery?: number; models?: readonly ModelEntry[] }): Promise<VariantRow[]> {
  const names = over.names ?? base.names;
  const run = await runWalkForward({
    panel: over.panel ?? base.panel,
    splits: base.splits,
    rebalanceEvery: over.rebalanceEvery ?? base.rebalanceEvery,
    strategies: benchmarks(names, over.params ?? base.params, base.worker),
    ...(over.models === undefined ? {} : { models: over.models }),
    ...(base.costBps === undefined ? {} : { costBps: base.costBps }),
    ...(base.slippageBps === undefined ? {} : { slippageBps: base.slippageBps }),
    ...(base.riskFreeDaily === undefined ? {} : { riskFreeDaily: base.riskFreeDaily }),
    ...(base.cacheFor === undefined ? {} : { cache: base.cacheFor(id) }),
    ...(base.signal === undefined ? {} : { signal: base.signal }),
    ...(base.onProgress === undefined ? {} : { onProgress: (p: WalkForwardProgress) => base.onProgress?.(id, p) }),
  });
  const rf = run.riskFree.subarray(1);
  return run.strategies.map((s) => {
    const r = s.result.dailyReturns.subarray(1);
    let m = 0;
    for (let i = 0; i < r.length; i++) m += (r[i] as number) - (rf[i] as number);
    m /= r.length;
    let v = 0;
    for (let i = 0; i < r.length; i++) v += ((r[i] as number) - (rf[i] as number) - m) ** 2;
    return {
      analysis,
      parameter,
      value,
      strategy: s.name,
      sharpe: s.metrics.sharpe,
      annualizedReturn: s.metrics.annualizedReturn,
      maxDrawdown: s.metrics.maxDrawdown,
      averageTurnover: s.metrics.averageTurnover ?? null,
      dailySharpe: m / Math.sqrt(v / (r.length - 1)),
    };
  });
}

/**
 * Re-runs the benchmarks with each rebalance frequency (all strategies, models included), each floor
 * (mean-variance only) and each lookback (the window benchmarks).
 */
export async function runSensitivity(base: VariantBase, grid: SensitivityGrid): Promise<VariantRow[]> {
  const rows: VariantRow[] = [];
  for (const k of grid.rebalanceEvery ?? []) rows.push(...(await variant(base, `rebalance-${k}`, "sensitivity", "rebalanceEvery", k, { rebalanceEvery: k, ...(base.models === undefined ? {} : { models: base.models }) })));
  const floorNames = base.names.filter((n) => n === "mean_variance");
  for (const f of floorNames.length ? (grid.volFloor ?? []) : []) rows.push(...(await variant(base, `floor-${f}`, "sensitivity", "volFloor", f, { names: floorNames, params: { ...base.params, volFloor: f } })));
  const windowNames = base.names.filter((n) => OPTIMIZER_BENCHMARKS.includes(n));
  for (const l of windowNames.length ? (grid.lookback ?? []) : []) rows.push(...(await variant(base, `lookback-${l}`, "sensitivity", "lookback", l, { names: windowNames, params: { ...base.params, lookback: l } })));
  return rows;
}

/** Noise levels (fractions of each factor's sigma) and drop fractions, with one explicit seed. */
export interface PerturbationGrid {
  readonly noise?: readonly number[];
  readonly dropFraction?: readonly number[];
  readonly seed: number;
}

/** Re-runs the benchmarks on noisy returns and with random factors removed (seeded). */
export async function runPerturbations(base: VariantBase, grid: PerturbationGrid): Promise<VariantRow[]> {
  const rows: VariantRow[] = [];
  for (const level of grid.noise ?? []) rows.push(...(await variant(base, `noise-${level}-seed${grid.seed}`, "perturbation", "noise", level, { panel: addNoise(base.panel, level, grid.seed) })));
  for (const f of grid.dropFraction ?? []) rows.push(...(await variant(base, `drop-${f}-seed${grid.seed}`, "perturbation", "dropFraction", f, { panel: dropFactors(base.panel, f, grid.seed).panel })));
  return rows;
}
