// sdk/report: the self-contained HTML backtest report (inlined chart.js) and results.json; the tuning report (PRD 8).
export * from "./kpi.ts";
export * from "./series.ts";
export * from "./data.ts";
export * from "./tables.ts";
export * from "./page.ts";
export * from "./html.ts";
export * from "./tuning-data.ts";
export * from "./tuning-html.ts";
export * from "./write.ts";
