// runDaily: one as-of date through ingest -> validate -> features (incremental) -> inference -> optimize -> trades
// -> pre-trade validation, each stage timed, with the PRD 10.3 fail-safes. Outputs go to `<runDir>/<asOf>/`
// (orders.csv, orders.json, result.json) and the state file, all written atomically and the state last; a day that
// fails (missing, late or malformed input, bad state) writes only its result.json and leaves the state untouched.
import { resolve } from "node:path";
import type { WorkerApi } from "../../bridge/index.ts";
import { assertIsoDate, DataValidationError, type RawPanel } from "../data/index.ts";
import type { Logger } from "../log/index.ts";
import { alert, highestLevel, type DailyAlert, type DailyStage } from "./alerts.ts";
import { bootstrapState } from "./bootstrap.ts";
import { isTradingDay, tradingDaysAfter } from "./calendar.ts";
import type { DailyConfig } from "./config.ts";
import { DailyError } from "./errors.ts";
import { loadHistory } from "./source.ts";
import type { DailyResult, RunStatus } from "./result.ts";
import { loadState, type DailyState } from "./state.ts";
import { decideDay } from "./decide.ts";
import { ingestDays } from "./ingest.ts";
import { commitDay, writeFailedResult, writeOrders } from "./outputs.ts";
import { StageClock } from "./stage-clock.ts";

export interface RunDailyOptions {
  readonly asOf: string;
  readonly config: DailyConfig;
  readonly worker: WorkerApi;
  /** Member checkpoint paths (`resolveMembers` turns directories into them). */
  readonly members: readonly string[];
  /** Milliseconds (monotonic enough for stage timings); default `performance.now`. */
  readonly clock?: () => number;
  /** Wall-clock time of the run for result.json; default `new Date()`. */
  readonly now?: () => Date;
  /** Paths in the config resolve against this (default: the current directory). */
  readonly baseDir?: string;
  /** History for the first run (default: the config's source). */
  readonly history?: () => Promise<RawPanel>;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

function asDailyError(e: unknown, asOf: string): DailyError | undefined {
  if (e instanceof DailyError) return e;
  if (e instanceof DataValidationError) {
    const i = e.issues[0];
    return new DailyError("DAY_FILE_MALFORMED", i?.message ?? `${e.message} (date ${asOf})`);
  }
  return undefined;
}

const STAGE_OF: Readonly<Record<string, DailyStage>> = { DAY_FILE_MISSING: "ingest", DAY_FILE_MALFORMED: "validate", DAY_ALREADY_RUN: "ingest", STATE_INVALID: "ingest", NO_MEMBERS: "inference" };

/**
 * Runs one trading day. Never throws for a bad day: the result says `failed` with a CRITICAL alert.
 * @example const r = await runDaily({ asOf: "2025-03-03", config, worker, members });
 */
export async function runDaily(o: RunDailyOptions): Promise<DailyResult> {
  assertIsoDate(o.asOf); // a caller's mistake, not a day that failed: thrown, nothing written
  const clock = o.clock ?? (() => performance.now());
  const startedAt = (o.now ?? (() => new Date()))().toISOString();
  const base = o.baseDir ?? process.cwd();
  const runDir = resolve(base, o.config.runDir);
  const inbox = resolve(base, o.config.inbox ?? `${o.config.runDir}/inbox`);
  const t0 = clock();
  const stages = new StageClock(clock);
  const alerts: DailyAlert[] = [];
  let history: RawPanel | undefined;
  const getHistory = async () => (history ??= await (o.history ?? (() => loadHistory(o.config, base)))());
  try {
    if (!isTradingDay(o.asOf, o.config.rules.holidays)) throw new DailyError("DAY_FILE_MALFORMED", `${o.asOf} is not a trading day`, { date: o.asOf });
    let state: DailyState | undefined = loadState(runDir);
    if (state === undefined) {
      const h = await getHistory();
      const b = await stages.run("bootstrap", () => bootstrapState(h, o.asOf, o.config), (b) => ({ detail: `${b.days} history days, ${b.state.feature.factors.length} factors${b.dropped.length ? `, dropped ${b.dropped.join(" ")}` : ""}` }));
      state = b.state;
      alerts.push(alert("INFO", "STATE_BOOTSTRAPPED", "ingest", o.asOf, `state built from ${b.days} history days before ${o.asOf}`, { days: b.days, dropped: b.dropped }));
    }
    const last = state.feature.lastDate;
    if (last !== undefined && last >= o.asOf) throw new DailyError("DAY_ALREADY_RUN", `the state is already at ${last}; ${o.asOf} was run (or is in the past)`, { date: o.asOf });
    const pending = tradingDaysAfter(last, o.asOf, o.config.rules.holidays);
    const feed = o.config.source.kind === "synthetic" && o.config.source.feed ? await getHistory() : undefined;
    const ingested = await ingestDays(stages, state, pending, inbox, feed, alerts, o.asOf);
    const plan = await decideDay({
      config: o.config,
      worker: o.worker,
      members: o.members,
      stages,
      state: ingested.state,
      row: ingested.row,
      trade: ingested.trade,
      missingFactors: ingested.missingFactors,
      alerts,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    const out = await stages.run("write", () => writeOrders(runDir, o.asOf, ingested.state.feature.factors, plan), (w) => ({ detail: `${w.files.length} order files; state encoded` }));
    const status: RunStatus = !plan.traded ? "halted" : plan.fallbacks.length > 0 ? "degraded" : "ok";
    const result: DailyResult = {
      asOf: o.asOf,
      config: o.config.name,
      status,
      level: highestLevel(alerts) ?? "OK",
      startedAt,
      totalMs: clock() - t0,
      stages: stages.records,
      alerts,
      fallbacks: plan.fallbacks,
      ingested: pending,
      data: plan.data,
      prediction: plan.prediction,
      ...(plan.portfolio ? { portfolio: plan.portfolio } : {}),
      ...(plan.pretrade ? { pretrade: plan.pretrade } : {}),
      files: out.files,
    };
    o.logger?.info({ asOf: o.asOf, status, level: result.level, totalMs: result.totalMs }, "daily run done");
    return commitDay(runDir, result, out.stateText);
  } catch (e) {
    const d = asDailyError(e, o.asOf);
    if (d === undefined) throw e;
    alerts.push(alert("CRITICAL", d.code as DailyAlert["code"], STAGE_OF[d.code] ?? "ingest", o.asOf, d.message, { ...d.where }));
    o.logger?.error({ asOf: o.asOf, code: d.code }, d.message);
    const result: DailyResult = {
      asOf: o.asOf,
      config: o.config.name,
      status: "failed",
      level: "CRITICAL",
      startedAt,
      totalMs: clock() - t0,
      stages: stages.records,
      alerts,
      fallbacks: [],
      ingested: [],
      error: { code: d.code, message: d.message },
      files: [],
    };
    // A rerun of a finished day must not overwrite that day's good result.
    return d.code === "DAY_ALREADY_RUN" ? result : writeFailedResult(runDir, result);
  }
}
