// Forecast quality of strategies that return mu (PRD 6.3): IC, rank IC and hit rate vs the realized next-period return.
import { hitRate, informationCoefficient, rankInformationCoefficient, type IcSummary } from "../metrics/prediction.ts";
import type { Panel } from "../strategies/types.ts";
import type { WalkForwardResult } from "../walkforward/run.ts";

/** IC statistics of one strategy, with the per-rebalance IC series. */
export interface ForecastQuality {
  readonly strategy: string;
  readonly dates: string[];
  readonly ic: IcSummary;
  readonly rankIc: IcSummary;
  readonly hitRate: number;
}

/**
 * For each rebalance t with a forecast: actual_i = compounded return of factor i over t+1..t+h (h = the
 * rebalance interval), for factors tradable at t and observed on all h days. Strategies without mu are skipped.
 */
export function forecastQuality(run: WalkForwardResult, panel: Panel): ForecastQuality[] {
  const n = panel.returns.length / panel.dates.length;
  const h = run.calendar.rebalanceEvery;
  const out: ForecastQuality[] = [];
  for (const s of run.strategies) {
    if (s.mu === undefined) continue;
    const sections: { predicted: Float64Array; actual: Float64Array; mask: Uint8Array }[] = [];
    const dates: string[] = [];
    for (const [row, mu] of s.mu) {
      const t = run.calendar.anchor + row;
      if (t + h >= panel.dates.length) continue;
      const actual = new Float64Array(n);
      const mask = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        let v = 1;
        let ok = panel.mask[t * n + i] === 1 && Number.isFinite(mu[i] as number);
        for (let d = t + 1; d <= t + h && ok; d++) {
          const r = panel.returns[d * n + i] as number;
          if (Number.isNaN(r)) ok = false;
          else v *= 1 + r;
        }
        actual[i] = ok ? v - 1 : 0;
        mask[i] = ok ? 1 : 0;
      }
      if (mask.reduce((a, b) => a + b, 0) < 3) continue;
      sections.push({ predicted: mu, actual, mask });
      dates.push(panel.dates[t] as string);
    }
    if (sections.length < 2) continue;
    out.push({ strategy: s.name, dates, ic: informationCoefficient(sections), rankIc: rankInformationCoefficient(sections), hitRate: hitRate(sections) });
  }
  return out;
}
