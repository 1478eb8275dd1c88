// sdk/monitor/derive: pure dashboard numbers from snapshots: view of a day, history rows, rolling stats, eigenvalues.
export * from "./rolling.ts";
export * from "./eigen.ts";
export * from "./view.ts";
export * from "./history.ts";
