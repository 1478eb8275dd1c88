// Stress and regime tables of a walk-forward run (PRD 7.2): per strategy and crisis window or regime.
import { concentration } from "../metrics/risk.ts";
import { mean } from "../metrics/moments.ts";
import { metricsOnDays, type SliceMetrics } from "../regime/slice.ts";
import { stressTest, type StressResult } from "../regime/stress.ts";
import { STRESS_WINDOWS, thresholdMask, type DateWindow } from "../regime/windows.ts";
import type { WalkForwardResult } from "../walkforward/run.ts";

/** One (strategy, window) stress row; `result` null when the window has no test day. */
export interface StressRow {
  readonly strategy: string;
  readonly window: string;
  readonly from: string;
  readonly to: string;
  readonly result: Omit<StressResult, "window"> | null;
}

/** Stress test of every strategy over each window (only test days count; windows outside the test period give null). */
export function stressTable(run: WalkForwardResult, windows: readonly DateWindow[] = STRESS_WINDOWS): StressRow[] {
  const rows: StressRow[] = [];
  for (const s of run.strategies) {
    const r = s.result.dailyReturns.subarray(1);
    const dates = run.dates.slice(1);
    for (const w of windows) {
      const res = stressTest(r, dates, w);
      rows.push({ strategy: s.name, window: w.name, from: w.from, to: w.to, result: res === null ? null : { days: res.days, cumulativeReturn: res.cumulativeReturn, maxDrawdown: res.maxDrawdown, trough: res.trough + 1, recoveryDays: res.recoveryDays, varExceedances: res.varExceedances, expectedExceedances: res.expectedExceedances } });
    }
  }
  return rows;
}

/** Regime thresholds (PRD 7.2). */
export interface RegimeOptions {
  readonly vixLow?: number;
  readonly vixHigh?: number;
  readonly correlationHigh?: number;
}

/** One (strategy, regime) row: metrics on the regime's days and the average position concentration held into them. */
export interface RegimeRow {
  readonly strategy: string;
  readonly regime: string;
  readonly metrics: SliceMetrics;
  /** Mean HHI and max weight of the positions held into the regime's days (position sizing behavior). */
  readonly averageHhi: number | null;
  readonly averageMaxWeight: number | null;
}

/**
 * Regime table over the test days. `vix` and `averageCorrelation` are aligned with `run.dates`; the
 * regime of a day is read at the previous close (known when the day's positions were held).
 */
export function regimeTable(run: WalkForwardResult, vix: ArrayLike<number>, averageCorrelation: ArrayLike<number>, o: RegimeOptions = {}): RegimeRow[] {
  const lag = (x: ArrayLike<number>) => Float64Array.from({ length: run.dates.length - 1 }, (_, i) => x[i] as number);
  const masks: Record<string, Uint8Array> = {
    [`low vol (VIX < ${o.vixLow ?? 15})`]: thresholdMask(lag(vix), { below: o.vixLow ?? 15 }),
    [`high vol (VIX > ${o.vixHigh ?? 25})`]: thresholdMask(lag(vix), { above: o.vixHigh ?? 25 }),
    [`correlation breakdown (avg corr > ${o.correlationHigh ?? 0.7})`]: thresholdMask(lag(averageCorrelation), { above: o.correlationHigh ?? 0.7 }),
    "all test days": new Uint8Array(run.dates.length - 1).fill(1),
  };
  const rows: RegimeRow[] = [];
  for (const s of run.strategies) {
    const n = s.result.nFactors;
    const r = s.result.dailyReturns.subarray(1);
    // positions held over day d (calendar row d + 1) are the close positions of row d
    const c = concentration(s.result.positions.subarray(0, (run.dates.length - 1) * n), n);
    for (const [regime, m] of Object.entries(masks)) {
      const hhi: number[] = [];
      const mw: number[] = [];
      m.forEach((v, d) => {
        if (v === 1) {
          hhi.push(c.hhi[d] as number);
          mw.push(c.maxWeight[d] as number);
        }
      });
      rows.push({ strategy: s.name, regime, metrics: metricsOnDays(r, m), averageHhi: hhi.length ? mean(hhi) : null, averageMaxWeight: mw.length ? mean(mw) : null });
    }
  }
  return rows;
}
