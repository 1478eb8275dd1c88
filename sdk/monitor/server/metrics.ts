// Prometheus metrics of the latest daily snapshot (prom-client, one registry per server), refreshed at each scrape.
import { Gauge, Registry } from "prom-client";
import { countByLevel, evaluateAlertRules } from "../alerts/rules.ts";
import type { AlertThresholds } from "../alerts/thresholds.ts";
import { LEVELS } from "../alerts/types.ts";
import { snapshotView } from "../derive/view.ts";
import { MonitorError } from "../errors.ts";
import { readAlertFile } from "../sinks/file.ts";
import { OptimizerStatus } from "../state/snapshot.ts";
import type { StateReader } from "./state-reader.ts";

/** Gauge names (help text in the code below; table in docs/monitoring.md). */
export const METRIC_NAMES = [
  "t2_snapshot_available",
  "t2_snapshot_errors",
  "t2_last_run_timestamp_seconds",
  "t2_snapshot_age_seconds",
  "t2_nav",
  "t2_daily_return",
  "t2_rolling_sharpe_30d",
  "t2_drawdown",
  "t2_realized_vol_30d",
  "t2_target_vol",
  "t2_turnover",
  "t2_active_positions",
  "t2_max_position",
  "t2_var_utilization",
  "t2_missing_fraction",
  "t2_winsorized_count",
  "t2_ensemble_disagreement",
  "t2_prediction_age_days",
  "t2_optimizer_status",
  "t2_alerts",
  "t2_alerts_logged",
] as const;

export interface MetricsSource {
  reader: StateReader;
  thresholds: AlertThresholds;
  alertFile: string;
  clock: () => Date;
}

/** Builds the registry; `render()` refreshes every gauge from the state directory and returns the exposition text. */
export function createMetrics(src: MetricsSource): { registry: Registry; render: () => Promise<string> } {
  const registry = new Registry();
  const g = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
  const m = {
    available: g("t2_snapshot_available", "1 when the state directory holds a valid latest snapshot"),
    errors: g("t2_snapshot_errors", "snapshot files in the history window that fail validation"),
    lastRun: g("t2_last_run_timestamp_seconds", "createdAt of the latest snapshot (unix seconds)"),
    age: g("t2_snapshot_age_seconds", "seconds since the latest snapshot was written"),
    nav: g("t2_nav", "portfolio value at the latest close"),
    ret: g("t2_daily_return", "portfolio return on the latest day"),
    sharpe: g("t2_rolling_sharpe_30d", "annualized Sharpe of the trailing 30 daily returns"),
    dd: g("t2_drawdown", "drawdown from peak (fraction) within the returns history"),
    vol: g("t2_realized_vol_30d", "annualized realized volatility of the trailing 30 daily returns"),
    target: g("t2_target_vol", "target annualized volatility"),
    turnover: g("t2_turnover", "turnover of the latest rebalance, sum |delta w|"),
    active: g("t2_active_positions", "positions with weight above 1e-4"),
    maxPos: g("t2_max_position", "largest absolute weight"),
    varUtil: g("t2_var_utilization", "one-day VaR / its limit", ["level"]),
    missing: g("t2_missing_fraction", "fraction of factors with missing data"),
    winsor: g("t2_winsorized_count", "values clipped by the winsorizer on the latest day"),
    disagreement: g("t2_ensemble_disagreement", "ensemble disagreement (member std of mu / sigma, mean over factors)"),
    predAge: g("t2_prediction_age_days", "age of the prediction used (trading days)"),
    optimizer: g("t2_optimizer_status", "1 for the latest optimizer status, 0 for the others", ["status"]),
    alerts: g("t2_alerts", "alerts the rules raise on the latest snapshot, by level", ["level"]),
    logged: g("t2_alerts_logged", "alert records in the alert file, by level", ["level"]),
  };

  const render = async (): Promise<string> => {
    registry.resetMetrics();
    const { errors } = src.reader.history();
    m.errors.set(errors.length);
    const logged = readAlertFile(src.alertFile).records;
    const loggedCounts = countByLevel(logged);
    for (const l of LEVELS) m.logged.set({ level: l }, loggedCounts[l]);
    let snap;
    try {
      snap = src.reader.latest();
    } catch (e) {
      if (!(e instanceof MonitorError)) throw e;
      m.available.set(0);
      return registry.metrics();
    }
    const v = snapshotView(snap);
    const created = Date.parse(v.createdAt) / 1000;
    m.available.set(1);
    if (Number.isFinite(created)) {
      m.lastRun.set(created);
      m.age.set(Math.max(0, src.clock().getTime() / 1000 - created));
    }
    m.nav.set(v.nav);
    m.ret.set(v.dailyReturn);
    if (v.rollingSharpe !== null) m.sharpe.set(v.rollingSharpe);
    m.dd.set(v.drawdown);
    if (v.realizedVol !== null) m.vol.set(v.realizedVol);
    m.target.set(v.targetVol);
    m.turnover.set(v.turnover);
    m.active.set(v.activePositions);
    m.maxPos.set(v.maxPosition);
    m.varUtil.set({ level: "95" }, v.varUtilization95);
    m.varUtil.set({ level: "99" }, v.varUtilization99);
    m.missing.set(v.missingFraction);
    m.winsor.set(v.winsorizedCount);
    m.disagreement.set(v.disagreement);
    m.predAge.set(v.predictionAgeDays);
    for (const s of OptimizerStatus.options) m.optimizer.set({ status: s }, s === v.optimizerStatus ? 1 : 0);
    const counts = countByLevel(evaluateAlertRules(snap, src.thresholds));
    for (const l of LEVELS) m.alerts.set({ level: l }, counts[l]);
    return registry.metrics();
  };
  return { registry, render };
}
