// First run: the feature state and inference window built from the history before the first as-of date, by the
// same incremental path every later day takes (appendDay), so day 1 is no different from day 100.
import { cleanPanel, type RawPanel } from "../data/index.ts";
import { appendDay, featureCount, initFeatureState, type MarketDay } from "../features/index.ts";
import type { DailyConfig } from "./config.ts";
import { DailyError } from "./errors.ts";
import type { DailyState } from "./state.ts";
import { emptyWindow, pushRow } from "./window.ts";

export interface Bootstrapped {
  readonly state: DailyState;
  readonly days: number;
  /** Factors dropped for low availability over the history (cleanPanel's rule). */
  readonly dropped: readonly string[];
}

/** Builds the state from every history date before `before` (the first as-of date). */
export function bootstrapState(panel: RawPanel, before: string, config: DailyConfig): Bootstrapped {
  const T = panel.dates.findIndex((d) => d >= before);
  const rows = T < 0 ? panel.dates.length : T;
  if (rows < 2) throw new DailyError("STATE_INVALID", `no history before ${before} to start from`, { date: before });
  const N0 = panel.factors.length;
  const head: RawPanel = {
    ...panel,
    dates: panel.dates.slice(0, rows),
    returns: panel.returns.subarray(0, rows * N0),
    market: Object.fromEntries(Object.entries(panel.market).map(([k, v]) => [k, v.subarray(0, rows)])) as unknown as RawPanel["market"],
  };
  const clean = cleanPanel(head, config.rules, config.cleaning);
  const keep = clean.factors.map((f) => panel.factors.indexOf(f));
  let feature = initFeatureState(clean.factors, config.rules, config.cleaning, config.features);
  let window = emptyWindow(config.inference.windowDays, clean.factors, featureCount(clean.factors.length));
  const m = panel.market;
  for (let t = 0; t < rows; t++) {
    const market: MarketDay = { market_return: m.market_return[t] as number, vix: m.vix[t] as number, rf: m.rf[t] as number, yield_10y: m.yield_10y[t] as number, yield_2y: m.yield_2y[t] as number };
    const r = appendDay(feature, { date: panel.dates[t] as string, returns: keep.map((i) => panel.returns[t * N0 + i] as number), market });
    feature = r.state;
    window = pushRow(window, r.row, market);
  }
  return { state: { feature, window }, days: rows, dropped: clean.dropped.map((d) => d.factor) };
}
