// sdk/backtest: the pure backtest core: engine, metrics, statistical tests, model-free strategies, stress/regime.
export * from "./errors.ts";
export * from "./types.ts";
export * from "./schedule.ts";
export * from "./engine.ts";
export * from "./metrics/index.ts";
export * from "./stats/index.ts";
export * from "./strategies/index.ts";
export * from "./regime/index.ts";
export * from "./benchmarks/index.ts";
export * from "./walkforward/index.ts";
export * from "./analysis/index.ts";
