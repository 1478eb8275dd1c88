// toDailySnapshot: one day's DailySnapshot (sdk/monitor format) from the day's DailyResult and the daily state after
// the run (the book's NAV and returns, holdings, last valid prediction, inference window). Pure: the caller reads the
// files and the clock and validates/writes the result with writeDailySnapshot.
import { valueAtRisk } from "../../backtest/index.ts";
import type { DailySnapshot, OptimizerStatus, PredictionSource } from "../../monitor/state/index.ts";
import { INITIAL_NAV } from "../book.ts";
import { tradingAge } from "../calendar.ts";
import { FLOOR_STATUSES } from "../failsafe.ts";
import type { DailyResult } from "../result.ts";
import type { DailyState, LastPrediction } from "../state.ts";
import { rawRow } from "../window.ts";
import { featureDrift } from "./drift.ts";

export interface SnapshotContext {
  /** When the snapshot is written (ISO 8601), from the caller's clock. */
  readonly createdAt: string;
  /** Ensemble members the run used. */
  readonly members: number;
  /** Annualized target volatility (the config's `portfolio.volFloor`, PRD 10.1: 0.10). */
  readonly targetVol: number;
  readonly varLimit95: number;
  readonly varLimit99: number;
  readonly holidays: readonly string[];
  /** The day's orders.json (weights before and after the rebalance); absent on a failed day. */
  readonly orders?: { readonly currentWeights: readonly number[]; readonly targetWeights: readonly number[] };
}

const fin = (x: number): number => (Number.isFinite(x) ? x : 0);

/** Worker / chain status -> the monitor's optimizer enum. */
export function optimizerStatusOf(r: DailyResult): { status: OptimizerStatus; message?: string } {
  if (r.status === "failed") return { status: "skipped", message: `no solve: the day failed (${r.error?.code ?? "error"})` };
  if (r.status === "halted" && r.portfolio === undefined) return { status: "skipped", message: "no solve: trading halted, holdings kept" };
  const s = r.portfolio?.status ?? "unknown";
  const blocked = r.fallbacks.includes("pretrade:blocked") ? "; pre-trade checks blocked the orders" : "";
  if (FLOOR_STATUSES.has(s)) return { status: "optimal", message: `worker status ${s}${blocked}` };
  if (s === "last_valid") return { status: "skipped", message: `no solve: weights of the last valid prediction (${r.prediction?.date ?? "?"}) reused${blocked}` };
  if (s === "relaxed" || s === "min_variance" || s === "equal_weight") {
    const why = r.fallbacks.includes("inference:equal_weight") ? "inference failed: equal weight without a solve" : `relax chain step ${s}`;
    return { status: s, message: `${why}${blocked}` };
  }
  return { status: "infeasible", message: `unknown status ${s}${blocked}` };
}

function predictionOf(r: DailyResult, lp: LastPrediction | undefined, N: number, asOf: string, holidays: readonly string[]): DailySnapshot["prediction"] & { disagreement: number } {
  const eqw = r.fallbacks.includes("inference:equal_weight") || lp === undefined;
  if (eqw) return { mu: new Array<number>(N).fill(0), sigma: new Array<number>(N).fill(0), source: "equal_weight", ageDays: 0, disagreement: 0 };
  const source: PredictionSource = r.prediction?.source === "model" && lp.date === asOf ? "model" : "last_valid";
  const sigma = Array.from({ length: N }, (_, i) => Math.sqrt(Math.max(0, fin(lp.sigma[i * N + i] as number))));
  const covariance = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => fin(lp.sigma[i * N + j] as number)));
  // The monitor's definition: mean over available factors of (member std of mu_i) / sigma_i.
  let s = 0;
  let n = 0;
  for (let i = 0; i < N; i++) {
    const sd = sigma[i] as number;
    if (!lp.mask[i] || !(sd > 0)) continue;
    const m = lp.muStd ? (lp.muStd[i] as number) : lp.disagreement; // older states: the worker's mean std
    if (!Number.isFinite(m)) continue;
    s += m / sd;
    n++;
  }
  return { mu: Array.from(lp.mu, fin), sigma, covariance, source, ageDays: tradingAge(lp.date, asOf, holidays), disagreement: n > 0 ? s / n : 0 };
}

/** Values clipped by the causal winsorizer on the as-of row (raw return present and != the winsorized one). */
function winsorizedCount(state: DailyState, asOf: string): number {
  const w = state.window;
  const t = w.dates.lastIndexOf(asOf);
  if (t < 0) return 0;
  const raw = rawRow(w, t);
  const N = w.factors.length;
  let c = 0;
  for (let i = 0; i < N; i++) {
    const a = raw[i] as number;
    const b = w.returns[t * N + i] as number;
    if (Number.isFinite(a) && Number.isFinite(b) && a !== b) c++;
  }
  return c;
}

/**
 * The day's snapshot, or undefined when there is nothing to describe (no state yet, or a refused rerun of a day
 * already run). A failed day gets a snapshot too: holdings unchanged, NAV not marked, `failures.pipeline` set.
 * @example writeDailySnapshot(dir, toDailySnapshot(result, loadState(runDir), ctx)!)
 */
export function toDailySnapshot(result: DailyResult, state: DailyState | undefined, ctx: SnapshotContext): DailySnapshot | undefined {
  if (state === undefined || result.error?.code === "DAY_ALREADY_RUN") return undefined;
  const asOf = result.asOf;
  const factors = [...state.feature.factors];
  const N = factors.length;
  const held = state.holdings?.weights;
  const weights = ctx.orders ? [...ctx.orders.targetWeights] : held ? Array.from(held) : new Array<number>(N).fill(0);
  const previousWeights = ctx.orders ? [...ctx.orders.currentWeights] : undefined;
  const book = state.book;
  const returnsHistory = (book?.returns ?? []).map((r) => r.ret);
  const last = book?.returns[book.returns.length - 1];
  const dailyReturn = last !== undefined && last.date === asOf ? last.ret : 0;
  const { disagreement, ...prediction } = predictionOf(result, state.lastPrediction, N, asOf, ctx.holidays);
  const inference = result.alerts.find((a) => a.code === "INFERENCE_FAILED_REUSED" || a.code === "INFERENCE_FAILED_EQUAL_WEIGHT");
  const failed = result.status === "failed";
  const stages: Record<string, number> = {};
  for (const s of result.stages) stages[s.stage] = (stages[s.stage] ?? 0) + s.ms;
  return {
    version: 1,
    asOf,
    createdAt: ctx.createdAt,
    factors,
    weights,
    ...(previousWeights ? { previousWeights } : {}),
    nav: book?.nav ?? INITIAL_NAV,
    dailyReturn,
    returnsHistory,
    targetVol: ctx.targetVol,
    turnover: result.portfolio?.turnover ?? 0,
    prediction,
    ensemble: { members: Math.max(1, ctx.members), disagreement },
    optimizer: optimizerStatusOf(result),
    risk: {
      var95: returnsHistory.length >= 2 ? Math.max(0, valueAtRisk(returnsHistory, 0.95)) : 0,
      var99: returnsHistory.length >= 2 ? Math.max(0, valueAtRisk(returnsHistory, 0.99)) : 0,
      varLimit95: ctx.varLimit95,
      varLimit99: ctx.varLimit99,
    },
    dataQuality: {
      missingFraction: failed ? 0 : (result.data?.missingFraction ?? 0),
      missingCount: failed ? 0 : (result.data?.missingFactors.length ?? 0),
      winsorizedCount: failed ? 0 : winsorizedCount(state, asOf),
      featureDrift: failed ? [] : featureDrift(state.window),
    },
    failures: { inference: inference?.message ?? null, pipeline: failed ? `${result.error?.code ?? "FAILED"}: ${result.error?.message ?? ""}` : null },
    stages,
  };
}
