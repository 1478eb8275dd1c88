// The walk-forward backtest engine (DESIGN 7, PRD 6.1-6.2): periodic rebalancing, daily drift, costs.
//
// Timing, per day s (close to close):
//   1. mark to market: gross[s] = sum_i w_i(s-1) * r_i[s], with w(s-1) the weights held at the
//      previous close; a held factor with a missing (NaN) return earns 0 that day and is flagged.
//   2. drift: w_i <- w_i (1 + r_i[s]) / (1 + gross[s]); the cash remainder 1 - sum(w) earns 0.
//   3. if s is a rebalance day: the target for s (data up to and including s only) replaces the
//      drifted weights at the close of s; turnover = sum_i |w_target_i - w_drifted_i|; the cost
//      turnover * (costBps + slippageBps) / 1e4 of the pre-trade NAV is paid at that close.
//      The new weights first earn r[s + 1].
// Before the first rebalance the portfolio is in cash (return 0).
import { BacktestError, BacktestErrorCode } from "./errors.ts";
import { rebalanceDays } from "./schedule.ts";
import type { BacktestInput, BacktestResult, MissingReturnEvent, RebalanceRecord, TargetWeights } from "./types.ts";

/** Number of factors N implied by `returns.length = T * N`; validates the panel shape and values. */
export function panelWidth(dates: readonly string[], returns: Float64Array, mask: Uint8Array): number {
  const nDays = dates.length;
  if (nDays === 0) throw new BacktestError(BacktestErrorCode.TOO_FEW_OBSERVATIONS, "no trading days");
  if (returns.length % nDays !== 0 || returns.length === 0) {
    throw new BacktestError(BacktestErrorCode.LENGTH_MISMATCH, `returns length ${returns.length} is not T x N with T = ${nDays}`);
  }
  if (mask.length !== returns.length) {
    throw new BacktestError(BacktestErrorCode.LENGTH_MISMATCH, `mask length ${mask.length} != returns length ${returns.length}`);
  }
  const n = returns.length / nDays;
  for (let k = 0; k < returns.length; k++) {
    const r = returns[k] as number;
    if (r === Infinity || r === -Infinity || r <= -1) {
      const code = r <= -1 && r !== -Infinity ? BacktestErrorCode.BAD_ARGUMENT : BacktestErrorCode.NON_FINITE;
      throw new BacktestError(code, `invalid return ${r} (must be finite and > -1) at day ${Math.floor(k / n)}, factor ${k % n}`, {
        t: Math.floor(k / n),
        factor: k % n,
      });
    }
  }
  return n;
}

function targetAt(targets: TargetWeights, t: number): Float64Array {
  const w = typeof targets === "function" ? targets(t) : targets.get(t);
  if (w === undefined) {
    throw new BacktestError(BacktestErrorCode.MISSING_TARGET, `no target weights for rebalance day ${t}`, { t });
  }
  return w;
}

function checkTarget(w: Float64Array, mask: Uint8Array, t: number, n: number, date: string): void {
  if (w.length !== n) {
    throw new BacktestError(BacktestErrorCode.LENGTH_MISMATCH, `target at ${date} has ${w.length} weights, expected ${n}`, { t });
  }
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number;
    if (!Number.isFinite(wi)) {
      throw new BacktestError(BacktestErrorCode.NON_FINITE, `target at ${date}: weight ${wi} for factor ${i}`, { t, factor: i });
    }
    // Strict rule: a strategy must not put weight on a factor that is not tradable that day.
    if (wi !== 0 && mask[t * n + i] === 0) {
      throw new BacktestError(BacktestErrorCode.MASKED_WEIGHT, `target at ${date}: weight ${wi} on masked factor ${i}`, {
        t,
        factor: i,
      });
    }
  }
}

/**
 * Runs a backtest: daily mark-to-market of drifting weights, periodic rebalancing to targets, costs.
 * @example
 * const res = runBacktest({ dates, returns, mask, rebalanceEvery: 5, targetWeights: (t) => equalWeightAt(mask, t, n) });
 * res.nav[res.nav.length - 1]; // final portfolio value in dollars
 */
export function runBacktest(input: BacktestInput): BacktestResult {
  const { dates, returns, mask } = input;
  const n = panelWidth(dates, returns, mask);
  const nDays = dates.length;
  const bps = (input.costBps ?? 0) + (input.slippageBps ?? 0);
  const capital = input.initialCapital ?? 1_000_000;
  if (!(bps >= 0) || !Number.isFinite(bps)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `costs must be >= 0 bps, got ${bps}`);
  if (!(capital > 0) || !Number.isFinite(capital)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `initialCapital must be > 0`);
  const schedule = rebalanceDays(dates, input);
  const isRebalance = new Uint8Array(nDays);
  for (const t of schedule) isRebalance[t] = 1;

  const w = new Float64Array(n);
  const daily = new Float64Array(nDays);
  const gross = new Float64Array(nDays);
  const nav = new Float64Array(nDays);
  const pnl = new Float64Array(nDays);
  const positions = new Float64Array(nDays * n);
  const rebalances: RebalanceRecord[] = [];
  const missing: MissingReturnEvent[] = [];
  let value = capital;
  let invested = false;

  for (let s = 0; s < nDays; s++) {
    const row = s * n;
    const date = dates[s] as string;
    let g = 0;
    if (invested) {
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number;
        if (wi === 0) continue;
        const r = returns[row + i] as number;
        if (Number.isNaN(r)) missing.push({ t: s, date, factor: i, weight: wi });
        else g += wi * r;
      }
      if (!(1 + g > 0)) throw new BacktestError(BacktestErrorCode.DEGENERATE, `portfolio wiped out on ${date}`, { t: s });
      const scale = 1 / (1 + g);
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number;
        if (wi === 0) continue;
        const r = returns[row + i] as number;
        w[i] = Number.isNaN(r) ? wi * scale : wi * (1 + r) * scale;
      }
    }
    const prev = value;
    value = prev * (1 + g);
    if (isRebalance[s] === 1) {
      const target = targetAt(input.targetWeights, s);
      checkTarget(target, mask, s, n, date);
      let turnover = 0;
      for (let i = 0; i < n; i++) turnover += Math.abs((target[i] as number) - (w[i] as number));
      const costFraction = (turnover * bps) / 1e4;
      const cost = value * costFraction;
      value -= cost;
      w.set(target);
      invested = true;
      rebalances.push({ t: s, date, turnover, costFraction, cost, weights: Float64Array.from(target) });
    }
    gross[s] = g;
    daily[s] = value / prev - 1;
    nav[s] = value;
    pnl[s] = value - prev;
    positions.set(w, row);
  }
  const first = schedule[0];
  return {
    dates,
    nFactors: n,
    start: first === undefined ? nDays : first + 1,
    dailyReturns: daily,
    grossReturns: gross,
    nav,
    pnl,
    positions,
    rebalances,
    turnover: Float64Array.from(rebalances, (r) => r.turnover),
    costs: Float64Array.from(rebalances, (r) => r.cost),
    missingReturns: missing,
  };
}
