// sdk/backtest/analysis: stress, regime, significance, sensitivity and data-perturbation analyses of walk-forward runs (PRD 7.2, 6.4).
export * from "./correlation.ts";
export * from "./stress.ts";
export * from "./significance.ts";
export * from "./perturb.ts";
export * from "./variants.ts";
export * from "./forecast.ts";
