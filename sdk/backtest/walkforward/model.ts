// The plug for a trained model: a provider turns a split into a strategy (weights, optionally the mu forecast).
import { strategyContext, type Panel, type StrategyContext } from "../strategies/types.ts";
import type { TargetBatch } from "../benchmarks/types.ts";
import type { WalkForwardSplit } from "./splits.ts";

/** What a model strategy returns on a rebalance day: target weights and, for the IC, its mean forecast. */
export interface ModelStep {
  readonly weights: Float64Array;
  /** Predicted mean daily return per factor (length N). */
  readonly mu?: Float64Array;
}

/** A model's per-day strategy: a StrategyFn (weights only) or one that also returns its forecast. */
export type ModelStrategyFn = (ctx: StrategyContext) => Promise<Float64Array | ModelStep> | Float64Array | ModelStep;

/**
 * Trains (or loads) the model for one split and returns its strategy for that split's test days.
 * It may read `panel` rows up to `split.validation.to + split.purgeDays` for fitting; the strategy
 * itself only ever sees the context truncated at the rebalance day.
 * @example const provider: ModelStrategyProvider = async (split, panel) => loadEnsemble(split.id).strategy;
 */
export type ModelStrategyProvider = (split: WalkForwardSplit, panel: Panel, opts: { signal?: AbortSignal }) => Promise<ModelStrategyFn>;

/** A model registered with a run: its id, label and what its provider depends on (for the cache fingerprint). */
export interface ModelEntry {
  readonly name: string;
  readonly label: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly provider: ModelStrategyProvider;
}

/** Calls a model strategy on each day (sequentially, truncated contexts) and collects weights and forecasts. */
export async function collectModelTargets(fn: ModelStrategyFn, panel: Panel, days: readonly number[], signal?: AbortSignal): Promise<TargetBatch> {
  const weights = new Map<number, Float64Array>();
  const mu = new Map<number, Float64Array>();
  for (const t of days) {
    signal?.throwIfAborted();
    const out = await fn(strategyContext(panel, t));
    if (out instanceof Float64Array) weights.set(t, out);
    else {
      weights.set(t, out.weights);
      if (out.mu !== undefined) mu.set(t, out.mu);
    }
  }
  return mu.size > 0 ? { weights, mu } : { weights };
}
