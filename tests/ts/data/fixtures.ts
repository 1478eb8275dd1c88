// Small synthetic panels for the data tests (built from synthMarket, so they have realistic structure).
import { CleaningSchema, ValidationRulesSchema, synthMarket, type RawPanel, type SynthOptions } from "../../../sdk/data/index.ts";

export const RULES = ValidationRulesSchema.parse({ minRows: 10 });
export const CLEANING = CleaningSchema.parse({});

/** An in-memory RawPanel from the synthetic market (market units converted as the loader does: percent -> decimal). */
export function synthPanel(opts: SynthOptions = {}): RawPanel {
  const m = synthMarket({ factors: 12, start: "2010-01-04", end: "2011-06-30", seed: 3, ...opts });
  const pct = (a: Float64Array) => a.map((x) => x / 100);
  return {
    name: "synthetic-small",
    dates: m.dates,
    factors: m.factors,
    returns: m.returns,
    market: { market_return: m.market.market_return, vix: m.market.vix, rf: pct(m.market.rf), yield_10y: pct(m.market.yield_10y), yield_2y: pct(m.market.yield_2y) },
    origin: { factors: m.factors.map((_, i) => ({ file: "mem", sheet: "factors", columnIndex: i + 1, source: 0 })), rowOf: [Int32Array.from(m.dates, (_, t) => t + 2)], sources: [{ file: "mem", sheet: "factors", dateColumn: 0 }] },
    loadIssues: [],
  };
}
