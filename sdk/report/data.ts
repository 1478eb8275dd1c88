// ReportData: everything the HTML report and results.json hold, built from a walk-forward run and its analyses (pure).
import type { ComparisonRow, DsrRow, ForecastQuality, RegimeRow, StressRow, VariantRow } from "../backtest/analysis/index.ts";
import type { PortfolioMetrics } from "../backtest/metrics/summary.ts";
import type { WalkForwardResult } from "../backtest/walkforward/run.ts";
import { kpiCells, type KpiCell } from "./kpi.ts";
import { drawdowns, rollingSharpe, round, topWeights, type WeightSeries } from "./series.ts";
import type { TuningSummary } from "./tuning-data.ts";

/** One strategy in the report. */
export interface ReportStrategy {
  readonly name: string;
  readonly label: string;
  readonly kind: "benchmark" | "model";
  readonly metrics: PortfolioMetrics;
  readonly perSplit: readonly { readonly id: string; readonly metrics: PortfolioMetrics }[];
  readonly statusCounts: Readonly<Record<string, number>>;
  /** Test days (calendar rows 1..): daily net return, NAV (dollars), drawdown, rolling Sharpe. */
  readonly dailyReturns: number[];
  readonly nav: number[];
  readonly drawdown: number[];
  readonly rollingSharpe: (number | null)[];
  readonly turnover: { readonly dates: string[]; readonly values: number[] };
  readonly weights: WeightSeries;
  readonly forecast?: { readonly dates: string[]; readonly ic: number[]; readonly meanIc: number; readonly icT: number; readonly meanRankIc: number; readonly hitRate: number };
}

/** The whole report. */
export interface ReportData {
  readonly title: string;
  readonly createdAt: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly splits: readonly { id: string; train: [string, string]; validation: [string, string]; test: [string, string] }[];
  /** Test days (calendar rows 1..end). */
  readonly dates: string[];
  readonly strategies: readonly ReportStrategy[];
  readonly kpis: readonly KpiCell[];
  readonly comparisons: readonly ComparisonRow[];
  readonly deflatedSharpe: readonly DsrRow[];
  readonly stress: readonly StressRow[];
  readonly regimes: readonly RegimeRow[];
  readonly variants: readonly VariantRow[];
  readonly notes: readonly string[];
  /** The worker's tuning export (experiment logs with the DSR, ablations), rendered as "Tuning and ablations" when present. */
  readonly tuning?: TuningSummary;
}

/** Inputs of {@link buildReportData} besides the run. */
export interface ReportInputs {
  readonly title: string;
  readonly createdAt: string;
  readonly factorNames: readonly string[];
  readonly panelDates: readonly string[];
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly forecasts?: readonly ForecastQuality[];
  readonly comparisons?: readonly ComparisonRow[];
  readonly deflatedSharpe?: readonly DsrRow[];
  readonly stress?: readonly StressRow[];
  readonly regimes?: readonly RegimeRow[];
  readonly variants?: readonly VariantRow[];
  readonly notes?: readonly string[];
  /** `python -m pyworker tune export` output (parseTuningSummary) to show beside the backtest. */
  readonly tuning?: TuningSummary;
  readonly rollingWindow?: number;
  readonly topFactors?: number;
}

/** Assembles the report data: series per strategy (thinned to 6 significant digits), KPI cells, analysis tables. */
export function buildReportData(run: WalkForwardResult, inp: ReportInputs): ReportData {
  const d = (t: number) => inp.panelDates[t] as string;
  const strategies = run.strategies.map((s): ReportStrategy => {
    const r = s.result.dailyReturns.subarray(1);
    const fq = inp.forecasts?.find((f) => f.strategy === s.name);
    return {
      name: s.name,
      label: s.label,
      kind: s.kind,
      metrics: s.metrics,
      perSplit: s.perSplit,
      statusCounts: s.statusCounts,
      dailyReturns: Array.from(r, (x) => round(x)),
      nav: Array.from(s.result.nav.subarray(1), (x) => round(x, 8)),
      drawdown: drawdowns(r).map((x) => round(x)),
      rollingSharpe: rollingSharpe(r, inp.rollingWindow ?? 63).map((x) => (x === null ? null : round(x, 4))),
      turnover: { dates: s.result.rebalances.map((x) => x.date), values: Array.from(s.result.turnover, (x) => round(x)) },
      weights: topWeights(s.result.rebalances, inp.factorNames, inp.topFactors ?? 8),
      ...(fq === undefined ? {} : { forecast: { dates: fq.dates, ic: Array.from(fq.ic.values, (x) => round(x, 4)), meanIc: fq.ic.mean, icT: fq.ic.tStat, meanRankIc: fq.rankIc.mean, hitRate: fq.hitRate } }),
    };
  });
  const kpis = strategies.flatMap((s) =>
    kpiCells(s.name, { sharpe: s.metrics.sharpe, maxDrawdown: s.metrics.maxDrawdown, winRate5d: s.metrics.winRate5d, averageTurnover: s.metrics.averageTurnover ?? null, ic: s.forecast?.meanIc ?? null }),
  );
  return {
    title: inp.title,
    createdAt: inp.createdAt,
    meta: inp.meta ?? {},
    splits: run.splits.map((s) => ({ id: s.id, train: [d(s.train.from), d(s.train.to)], validation: [d(s.validation.from), d(s.validation.to)], test: [d(s.test.from), d(s.test.to)] })),
    dates: run.dates.slice(1),
    strategies,
    kpis,
    comparisons: inp.comparisons ?? [],
    deflatedSharpe: inp.deflatedSharpe ?? [],
    stress: inp.stress ?? [],
    regimes: inp.regimes ?? [],
    variants: inp.variants ?? [],
    notes: inp.notes ?? [],
    ...(inp.tuning === undefined ? {} : { tuning: inp.tuning }),
  };
}
