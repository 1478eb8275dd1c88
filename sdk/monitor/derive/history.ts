// HistoryRow: one line per recorded day for the dashboard's time-series charts, derived purely from the daily snapshots.
import type { DailySnapshot } from "../state/snapshot.ts";
import { rollingSharpeSeries, rollingVolSeries } from "./rolling.ts";

export interface HistoryRow {
  date: string;
  nav: number;
  dailyReturn: number;
  pnl: number;
  /** Drawdown of nav from its running peak over the recorded days. */
  drawdown: number;
  /** Rolling annualized Sharpe over the recorded days' returns (null before a full window). */
  rollingSharpe: number | null;
  realizedVol: number | null;
  targetVol: number;
  turnover: number;
  missingFraction: number;
  disagreement: number;
  varUtilization95: number;
  optimizerStatus: string;
}

/**
 * Time series of `snapshots` (any order; sorted by date here).
 * @example historyRows(snapshots, 30).map((r) => r.rollingSharpe)
 */
export function historyRows(snapshots: readonly DailySnapshot[], window = 30): HistoryRow[] {
  const s = [...snapshots].sort((a, b) => a.asOf.localeCompare(b.asOf));
  const returns = s.map((x) => x.dailyReturn);
  const sharpe = rollingSharpeSeries(returns, window);
  const vol = rollingVolSeries(returns, window);
  let peak = -Infinity;
  return s.map((x, i) => {
    peak = Math.max(peak, x.nav);
    return {
      date: x.asOf,
      nav: x.nav,
      dailyReturn: x.dailyReturn,
      pnl: x.nav - x.nav / (1 + x.dailyReturn),
      drawdown: 1 - x.nav / peak,
      rollingSharpe: sharpe[i] ?? null,
      realizedVol: vol[i] ?? null,
      targetVol: x.targetVol,
      turnover: x.turnover,
      missingFraction: x.dataQuality.missingFraction,
      disagreement: x.ensemble.disagreement,
      varUtilization95: x.risk.var95 / x.risk.varLimit95,
      optimizerStatus: x.optimizer.status,
    };
  });
}
