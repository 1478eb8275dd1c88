// sdk/data: load (xlsx/csv/parquet), validate, clean (availability, mask, winsorize), synthetic market, parquet, quality report.
export { dayMissingFraction, dayStatusOf, factorAvailability, presenceMask, type DayStatus } from "./availability.ts";
export { autoDetectConfig } from "./autodetect.ts";
export { cleanPanel, type CleanPanel } from "./clean.ts";
export {
  CleaningSchema,
  DataConfigSchema,
  MARKET_ROLES,
  ValidationRulesSchema,
  loadDataConfig,
  parseDataConfig,
  type CleaningOptions,
  type DataConfig,
  type DataConfigInput,
  type MarketRole,
  type ValidationRules,
} from "./config.ts";
export { assertIsoDate, columnLetter, excelSerialToIso, isIsoDate, isWeekend, isoToExcelSerial, parseDateCell, weekdaysBetween } from "./dates.ts";
export { DATA_ISSUE_CODES, DataConfigError, DataValidationError, makeIssue, type DataIssue, type DataIssueCode } from "./errors.ts";
export { loadDataset, type LoadOptions } from "./load.ts";
export { cellRef, selectFactors, type RawPanel } from "./panel.ts";
export { sortedQuantile } from "./quantile.ts";
export { validatePanel, type ValidateOptions, type ValidationReport } from "./validate.ts";
export { RollingWinsorizer, winsorizeCausal, type WinsorizeResult } from "./winsorize.ts";
export * from "./synth/index.ts";
export { saveCleanPanel } from "./save.ts";
export { matrixColumn, matrixColumnFloat, writeParquetColumns, type ParquetColumn } from "./io/parquet-write.ts";
export { readParquetTable } from "./io/parquet-read.ts";
export { renderQualityReport, writeQualityReport, type QualityReportInput } from "./quality-report.ts";
