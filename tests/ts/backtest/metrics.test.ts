// Metrics: agree with the numpy reference (itself checked against empyrical); identities; errors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  backtestMetrics,
  concentration,
  covarianceRmse,
  hitRate,
  informationCoefficient,
  maxDrawdown,
  portfolioMetrics,
  quantile,
  rankInformationCoefficient,
  runBacktest,
  sharpeRatio,
  volatilityForecastError,
  winRate,
  worstDrawdown,
  type CrossSection,
} from "../../../sdk/backtest/index.ts";
import { errorCode as code, expectAllClose, expectClose, f64, fixture } from "./helpers.ts";

interface MetricsCase {
  name: string;
  returns: number[];
  riskFree?: number[];
  market?: number[];
  expected: Record<string, number> & { worst: { depth: number; trough: number; recovery: number | null; recoveryDays: number | null } };
}

describe("portfolio metrics vs reference", () => {
  for (const c of fixture<{ cases: MetricsCase[] }>("metrics.json").cases) {
    it(c.name, () => {
      const opts = { ...(c.riskFree ? { riskFree: f64(c.riskFree) } : {}), ...(c.market ? { market: f64(c.market) } : {}) };
      const got = portfolioMetrics(f64(c.returns), opts) as unknown as Record<string, number>;
      const { worst, ...expected } = c.expected;
      expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
      for (const [k, v] of Object.entries(expected)) expectClose(got[k] as number, v, 1e-9, 1e-15, k);
      const w = worstDrawdown(f64(c.returns));
      expectClose(w.depth, worst.depth, 1e-9, 0, "depth");
      expect([w.trough, w.recovery, w.recoveryDays]).toEqual([worst.trough, worst.recovery, worst.recoveryDays]);
    });
  }
});

interface PredictionFixture {
  predicted: number[][];
  actual: number[][];
  mask: number[][];
  sigmaPred: number[];
  sigmaActual: number[];
  volPred: number[];
  volReal: number[];
  expected: {
    ic: { mean: number; std: number; tStat: number; n: number; values: number[] };
    rankIc: { mean: number; std: number; tStat: number; n: number; values: number[] };
    hitRate: number;
    covarianceRmse: number;
    volError: { meanAbsRelError: number; meanRatio: number };
  };
}

describe("prediction metrics vs reference (scipy pearsonr / spearmanr)", () => {
  const fx = fixture<PredictionFixture>("prediction.json");
  const sections: CrossSection[] = fx.predicted.map((p, k) => ({
    predicted: p,
    actual: fx.actual[k] as number[],
    mask: fx.mask[k] as number[],
  }));
  it("IC and rank IC (ties) per rebalance, mean, t-stat", () => {
    for (const [got, exp] of [
      [informationCoefficient(sections), fx.expected.ic],
      [rankInformationCoefficient(sections), fx.expected.rankIc],
    ] as const) {
      expectAllClose(got.values, exp.values, 1e-9, 1e-15, "values");
      expectClose(got.mean, exp.mean, 1e-9, 1e-15, "mean");
      expectClose(got.std, exp.std, 1e-9, 1e-15, "std");
      expectClose(got.tStat, exp.tStat, 1e-9, 1e-15, "t");
      expect(got.n).toBe(exp.n);
    }
  });
  it("hit rate, covariance RMSE, vol forecast error", () => {
    expectClose(hitRate(sections), fx.expected.hitRate, 1e-12, 0, "hit");
    expectClose(covarianceRmse(fx.sigmaPred, fx.sigmaActual), fx.expected.covarianceRmse, 1e-9, 0, "rmse");
    const v = volatilityForecastError(fx.volPred, fx.volReal);
    expectClose(v.meanAbsRelError, fx.expected.volError.meanAbsRelError, 1e-9, 0, "vol");
    expectClose(v.meanRatio, fx.expected.volError.meanRatio, 1e-9, 0, "ratio");
  });
});

describe("metric identities", () => {
  const series = fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 10, maxLength: 200 });
  it("drawdown is in [0, 1) and zero for a rising series", () => {
    fc.assert(fc.property(series, (r) => {
      const d = maxDrawdown(r);
      return d >= 0 && d < 1;
    }), { seed: 1, numRuns: 200 });
    expect(maxDrawdown([0.01, 0.02, 0, 0.03])).toBe(0);
  });
  it("Sharpe is invariant to scaling returns", () => {
    fc.assert(fc.property(series, fc.double({ min: 0.1, max: 10, noNaN: true }), (r, k) => {
      const s = new Set(r);
      if (s.size < 2) return true;
      const a = sharpeRatio(r);
      const b = sharpeRatio(r.map((x) => x * k));
      return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
    }), { seed: 2, numRuns: 200 });
  });
  it("win rate uses whole 5-day blocks; quantile interpolates like numpy", () => {
    expect(winRate([0.01, 0, 0, 0, 0, -0.01, 0, 0, 0, 0, 0.5])).toBe(0.5);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expectClose(quantile([4, 1, 3, 2], 0.05), 1.15, 1e-12, 0, "q");
  });
  it("HHI of equal weights is 1/n; max weight", () => {
    const c = concentration(Float64Array.from([0.25, 0.25, 0.25, 0.25, 1, 0, 0, 0]), 4);
    expect(Array.from(c.hhi)).toEqual([0.25, 1]);
    expect(Array.from(c.maxWeight)).toEqual([0.25, 1]);
  });
  it("backtestMetrics uses the active days and skips the initial build turnover", () => {
    const dates = Array.from({ length: 40 }, (_, t) => `d${t}`);
    const returns = Float64Array.from({ length: 80 }, (_, k) => Math.sin(k * 1.3) * 0.01);
    const res = runBacktest({ dates, returns, mask: new Uint8Array(80).fill(1), firstRebalance: 3, targetWeights: (t) => Float64Array.from([t % 2 ? 0.7 : 0.3, t % 2 ? 0.3 : 0.7]) });
    const m = backtestMetrics(res);
    expect(m.days).toBe(36);
    const later = Array.from(res.turnover.subarray(1));
    expectClose(m.averageTurnover ?? NaN, later.reduce((a, b) => a + b, 0) / later.length, 1e-12, 0, "turnover");
    expect(res.turnover[0]).toBe(1);
    // positions held over the active days: rows start-1 .. T-2
    expect(m.maxWeight).toBe(Math.max(...res.positions.subarray(2 * 2, 39 * 2)));
    expectClose(m.sharpe, sharpeRatio(res.dailyReturns.subarray(4)), 1e-12, 0, "sharpe");
  });
});

describe("metric errors", () => {
  it("typed errors for empty, NaN, mismatched and degenerate input", () => {
    expect(code(() => sharpeRatio([0.01]))).toBe("TOO_FEW_OBSERVATIONS");
    expect(code(() => sharpeRatio([0.01, NaN, 0.02]))).toBe("NON_FINITE");
    expect(code(() => sharpeRatio([0.01, 0.01, 0.01]))).toBe("DEGENERATE");
    expect(code(() => sharpeRatio([0.01, 0.02], [0.0]))).toBe("LENGTH_MISMATCH");
    expect(code(() => winRate([0.01, 0.02]))).toBe("TOO_FEW_OBSERVATIONS");
    expect(code(() => quantile([1, 2], 1.5))).toBe("BAD_ARGUMENT");
    expect(code(() => portfolioMetrics([]))).toBe("TOO_FEW_OBSERVATIONS");
    expect(code(() => informationCoefficient([{ predicted: [1, 1, 1], actual: [1, 2, 3] }, { predicted: [1, 2, 3], actual: [1, 2, 3] }]))).toBe("DEGENERATE");
    expect(code(() => volatilityForecastError([0.1], [0]))).toBe("NON_FINITE");
    expect(code(() => concentration([0.5, 0.5, 1], 2))).toBe("LENGTH_MISMATCH");
  });
});
