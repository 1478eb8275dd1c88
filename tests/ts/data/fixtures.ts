// Small synthetic panels for the data tests (built from synthMarket, so they have realistic structure).
import { CleaningSchema, ValidationRulesSchema, synthPanel as makePanel, type RawPanel, type SynthOptions } from "../../../sdk/data/index.ts";

export const RULES = ValidationRulesSchema.parse({ minRows: 10 });
export const CLEANING = CleaningSchema.parse({});

/** An in-memory RawPanel from the synthetic market (market units converted as the loader does: percent -> decimal). */
export function synthPanel(opts: SynthOptions = {}): RawPanel {
  return makePanel({ factors: 12, start: "2010-01-04", end: "2011-06-30", seed: 3, ...opts }, "mem");
}
