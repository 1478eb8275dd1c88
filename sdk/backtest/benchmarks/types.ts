// TargetSource: a strategy that produces its targets for many rebalance days at once (batched solver calls).
import { collectTargets } from "../strategies/run.ts";
import type { Panel, StrategyFn } from "../strategies/types.ts";

/** Targets of one run: weights per rebalance day, and the strategy's return forecasts when it has any (for the IC). */
export interface TargetBatch {
  /** Day index t -> target weights (length N, 0 on factors not tradable at t). */
  readonly weights: Map<number, Float64Array>;
  /** Day index t -> predicted mean daily return per factor (models only). */
  readonly mu?: Map<number, Float64Array>;
  /** Day index t -> solver status (optimizer benchmarks), e.g. `floor` or `min_variance` when the floor is infeasible. */
  readonly status?: Map<number, string>;
}

/** Options passed to every {@link TargetSource.targets} call. */
export interface TargetOptions {
  readonly signal?: AbortSignal;
}

/**
 * A named strategy that computes the targets of all requested rebalance days in one go.
 * The weights of day t may use rows 0..t of the panel only (each implementation builds its
 * inputs from `strategyContext(panel, t)`, a view truncated after row t).
 */
export interface TargetSource {
  /** Stable id (file names, cache keys, JSON keys), e.g. `min_variance_lw`. */
  readonly name: string;
  /** Human-readable label for the report. */
  readonly label: string;
  /** Everything that determines the targets besides the data (goes into the cache fingerprint). */
  readonly spec: Readonly<Record<string, unknown>>;
  targets(panel: Panel, days: readonly number[], opts?: TargetOptions): Promise<TargetBatch>;
}

/**
 * Wraps a per-day StrategyFn (e.g. equalWeight, factorMomentum) as a TargetSource.
 * @example fromStrategyFn("equal_weight", "Equal weight", {}, equalWeight)
 */
export function fromStrategyFn(name: string, label: string, spec: Readonly<Record<string, unknown>>, fn: StrategyFn): TargetSource {
  return {
    name,
    label,
    spec,
    async targets(panel, days, opts = {}) {
      opts.signal?.throwIfAborted();
      return { weights: await collectTargets(fn, panel, days) };
    },
  };
}
