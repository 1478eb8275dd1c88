// The benchmark set of PRD 2.3 / 6.4 (plus Ledoit-Wolf min variance and mean-variance without the floor), by name.
import type { WorkerApi } from "../../../bridge/index.ts";
import { BacktestError, BacktestErrorCode } from "../errors.ts";
import { equalWeight } from "../strategies/equal-weight.ts";
import { factorMomentum } from "../strategies/momentum.ts";
import { windowBenchmark, type WindowCallOptions } from "./optimizer.ts";
import { fromStrategyFn, type TargetSource } from "./types.ts";

export const BENCHMARK_NAMES = [
  "equal_weight",
  "momentum",
  "min_variance",
  "min_variance_lw",
  "risk_parity",
  "mean_variance",
  "mean_variance_nofloor",
] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

/** Benchmarks whose targets come from the worker's optimizers (the others are pure TypeScript). */
export const OPTIMIZER_BENCHMARKS: readonly BenchmarkName[] = ["min_variance", "min_variance_lw", "risk_parity", "mean_variance", "mean_variance_nofloor"];

/** Parameters shared by the benchmarks. */
export interface BenchmarkParams {
  /** Trailing window of the sample estimates (default 250). */
  readonly lookback?: number;
  /** Annual volatility floor of mean-variance (default 0.10). */
  readonly volFloor?: number;
  readonly momentumLookback?: number;
  readonly momentumTopFraction?: number;
}

export const BENCHMARK_LABELS: Readonly<Record<BenchmarkName, string>> = {
  equal_weight: "Equal weight",
  momentum: "Factor momentum (60d, top 20%)",
  min_variance: "Min variance (sample cov)",
  min_variance_lw: "Min variance (Ledoit-Wolf)",
  risk_parity: "Risk parity (ERC)",
  mean_variance: "Mean-variance (max Sharpe, 10% floor)",
  mean_variance_nofloor: "Mean-variance (max Sharpe, no floor)",
};

/**
 * One benchmark as a TargetSource. Optimizer benchmarks need a worker.
 * @example benchmark("min_variance_lw", { lookback: 250 }, worker)
 */
export function benchmark(name: BenchmarkName, params: BenchmarkParams = {}, worker?: WorkerApi, opts: WindowCallOptions = {}): TargetSource {
  const lookback = params.lookback ?? 250;
  const floor = params.volFloor ?? 0.1;
  const label = BENCHMARK_LABELS[name];
  if (name === "equal_weight") return fromStrategyFn(name, label, { kind: "equal_weight" }, equalWeight);
  if (name === "momentum") {
    const lb = params.momentumLookback ?? 60;
    const top = params.momentumTopFraction ?? 0.2;
    return fromStrategyFn(name, `Factor momentum (${lb}d, top ${Math.round(top * 100)}%)`, { kind: "momentum", lookback: lb, topFraction: top }, factorMomentum({ lookback: lb, topFraction: top }));
  }
  if (worker === undefined) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `benchmark ${name} needs a worker (it is solved in Python)`);
  switch (name) {
    case "min_variance":
      return windowBenchmark(worker, name, label, { method: "min_variance", lookback }, opts);
    case "min_variance_lw":
      return windowBenchmark(worker, name, label, { method: "min_variance", estimator: "ledoit_wolf", lookback }, opts);
    case "risk_parity":
      return windowBenchmark(worker, name, label, { method: "risk_parity", lookback }, opts);
    case "mean_variance":
      return windowBenchmark(worker, name, `Mean-variance (max Sharpe, ${Math.round(floor * 100)}% floor)`, { method: "mean_variance", lookback, volFloor: floor }, opts);
    case "mean_variance_nofloor":
      return windowBenchmark(worker, name, label, { method: "mean_variance", lookback, volFloor: 0 }, opts);
  }
}

/** Several benchmarks by name, in the given order. */
export function benchmarks(names: readonly BenchmarkName[], params: BenchmarkParams = {}, worker?: WorkerApi, opts: WindowCallOptions = {}): TargetSource[] {
  return names.map((n) => benchmark(n, params, worker, opts));
}
