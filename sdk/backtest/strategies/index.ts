// sdk/backtest/strategies: the StrategyFn interface and the model-free benchmarks (equal weight, momentum).
export * from "./types.ts";
export * from "./equal-weight.ts";
export * from "./momentum.ts";
export * from "./moments.ts";
export * from "./run.ts";
