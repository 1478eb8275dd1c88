// Stages ingest -> validate -> features for every pending trading day (the as-of day, plus earlier days whose
// files came late). Everything happens on copies: the caller's state is only replaced when the whole day succeeds.
import type { RawPanel } from "../data/index.ts";
import { appendDay, type DayRow } from "../features/index.ts";
import { alert, type DailyAlert } from "./alerts.ts";
import { readDayFile, type ParsedDay } from "./day-file.ts";
import { DailyError } from "./errors.ts";
import { dataQualityDecision } from "./failsafe.ts";
import type { StageClock } from "./stage-clock.ts";
import { feedDay } from "./source.ts";
import type { DailyState } from "./state.ts";
import { pushRow } from "./window.ts";

export interface Ingested {
  readonly state: DailyState;
  /** The as-of day's row. */
  readonly row: DayRow;
  readonly missingFactors: readonly string[];
  /** False on a halt day (> 50% of factors missing). */
  readonly trade: boolean;
}

/** Range and calendar checks of one parsed day, naming the file (the same rules appendDay enforces). */
function checkParsed(p: ParsedDay, state: DailyState): void {
  const rules = state.feature.rules;
  const r = p.day.returns;
  for (let i = 0; i < r.length; i++) {
    const v = r[i] as number;
    if (Math.abs(v) > rules.maxAbsReturn) {
      const factor = state.feature.factors[i] as string;
      throw new DailyError("DAY_FILE_MALFORMED", `return ${v} is beyond ±${rules.maxAbsReturn} (returns must be decimals)`, { file: p.file, date: p.day.date, factor });
    }
  }
}

export async function ingestDays(
  stages: StageClock,
  state: DailyState,
  pending: readonly string[],
  inbox: string,
  feed: RawPanel | undefined,
  alerts: DailyAlert[],
  asOf: string,
): Promise<Ingested> {
  const factors = state.feature.factors;
  const parsed = await stages.run(
    "ingest",
    () =>
      pending.map((d) => {
        if (feed) feedDay(feed, d, inbox);
        return readDayFile(inbox, d, factors);
      }),
    (ps) => ({ detail: `${ps.length} day file(s) from ${inbox}` }),
  );
  if (pending.length > 1) {
    alerts.push(alert("WARNING", "CATCH_UP", "ingest", asOf, `caught up ${pending.length - 1} earlier trading day(s) whose files came late: ${pending.slice(0, -1).join(", ")}`, { days: pending.slice(0, -1) }));
  }
  const asOfParsed = parsed[parsed.length - 1] as ParsedDay;
  const missingFactors = factors.filter((_, i) => Number.isNaN(asOfParsed.day.returns[i] as number));
  await stages.run(
    "validate",
    () => parsed.forEach((p) => checkParsed(p, state)),
    () => ({ detail: `${pending.length} day(s) in range; ${missingFactors.length}/${factors.length} factors missing on ${asOf}` }),
  );
  let feature = state.feature;
  let window = state.window;
  let row: DayRow | undefined;
  await stages.run(
    "features",
    () => {
      for (const p of parsed) {
        const r = appendDay(feature, p.day);
        feature = r.state;
        window = pushRow(window, r.row, p.day.market);
        row = r.row;
      }
    },
    () => ({ detail: `appended ${parsed.length} day(s) incrementally (state at day ${feature.days})` }),
  );
  const last = row as DayRow;
  const dq = dataQualityDecision(asOf, last.status, last.missingFraction, missingFactors);
  alerts.push(...dq.alerts);
  return { state: { ...state, feature, window }, row: last, missingFactors, trade: dq.trade };
}
