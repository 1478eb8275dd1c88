// sdk/forecast: ensemble forecasts -> portfolio weights, and the trained ensemble as a backtest strategy.
export { AsOfError, dayIndexAsOf, forecast, forecastAsOf, rowOf, VOL_FLOOR_DAILY, type Forecast, type ForecastRequest } from "./forecast.ts";
export { ensembleProvider, type EnsembleProviderOptions } from "./provider.ts";
export { defaultModelRunRoot, ensembleModelEntry, type EnsembleEntryData, type EnsembleEntryOptions } from "./model-entry.ts";
