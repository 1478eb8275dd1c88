// Statistical tests: agree with the numpy/scipy reference; the DSR worked example of the paper; errors.
import { describe, expect, it } from "vitest";
import {
  BacktestError,
  deflatedSharpeRatio,
  expectedMaxSharpe,
  jobsonKorkieMemmel,
  ledoitWolfBootstrapTest,
  ledoitWolfSharpeTest,
  mulberry32,
  oneSampleTTest,
  outOfSampleR2,
  pairedTTest,
  parzenKernel,
  probabilisticSharpeRatio,
  sharpeMoments,
} from "../../../sdk/backtest/index.ts";
import { errorCode as code, expectClose, f64, fixture } from "./helpers.ts";

interface StatsFixture {
  a: number[];
  b: number[];
  forecast: number[];
  historicalMean: number[];
  nTrials: number;
  sharpeVariance: number;
  expected: Record<string, Record<string, number>> & { oosR2Historical: number; oosR2Zero: number; psr0: number; psr005: number };
}

function expectFields(got: object, expected: Record<string, number>, what: string, rel = 1e-9): void {
  for (const [k, v] of Object.entries(expected)) expectClose((got as Record<string, number>)[k] as number, v, rel, 1e-15, `${what}.${k}`);
}

describe("statistical tests vs reference", () => {
  const fx = fixture<StatsFixture>("stats.json");
  const a = f64(fx.a);
  const b = f64(fx.b);
  const e = fx.expected;
  it("Jobson-Korkie with Memmel's correction", () => {
    expectFields(jobsonKorkieMemmel(a, b), e["jobsonKorkieMemmel"] as Record<string, number>, "jk");
  });
  it("Ledoit-Wolf HAC, Andrews bandwidth and a fixed bandwidth", () => {
    expectFields(ledoitWolfSharpeTest(a, b), e["ledoitWolfAuto"] as Record<string, number>, "lw");
    expectFields(ledoitWolfSharpeTest(a, b, { bandwidth: 5 }), e["ledoitWolfBw5"] as Record<string, number>, "lw5");
  });
  it("Ledoit-Wolf studentized circular block bootstrap (same seeded resamples as the reference)", () => {
    const draw = mulberry32(7);
    expect([draw(), draw(), draw(), draw()]).toEqual(e["mulberry32Seed7"]);
    const boot = ledoitWolfBootstrapTest(a, b, { seed: 12345, blockSize: 5, nBoot: 300 });
    expectFields(boot, e["ledoitWolfBootstrap"] as Record<string, number>, "boot", 1e-12);
    // close to the HAC p-value on this sample
    expect(Math.abs(boot.pValue - (e["ledoitWolfAuto"]?.["pValue"] ?? NaN))).toBeLessThan(0.1);
    expect(() => ledoitWolfBootstrapTest(a, b, { seed: 1, blockSize: 0 })).toThrow(BacktestError);
    expect(() => ledoitWolfBootstrapTest(a, b, { seed: 1.5 })).toThrow(BacktestError);
  });
  it("t-tests (scipy ttest_1samp / ttest_rel)", () => {
    expectFields(oneSampleTTest(a), e["tTest"] as Record<string, number>, "t");
    expectFields(pairedTTest(a, b), e["pairedTTest"] as Record<string, number>, "paired");
  });
  it("out-of-sample R^2 vs historical mean and vs zero", () => {
    expectClose(outOfSampleR2(a, f64(fx.forecast), f64(fx.historicalMean)), e.oosR2Historical, 1e-9, 0, "hist");
    expectClose(outOfSampleR2(a, f64(fx.forecast), 0), e.oosR2Zero, 1e-9, 0, "zero");
  });
  it("PSR and DSR", () => {
    const m = sharpeMoments(a);
    expectFields(m, e["sharpeMoments"] as Record<string, number>, "moments");
    expectClose(probabilisticSharpeRatio(m, 0), e.psr0, 1e-9, 0, "psr0");
    expectClose(probabilisticSharpeRatio(m, 0.05), e.psr005, 1e-9, 0, "psr005");
    expectFields(deflatedSharpeRatio(m, fx.nTrials, fx.sharpeVariance), e["dsr"] as Record<string, number>, "dsr");
  });
});

describe("published example", () => {
  it("Bailey & Lopez de Prado (2014): SR0 = 0.1132, DSR = 0.9004 (4 digits as printed)", () => {
    // N = 100 trials, V[SR] = 1/2 annualized, best SR = 2.5 annualized, 250 days a year, T = 1250,
    // skewness -3, kurtosis 10.
    const m = { sharpe: 2.5 / Math.sqrt(250), n: 1250, skew: -3, kurtosis: 10 };
    const out = deflatedSharpeRatio(m, 100, 0.5 / 250);
    expectClose(out.sr0, 0.1132, 0, 5e-5, "sr0");
    expectClose(out.dsr, 0.9004, 0, 5e-4, "dsr");
  });
});

describe("test properties", () => {
  it("Sharpe tests are antisymmetric; identical Sharpe ratios of collinear series are degenerate", () => {
    const fx = fixture<StatsFixture>("stats.json");
    const a = f64(fx.a);
    const b = f64(fx.b);
    expectClose(jobsonKorkieMemmel(b, a).statistic, -jobsonKorkieMemmel(a, b).statistic, 1e-12, 0, "jk");
    expectClose(ledoitWolfSharpeTest(b, a, { bandwidth: 5 }).statistic, -ledoitWolfSharpeTest(a, b, { bandwidth: 5 }).statistic, 1e-12, 0, "lw");
    // a and 2a have the same Sharpe and are perfectly correlated: zero variance, a typed error
    expect(() => jobsonKorkieMemmel(a, a.map((x) => 2 * x))).toThrow(BacktestError);
  });
  it("Parzen kernel shape and expected max Sharpe grows with trials", () => {
    expect([parzenKernel(0), parzenKernel(0.5), parzenKernel(1), parzenKernel(1.5)]).toEqual([1, 0.25, 0, 0]);
    expect(expectedMaxSharpe(1000, 1)).toBeGreaterThan(expectedMaxSharpe(10, 1));
  });
});

describe("statistics errors", () => {
  it("typed errors", () => {
    expect(code(() => jobsonKorkieMemmel([0.1, 0.2, 0.3], [0.1, 0.2]))).toBe("LENGTH_MISMATCH");
    expect(code(() => jobsonKorkieMemmel([0.1, 0.2], [0.1, 0.2]))).toBe("TOO_FEW_OBSERVATIONS");
    expect(code(() => jobsonKorkieMemmel([0.1, 0.2, 0.3, 0.1], [0.1, 0.2, 0.3, 0.1]))).toBe("DEGENERATE");
    expect(code(() => ledoitWolfSharpeTest([1, 2, 3, 4, 5, NaN], [1, 2, 3, 4, 5, 6]))).toBe("NON_FINITE");
    expect(code(() => ledoitWolfSharpeTest([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 6, 5], { bandwidth: 0 }))).toBe("BAD_ARGUMENT");
    expect(code(() => oneSampleTTest([1]))).toBe("TOO_FEW_OBSERVATIONS");
    expect(code(() => oneSampleTTest([1, 1, 1]))).toBe("DEGENERATE");
    expect(code(() => outOfSampleR2([1, 1], [1, 2], 1))).toBe("DEGENERATE");
    expect(code(() => outOfSampleR2([1, 2], [1, 2, 3], 0))).toBe("LENGTH_MISMATCH");
    expect(code(() => expectedMaxSharpe(1, 1))).toBe("BAD_ARGUMENT");
    expect(code(() => sharpeMoments([1, 1, 1]))).toBe("DEGENERATE");
  });
});
