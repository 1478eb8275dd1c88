// sdk/monitor/sinks: alert delivery: log, append-only file, webhook, and the non-blocking dispatcher.
export * from "./types.ts";
export * from "./log.ts";
export * from "./file.ts";
export * from "./webhook.ts";
export * from "./dispatcher.ts";
