// Small synthetic panels for the walk-forward, benchmark and report tests (from synthMarket: realistic structure, missing cells).
import { synthMarket } from "../../../sdk/data/index.ts";
import type { Panel } from "../../../sdk/backtest/index.ts";

/** A panel of `factors` synthetic factors over start..end, mask = observed; plus VIX and a daily risk-free rate. */
export function smallPanel(opts: { factors?: number; start?: string; end?: string; seed?: number } = {}): Panel & { vix: Float64Array; rfDaily: Float64Array; factors: string[] } {
  const m = synthMarket({ factors: opts.factors ?? 20, start: opts.start ?? "2017-01-02", end: opts.end ?? "2021-12-31", seed: opts.seed ?? 5 });
  const mask = Uint8Array.from(m.returns, (r) => (Number.isNaN(r) ? 0 : 1));
  return { dates: m.dates, returns: m.returns, mask, vix: m.market.vix, rfDaily: m.market.rf.map((x) => x / 100 / 252), factors: m.factors };
}
