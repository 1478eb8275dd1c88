// The synthetic market as an in-memory RawPanel, exactly as the loader would return its workbook
// (percent rates and yields converted to decimals), for callers that skip the xlsx round trip.
import type { RawPanel } from "../panel.ts";
import { synthMarket, type SynthMarket, type SynthOptions } from "./market.ts";

/**
 * @example const panel = synthPanel({ factors: 20, start: "2019-01-02", end: "2025-12-31", seed: 7 });
 */
export function synthPanel(opts: SynthOptions | SynthMarket = {}, name = "synthetic"): RawPanel {
  const m = "returns" in opts ? opts : synthMarket(opts);
  const pct = (a: Float64Array) => a.map((x) => x / 100);
  return {
    name,
    dates: m.dates,
    factors: m.factors,
    returns: m.returns,
    market: { market_return: m.market.market_return, vix: m.market.vix, rf: pct(m.market.rf), yield_10y: pct(m.market.yield_10y), yield_2y: pct(m.market.yield_2y) },
    origin: {
      factors: m.factors.map((_, i) => ({ file: name, sheet: "factors", columnIndex: i + 1, source: 0 })),
      rowOf: [Int32Array.from(m.dates, (_, t) => t + 2)],
      sources: [{ file: name, sheet: "factors", dateColumn: 0 }],
    },
    loadIssues: [],
  };
}
