// forecast(): ensemble mu/Sigma at given days (windows built in the worker from a stored dataset),
// then the max-Sharpe portfolio with the 10% volatility floor (DESIGN 6) for each day.
import { Tensor, type WorkerApi } from "../../bridge/index.ts";

/** 10% annualized volatility floor in daily units (DESIGN 4: mu and Sigma are daily). */
export const VOL_FLOOR_DAILY = 0.1 / Math.sqrt(252);

export type ForecastRequest = {
  /** Member checkpoints (an ensemble; one is fine). */
  members: readonly string[];
  /** Dataset handle from `putFeatureSet`. */
  handle: string;
  /** Day indices into that dataset; each forecast uses data up to and including its day. */
  days: readonly number[];
  volFloor?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
};

export type Forecast = {
  days: readonly number[];
  /** (B, N) mean daily return over the next 5 days. */
  mu: Tensor<"float64">;
  /** (B, N, N) daily covariance. */
  sigma: Tensor<"float64">;
  /** (B, N) 1 = the factor had a full window and can be held. */
  mask: Tensor<"bool">;
  /** (B,) mean across factors of the ensemble's std of mu. */
  disagreement: Tensor<"float64">;
  /** (B, N) long-only, fully invested weights, 0 at masked factors. */
  weights: Tensor<"float64">;
  /** Per day: tangency | floor | floor_nonconvex | relaxed | min_variance | equal_weight. */
  status: string[];
};

/**
 * @example const f = await forecast(worker, { members, handle, days: [fs.dates.length - 1] });
 */
export async function forecast(worker: WorkerApi, req: ForecastRequest): Promise<Forecast> {
  const call = { timeoutMs: req.timeoutMs ?? 120_000, ...(req.signal ? { signal: req.signal } : {}) };
  const p = await worker.call("model.predict", { members: req.members, handle: req.handle, days: req.days }, call);
  const o = await worker.call(
    "portfolio.optimize",
    { method: "max_sharpe_floor", mu: p.mu, sigma: p.sigma, mask: p.mask, volFloor: req.volFloor ?? VOL_FLOOR_DAILY },
    call,
  );
  return {
    days: req.days,
    mu: p.mu as Tensor<"float64">,
    sigma: p.sigma as Tensor<"float64">,
    mask: p.mask as Tensor<"bool">,
    disagreement: p.disagreement as Tensor<"float64">,
    weights: o.weights as Tensor<"float64">,
    status: o.status,
  };
}

/** Row b of a (B, N) tensor as a fresh Float64Array. */
export function rowOf(t: Tensor<"float64">, b: number): Float64Array {
  const n = t.shape[1] ?? 0;
  return Float64Array.from(t.data.subarray(b * n, (b + 1) * n));
}

/** No trading day of the dataset is at or before the requested as-of date, or it is beyond the data. */
export class AsOfError extends Error {
  override readonly name = "AsOfError";
  constructor(
    readonly asOf: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The day index a forecast "as of" a date uses: the last trading day on or before `asOf` (data after it is never
 * read). Throws AsOfError when `asOf` precedes the data or lies beyond its last day (the day's data is not in yet).
 */
export function dayIndexAsOf(dates: readonly string[], asOf: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new AsOfError(asOf, `asOf must be YYYY-MM-DD, got "${asOf}"`);
  const last = dates[dates.length - 1];
  if (last === undefined || asOf < (dates[0] as string)) throw new AsOfError(asOf, `asOf ${asOf} precedes the data (first day ${dates[0] ?? "none"})`);
  if (asOf > last) throw new AsOfError(asOf, `asOf ${asOf} is after the last day of the data (${last}): ingest that day first`);
  let lo = 0;
  let hi = dates.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((dates[mid] as string) <= asOf) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * `forecast()` as of a date: the ensemble's mu/Sigma and the max-Sharpe weights using data up to that date.
 * @example const f = await forecastAsOf(worker, { members, handle, dates: fs.dates, asOf: "2025-06-30" });
 */
export async function forecastAsOf(
  worker: WorkerApi,
  req: Omit<ForecastRequest, "days"> & { dates: readonly string[]; asOf: string },
): Promise<Forecast & { asOf: string; date: string }> {
  const { dates, asOf, ...rest } = req;
  const t = dayIndexAsOf(dates, asOf);
  return { ...(await forecast(worker, { ...rest, days: [t] })), asOf, date: dates[t] as string };
}
