// A small walk-forward run with its analyses and report data (no worker: equal weight, momentum and a labeled test double).
import {
  averagePairwiseCorrelation,
  benchmarks,
  forecastQuality,
  regimeTable,
  runWalkForward,
  scatterWeights,
  significanceTables,
  stressTable,
  walkForwardSplits,
  type ModelStrategyProvider,
} from "../../../sdk/backtest/index.ts";
import { buildReportData, type ReportData } from "../../../sdk/report/index.ts";
import { smallPanel } from "../backtest/walkforward.fixtures.ts";

/** TEST DOUBLE, not a model: mu = trailing 20-day mean, weights on the 4 best. */
const fakeModel: ModelStrategyProvider = async () => (ctx) => {
  const n = ctx.nFactors;
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = ctx.t - 19; d <= ctx.t; d++) s += Number.isNaN(ctx.returns[d * n + i] as number) ? 0 : (ctx.returns[d * n + i] as number);
    mu[i] = ctx.mask[ctx.t * n + i] === 1 ? s / 20 : Number.NaN;
  }
  const best = Array.from({ length: n }, (_, i) => i)
    .filter((i) => ctx.mask[ctx.t * n + i] === 1)
    .sort((a, b) => (mu[b] as number) - (mu[a] as number))
    .slice(0, 4);
  return { weights: scatterWeights(n, best, [0.25, 0.25, 0.25, 0.25]), mu: mu.map((x) => (Number.isNaN(x) ? 0 : x)) };
};

/** Report data of a 2-year walk-forward (2020 covers the COVID window) on 15 synthetic factors. */
export async function smallReportData(): Promise<ReportData> {
  const p = smallPanel({ factors: 15, start: "2017-01-02", end: "2021-12-31", seed: 9 });
  const splits = walkForwardSplits(p.dates, { testYears: [2020, 2021] });
  const run = await runWalkForward({
    panel: p,
    splits,
    strategies: benchmarks(["equal_weight", "momentum"]),
    models: [{ name: "model", label: "Test double (trailing mean)", spec: {}, provider: fakeModel }],
    riskFreeDaily: p.rfDaily,
  });
  const rows = Array.from({ length: run.calendar.end - run.calendar.anchor + 1 }, (_, i) => run.calendar.anchor + i);
  const corr = averagePairwiseCorrelation(p.returns, 15, 60, rows);
  const sig = significanceTables(run);
  return buildReportData(run, {
    title: "Test report",
    createdAt: "2026-01-01T00:00:00.000Z",
    factorNames: p.factors,
    panelDates: p.dates,
    forecasts: forecastQuality(run, p),
    comparisons: sig.comparisons,
    deflatedSharpe: sig.deflatedSharpe,
    stress: stressTable(run),
    regimes: regimeTable(run, rows.map((t) => p.vix[t] as number), rows.map((t) => corr[t] as number)),
    notes: ["test run"],
  });
}
