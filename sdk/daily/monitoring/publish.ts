// publishDay: what follows each daily run. Writes the day's DailySnapshot into the monitor state directory, evaluates
// the monitor's alert rules on it, runs the registry's PRD 9.4 rollback check (when the run uses a registry), and
// delivers every alert of the day through one AlertDispatcher (log + append-only alert file + optional webhook),
// flushed before it returns. Never throws for a delivery or rollback-check failure: those become alerts / log lines.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Logger } from "pino";
import { silentLogger } from "../../log/index.ts";
import { DEFAULT_THRESHOLDS, evaluateAlertRules, type Alert } from "../../monitor/alerts/index.ts";
import { AlertDispatcher, fileSink, logSink, webhookSink, type AlertSink, type FlushResult } from "../../monitor/sinks/index.ts";
import { listSnapshotDates, readDailySnapshot, writeDailySnapshot, type DailySnapshot } from "../../monitor/state/index.ts";
import { dailyRollbackCheck, productionInfo, type Clock, type DailyCheck } from "../../registry/index.ts";
import type { DailyConfig } from "../config.ts";
import { DailyError } from "../errors.ts";
import { dayDir } from "../outputs.ts";
import type { DailyResult } from "../result.ts";
import { loadState, type DailyState } from "../state.ts";
import { mergeAlerts, rollbackAlert, ROLLBACK_CODES } from "./alerts.ts";
import { rollbackInputs } from "./rollback-inputs.ts";
import { toDailySnapshot } from "./snapshot.ts";

export interface PublishOptions {
  readonly config: DailyConfig;
  /** Members the run used. */
  readonly members: number;
  /** Paths in the config resolve against this (default: the current directory). */
  readonly baseDir?: string;
  /** Wall clock: snapshot createdAt, alert-file stamps, registry history. Default `new Date()`. */
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Extra sinks (tests); the config's log/file/webhook sinks are always built. */
  readonly sinks?: readonly AlertSink[];
}

export interface Published {
  readonly snapshotFile?: string;
  readonly snapshot?: DailySnapshot;
  /** Every alert delivered, CRITICAL first. */
  readonly alerts: readonly Alert[];
  readonly rollback?: DailyCheck;
  readonly flush: FlushResult;
}

/** Resolved monitor paths of a daily config. */
export function monitorPaths(config: DailyConfig, baseDir = process.cwd()): { stateDir: string; alertFile: string; registry?: string } {
  const stateDir = resolve(baseDir, config.monitor.stateDir ?? config.runDir);
  const alertFile = resolve(baseDir, config.monitor.alertFile ?? join(stateDir, "alerts.jsonl"));
  return { stateDir, alertFile, ...(config.registry ? { registry: resolve(baseDir, config.registry) } : {}) };
}

function readOrders(runDir: string, asOf: string): { currentWeights: number[]; targetWeights: number[] } | undefined {
  const f = join(dayDir(runDir, asOf), "orders.json");
  if (!existsSync(f)) return undefined;
  const j = JSON.parse(readFileSync(f, "utf8")) as { currentWeights: number[]; targetWeights: number[] };
  return { currentWeights: j.currentWeights, targetWeights: j.targetWeights };
}

function readAll(dir: string): DailySnapshot[] {
  return listSnapshotDates(dir).map((d) => readDailySnapshot(dir, d));
}

/**
 * Publishes one finished `runDaily` result (see the file header).
 * @example const r = await runDaily({...}); const p = await publishDay(r, { config, members: members.length });
 */
export async function publishDay(result: DailyResult, o: PublishOptions): Promise<Published> {
  const base = o.baseDir ?? process.cwd();
  const clock = o.clock ?? (() => new Date());
  const log = o.logger ?? silentLogger;
  const c = o.config;
  const paths = monitorPaths(c, base);
  const runDir = resolve(base, c.runDir);
  const sinks: AlertSink[] = [logSink(log), fileSink(paths.alertFile, clock), ...(c.monitor.webhook ? [webhookSink(c.monitor.webhook)] : []), ...(o.sinks ?? [])];
  const dispatcher = new AlertDispatcher({ sinks, logger: log });
  const extra: Alert[] = [];

  let state: DailyState | undefined;
  try {
    state = loadState(runDir);
  } catch (e) {
    if (!(e instanceof DailyError)) throw e;
    state = undefined; // STATE_INVALID is the day's own CRITICAL alert already
  }
  const orders = result.status === "failed" ? undefined : readOrders(runDir, result.asOf);
  const snapshot = toDailySnapshot(result, state, {
    createdAt: clock().toISOString(),
    members: o.members,
    targetVol: c.portfolio.volFloor,
    varLimit95: c.monitor.varLimit95,
    varLimit99: c.monitor.varLimit99,
    holidays: c.rules.holidays,
    ...(orders ? { orders } : {}),
  });
  const snapshotFile = snapshot ? writeDailySnapshot(paths.stateDir, snapshot) : undefined;
  const rules = snapshot ? evaluateAlertRules(snapshot, c.monitor.thresholds ?? DEFAULT_THRESHOLDS) : [];

  let rollback: DailyCheck | undefined;
  if (paths.registry !== undefined && snapshot !== undefined) {
    try {
      const prod = await productionInfo(paths.registry);
      if (prod.deployedOn !== undefined) {
        const inputs = rollbackInputs(readAll(paths.stateDir), prod.deployedOn, result.asOf, (c.monitor.thresholds ?? DEFAULT_THRESHOLDS).sharpeWindow);
        rollback = await dailyRollbackCheck(paths.registry, inputs, { clock });
        const a = rollbackAlert(rollback, result.asOf);
        if (a) extra.push(a);
      }
    } catch (e) {
      extra.push({ level: "WARNING", code: ROLLBACK_CODES.FAILED, date: result.asOf, message: `rollback check failed: ${(e as Error).message}`, details: { registry: paths.registry } });
    }
  }

  const alerts = mergeAlerts(result.alerts, rules, extra);
  dispatcher.dispatch(alerts);
  const flush = await dispatcher.flush(c.monitor.flushMs);
  if (!flush.complete) log.warn({ abandoned: flush.abandoned }, "alert flush timed out");
  return { ...(snapshotFile ? { snapshotFile } : {}), ...(snapshot ? { snapshot } : {}), alerts, ...(rollback ? { rollback } : {}), flush };
}
