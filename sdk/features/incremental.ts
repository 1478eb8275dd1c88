// Incremental driver: FeatureState + appendDay, the daily pipeline's path. Same winsorizer and FeatureEngine as batch.
import {
  DataValidationError,
  RollingWinsorizer,
  dayStatusOf,
  isWeekend,
  makeIssue,
  type CleaningOptions,
  type DayStatus,
  type ValidationRules,
} from "../data/index.ts";
import { FeatureEngine, type MarketDay } from "./engine.ts";
import { featureOptions, type FeatureOptions, type FeatureOptionsInput } from "./options.ts";

/** Immutable snapshot of everything the next day's features depend on. */
export interface FeatureState {
  readonly factors: readonly string[];
  readonly rules: ValidationRules;
  readonly cleaning: CleaningOptions;
  readonly options: FeatureOptions;
  readonly lastDate: string | undefined;
  readonly days: number;
  readonly winsorizer: RollingWinsorizer;
  readonly engine: FeatureEngine;
}

/** One new day: raw returns in the state's factor order (NaN = missing) and the market/macro inputs. */
export interface DayInput {
  readonly date: string;
  readonly returns: ArrayLike<number>;
  readonly market: MarketDay;
}

export interface DayRow {
  readonly date: string;
  readonly features: Float32Array;
  readonly features64: Float64Array;
  readonly returns: Float64Array;
  readonly rawReturns: Float64Array;
  readonly mask: Uint8Array;
  readonly missingFraction: number;
  readonly status: DayStatus;
}

export function initFeatureState(
  factors: readonly string[],
  rules: ValidationRules,
  cleaning: CleaningOptions,
  options: FeatureOptionsInput = {},
): FeatureState {
  const opts = featureOptions(options);
  return {
    factors,
    rules,
    cleaning,
    options: opts,
    lastDate: undefined,
    days: 0,
    winsorizer: new RollingWinsorizer(factors.length, cleaning),
    engine: new FeatureEngine(factors.length, opts),
  };
}

function checkDay(state: FeatureState, day: DayInput): void {
  const issues = [];
  if (day.returns.length !== state.factors.length) {
    throw new RangeError(`appendDay: ${day.returns.length} returns for ${state.factors.length} factors on ${day.date}`);
  }
  if (state.lastDate !== undefined && day.date <= state.lastDate) {
    issues.push(makeIssue(day.date === state.lastDate ? "DUPLICATE_DATE" : "UNSORTED_DATES", "error", `day ${day.date} does not come after ${state.lastDate}`, { date: day.date }));
  }
  if (isWeekend(day.date) || state.rules.holidays.includes(day.date)) {
    issues.push(makeIssue("NON_TRADING_DAY", "error", `${day.date} is not a trading day`, { date: day.date }));
  }
  for (let i = 0; i < day.returns.length; i++) {
    const r = day.returns[i] as number;
    if (Math.abs(r) > state.rules.maxAbsReturn) {
      const factor = state.factors[i] as string;
      issues.push(makeIssue("RETURN_OUT_OF_RANGE", "error", `return ${r} of factor ${factor} on ${day.date} is beyond ±${state.rules.maxAbsReturn}`, { factor, date: day.date }));
    }
  }
  if (issues.length > 0) throw new DataValidationError(issues);
}

/** Appends one day; returns the new state and that day's row, equal to the batch row for the same history. */
export function appendDay(state: FeatureState, day: DayInput): { state: FeatureState; row: DayRow } {
  checkDay(state, day);
  const N = state.factors.length;
  const winsorizer = state.winsorizer.clone();
  const engine = state.engine.clone();
  const rawReturns = Float64Array.from(day.returns);
  const returns = new Float64Array(N);
  winsorizer.push(rawReturns, returns, new Int8Array(N));
  const features64 = new Float64Array(engine.nFeatures);
  engine.push(returns, day.market, features64);
  const mask = Uint8Array.from(rawReturns, (r) => (Number.isNaN(r) ? 0 : 1));
  let missing = 0;
  for (let i = 0; i < N; i++) if (mask[i] === 0) missing++;
  const missingFraction = N === 0 ? 1 : missing / N;
  const status = dayStatusOf(missingFraction, state.rules.warnMissingFraction, state.rules.haltMissingFraction);
  return {
    state: { ...state, lastDate: day.date, days: state.days + 1, winsorizer, engine },
    row: { date: day.date, features: Float32Array.from(features64), features64, returns, rawReturns, mask, missingFraction, status },
  };
}
