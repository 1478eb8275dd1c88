// Batch and incremental drivers agree exactly; targets and windows by indexing.
import { describe, expect, it } from "vitest";
import { DataValidationError, cleanPanel } from "../../../sdk/data/index.ts";
import { appendDay, buildFeatures, initFeatureState, marketDay, sampleMaskAt, targetsAt, windowAt, type FeatureState } from "../../../sdk/features/index.ts";
import { CLEANING, RULES, synthPanel } from "./fixtures.ts";

const panel = synthPanel({ factors: 10, start: "2010-01-04", end: "2011-12-30", missingRate: 0.02 });
const cleaned = cleanPanel(panel, RULES, CLEANING);
const fs = buildFeatures(cleaned, { keepFloat64: true });
const T = fs.dates.length;
const N = fs.factors.length;
const F = fs.nFeatures;

describe("batch vs incremental", () => {
  it("appendDay rows equal the batch rows bit for bit (every day appended one by one)", () => {
    let state: FeatureState = initFeatureState(cleaned.factors, RULES, CLEANING);
    for (let t = 0; t < T; t++) {
      const { state: next, row } = appendDay(state, { date: fs.dates[t] as string, returns: cleaned.rawReturns.subarray(t * N, (t + 1) * N), market: marketDay(cleaned.market, t) });
      expect(row.features64).toEqual((fs.features64 as Float64Array).subarray(t * F, (t + 1) * F));
      expect(row.features).toEqual(fs.features.subarray(t * F, (t + 1) * F));
      expect(row.returns).toEqual(fs.returns.subarray(t * N, (t + 1) * N));
      expect(row.mask).toEqual(fs.mask.subarray(t * N, (t + 1) * N));
      expect(row.status).toBe(fs.dayStatus[t]);
      state = next;
    }
    expect(state.days).toBe(T);
  });

  it("appendDay leaves the old state untouched (immutable snapshots)", () => {
    let state = initFeatureState(cleaned.factors, RULES, CLEANING);
    for (let t = 0; t < 30; t++) state = appendDay(state, { date: fs.dates[t] as string, returns: cleaned.rawReturns.subarray(t * N, (t + 1) * N), market: marketDay(cleaned.market, t) }).state;
    const day = { date: fs.dates[30] as string, returns: cleaned.rawReturns.subarray(30 * N, 31 * N), market: marketDay(cleaned.market, 30) };
    const a = appendDay(state, day).row;
    const b = appendDay(state, day).row;
    expect(b.features64).toEqual(a.features64);
    expect(a.features64).toEqual((fs.features64 as Float64Array).subarray(30 * F, 31 * F));
  });

  it("appendDay rejects a day out of order and an out-of-range return", () => {
    const s0 = initFeatureState(cleaned.factors, RULES, CLEANING);
    const d0 = { date: "2010-01-05", returns: new Float64Array(N), market: marketDay(cleaned.market, 0) };
    const s1 = appendDay(s0, d0).state;
    expect(() => appendDay(s1, { ...d0, date: "2010-01-04" })).toThrow(/UNSORTED_DATES: day 2010-01-04 does not come after 2010-01-05/);
    const bad = new Float64Array(N);
    bad[2] = -0.8;
    expect(() => appendDay(s1, { ...d0, date: "2010-01-06", returns: bad })).toThrow(DataValidationError);
  });
});

describe("targets and windows", () => {
  it("mu and Sigma are the mean and ddof=1 covariance of r[t+1..t+5] in daily units", () => {
    const t = 100;
    const tg = targetsAt(fs, t);
    expect(tg.valid).toBe(true);
    for (let i = 0; i < N; i++) {
      const xs = [1, 2, 3, 4, 5].map((k) => fs.returns[(t + k) * N + i] as number);
      if (xs.some(Number.isNaN)) {
        expect(tg.mask[i]).toBe(0);
        continue;
      }
      const m = xs.reduce((a, b) => a + b, 0) / 5;
      expect(tg.mu[i]).toBeCloseTo(m, 15);
      const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / 4;
      expect(tg.sigma[i * N + i]).toBeCloseTo(v, 15);
    }
    expect(targetsAt(fs, T - 5).valid).toBe(false);
    expect(targetsAt(fs, T - 6).valid).toBe(true);
  });

  it("windowAt is a view of rows t-L+1..t and masks factors missing anywhere in it", () => {
    const w = windowAt(fs, 300, 250);
    expect(w.valid).toBe(true);
    expect(w.features.length).toBe(250 * F);
    expect(w.features[0]).toBe(fs.features[51 * F]);
    for (let i = 0; i < N; i++) {
      let all = 1;
      for (let k = 51; k <= 300; k++) all &= fs.mask[k * N + i] as number;
      expect(w.mask[i]).toBe(all);
    }
    expect(windowAt(fs, 248, 250).valid).toBe(false);
    const s = sampleMaskAt(fs, 300);
    expect(Array.from(s.mask)).toEqual(Array.from(w.mask, (m, i) => m & (targetsAt(fs, 300).mask[i] as number)));
  });
});
