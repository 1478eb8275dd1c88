// sdk/report: the self-contained HTML backtest report (inlined chart.js) and results.json.
export * from "./kpi.ts";
export * from "./series.ts";
export * from "./data.ts";
export * from "./tables.ts";
export * from "./html.ts";
export * from "./write.ts";
