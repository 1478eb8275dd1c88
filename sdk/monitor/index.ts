// sdk/monitor: daily state snapshots, PRD 9.3 alert rules and their delivery, and the monitoring server (dashboard + /metrics).
export * from "./errors.ts";
export * from "./state/index.ts";
export * from "./derive/index.ts";
export * from "./alerts/index.ts";
export * from "./sinks/index.ts";
export * from "./server/index.ts";
