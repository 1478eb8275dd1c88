// Engine: agrees with the dollar-holdings Python reference; identities; timing; no look-ahead; errors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runBacktest, type BacktestInput } from "../../../sdk/backtest/index.ts";
import { errorCode as code, expectAllClose, expectClose, f64, fixture } from "./helpers.ts";

interface EngineFixture {
  dates: string[];
  nFactors: number;
  returns: (number | null)[];
  mask: number[];
  firstRebalance: number;
  rebalanceEvery: number;
  costBps: number;
  slippageBps: number;
  targets: Record<string, number[]>;
  expected: { nav: number[]; dailyReturns: number[]; turnover: number[]; costs: number[] };
}

function panel(nDays: number, n: number, seed: number): { dates: string[]; returns: Float64Array; mask: Uint8Array } {
  let s = seed >>> 0;
  const rand = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return {
    dates: Array.from({ length: nDays }, (_, t) => `d${String(t).padStart(4, "0")}`),
    returns: Float64Array.from({ length: nDays * n }, () => (rand() - 0.5) * 0.04),
    mask: new Uint8Array(nDays * n).fill(1),
  };
}

describe("runBacktest vs Python reference", () => {
  const fx = fixture<EngineFixture>("engine.json");
  const targets = new Map(Object.entries(fx.targets).map(([t, w]) => [Number(t), Float64Array.from(w)]));
  const res = runBacktest({
    dates: fx.dates,
    returns: f64(fx.returns),
    mask: Uint8Array.from(fx.mask),
    firstRebalance: fx.firstRebalance,
    rebalanceEvery: fx.rebalanceEvery,
    costBps: fx.costBps,
    slippageBps: fx.slippageBps,
    targetWeights: targets,
  });
  it("matches NAV, daily returns, turnover and costs to 1e-9", () => {
    expectAllClose(res.nav, fx.expected.nav, 1e-9, 1e-9, "nav");
    expectAllClose(res.dailyReturns, fx.expected.dailyReturns, 1e-9, 1e-15, "daily");
    expectAllClose(res.turnover, fx.expected.turnover, 1e-9, 1e-15, "turnover");
    expectAllClose(res.costs, fx.expected.costs, 1e-9, 1e-9, "costs");
  });
  it("flags the held factor whose return is missing and counts it as 0", () => {
    expect(res.missingReturns.map((m) => [m.t, m.factor])).toEqual([[12, 3], [30, 5], [31, 5], [32, 5]]);
    expect(res.start).toBe(3);
    expect(res.dailyReturns.subarray(0, 2)).toEqual(new Float64Array(2));
    // the first trade (from cash) is paid at the close of day 2
    expectClose(res.dailyReturns[2] as number, -(res.rebalances[0]?.costFraction ?? NaN), 1e-12, 1e-18, "day 2");
  });
});

describe("engine identities", () => {
  it("daily rebalancing to constant weights reproduces the weighted daily returns", () => {
    const p = panel(50, 4, 1);
    const w = Float64Array.from([0.1, 0.2, 0.3, 0.4]);
    const res = runBacktest({ ...p, rebalanceEvery: 1, targetWeights: () => w });
    for (let t = 1; t < 50; t++) {
      let expected = 0;
      for (let i = 0; i < 4; i++) expected += (w[i] as number) * (p.returns[t * 4 + i] as number);
      expectClose(res.dailyReturns[t] as number, expected, 1e-12, 1e-17, `day ${t}`);
    }
  });
  it("buy-and-hold NAV equals the sum of compounded dollar holdings (drift)", () => {
    const p = panel(30, 3, 2);
    const w = Float64Array.from([0.5, 0.3, 0.2]);
    const res = runBacktest({ ...p, rebalanceDates: [p.dates[0] as string], targetWeights: new Map([[0, w]]) });
    let nav = 0;
    for (let i = 0; i < 3; i++) {
      let v = 1e6 * (w[i] as number);
      for (let t = 1; t < 30; t++) v *= 1 + (p.returns[t * 3 + i] as number);
      nav += v;
    }
    expectClose(res.nav[29] as number, nav, 1e-12, 0, "nav");
    expect(res.turnover.length).toBe(1);
  });
  it("costs reduce value by exactly turnover x bps of the pre-trade NAV", () => {
    const p = panel(40, 5, 3);
    const tw = (t: number): Float64Array => Float64Array.from({ length: 5 }, (_, i) => ((t + i) % 5) / 10);
    const free = runBacktest({ ...p, targetWeights: tw });
    const paid = runBacktest({ ...p, targetWeights: tw, costBps: 8, slippageBps: 2 });
    for (const r of paid.rebalances) {
      const preTrade = (paid.nav[r.t] as number) + r.cost;
      expectClose(r.cost, (preTrade * r.turnover * 10) / 1e4, 1e-12, 0, "cost");
      expectClose(r.costFraction, (r.turnover * 10) / 1e4, 1e-12, 0, "fraction");
    }
    expectAllClose(paid.turnover, free.turnover, 1e-9, 1e-12, "same trades");
    expect(paid.nav[39]).toBeLessThan(free.nav[39] as number);
  });
  it("a target set at the close of t first earns r[t + 1]", () => {
    const p = panel(12, 2, 4);
    const res = runBacktest({ ...p, rebalanceEvery: 5, targetWeights: () => Float64Array.from([1, 0]) });
    expect(res.dailyReturns[0]).toBe(0);
    expectClose(res.dailyReturns[1] as number, p.returns[2] as number, 1e-12, 1e-15, "day 1 earns factor 0 of day 1");
    expect(Array.from(res.positions.subarray(0, 2))).toEqual([1, 0]);
  });
  it("keeps the cash remainder at 0 return and nav = cumprod", () => {
    const p = panel(20, 2, 5);
    const res = runBacktest({ ...p, rebalanceEvery: 3, targetWeights: () => Float64Array.from([0.3, 0.2]) });
    let v = 1e6;
    for (let t = 0; t < 20; t++) {
      v *= 1 + (res.dailyReturns[t] as number);
      expectClose(res.nav[t] as number, v, 1e-12, 0, "nav");
      expectClose(res.pnl[t] as number, (res.nav[t] as number) - (t === 0 ? 1e6 : (res.nav[t - 1] as number)), 1e-12, 1e-6, "pnl");
    }
  });
});

describe("no look-ahead", () => {
  it("perturbing returns after t leaves decisions and NAV up to t unchanged", () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 58 }), fc.integer({ min: 1, max: 2 ** 30 }), (cut, seed) => {
        const base = panel(60, 4, seed);
        const changed = { ...base, returns: Float64Array.from(base.returns) };
        for (let k = (cut + 1) * 4; k < changed.returns.length; k++) changed.returns[k] = -(changed.returns[k] as number) * 1.7;
        // a causal rule: weights proportional to 1 + the day-t return, so decisions depend on data
        const rule = (r: Float64Array) => (t: number) => {
          const w = Float64Array.from({ length: 4 }, (_, i) => 1 + 10 * (r[t * 4 + i] as number));
          const s = w.reduce((a, b) => a + b, 0);
          return w.map((x) => x / s);
        };
        const a = runBacktest({ ...base, targetWeights: rule(base.returns) });
        const b = runBacktest({ ...changed, targetWeights: rule(changed.returns) });
        expect(Array.from(b.nav.subarray(0, cut + 1))).toEqual(Array.from(a.nav.subarray(0, cut + 1)));
        expect(Array.from(b.positions.subarray(0, (cut + 1) * 4))).toEqual(Array.from(a.positions.subarray(0, (cut + 1) * 4)));
      }),
      { numRuns: 50, seed: 42 },
    );
  });
});

describe("engine errors", () => {
  const p = panel(10, 3, 6);
  const ok = (): Float64Array => Float64Array.from([0.2, 0.3, 0.5]);
  const run = (over: Partial<BacktestInput>): unknown => runBacktest({ ...p, targetWeights: ok, ...over });
  it("rejects weight on a masked factor", () => {
    const mask = new Uint8Array(30).fill(1);
    mask[5 * 3 + 1] = 0;
    expect(code(() => run({ mask }))).toBe("MASKED_WEIGHT");
  });
  it("rejects bad shapes, values, schedules and targets", () => {
    expect(code(() => run({ returns: new Float64Array(29) }))).toBe("LENGTH_MISMATCH");
    expect(code(() => run({ mask: new Uint8Array(3) }))).toBe("LENGTH_MISMATCH");
    expect(code(() => run({ targetWeights: () => new Float64Array(2) }))).toBe("LENGTH_MISMATCH");
    expect(code(() => run({ targetWeights: () => Float64Array.from([NaN, 0, 1]) }))).toBe("NON_FINITE");
    expect(code(() => run({ targetWeights: new Map([[0, ok()]]) }))).toBe("MISSING_TARGET");
    expect(code(() => run({ rebalanceEvery: 0 }))).toBe("BAD_ARGUMENT");
    expect(code(() => run({ rebalanceDates: ["nope"] }))).toBe("BAD_ARGUMENT");
    expect(code(() => run({ rebalanceDates: ["d0003", "d0001"] }))).toBe("BAD_ARGUMENT");
    expect(code(() => run({ rebalanceDates: ["d0001"], rebalanceEvery: 5 }))).toBe("BAD_ARGUMENT");
    expect(code(() => run({ costBps: -1 }))).toBe("BAD_ARGUMENT");
    expect(code(() => run({ dates: [] }))).toBe("TOO_FEW_OBSERVATIONS");
    const inf = Float64Array.from(p.returns);
    inf[4] = Infinity;
    expect(code(() => run({ returns: inf }))).toBe("NON_FINITE");
    inf[4] = -1;
    expect(code(() => run({ returns: inf }))).toBe("BAD_ARGUMENT");
  });
});
