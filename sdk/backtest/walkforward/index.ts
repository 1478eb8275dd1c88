// sdk/backtest/walkforward: splits (train Y-2 / validate Y-1 / test Y, purge), the shared test calendar, cached runs (keyed by data, spec and code version), the model plug.
export * from "./splits.ts";
export * from "./calendar.ts";
export * from "./cache.ts";
export * from "./code-version.ts";
export * from "./model.ts";
export * from "./run.ts";
export * from "./config.ts";
