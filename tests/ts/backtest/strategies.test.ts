// Strategies: momentum / equal weight / trailing moments vs the Python reference; async; no look-ahead.
import { describe, expect, it } from "vitest";
import {
  BacktestError,
  collectTargets,
  equalWeight,
  factorMomentum,
  renormalizeToMask,
  runBacktest,
  runStrategy,
  strategyContext,
  trailingMoments,
  type StrategyFn,
} from "../../../sdk/backtest/index.ts";
import { expectAllClose, f64, fixture } from "./helpers.ts";

interface StrategiesFixture {
  dates: string[];
  nFactors: number;
  returns: (number | null)[];
  mask: number[];
  lookback: number;
  topFraction: number;
  window: number;
  expected: {
    momentum: Record<string, number[]>;
    equalWeight: Record<string, number[]>;
    moments79: { factors: number[]; mean: number[]; cov: number[] };
  };
}

const fx = fixture<StrategiesFixture>("strategies.json");
const panel = { dates: fx.dates, returns: f64(fx.returns), mask: Uint8Array.from(fx.mask) };

describe("model-free strategies vs reference", () => {
  it("factor momentum (incl. short-history fallback and masked factors)", () => {
    const mom = factorMomentum({ lookback: fx.lookback, topFraction: fx.topFraction });
    for (const [t, w] of Object.entries(fx.expected.momentum)) {
      expect(Array.from(mom(strategyContext(panel, Number(t)))), `t=${t}`).toEqual(w);
    }
  });
  it("equal weight over tradable factors", () => {
    for (const [t, w] of Object.entries(fx.expected.equalWeight)) {
      expectAllClose(equalWeight(strategyContext(panel, Number(t))), w, 1e-15, 0, `t=${t}`);
    }
  });
  it("trailing mean and sample covariance (numpy cov, ddof 1)", () => {
    const m = trailingMoments(strategyContext(panel, 79), fx.window);
    expect(m.factors).toEqual(fx.expected.moments79.factors);
    expectAllClose(m.mean, fx.expected.moments79.mean, 1e-9, 1e-18, "mean");
    expectAllClose(m.cov, fx.expected.moments79.cov, 1e-9, 1e-18, "cov");
  });
});

describe("strategy plumbing", () => {
  it("the context is truncated at t: a strategy cannot see later rows", () => {
    const ctx = strategyContext(panel, 30);
    expect(ctx.dates.length).toBe(31);
    expect(ctx.returns.length).toBe(31 * fx.nFactors);
    expect(ctx.mask.length).toBe(31 * fx.nFactors);
  });
  it("async strategies give the same backtest as their sync targets", async () => {
    const mom = factorMomentum({ lookback: 20 });
    const asyncMom: StrategyFn = async (ctx) => {
      await new Promise((r) => setTimeout(r, 0));
      return mom(ctx);
    };
    const a = await runStrategy({ ...panel, rebalanceEvery: 5 }, asyncMom);
    const targets = await collectTargets(mom, panel, Array.from({ length: 16 }, (_, k) => 5 * k));
    const b = runBacktest({ ...panel, rebalanceEvery: 5, targetWeights: targets });
    expect(Array.from(a.nav)).toEqual(Array.from(b.nav));
  });
  it("momentum and equal weight never put weight on masked factors and sum to 1", async () => {
    for (const s of [equalWeight, factorMomentum()]) {
      const res = await runStrategy({ ...panel, rebalanceEvery: 1 }, s);
      for (const r of res.rebalances) expect(Math.abs(r.weights.reduce((x, y) => x + y, 0) - 1)).toBeLessThan(1e-12);
    }
  });
  it("renormalizeToMask keeps the total on tradable factors", () => {
    expect(Array.from(renormalizeToMask(Float64Array.from([0.5, 0.25, 0.25]), [1, 0, 1]))).toEqual([2 / 3, 0, 1 / 3]);
  });
  it("typed errors", () => {
    expect(() => strategyContext(panel, 80)).toThrow(BacktestError);
    expect(() => trailingMoments(strategyContext(panel, 10), 30)).toThrow(BacktestError);
    expect(() => factorMomentum({ topFraction: 0 })).toThrow(BacktestError);
    expect(() => factorMomentum({ lookback: 0 })).toThrow(BacktestError);
  });
});
