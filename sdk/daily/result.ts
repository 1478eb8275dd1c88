// The per-day result (`<runDir>/<asOf>/result.json`): stages with timings and statuses, alerts, fallbacks used,
// the portfolio decision; and the stage table the CLI prints.
import type { AlertLevel, DailyAlert, DailyStage } from "./alerts.ts";
import type { PreTradeCheck } from "./pretrade.ts";

export type StageStatus = "ok" | "fallback" | "skipped" | "failed";

export interface StageRecord {
  readonly stage: DailyStage | "bootstrap";
  readonly status: StageStatus;
  readonly ms: number;
  readonly detail: string;
}

/** ok: traded on the model's forecast; degraded: traded through a fail-safe; halted: no orders, holdings kept; failed: nothing changed. */
export type RunStatus = "ok" | "degraded" | "halted" | "failed";

export interface DailyResult {
  readonly asOf: string;
  readonly config: string;
  readonly status: RunStatus;
  readonly level: AlertLevel | "OK";
  readonly startedAt: string;
  readonly totalMs: number;
  readonly stages: readonly StageRecord[];
  readonly alerts: readonly DailyAlert[];
  /** Fail-safes used, e.g. `inference:last_valid`, `solver:min_variance`, `data:halt`. */
  readonly fallbacks: readonly string[];
  /** Trading days ingested by this run (more than one when late days were caught up). */
  readonly ingested: readonly string[];
  readonly data?: { readonly dayStatus: string; readonly missingFraction: number; readonly missingFactors: readonly string[] };
  readonly prediction?: { readonly source: "model" | "last_valid" | "none"; readonly date?: string; readonly disagreement?: number };
  readonly portfolio?: { readonly status: string; readonly volDaily?: number; readonly volAnnual?: number; readonly volFloorAnnual: number; readonly turnover: number; readonly orders: number };
  readonly pretrade?: readonly PreTradeCheck[];
  readonly error?: { readonly code: string; readonly message: string };
  readonly files: readonly string[];
}

/** Fixed-width table of the stages, then the alerts (what `t2 daily` prints). */
export function renderStageTable(r: DailyResult): string {
  const lines = [`t2 daily ${r.asOf} (${r.config}): ${r.status.toUpperCase()}${r.level === "OK" ? "" : ` [${r.level}]`}`, "", `${"stage".padEnd(10)} ${"status".padEnd(9)} ${"time".padStart(9)}  detail`];
  for (const s of r.stages) lines.push(`${s.stage.padEnd(10)} ${s.status.padEnd(9)} ${`${s.ms.toFixed(0)} ms`.padStart(9)}  ${s.detail}`);
  lines.push(`${"total".padEnd(10)} ${"".padEnd(9)} ${`${r.totalMs.toFixed(0)} ms`.padStart(9)}`);
  if (r.alerts.length > 0) {
    lines.push("", "alerts:");
    for (const a of r.alerts) lines.push(`  ${a.level.padEnd(8)} ${a.code.padEnd(30)} ${a.message}`);
  }
  if (r.files.length > 0) lines.push("", ...r.files.map((f) => `wrote ${f}`));
  return lines.join("\n");
}
