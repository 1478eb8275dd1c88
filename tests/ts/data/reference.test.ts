// Two implementations must agree: TS winsorization + features vs the numpy reference, to 1e-9.
import { describe, expect, it } from "vitest";
import { cleanPanel } from "../../../sdk/data/index.ts";
import { buildFeatures, featureOptions } from "../../../sdk/features/index.ts";
import { CLEANING, RULES, synthPanel } from "./fixtures.ts";
import { runReference } from "./run-reference.ts";

// The worker's .venv is part of the test setup (npm test creates it), so this never skips: a missing Python fails here.
describe("numpy reference", () => {
  it("matches winsorized returns and every feature to 1e-9", () => {
    const panel = synthPanel({ factors: 15, start: "2009-01-05", end: "2010-12-31", missingRate: 0.02 });
    const T = panel.dates.length;
    const N = panel.factors.length;
    const cleaned = cleanPanel(panel, RULES, CLEANING);
    const fs = buildFeatures(cleaned, { keepFloat64: true });
    const ref = runReference(cleaned.rawReturns, cleaned.market, T, cleaned.factors.length, CLEANING, featureOptions());
    expect(N).toBe(15);
    let maxW = 0;
    cleaned.returns.forEach((v, k) => {
      const r = ref.winsorized[k] as number;
      expect(Number.isNaN(v)).toBe(Number.isNaN(r));
      if (!Number.isNaN(v)) maxW = Math.max(maxW, Math.abs(v - r));
    });
    expect(maxW).toBeLessThan(1e-12);
    const f64 = fs.features64 as Float64Array;
    expect(ref.features.length).toBe(f64.length);
    let worst = 0;
    let worstAt = -1;
    f64.forEach((v, k) => {
      const d = Math.abs(v - (ref.features[k] as number));
      if (!(d <= worst)) {
        worst = d;
        worstAt = k;
      }
    });
    expect(worst, `worst column ${fs.featureNames[worstAt % fs.nFeatures]} at row ${Math.floor(worstAt / fs.nFeatures)}`).toBeLessThan(1e-9);
    // The comparison is not vacuous: some clipping happened and features vary.
    expect(cleaned.winsor.clippedHigh.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(new Set(f64.slice(0, 5000)).size).toBeGreaterThan(1000);
  });
});
