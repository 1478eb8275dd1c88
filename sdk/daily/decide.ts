// Stages inference -> optimize -> trades -> pretrade for the as-of day, with the fail-safes applied: the halt day,
// inference failure (last valid prediction, then equal weight), the solver chain and blocked pre-trade checks.
// Returns the plan (target, orders, next state); nothing is written here.
import type { WorkerApi } from "../../bridge/index.ts";
import type { DayRow } from "../features/index.ts";
import type { DailyAlert } from "./alerts.ts";
import { markToMarket, newBook } from "./book.ts";
import { tradingAge } from "./calendar.ts";
import type { DailyConfig } from "./config.ts";
import { equalWeight, FLOOR_STATUSES, inferenceFallback, restrictWeights } from "./failsafe.ts";
import { buildOrders, driftWeights, type OrderRow } from "./orders.ts";
import { portfolioVol, preTradeChecks, type PreTradeCheck } from "./pretrade.ts";
import type { DailyResult } from "./result.ts";
import type { StageClock } from "./stage-clock.ts";
import { solverSteps, solveWithFallbacks } from "./solver-chain.ts";
import type { DailyState, LastPrediction } from "./state.ts";
import { rawRow } from "./window.ts";
import { predictAsOf, workerSolve, type ModelPrediction } from "./worker-steps.ts";

export interface DecideInput {
  readonly config: DailyConfig;
  readonly worker: WorkerApi;
  readonly members: readonly string[];
  readonly stages: StageClock;
  /** State after ingest (new feature state and window; holdings and last prediction as before). */
  readonly state: DailyState;
  readonly row: DayRow;
  readonly trade: boolean;
  readonly missingFactors: readonly string[];
  readonly alerts: DailyAlert[];
  readonly signal?: AbortSignal;
}

export interface DayPlan {
  readonly traded: boolean;
  readonly target: Float64Array;
  readonly current: Float64Array;
  readonly orders: readonly OrderRow[];
  readonly turnover: number;
  readonly fallbacks: readonly string[];
  readonly next: DailyState;
  readonly data: NonNullable<DailyResult["data"]>;
  readonly prediction: NonNullable<DailyResult["prediction"]>;
  readonly portfolio?: DailyResult["portfolio"];
  readonly pretrade?: readonly PreTradeCheck[];
}

const SQRT252 = Math.sqrt(252);

/** Yesterday's holdings drifted through every window day after they were set, up to the as-of day. */
export function currentHoldings(state: DailyState): { readonly weights: Float64Array; readonly had: boolean } {
  const N = state.feature.factors.length;
  const h = state.holdings;
  if (h === undefined) return { weights: new Float64Array(N), had: false };
  const rows = state.window.dates.flatMap((d, t) => (d > h.date ? [rawRow(state.window, t)] : []));
  return { weights: driftWeights(h.weights, rows), had: true };
}

const errText = (e: unknown): string => (e && typeof e === "object" && "code" in e ? String((e as { code: unknown }).code) : e instanceof Error ? e.message : String(e));

export async function decideDay(a: DecideInput): Promise<DayPlan> {
  const { config: c, state, row, stages } = a;
  const asOf = row.date;
  const factors = state.feature.factors;
  const floorD = c.portfolio.volFloor / SQRT252;
  const relaxedD = c.portfolio.relaxedVolFloor / SQRT252;
  const call = { timeoutMs: c.inference.timeoutMs, ...(a.signal ? { signal: a.signal } : {}) };
  const fallbacks: string[] = [];
  const data = { dayStatus: row.status, missingFraction: row.missingFraction, missingFactors: a.missingFactors };
  const cur = currentHoldings(state);
  // The day's P&L on what was held: the book moves before today's trades (which act at the close).
  const book = markToMarket(state.book ?? newBook(), state.holdings, state.window);

  if (!a.trade) {
    for (const s of ["inference", "optimize", "trades", "pretrade"] as const) stages.skip(s, "trading halted: > 50% of factors missing");
    fallbacks.push("data:halt");
    return { traded: false, target: cur.weights, current: cur.weights, orders: [], turnover: 0, fallbacks, data, prediction: { source: "none" }, next: { ...state, book, holdings: { date: asOf, weights: cur.weights } } };
  }

  // Inference, or the PRD 10.3 model-failure path.
  const inf = await stages.run(
    "inference",
    async () => {
      try {
        return { ok: true as const, p: await predictAsOf(a.worker, state.window, state.feature.options, a.members, call) };
      } catch (e) {
        const age = state.lastPrediction ? tradingAge(state.lastPrediction.date, asOf, c.rules.holidays) : undefined;
        return { ok: false as const, d: inferenceFallback(asOf, errText(e), state.lastPrediction, age, c.inference.maxStaleDays) };
      }
    },
    (r) => (r.ok ? { detail: `${a.members.length} member(s), disagreement ${r.p.disagreement.toExponential(2)}` } : { status: "fallback", detail: r.d.alert.message }),
  );

  let target: Float64Array;
  let status: string;
  let mask: Uint8Array;
  let sigma: Float64Array | undefined;
  let minVol: number | undefined;
  let model: ModelPrediction | undefined;
  let prediction: DayPlan["prediction"];
  if (inf.ok) {
    model = inf.p;
    mask = model.mask;
    sigma = model.sigma;
    prediction = { source: "model", date: asOf, disagreement: model.disagreement };
    const m = model;
    const chain = await stages.run(
      "optimize",
      () => solveWithFallbacks(asOf, solverSteps(floorD, relaxedD), workerSolve(a.worker, m, { ...call, timeoutMs: c.portfolio.timeoutMs }), m.mask),
      (r) => ({ status: FLOOR_STATUSES.has(r.status) ? "ok" : "fallback", detail: `status ${r.status}${r.attempts.length > 1 ? ` after ${r.attempts.map((x) => x.step).join(" -> ")}` : ""}` }),
    );
    a.alerts.push(...chain.alerts);
    target = chain.weights;
    status = chain.status;
    if (!FLOOR_STATUSES.has(status)) fallbacks.push(`solver:${status}`);
    minVol = FLOOR_STATUSES.has(status) ? floorD : status === "relaxed" ? relaxedD : undefined;
  } else {
    a.alerts.push(inf.d.alert);
    fallbacks.push(`inference:${inf.d.source}`);
    if (inf.d.source === "last_valid") {
      const last: LastPrediction = inf.d.prediction;
      mask = Uint8Array.from(row.mask, (x, i) => (x && last.mask[i] ? 1 : 0));
      sigma = last.sigma;
      prediction = { source: "last_valid", date: last.date, disagreement: last.disagreement };
      const w = restrictWeights(last.weights, mask);
      target = await stages.run("optimize", () => w, () => ({ status: "fallback", detail: `reused the weights of ${last.date} (untradable factors removed)` }));
      status = "last_valid";
    } else {
      mask = Uint8Array.from(row.mask);
      prediction = { source: "none" };
      const w = equalWeight(mask);
      target = await stages.run("optimize", () => w, () => ({ status: "fallback", detail: "equal weight over today's factors" }));
      status = "equal_weight";
    }
  }

  const ord = await stages.run("trades", () => buildOrders(factors, cur.weights, target), (o) => ({ detail: `${o.rows.filter((r) => r.side !== "HOLD").length} orders, turnover ${(o.turnover * 100).toFixed(1)}%` }));
  const pt = await stages.run(
    "pretrade",
    () =>
      preTradeChecks({
        date: asOf,
        factors,
        weights: target,
        mask,
        ...(sigma ? { sigma } : {}),
        ...(minVol !== undefined ? { minVolDaily: minVol } : {}),
        turnover: ord.turnover,
        maxTurnoverWarn: c.portfolio.maxTurnoverWarn,
        hadHoldings: cur.had,
      }),
    (r) => ({ status: r.ok ? "ok" : "failed", detail: r.checks.map((x) => `${x.name} ${x.ok ? "ok" : x.hard ? "FAILED" : "warn"}`).join(", ") }),
  );
  a.alerts.push(...pt.alerts);
  if (!pt.ok) fallbacks.push("pretrade:blocked");
  const traded = pt.ok;
  const volDaily = sigma ? portfolioVol(target, sigma) : undefined;
  const holdings = { date: asOf, weights: traded ? target : cur.weights };
  const lastPrediction: LastPrediction | undefined = model
    ? { date: asOf, mu: model.mu, sigma: model.sigma, mask: model.mask, weights: target, status, disagreement: model.disagreement, muStd: model.muStd }
    : state.lastPrediction;
  return {
    traded,
    target,
    current: cur.weights,
    orders: traded ? ord.rows : [],
    turnover: traded ? ord.turnover : 0,
    fallbacks,
    data,
    prediction,
    portfolio: {
      status,
      ...(volDaily !== undefined ? { volDaily, volAnnual: volDaily * SQRT252 } : {}),
      volFloorAnnual: c.portfolio.volFloor,
      turnover: traded ? ord.turnover : 0,
      orders: traded ? ord.rows.filter((r) => r.side !== "HOLD").length : 0,
    },
    pretrade: pt.checks,
    next: { ...state, book, holdings, ...(lastPrediction ? { lastPrediction } : {}) },
  };
}
