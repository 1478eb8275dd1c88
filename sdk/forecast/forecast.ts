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
