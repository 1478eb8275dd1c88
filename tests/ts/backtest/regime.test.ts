// Stress windows, regime masks, metrics on day subsets, recovery days and VaR exceedances.
import { describe, expect, it } from "vitest";
import {
  BacktestError,
  STRESS_WINDOWS,
  dateWindowMask,
  metricsOnDays,
  regimeMasks,
  sharpeRatio,
  stressTest,
  thresholdMask,
  varExceedances,
} from "../../../sdk/backtest/index.ts";
import { expectClose } from "./helpers.ts";

const dates = ["2020-02-18", "2020-02-19", "2020-02-20", "2020-03-23", "2020-03-24", "2020-03-25", "2020-03-26"];
const returns = [0.01, -0.1, -0.1, 0.05, 0.05, 0.1, 0.01];

describe("stress windows", () => {
  it("COVID window: drawdown inside the window, recovery after it, VaR exceedances", () => {
    const covid = STRESS_WINDOWS.find((w) => w.name.includes("COVID"));
    if (covid === undefined) throw new Error("no COVID window");
    const res = stressTest(returns, dates, covid, { valueAtRisk: 0.05 });
    expect(res?.days).toBe(3);
    expectClose(res?.maxDrawdown ?? NaN, 1 - 0.9 * 0.9, 1e-12, 0, "dd");
    expectClose(res?.cumulativeReturn ?? NaN, 0.9 * 0.9 * 1.05 - 1, 1e-12, 0, "cum");
    expect(res?.trough).toBe(2);
    // 0.81 * 1.05 * 1.05 * 1.1 = 0.982 < 1; * 1.01 = 0.992: never regains the pre-crash peak
    expect(res?.recoveryDays).toBeNull();
    expect(res?.varExceedances).toBe(2);
    expect(stressTest(returns, dates, { name: "none", from: "2001-01-01", to: "2001-12-31" })).toBeNull();
  });
  it("recovery days count from the trough to the first close at or above the prior peak", () => {
    const res = stressTest([0.0, -0.5, 1.0, 0.1], ["a1", "a2", "a3", "a4"], { name: "w", from: "a1", to: "a2" });
    expect(res?.recoveryDays).toBe(1);
  });
  it("date masks are inclusive", () => {
    expect(Array.from(dateWindowMask(dates, { name: "x", from: "2020-02-19", to: "2020-03-23" }))).toEqual([0, 1, 1, 1, 0, 0, 0]);
  });
});

describe("regimes", () => {
  it("threshold masks treat NaN as outside; regime masks", () => {
    expect(Array.from(thresholdMask([10, 20, NaN, 30], { above: 15 }))).toEqual([0, 1, 0, 1]);
    expect(Array.from(thresholdMask([10, 20, NaN, 30], { above: 15, below: 25 }))).toEqual([0, 1, 0, 0]);
    const m = regimeMasks([12, 30, 20], [0.8, 0.2, 0.75]);
    expect(Object.values(m).map((x) => Array.from(x))).toEqual([[1, 0, 0], [0, 1, 0], [1, 0, 1]]);
  });
  it("metrics on the selected days equal metrics of the selected series", () => {
    const r = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 0.01 + 0.001);
    const mask = Uint8Array.from(r, (_, i) => (i % 3 === 0 ? 1 : 0));
    const m = metricsOnDays(r, mask);
    expect(m.days).toBe(17);
    expectClose(m.sharpe ?? NaN, sharpeRatio(r.filter((_, i) => i % 3 === 0)), 1e-12, 0, "sharpe");
    expect(metricsOnDays(r, new Uint8Array(50)).sharpe).toBeNull();
  });
  it("VaR exceedance counts and errors", () => {
    expect(varExceedances([-0.03, 0.01, -0.01, -0.05], 0.02)).toEqual({ count: 2, days: 4, rate: 0.5 });
    expect(() => thresholdMask([1], {})).toThrow(BacktestError);
    expect(() => metricsOnDays([1, 2], [1])).toThrow(BacktestError);
    expect(() => dateWindowMask(dates, { name: "bad", from: "2021", to: "2020" })).toThrow(BacktestError);
  });
});
