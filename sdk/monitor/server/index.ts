// sdk/monitor/server: the fastify monitoring server: dashboard page, JSON API, Prometheus /metrics, /healthz.
export * from "./app.ts";
export * from "./dashboard.ts";
export * from "./metrics.ts";
export * from "./state-reader.ts";
export * from "./chartjs.ts";
