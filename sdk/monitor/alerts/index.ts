// sdk/monitor/alerts: the alert type, the PRD 9.3 thresholds and the pure rule evaluation.
export * from "./types.ts";
export * from "./thresholds.ts";
export * from "./rules.ts";
