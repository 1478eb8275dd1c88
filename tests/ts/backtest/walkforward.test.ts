// Walk-forward: splits and purge, one calendar for all strategies, per-year results, resumable cache, model plug (test double).
import { mkdtempSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BENCHMARK_NAMES,
  benchmarks,
  informationCoefficient,
  jsonDirCache,
  memoryCache,
  runWalkForward,
  scatterWeights,
  testCalendar,
  walkForwardSplits,
  type ModelStrategyProvider,
  type WalkForwardSplit,
} from "../../../sdk/backtest/index.ts";
import { startTestWorker, type TestWorker } from "../helpers/worker.ts";
import { smallPanel } from "./walkforward.fixtures.ts";

const panel = smallPanel();
const year = (t: number) => Number((panel.dates[t] as string).slice(0, 4));

/**
 * TEST DOUBLE, not a model: mu = trailing 60-day mean return (data up to t only), hold the 5 best equally.
 * Records the splits it was asked for, to check the provider is called once per split before its test days.
 */
function trailingMeanProvider(calls: WalkForwardSplit[]): ModelStrategyProvider {
  return async (split) => {
    calls.push(split);
    return (ctx) => {
      const n = ctx.nFactors;
      const mu = new Float64Array(n);
      const ok: number[] = [];
      for (let i = 0; i < n; i++) {
        if (ctx.mask[ctx.t * n + i] !== 1) continue;
        let s = 0;
        let k = 0;
        for (let d = ctx.t - 59; d <= ctx.t; d++) {
          const r = ctx.returns[d * n + i] as number;
          if (!Number.isNaN(r)) {
            s += r;
            k++;
          }
        }
        mu[i] = k > 0 ? s / k : 0;
        ok.push(i);
      }
      const best = ok.sort((a, b) => (mu[b] as number) - (mu[a] as number)).slice(0, 5);
      return { weights: scatterWeights(n, best, new Float64Array(best.length).fill(1 / best.length)), mu };
    };
  };
}

describe("walk-forward splits and calendar", () => {
  it("runs when the last test day falls on the rebalance grid (regression: no target for that day)", async () => {
    // Trim the panel so that (last test day - anchor) is a multiple of 5.
    let end = panel.dates.length;
    const fits = (e: number) => {
      const sp = walkForwardSplits(panel.dates.slice(0, e), { testYears: [2021, 2021] });
      const cal = testCalendar(sp, 5);
      return (cal.end - cal.anchor) % 5 === 0;
    };
    while (!fits(end)) end--;
    const cut = { dates: panel.dates.slice(0, end), returns: panel.returns.subarray(0, end * 20), mask: panel.mask.subarray(0, end * 20) };
    const splits = walkForwardSplits(cut.dates, { testYears: [2021, 2021] });
    const run = await runWalkForward({ panel: cut, splits, strategies: benchmarks(["equal_weight", "momentum"], {}), riskFreeDaily: panel.rfDaily.subarray(0, end) });
    const ew = run.strategies.find((s) => s.name === "equal_weight")!;
    expect(ew.result.dates[ew.result.dates.length - 1]).toBe(cut.dates[end - 1]);
    expect(ew.result.rebalances.every((r) => r.t < ew.result.dates.length - 1)).toBe(true);
  });


  it("trains through Y-2, validates on Y-1, tests on Y, with a 5-day purge", () => {
    const splits = walkForwardSplits(panel.dates, { testYears: [2020, 2021] });
    expect(splits.map((s) => s.id)).toEqual(["2020", "2021"]);
    for (const s of splits) {
      const Y = s.testYears[0] as number;
      expect(year(s.test.from)).toBe(Y);
      expect(year(s.test.from - 1)).toBe(Y - 1);
      expect(year(s.test.to)).toBe(Y);
      expect(year(s.validation.from)).toBe(Y - 1);
      expect(year(s.validation.from - 1)).toBe(Y - 2);
      // purge: 5 days dropped at the end of train and of validation
      expect(s.validation.to).toBe(s.test.from - 1 - 5);
      expect(s.train.to).toBe(s.validation.from - 1 - 5);
      expect(year(s.train.to)).toBe(Y - 2);
    }
  });

  it("single split (PRD 5.4) covers all test years with one model", () => {
    const [s] = walkForwardSplits(panel.dates, { testYears: [2020, 2021], mode: "single", trainEndYear: 2017, validationEndYear: 2019 });
    expect(s?.id).toBe("2020-2021");
    expect(year(s!.test.from)).toBe(2020);
    expect(year(s!.test.to)).toBe(2021);
    expect(year(s!.validation.from)).toBe(2018);
  });

  it("fails with a typed error when there is no data before the test year", () => {
    expect(() => walkForwardSplits(panel.dates, { testYears: [2017, 2017] })).toThrow(/no training data/);
    expect(() => walkForwardSplits(panel.dates, { testYears: [2030, 2031] })).toThrow(/no trading day/);
  });

  it("schedules one rebalance grid from the close before the test period; each day belongs to one split", () => {
    const splits = walkForwardSplits(panel.dates, { testYears: [2020, 2021] });
    const cal = testCalendar(splits, 5);
    expect(cal.anchor).toBe((splits[0] as WalkForwardSplit).test.from - 1);
    const all = [...cal.daysBySplit.values()].flat();
    expect(all).toEqual(cal.days);
    for (const [id, days] of cal.daysBySplit) for (const t of days) expect(String(year(t + 1))).toBe(id);
  });
});

describe("runWalkForward", () => {
  let w: TestWorker;
  let dir: string;
  beforeAll(async () => {
    w = await startTestWorker();
    dir = mkdtempSync(join(tmpdir(), "wf-"));
  }, 60_000);
  afterAll(async () => {
    await w[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs every benchmark and a model on the same calendar, resumes from the cache, recomputes a deleted year", async () => {
    const splits = walkForwardSplits(panel.dates, { testYears: [2020, 2021] });
    const calls: WalkForwardSplit[] = [];
    const opts = {
      panel,
      splits,
      strategies: benchmarks(BENCHMARK_NAMES, {}, w.client),
      models: [{ name: "model", label: "Trailing-mean test double", spec: { v: 1 }, provider: trailingMeanProvider(calls) }],
      riskFreeDaily: panel.rfDaily,
    };
    const first = await runWalkForward({ ...opts, cache: jsonDirCache(dir) });
    expect(first.strategies.map((s) => s.name)).toEqual([...BENCHMARK_NAMES, "model"]);
    expect(calls.map((s) => s.id)).toEqual(["2020", "2021"]);
    const ref = first.strategies[0]!;
    for (const s of first.strategies) {
      expect(s.result.dates).toEqual(first.dates);
      expect(s.result.rebalances.map((r) => r.t)).toEqual(ref.result.rebalances.map((r) => r.t));
      expect(s.result.start).toBe(1); // the anchor day's close builds the portfolio, the first test day earns
      expect(s.perSplit.map((p) => p.id)).toEqual(["2020", "2021"]);
      expect(s.perSplit.reduce((a, p) => a + p.metrics.days, 0)).toBe(s.metrics.days);
      expect(Number.isFinite(s.metrics.sharpe)).toBe(true);
      expect(s.cachedSplits).toEqual([]);
    }
    // the model's forecasts are kept for the IC
    const model = first.strategies.find((s) => s.name === "model")!;
    expect(model.mu?.size).toBe(model.result.rebalances.length);
    expect(() => informationCoefficient([...model.mu!.values()].map((p) => ({ predicted: p, actual: p })))).not.toThrow();

    // second run: everything from the cache, identical results, the provider is not called again
    const second = await runWalkForward({ ...opts, cache: jsonDirCache(dir) });
    expect(calls).toHaveLength(2);
    for (const [k, s] of second.strategies.entries()) {
      expect(s.cachedSplits).toEqual(["2020", "2021"]);
      expect(Array.from(s.result.nav)).toEqual(Array.from(first.strategies[k]!.result.nav));
    }
    // delete one year of one strategy: only that segment is recomputed
    unlinkSync(join(dir, "min_variance", "2021.json"));
    expect(readdirSync(join(dir, "min_variance"))).toEqual(["2020.json"]);
    const third = await runWalkForward({ ...opts, cache: jsonDirCache(dir) });
    expect(third.strategies.find((s) => s.name === "min_variance")!.cachedSplits).toEqual(["2020"]);
    expect(third.strategies.find((s) => s.name === "risk_parity")!.cachedSplits).toEqual(["2020", "2021"]);
    expect(calls).toHaveLength(2);
  }, 120_000);

  it("recomputes when a parameter changes (the fingerprint covers the spec and the schedule)", async () => {
    const splits = walkForwardSplits(panel.dates, { testYears: [2021, 2021] });
    const cache = memoryCache();
    await runWalkForward({ panel, splits, strategies: benchmarks(["momentum"]), cache });
    const again = await runWalkForward({ panel, splits, strategies: benchmarks(["momentum"], { momentumLookback: 20 }), cache });
    expect(again.strategies[0]!.cachedSplits).toEqual([]);
    const resched = await runWalkForward({ panel, splits, rebalanceEvery: 10, strategies: benchmarks(["momentum"], { momentumLookback: 20 }), cache });
    expect(resched.strategies[0]!.cachedSplits).toEqual([]);
    expect(resched.strategies[0]!.result.rebalances[1]!.t).toBe(10);
  });

  it("stops on abort", async () => {
    const splits = walkForwardSplits(panel.dates, { testYears: [2020, 2021] });
    const ac = new AbortController();
    ac.abort();
    await expect(runWalkForward({ panel, splits, strategies: benchmarks(["equal_weight"]), signal: ac.signal })).rejects.toThrow();
  });
});
