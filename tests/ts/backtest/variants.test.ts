// Sensitivity and perturbation runners (PRD 7.2): perturbations are seeded and do what they claim; the
// runners re-run the (model-free) benchmarks per setting and report one row per strategy and value.
import { describe, expect, it } from "vitest";
import { addNoise, dropFactors, runPerturbations, runSensitivity, walkForwardSplits } from "../../../sdk/backtest/index.ts";
import { smallPanel } from "./walkforward.fixtures.ts";

const panel = smallPanel();
const n = panel.returns.length / panel.dates.length;

describe("data perturbations", () => {
  it("noise is seeded, keeps missing cells missing, and its size follows the level", () => {
    const a = addNoise(panel, 0.1, 7);
    expect(Array.from(a.returns)).toEqual(Array.from(addNoise(panel, 0.1, 7).returns));
    expect(Array.from(a.returns)).not.toEqual(Array.from(addNoise(panel, 0.1, 8).returns));
    expect(Array.from(addNoise(panel, 0, 7).returns)).toEqual(Array.from(panel.returns));
    let d5 = 0;
    let d10 = 0;
    const b = addNoise(panel, 0.05, 7);
    panel.returns.forEach((r, k) => {
      if (Number.isNaN(r)) {
        expect(Number.isNaN(a.returns[k] as number)).toBe(true);
        return;
      }
      d5 += ((b.returns[k] as number) - r) ** 2;
      d10 += ((a.returns[k] as number) - r) ** 2;
    });
    expect(Math.sqrt(d10 / d5)).toBeCloseTo(2, 1); // same draws, twice the level
    expect(() => addNoise(panel, -1, 1)).toThrowError(/noise level/);
  });

  it("dropping factors masks them out everywhere, round(fraction * N) of them, seeded", () => {
    const { panel: p, dropped } = dropFactors(panel, 0.2, 3);
    expect(dropped).toHaveLength(Math.round(0.2 * n));
    expect(dropFactors(panel, 0.2, 3).dropped).toEqual(dropped);
    for (let t = 0; t < panel.dates.length; t++) {
      for (const i of dropped) {
        expect(p.mask[t * n + i]).toBe(0);
        expect(Number.isNaN(p.returns[t * n + i] as number)).toBe(true);
      }
    }
    expect(() => dropFactors(panel, 1, 3)).toThrowError(/fraction/);
  });
});

describe("variant runners", () => {
  const splits = walkForwardSplits(panel.dates, { testYears: [2021, 2021] });
  const base = { panel, splits, names: ["equal_weight", "momentum"] as const, params: {}, rebalanceEvery: 5, riskFreeDaily: panel.rfDaily };

  it("re-runs the benchmarks per rebalance frequency, one row per strategy and value", async () => {
    const rows = await runSensitivity(base, { rebalanceEvery: [3, 10], volFloor: [0.08], lookback: [200] });
    // floor and lookback grids only apply to optimizer benchmarks: none here
    expect(rows.map((r) => `${r.parameter}=${r.value}:${r.strategy}`)).toEqual([
      "rebalanceEvery=3:equal_weight",
      "rebalanceEvery=3:momentum",
      "rebalanceEvery=10:equal_weight",
      "rebalanceEvery=10:momentum",
    ]);
    for (const r of rows) expect(Number.isFinite(r.sharpe)).toBe(true);
    const mom = rows.filter((r) => r.strategy === "momentum");
    expect(mom[0]!.averageTurnover).not.toBe(mom[1]!.averageTurnover);
  });

  it("re-runs on perturbed data: no noise reproduces the base run, noise changes it", async () => {
    const [clean, noisy] = await Promise.all([runPerturbations(base, { noise: [0], seed: 1 }), runPerturbations(base, { noise: [0.5], seed: 1 })]);
    const main = await runSensitivity(base, { rebalanceEvery: [5] });
    expect(clean.map((r) => r.sharpe)).toEqual(main.map((r) => r.sharpe));
    expect(noisy.map((r) => r.sharpe)).not.toEqual(main.map((r) => r.sharpe));
    const drop = await runPerturbations(base, { dropFraction: [0.2], seed: 1 });
    expect(drop.map((r) => r.parameter)).toEqual(["dropFraction", "dropFraction"]);
  });
});
