// sdk/daily/monitoring: after each daily run, the day's DailySnapshot, alert delivery and the registry rollback check.
export { toDailySnapshot, optimizerStatusOf, type SnapshotContext } from "./snapshot.ts";
export { featureDrift, DRIFT_MIN_REFERENCE, DRIFT_RECENT_ROWS, type FeatureDrift } from "./drift.ts";
export { DAILY_OWNED_RULES, mergeAlerts, rollbackAlert, ROLLBACK_CODES, toMonitorAlert } from "./alerts.ts";
export { rollbackInputs, weekOf } from "./rollback-inputs.ts";
export { monitorPaths, publishDay, type PublishOptions, type Published } from "./publish.ts";
