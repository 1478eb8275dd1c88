// runWalkForward: targets per (strategy, split) — cached — then one engine run per strategy over the stitched test period.
import { runBacktest } from "../engine.ts";
import { backtestMetrics, portfolioMetrics, type PortfolioMetrics } from "../metrics/summary.ts";
import type { Panel } from "../strategies/types.ts";
import type { BacktestResult } from "../types.ts";
import type { TargetBatch, TargetSource } from "../benchmarks/types.ts";
import { hashJson, panelFingerprint, type CachedSegment, type SegmentCache } from "./cache.ts";
import { segmentCodeVersion } from "./code-version.ts";
import { testCalendar, type TestCalendar } from "./calendar.ts";
import { collectModelTargets, type ModelEntry } from "./model.ts";
import type { WalkForwardSplit } from "./splits.ts";

/** Progress of a run: one event per (strategy, split) segment. */
export interface WalkForwardProgress {
  readonly strategy: string;
  readonly split: string;
  readonly cached: boolean;
  readonly seconds: number;
  readonly done: number;
  readonly total: number;
}

/** Input of {@link runWalkForward}. */
export interface WalkForwardOptions {
  readonly panel: Panel;
  readonly splits: readonly WalkForwardSplit[];
  readonly rebalanceEvery?: number;
  readonly costBps?: number;
  readonly slippageBps?: number;
  readonly initialCapital?: number;
  /** Benchmarks (no training). */
  readonly strategies: readonly TargetSource[];
  /** Trained models, one provider call per split. */
  readonly models?: readonly ModelEntry[];
  readonly cache?: SegmentCache;
  /**
   * Version of the code that computes the targets, part of every cached segment's fingerprint (a change recomputes
   * the segment). Default with a cache: {@link segmentCodeVersion} (hash of sdk/backtest and pyworker/portfolio).
   */
  readonly codeVersion?: string;
  /** Daily risk-free rate aligned with the panel (decimal per day) for Sharpe/Sortino; 0 when absent. */
  readonly riskFreeDaily?: Float64Array;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: WalkForwardProgress) => void;
}

/** Metrics of one split's test days. */
export interface SplitMetrics {
  readonly id: string;
  readonly metrics: PortfolioMetrics;
}

/** One strategy over the stitched test period. */
export interface StrategyRun {
  readonly name: string;
  readonly label: string;
  readonly kind: "benchmark" | "model";
  /** Engine result on the calendar's rows anchor..end (row 0 = the anchor day, in cash). */
  readonly result: BacktestResult;
  /** Metrics over the stitched test days (row 1 onward). */
  readonly metrics: PortfolioMetrics;
  readonly perSplit: readonly SplitMetrics[];
  /** Forecasts by calendar row (models that return mu). */
  readonly mu?: ReadonlyMap<number, Float64Array>;
  /** How often each solver status occurred (optimizer benchmarks; empty otherwise). */
  readonly statusCounts: Readonly<Record<string, number>>;
  /** Seconds spent computing targets (0 for fully cached runs) and the splits read from the cache. */
  readonly seconds: number;
  readonly cachedSplits: readonly string[];
}

/** Output of {@link runWalkForward}. */
export interface WalkForwardResult {
  readonly calendar: TestCalendar;
  readonly splits: readonly WalkForwardSplit[];
  /** panel.dates[anchor..end]. */
  readonly dates: readonly string[];
  readonly strategies: readonly StrategyRun[];
  /** Daily risk-free rate on the calendar rows. */
  readonly riskFree: Float64Array;
  readonly dataFingerprint: string;
}

interface Producer {
  readonly name: string;
  readonly label: string;
  readonly kind: "benchmark" | "model";
  readonly spec: Readonly<Record<string, unknown>>;
  produce(split: WalkForwardSplit, days: readonly number[]): Promise<TargetBatch>;
}

function toSegment(fp: string, name: string, split: string, panel: Panel, days: readonly number[], b: TargetBatch, seconds: number): CachedSegment {
  const rows = (m: ReadonlyMap<number, Float64Array>) => days.map((t) => Array.from(m.get(t) ?? []));
  return {
    fingerprint: fp,
    strategy: name,
    split,
    days,
    dates: days.map((t) => panel.dates[t] as string),
    weights: rows(b.weights),
    ...(b.mu === undefined ? {} : { mu: rows(b.mu) }),
    ...(b.status === undefined ? {} : { status: days.map((t) => b.status?.get(t) ?? "unknown") }),
    seconds,
  };
}

/**
 * Runs every strategy on the same test calendar. Per split, targets are read from the cache when its
 * fingerprint (data, strategy spec, split, days, code version) matches, else computed and stored; then each strategy's
 * targets are stitched and backtested once (costs, drift and the schedule identical for all).
 */
export async function runWalkForward(o: WalkForwardOptions): Promise<WalkForwardResult> {
  const cal = testCalendar(o.splits, o.rebalanceEvery ?? 5);
  const dataFp = panelFingerprint(o.panel);
  // Only a cache needs the code version: without one nothing is read back, and no source file is read.
  const code = o.cache === undefined ? null : (o.codeVersion ?? segmentCodeVersion());
  const producers: Producer[] = [
    ...o.strategies.map((s): Producer => ({ name: s.name, label: s.label, kind: "benchmark", spec: s.spec, produce: (_sp, days) => s.targets(o.panel, days, o.signal === undefined ? {} : { signal: o.signal }) })),
    ...(o.models ?? []).map((m): Producer => ({
      name: m.name,
      label: m.label,
      kind: "model",
      spec: m.spec,
      produce: async (sp, days) => collectModelTargets(await m.provider(sp, o.panel, o.signal === undefined ? {} : { signal: o.signal }), o.panel, days, o.signal),
    })),
  ];
  const total = producers.length * o.splits.length;
  let done = 0;
  const n = o.panel.returns.length / o.panel.dates.length;
  const runs: StrategyRun[] = [];
  const rows = { from: cal.anchor, to: cal.end };
  const dates = o.panel.dates.slice(rows.from, rows.to + 1);
  const rfAll = o.riskFreeDaily ?? new Float64Array(o.panel.dates.length);
  const riskFree = rfAll.slice(rows.from, rows.to + 1);
  for (const p of producers) {
    const weights = new Map<number, Float64Array>();
    const mu = new Map<number, Float64Array>();
    const cachedSplits: string[] = [];
    const statusCounts: Record<string, number> = {};
    let seconds = 0;
    for (const sp of o.splits) {
      o.signal?.throwIfAborted();
      const days = cal.daysBySplit.get(sp.id) ?? [];
      const fp = hashJson({ data: dataFp, strategy: p.name, spec: p.spec, split: sp, days, code });
      const hit = o.cache?.get(p.name, sp.id);
      let seg: CachedSegment;
      const t0 = performance.now();
      if (hit !== undefined && hit.fingerprint === fp) {
        seg = hit;
        cachedSplits.push(sp.id);
      } else {
        const batch = await p.produce(sp, days);
        seg = toSegment(fp, p.name, sp.id, o.panel, days, batch, (performance.now() - t0) / 1000);
        o.cache?.put(seg);
        seconds += seg.seconds;
      }
      seg.days.forEach((t, k) => {
        weights.set(t - rows.from, Float64Array.from(seg.weights[k] as readonly number[]));
        const m = seg.mu?.[k];
        if (m !== undefined && m.length === n) mu.set(t - rows.from, Float64Array.from(m));
        const st = seg.status?.[k];
        if (st !== undefined) statusCounts[st] = (statusCounts[st] ?? 0) + 1;
      });
      done++;
      o.onProgress?.({ strategy: p.name, split: sp.id, cached: hit !== undefined && hit.fingerprint === fp, seconds: (performance.now() - t0) / 1000, done, total });
    }
    const result = runBacktest({
      dates,
      returns: o.panel.returns.subarray(rows.from * n, (rows.to + 1) * n),
      mask: o.panel.mask.subarray(rows.from * n, (rows.to + 1) * n),
      // The calendar's own days: a rebalance on the very last test day would earn nothing and owns no split.
      rebalanceDates: cal.days.map((t) => dates[t - rows.from] as string),
      targetWeights: weights,
      ...(o.costBps === undefined ? {} : { costBps: o.costBps }),
      ...(o.slippageBps === undefined ? {} : { slippageBps: o.slippageBps }),
      ...(o.initialCapital === undefined ? {} : { initialCapital: o.initialCapital }),
    });
    const perSplit = o.splits.map((sp) => ({ id: sp.id, metrics: splitMetrics(result, sp.test.from - rows.from, sp.test.to - rows.from, riskFree) }));
    runs.push({
      name: p.name,
      label: p.label,
      kind: p.kind,
      result,
      metrics: backtestMetrics(result, { riskFree }),
      perSplit,
      ...(mu.size > 0 ? { mu } : {}),
      statusCounts,
      seconds,
      cachedSplits,
    });
  }
  return { calendar: cal, splits: o.splits, dates, strategies: runs, riskFree, dataFingerprint: dataFp };
}

/** Metrics of calendar rows from..to (inclusive); turnover of the rebalances whose holdings earn in them (not the initial build). */
export function splitMetrics(result: BacktestResult, from: number, to: number, riskFree: Float64Array): PortfolioMetrics {
  const n = result.nFactors;
  const turnover = Float64Array.from(
    result.rebalances.filter((r, k) => k > 0 && r.t + 1 >= from && r.t + 1 <= to),
    (r) => r.turnover,
  );
  return portfolioMetrics(result.dailyReturns.subarray(from, to + 1), {
    riskFree: riskFree.subarray(from, to + 1),
    turnover,
    positions: result.positions.subarray((from - 1) * n, to * n),
    nFactors: n,
  });
}
