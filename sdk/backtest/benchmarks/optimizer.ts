// Optimizer-backed benchmarks (DESIGN 7, PRD 6.4): trailing windows solved in the worker, all rebalances batched.
import { Tensor, type WorkerApi } from "../../../bridge/index.ts";
import { BacktestError, BacktestErrorCode } from "../errors.ts";
import { TRADING_DAYS } from "../metrics/returns.ts";
import { equalWeight } from "../strategies/equal-weight.ts";
import { availableFactors, strategyContext, type Panel, type StrategyFn } from "../strategies/types.ts";
import type { TargetSource } from "./types.ts";
import { trailingWindows } from "./windows.ts";

/** Methods of `portfolio.optimizeWindows` used as benchmarks. */
export type WindowMethod = "mean_variance" | "min_variance" | "risk_parity" | "max_sharpe_floor" | "equal_weight";

/** One window benchmark. */
export interface WindowBenchmarkSpec {
  readonly method: WindowMethod;
  /** Covariance estimator (default sample; `ledoit_wolf` = shrinkage to a scaled identity). */
  readonly estimator?: "sample" | "ledoit_wolf";
  /** Trailing window in trading days, including day t (default 250, PRD 6.4). */
  readonly lookback?: number;
  /** Share of window days a factor must be observed on (default 0.9); see trailingWindows. */
  readonly minCoverage?: number;
  /**
   * Annualized volatility floor of the max-Sharpe problem (default 0.10, PRD 4.5); only the
   * mean-variance / max-Sharpe methods use it. "No floor" is a floor of 1e-8 per day, far below any
   * attainable volatility (the contract needs a positive number).
   */
  readonly volFloor?: number;
}

/** Options of the batched solver calls. */
export interface WindowCallOptions {
  readonly signal?: AbortSignal;
  /** Rebalances per RPC call (default 64: about 13 MB of float64 windows at N = 100, L = 250). */
  readonly batchSize?: number;
  /** Deadline per RPC call in ms (default 600 000). */
  readonly timeoutMs?: number;
}

/** Daily floor sent to the worker: annual / sqrt(252), or 1e-8 for "no floor" (volFloor <= 0). */
export function dailyVolFloor(annual: number): number {
  return annual > 0 ? annual / Math.sqrt(TRADING_DAYS) : 1e-8;
}

/** Targets of a window benchmark and the solver status of each day (DESIGN 6: tangency, floor, floor_nonconvex, relaxed, min_variance, ...). */
export interface WindowTargets {
  readonly weights: Map<number, Float64Array>;
  /** Day -> solver status; `fallback_equal_weight` where the day was not sent (history or factors too short). */
  readonly status: Map<number, string>;
}

/** Solver weights -> engine targets: clip tiny negatives, zero ineligible factors, renormalize to 1. */
function cleanWeights(raw: Float64Array, mask: Uint8Array): Float64Array {
  const w = new Float64Array(raw.length);
  let s = 0;
  for (let i = 0; i < raw.length; i++) {
    if (mask[i] === 1 && (raw[i] as number) > 0) {
      w[i] = raw[i] as number;
      s += raw[i] as number;
    }
  }
  if (!(s > 0)) throw new BacktestError(BacktestErrorCode.DEGENERATE, "optimizer returned no positive weight");
  for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) / s;
  return w;
}

/**
 * Targets of a window benchmark on many rebalance days, in ceil(B / batchSize) RPC calls.
 * Days with fewer than `lookback` days of history, or fewer than 2 eligible factors (trailingWindows), fall back to
 * equal weight over the tradable factors (cash when none is), as factorMomentum does.
 */
export async function windowTargets(
  worker: WorkerApi,
  panel: Panel,
  days: readonly number[],
  spec: WindowBenchmarkSpec,
  opts: WindowCallOptions = {},
): Promise<WindowTargets> {
  const lookback = spec.lookback ?? 250;
  const batchSize = opts.batchSize ?? 64;
  const out = new Map<number, Float64Array>();
  const status = new Map<number, string>();
  const solvable: number[] = [];
  for (const t of days) {
    const ctx = strategyContext(panel, t);
    if (t + 1 < lookback || availableFactors(ctx).length < 2) {
      out.set(t, equalWeight(ctx));
      status.set(t, "fallback_equal_weight");
    } else solvable.push(t);
  }
  for (let k = 0; k < solvable.length; k += batchSize) {
    opts.signal?.throwIfAborted();
    const win = trailingWindows(panel, solvable.slice(k, k + batchSize), lookback, spec.minCoverage);
    const n = win.nFactors;
    // windows where fewer than 2 factors have a full history: equal weight, not sent
    const send = win.days.map((_, b) => (win.eligible[b] as number) >= 2);
    const idx = send.flatMap((s, b) => (s ? [b] : []));
    win.days.forEach((t, b) => {
      if (send[b]) return;
      out.set(t, equalWeight(strategyContext(panel, t)));
      status.set(t, "fallback_equal_weight");
    });
    if (idx.length === 0) continue;
    const B = idx.length;
    const L = win.lookback;
    const returns = idx.length === win.days.length ? win.returns : new Float64Array(B * L * n);
    const mask = idx.length === win.days.length ? win.mask : new Uint8Array(B * n);
    if (returns !== win.returns) {
      idx.forEach((b, j) => {
        returns.set(win.returns.subarray(b * L * n, (b + 1) * L * n), j * L * n);
        mask.set(win.mask.subarray(b * n, (b + 1) * n), j * n);
      });
    }
    const res = await worker.call(
      "portfolio.optimizeWindows",
      {
        method: spec.method,
        returns: new Tensor("float64", [B, L, n], returns),
        mask: new Tensor("uint8", [B, n], mask),
        volFloor: dailyVolFloor(spec.volFloor ?? 0.1),
        estimator: spec.estimator ?? "sample",
      },
      { timeoutMs: opts.timeoutMs ?? 600_000, ...(opts.signal === undefined ? {} : { signal: opts.signal }) },
    );
    const w = res.weights.data as Float64Array;
    idx.forEach((b, j) => {
      out.set(win.days[b] as number, cleanWeights(w.subarray(j * n, (j + 1) * n), mask.subarray(j * n, (j + 1) * n)));
      status.set(win.days[b] as number, res.status[j] ?? "unknown");
    });
  }
  return { weights: new Map(days.map((t) => [t, out.get(t) as Float64Array])), status: new Map(days.map((t) => [t, status.get(t) ?? "unknown"])) };
}

/** The same benchmark as a per-day async StrategyFn (one RPC per rebalance; for runStrategy and cross-checks). */
export function windowStrategy(worker: WorkerApi, spec: WindowBenchmarkSpec, opts: WindowCallOptions = {}): StrategyFn {
  return async (ctx) => {
    const panel: Panel = { dates: ctx.dates, returns: ctx.returns, mask: ctx.mask };
    const m = await windowTargets(worker, panel, [ctx.t], spec, opts);
    return m.weights.get(ctx.t) as Float64Array;
  };
}

/** A window benchmark as a batched TargetSource. */
export function windowBenchmark(worker: WorkerApi, name: string, label: string, spec: WindowBenchmarkSpec, opts: WindowCallOptions = {}): TargetSource {
  const full = { method: spec.method, estimator: spec.estimator ?? "sample", lookback: spec.lookback ?? 250, volFloor: spec.volFloor ?? 0.1, minCoverage: spec.minCoverage ?? 0.9 };
  return {
    name,
    label,
    spec: full,
    async targets(panel, days, o = {}) {
      const signal = o.signal ?? opts.signal;
      return windowTargets(worker, panel, days, full, { ...opts, ...(signal === undefined ? {} : { signal }) });
    },
  };
}
