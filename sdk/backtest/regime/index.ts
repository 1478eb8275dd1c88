// sdk/backtest/regime: stress windows, regime day masks, metrics on a subset of days (PRD 7.2).
export * from "./windows.ts";
export * from "./slice.ts";
export * from "./stress.ts";
