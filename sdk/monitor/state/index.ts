// sdk/monitor/state: the DailySnapshot format and the daily state directory (atomic writer, validating reader).
export * from "./snapshot.ts";
export * from "./dates.ts";
export * from "./store.ts";
