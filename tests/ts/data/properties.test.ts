// Property tests (fast-check): no look-ahead, winsorization keeps sign, ranks in [0,1], finite z-scores.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CleaningSchema, ValidationRulesSchema, cleanPanel, weekdaysBetween, winsorizeCausal, type RawPanel } from "../../../sdk/data/index.ts";
import { FeatureEngine, buildFeatures, featureOptions, targetsAt, windowAt } from "../../../sdk/features/index.ts";

const T = 48;
const N = 4;
const DATES = weekdaysBetween("2015-01-01", "2015-04-30").slice(0, T);
const SMALL = { shortWindow: 4, longWindow: 8, normWindow: 8, corrWindow: 8 };
const CLEAN = CleaningSchema.parse({ winsorWindow: 16, winsorMinObs: 4 });
const RULES = ValidationRulesSchema.parse({ minRows: 1 });

const ret = fc.oneof({ weight: 9, arbitrary: fc.double({ min: -0.2, max: 0.2, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(NaN) });
const level = fc.double({ min: 0, max: 60, noNaN: true });

function panel(returns: number[], mk: number[][]): RawPanel {
  const col = (k: number) => Float64Array.from(mk, (r) => r[k] as number);
  return {
    name: "prop",
    dates: DATES,
    factors: ["A", "B", "C", "D"],
    returns: Float64Array.from(returns),
    market: { market_return: col(0), vix: col(1), rf: col(2), yield_10y: col(3), yield_2y: col(4) },
    origin: { factors: [], rowOf: [] },
    loadIssues: [],
  };
}

const panelArb = fc.record({
  returns: fc.array(ret, { minLength: T * N, maxLength: T * N }),
  market: fc.array(fc.tuple(fc.double({ min: -0.1, max: 0.1, noNaN: true }), level, level, level, level), { minLength: T, maxLength: T }),
});

describe("properties", () => {
  it("changing any data after day t never changes features, windows, masks or targets at or before t", () => {
    fc.assert(
      fc.property(panelArb, fc.integer({ min: 0, max: T - 2 }), fc.array(ret, { minLength: T * N, maxLength: T * N }), (p, t, noise) => {
        const a = panel(p.returns, p.market);
        const changed = p.returns.map((r, k) => (k >= (t + 1) * N ? (noise[k] as number) : r));
        const mk = p.market.map((row, d) => (d > t ? row.map((x) => x * 1.5 + 1) : row));
        const b = panel(changed, mk);
        const opts = { minAvailability: 0 };
        const fa = buildFeatures(cleanPanel(a, { ...RULES, ...opts }, CLEAN), SMALL);
        const fb = buildFeatures(cleanPanel(b, { ...RULES, ...opts }, CLEAN), SMALL);
        const F = fa.nFeatures;
        expect(fb.features.subarray(0, (t + 1) * F)).toEqual(fa.features.subarray(0, (t + 1) * F));
        expect(fb.mask.subarray(0, (t + 1) * N)).toEqual(fa.mask.subarray(0, (t + 1) * N));
        expect(fb.returns.subarray(0, (t + 1) * N)).toEqual(fa.returns.subarray(0, (t + 1) * N));
        expect(fb.dayStatus.slice(0, t + 1)).toEqual(fa.dayStatus.slice(0, t + 1));
        const wa = windowAt(fa, t, 5);
        const wb = windowAt(fb, t, 5);
        expect(wb).toEqual(wa);
        // Targets at s use s+1..s+5, so those with s + 5 <= t are fixed too.
        if (t >= 6) expect(targetsAt(fb, t - 5)).toEqual(targetsAt(fa, t - 5));
      }),
      { numRuns: 40 },
    );
  });

  it("winsorization never changes sign and keeps values inside the trailing window's range", () => {
    fc.assert(
      fc.property(fc.array(ret, { minLength: T * N, maxLength: T * N }), (returns) => {
        const w = winsorizeCausal(returns, T, N, CLEAN);
        returns.forEach((r, k) => {
          const v = w.values[k] as number;
          if (Number.isNaN(r)) expect(v).toBeNaN();
          else {
            expect(Math.sign(v)).toBe(Math.sign(r));
            const t = Math.floor(k / N);
            const past = returns.filter((x, j) => j % N === k % N && j <= k && Math.floor(j / N) > t - CLEAN.winsorWindow && !Number.isNaN(x));
            expect(v).toBeGreaterThanOrEqual(Math.min(...past));
            expect(v).toBeLessThanOrEqual(Math.max(...past));
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it("rank features lie in [0, 1] and z-scores are finite, also with zero-variance input", () => {
    fc.assert(
      fc.property(panelArb, fc.boolean(), (p, constant) => {
        const returns = constant ? p.returns.map((r) => (Number.isNaN(r) ? r : 0.001)) : p.returns;
        const mk = constant ? p.market.map(() => [0.001, 15, 2, 3, 1]) : p.market;
        const fs = buildFeatures(cleanPanel(panel(returns, mk), { ...RULES, minAvailability: 0 }, CLEAN), SMALL);
        expect(fs.features.every((v) => Number.isFinite(v))).toBe(true);
        const ranks: number[] = [];
        for (let t = 0; t < T; t++) for (let i = 0; i < N; i++) ranks.push(fs.features[t * fs.nFeatures + 5 * N + i] as number);
        expect(Math.min(...ranks)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...ranks)).toBeLessThanOrEqual(1);
        if (constant) expect(fs.features.every((v, c) => c % fs.nFeatures >= 5 * N || v === 0)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it("normalized values of a window that contains x are bounded by sqrt(window)", () => {
    const eng = new FeatureEngine(2, featureOptions(SMALL));
    const out = new Float64Array(eng.nFeatures);
    const m = { market_return: 0, vix: 10, rf: 0.01, yield_10y: 0.03, yield_2y: 0.02 };
    for (let t = 0; t < 30; t++) {
      eng.push([t === 20 ? 1e6 : 0, 0.001 * t], { ...m, vix: t === 25 ? 1e9 : 10 }, out);
      out.forEach((v) => expect(Math.abs(v)).toBeLessThanOrEqual(Math.sqrt(8) + 1e-12));
    }
  });
});
