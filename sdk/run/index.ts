// sdk/run: composed runs (backtest, daily, evidence, retrain) used by the CLI and pipelines/.
export { DataUnavailableError, loadBacktestData, runBacktestPipeline, type BacktestData, type PipelineOptions, type PipelineProgress } from "./backtest.ts";
export { DEFAULT_DAILY_CONFIG, runDailyPipeline, type DailyPipelineOptions, type DailyPipelineResult } from "./daily.ts";
export { EXIT_SKIPPED, evidenceMain, missingDataFiles, runEvidence, type EvidenceConfig, type EvidenceOptions } from "./evidence.ts";
export { fx, renderResultsDoc, type EvidenceMeta, type EvidenceRun, type ResultsFile } from "./evidence-render.ts";
export {
  DEFAULT_RETRAIN_CONFIG,
  loadRetrainConfig,
  renderRetrain,
  RetrainConfigSchema,
  runRetrain,
  validationRows,
  type RetrainConfig,
  type RetrainOptions,
  type RetrainOutcome,
} from "./retrain.ts";
