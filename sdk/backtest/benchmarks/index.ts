// sdk/backtest/benchmarks: benchmark strategies as batched TargetSources (optimizer-backed ones solved in the worker).
export * from "./types.ts";
export * from "./windows.ts";
export * from "./optimizer.ts";
export * from "./catalog.ts";
