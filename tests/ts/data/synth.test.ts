// The synthetic market: deterministic from its seed, realistic magnitudes, planted signal, missingness, regimes.
import { describe, expect, it } from "vitest";
import { pearson, synthMarket } from "../../../sdk/data/index.ts";

const m = synthMarket({ factors: 40, start: "2005-01-03", end: "2012-12-31", seed: 11 });
const T = m.dates.length;
const N = m.factors.length;

describe("synthMarket", () => {
  it("is fully determined by its seed", () => {
    const again = synthMarket({ factors: 40, start: "2005-01-03", end: "2012-12-31", seed: 11 });
    expect(again.returns).toEqual(m.returns);
    expect(again.market.vix).toEqual(m.market.vix);
    expect(again.meta).toEqual(m.meta);
    expect(synthMarket({ factors: 40, start: "2005-01-03", end: "2012-12-31", seed: 12 }).returns).not.toEqual(m.returns);
  });

  it("has annualized factor vols of about 5-15% and no daily |r| above 50%", () => {
    for (let i = 0; i < N; i++) {
      const xs: number[] = [];
      for (let t = 0; t < T; t++) {
        const r = m.returns[t * N + i] as number;
        if (!Number.isNaN(r)) xs.push(r);
      }
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const vol = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) * Math.sqrt(252);
      expect(vol).toBeGreaterThan(0.04);
      expect(vol).toBeLessThan(0.16);
      expect(Math.max(...xs.map(Math.abs))).toBeLessThan(0.5);
    }
  });

  it("documents a weak best IC and one factor below 80% availability", () => {
    expect(m.meta.bestIC).toBeGreaterThan(0.04);
    expect(m.meta.bestIC).toBeLessThan(0.12);
    expect(m.meta.ic60dMean).toBeLessThan(m.meta.bestIC);
    const low = m.factors.indexOf(m.meta.lowAvailabilityFactor);
    let avail = 0;
    for (let t = 0; t < T; t++) if (!Number.isNaN(m.returns[t * N + low] as number)) avail++;
    expect(avail / T).toBeLessThan(0.8);
    expect(avail / T).toBeGreaterThan(0.6);
  });

  it("has fat tails, correlation spikes in crises, and a VIX tied to market volatility", () => {
    const mk = m.market.market_return;
    const mean = mk.reduce((a, b) => a + b, 0) / T;
    const v2 = mk.reduce((a, b) => a + (b - mean) ** 2, 0) / T;
    const v4 = mk.reduce((a, b) => a + (b - mean) ** 4, 0) / T;
    expect(v4 / (v2 * v2)).toBeGreaterThan(4); // excess kurtosis
    // Average pairwise correlation of the first 10 factors, crisis vs calm days.
    const corr = (crisis: number) => {
      const rows: number[] = [];
      for (let t = 0; t < T; t++) if (m.latent.regime[t] === crisis) rows.push(t);
      let s = 0;
      let n = 0;
      for (let i = 0; i < 10; i++) {
        for (let j = i + 1; j < 10; j++) {
          const c = pearson(rows.map((t) => m.returns[t * N + i] as number), rows.map((t) => m.returns[t * N + j] as number));
          if (!Number.isNaN(c)) {
            s += c;
            n++;
          }
        }
      }
      return s / n;
    };
    expect(m.meta.crisisDays).toBeGreaterThan(50);
    expect(corr(1)).toBeGreaterThan(corr(0) + 0.05);
    const absRet = Array.from(mk, (r, t) => (t + 1 < T ? Math.abs(mk[t + 1] as number) : NaN));
    expect(pearson(m.market.vix, absRet)).toBeGreaterThan(0.2);
  });

  it("refuses options that would give an empty or meaningless market, naming the option", () => {
    expect(() => synthMarket({ factors: 0 })).toThrow(/factors must be a positive integer, got 0/);
    expect(() => synthMarket({ factors: 2.5 })).toThrow(/factors/);
    expect(() => synthMarket({ factors: 3, start: "2020-02-30" })).toThrow(/start must be a calendar date YYYY-MM-DD, got "2020-02-30"/);
    expect(() => synthMarket({ factors: 3, start: "2020-01-01", end: "2019-01-01" })).toThrow(/at least two weekdays before end/);
    expect(() => synthMarket({ factors: 3, start: "2020-01-01", end: "2020-03-01", seed: Number.NaN })).toThrow(/seed must be an integer/);
    expect(() => synthMarket({ factors: 3, start: "2020-01-01", end: "2020-03-01", missingRate: 1 })).toThrow(/missingRate/);
  });
});
