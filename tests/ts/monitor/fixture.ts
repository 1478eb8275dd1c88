// Test fixtures: a valid DailySnapshot with round numbers, and a state directory of consecutive days.
import type { DailySnapshot } from "../../../sdk/monitor/index.ts";
import { writeDailySnapshot } from "../../../sdk/monitor/index.ts";

export const FACTORS = ["value", "momentum", "quality", "size", "low_vol", "carry", "growth", "profit", "invest", "beta", "liquidity", "reversal"];

/** Deterministic small returns: a mean of 0.0008 a day plus a bounded wiggle (Sharpe ~ 2 over 30 days). */
export function returnsSeries(n: number, drift = 0.0008, amp = 0.004): number[] {
  return Array.from({ length: n }, (_, i) => drift + amp * Math.sin(i * 1.7) * Math.cos(i * 0.3));
}

/** A healthy day: every rule quiet except the INFO summaries. */
export function makeSnapshot(asOf = "2024-03-28", over: Partial<DailySnapshot> = {}): DailySnapshot {
  const n = FACTORS.length;
  const weights = FACTORS.map((_, i) => (i < 4 ? [0.4, 0.3, 0.2, 0.1][i] as number : 0));
  const sigma = FACTORS.map((_, i) => 0.01 + 0.001 * i);
  const cov = sigma.map((si, i) => sigma.map((sj, j) => (i === j ? si * si : 0.3 * si * sj)));
  return {
    version: 1,
    asOf,
    createdAt: `${asOf}T21:45:00.000Z`,
    factors: FACTORS,
    weights,
    previousWeights: FACTORS.map((_, i) => (i < 4 ? 0.25 : 0)),
    nav: 1_234_567.89,
    dailyReturn: 0.0042,
    returnsHistory: returnsSeries(60),
    targetVol: 0.1,
    turnover: 0.3,
    prediction: { mu: FACTORS.map((_, i) => 0.0005 * (n - i)), sigma, covariance: cov, source: "model", ageDays: 0 },
    ensemble: { members: 5, disagreement: 0.1 },
    optimizer: { status: "optimal", solveMs: 12 },
    risk: { var95: 0.008, var99: 0.012, varLimit95: 0.016, varLimit99: 0.024 },
    dataQuality: { missingFraction: 0, missingCount: 0, winsorizedCount: 3, featureDrift: [{ feature: "mom_20d_z", statistic: 0.07 }, { feature: "vol_60d_z", statistic: 0.21 }] },
    failures: { inference: null, pipeline: null },
    stages: { ingest: 1200, features: 800, inference: 90, optimize: 40 },
    ...over,
  };
}

/** Writes `days` consecutive calendar days ending at `last` (nav compounding the fixture returns); returns the dates. */
export function writeState(dir: string, days: number, last = "2024-03-28"): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  const rets = returnsSeries(days, 0.0008, 0.006);
  let nav = 1_000_000;
  const dates: string[] = [];
  for (let k = 0; k < days; k++) {
    const date = new Date(end - (days - 1 - k) * 86_400_000).toISOString().slice(0, 10);
    const r = rets[k] as number;
    nav *= 1 + r;
    const base = makeSnapshot(date);
    writeDailySnapshot(dir, { ...base, nav, dailyReturn: r, returnsHistory: rets.slice(0, k + 1), turnover: 0.1 + 0.01 * (k % 5) });
    dates.push(date);
  }
  return dates;
}
