// sdk/train: ship datasets to the worker and train ensembles there (issue 6).
export { putFeatureSet, train, type TrainProgress, type TrainRequest } from "./train.ts";
export { loadRunConfig, RunConfigError, RunConfigSchema, type RunConfig } from "./config.ts";
export { assignSeeds, trainAcross, type DistributedResult } from "./distributed.ts";
