// Runs a (possibly async) strategy through the engine: targets first, each from a truncated context.
import { runBacktest } from "../engine.ts";
import { rebalanceDays } from "../schedule.ts";
import type { BacktestInput, BacktestResult } from "../types.ts";
import { strategyContext, type Panel, type StrategyFn } from "./types.ts";

/** Backtest input without targets: the strategy supplies them. */
export type StrategyBacktestInput = Omit<BacktestInput, "targetWeights">;

/**
 * Calls `strategy` once per rebalance day t with the context truncated at t (no look-ahead by
 * construction), sequentially, and returns the map t -> target weights.
 */
export async function collectTargets(strategy: StrategyFn, panel: Panel, days: readonly number[]): Promise<Map<number, Float64Array>> {
  const out = new Map<number, Float64Array>();
  for (const t of days) out.set(t, await strategy(strategyContext(panel, t)));
  return out;
}

/**
 * Backtests a strategy: collect its targets on the schedule, then run the engine.
 * @example const res = await runStrategy({ dates, returns, mask, rebalanceEvery: 5 }, factorMomentum());
 */
export async function runStrategy(input: StrategyBacktestInput, strategy: StrategyFn): Promise<BacktestResult> {
  const targets = await collectTargets(strategy, input, rebalanceDays(input.dates, input));
  return runBacktest({ ...input, targetWeights: targets });
}
