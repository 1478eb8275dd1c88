// t2-optimizer SDK: the public API in one import. Each area's own index.ts holds the full surface.
export * as data from "./data/index.ts";
export * as features from "./features/index.ts";
export * as backtest from "./backtest/index.ts";
export * as report from "./report/index.ts";
export * as registry from "./registry/index.ts";
export * as monitor from "./monitor/index.ts";
export { LocalWorker, connectRemote, startInProcess, type LocalWorkerOptions, type RemoteOptions } from "./worker/index.ts";
export { putFeatureSet, train, trainAcross, loadRunConfig, type TrainProgress, type TrainRequest } from "./train/index.ts";
export { forecast, forecastAsOf, dayIndexAsOf, AsOfError, ensembleProvider, ensembleModelEntry, VOL_FLOOR_DAILY, type Forecast, type ForecastRequest } from "./forecast/index.ts";
export { createLogger, silentLogger, type Logger } from "./log/index.ts";
export { BridgeError, ErrorCode, Tensor, type CallOptions, type WorkerApi } from "../bridge/index.ts";
export { loadBacktestData, runBacktestPipeline, runDailyPipeline, runEvidence, runRetrain, renderRetrain, renderResultsDoc, DataUnavailableError, type BacktestData, type PipelineOptions, type RetrainOutcome } from "./run/index.ts";
