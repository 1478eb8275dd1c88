// The registry's PRD 9.4 rollback inputs from the recorded DailySnapshots of the production version's period. Pure.
// The period starts the day after `deployedOn`: the deployment day's P&L comes from holdings set by the model before.
import { trailingSharpe } from "../../monitor/derive/index.ts";
import type { DailySnapshot } from "../../monitor/state/index.ts";
import type { MonitoringInputs } from "../../registry/index.ts";

/** Monday (YYYY-MM-DD) of the week of `date`. */
export function weekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * Rolling 30-day Sharpe per day, drawdown of the NAV from its peak, completed weeks' returns and model-attributed
 * critical errors (inference failed with no usable prediction: equal weight), all over snapshots after `deployedOn`
 * up to `today` (`snapshots` ascending; NAV base = the last snapshot on or before `deployedOn`).
 * @example rollbackInputs(snaps, "2025-01-15", "2025-02-03").drawdown
 */
export function rollbackInputs(snapshots: readonly DailySnapshot[], deployedOn: string, today: string, window = 30): Omit<MonitoringInputs, "deployedOn"> {
  const since = snapshots.filter((s) => s.asOf > deployedOn && s.asOf <= today);
  const before = snapshots.filter((s) => s.asOf <= deployedOn);
  const first = since[0];
  const base = before[before.length - 1]?.nav ?? (first ? first.nav / (1 + first.dailyReturn) : 1);
  let peak = base;
  let nav = base;
  for (const s of since) {
    nav = s.nav;
    peak = Math.max(peak, nav);
  }
  const weeks: number[] = [];
  let weekStart = base;
  const current = weekOf(today);
  since.forEach((s, i) => {
    const next = since[i + 1];
    const w = weekOf(s.asOf);
    if (w === current || (next !== undefined && weekOf(next.asOf) === w)) return;
    weeks.push(s.nav / weekStart - 1);
    weekStart = s.nav;
  });
  return {
    today,
    rollingSharpe: since.map((s) => trailingSharpe(s.returnsHistory, window) ?? NaN),
    drawdown: peak > 0 ? 1 - nav / peak : 0,
    weeklyReturns: weeks,
    criticalErrors: since.filter((s) => s.failures.inference !== null && s.prediction.source === "equal_weight").map((s) => `${s.asOf}: ${s.failures.inference}`),
  };
}
