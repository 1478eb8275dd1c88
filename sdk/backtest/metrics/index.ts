// sdk/backtest/metrics: pure performance, risk and prediction-quality metrics (PRD 6.3).
export * from "./moments.ts";
export * from "./returns.ts";
export * from "./drawdown.ts";
export * from "./risk.ts";
export * from "./prediction.ts";
export * from "./summary.ts";
