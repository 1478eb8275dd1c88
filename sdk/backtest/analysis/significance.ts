// Significance of each strategy vs equal weight and vs the model (JK-Memmel, Ledoit-Wolf, paired t) and the Deflated Sharpe.
import { subtract, variance } from "../metrics/moments.ts";
import { deflatedSharpeRatio, sharpeMoments } from "../stats/deflated-sharpe.ts";
import { jobsonKorkieMemmel, type SharpeDifferenceTest } from "../stats/sharpe-jk.ts";
import { ledoitWolfSharpeTest } from "../stats/sharpe-lw.ts";
import { pairedTTest, type TTestResult } from "../stats/ttest.ts";
import type { WalkForwardResult } from "../walkforward/run.ts";

/** Tests of strategy A against baseline B on daily excess returns over the test days. */
export interface ComparisonRow {
  readonly strategy: string;
  readonly baseline: string;
  readonly jobsonKorkie: SharpeDifferenceTest;
  readonly ledoitWolf: SharpeDifferenceTest & { readonly bandwidth: number };
  readonly pairedT: TTestResult;
}

/** Deflated Sharpe of one strategy given all the strategies tried. */
export interface DsrRow {
  readonly strategy: string;
  /** Per-period (daily) Sharpe ratio of excess returns. */
  readonly dailySharpe: number;
  readonly dsr: number;
  /** Expected maximum daily Sharpe among nTrials unskilled strategies. */
  readonly sr0: number;
  readonly nTrials: number;
}

/** Output of {@link significanceTables}. */
export interface Significance {
  readonly comparisons: readonly ComparisonRow[];
  readonly deflatedSharpe: readonly DsrRow[];
}

/**
 * Every strategy vs each baseline present (default: equal weight, and every model), and the DSR of each strategy
 * with nTrials = number of strategies (plus `extraTrials`, e.g. sensitivity variants) and V = the variance of their
 * daily Sharpe ratios (extra Sharpe ratios may be passed for those variants).
 */
export function significanceTables(run: WalkForwardResult, opts: { baselines?: readonly string[]; extraDailySharpes?: readonly number[] } = {}): Significance {
  const rf = run.riskFree.subarray(1);
  const excess = new Map(run.strategies.map((s) => [s.name, subtract(s.result.dailyReturns.subarray(1), rf)]));
  const baselines = opts.baselines ?? ["equal_weight", ...run.strategies.filter((s) => s.kind === "model").map((s) => s.name)];
  const comparisons: ComparisonRow[] = [];
  for (const b of baselines) {
    const eb = excess.get(b);
    if (eb === undefined) continue;
    for (const [name, ea] of excess) {
      if (name === b) continue;
      comparisons.push({ strategy: name, baseline: b, jobsonKorkie: jobsonKorkieMemmel(ea, eb), ledoitWolf: ledoitWolfSharpeTest(ea, eb), pairedT: pairedTTest(ea, eb) });
    }
  }
  const moments = [...excess].map(([name, e]) => ({ name, m: sharpeMoments(e) }));
  const srs = [...moments.map((x) => x.m.sharpe), ...(opts.extraDailySharpes ?? [])];
  const V = srs.length >= 2 ? variance(srs, 1) : 0;
  const deflatedSharpe = moments.map(({ name, m }) => {
    const d = srs.length >= 2 && V > 0 ? deflatedSharpeRatio(m, srs.length, V) : { dsr: Number.NaN, sr0: Number.NaN };
    return { strategy: name, dailySharpe: m.sharpe, dsr: d.dsr, sr0: d.sr0, nTrials: srs.length };
  });
  return { comparisons, deflatedSharpe };
}
