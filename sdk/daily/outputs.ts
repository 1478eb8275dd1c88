// Writers of a day's outputs: `<runDir>/<asOf>/orders.csv`, `orders.json`, `result.json`, then the state file last
// (the commit point: a crash before it leaves the day re-runnable with the same outputs). All atomic.
import { join } from "node:path";
import { writeAtomic, writeJsonAtomic } from "../io/index.ts";
import type { DayPlan } from "./decide.ts";
import { renderOrdersCsv } from "./orders.ts";
import type { DailyResult } from "./result.ts";
import { encodeState, stateFile } from "./state.ts";

export const dayDir = (runDir: string, asOf: string): string => join(runDir, asOf);

/** Writes the order list (CSV + JSON); returns the state text to commit and the files written. */
export function writeOrders(runDir: string, asOf: string, factors: readonly string[], plan: DayPlan): { readonly files: string[]; readonly stateText: string } {
  const dir = dayDir(runDir, asOf);
  const csv = join(dir, "orders.csv");
  const json = join(dir, "orders.json");
  writeAtomic(csv, renderOrdersCsv(plan.orders));
  writeJsonAtomic(json, {
    asOf,
    traded: plan.traded,
    status: plan.portfolio?.status ?? "halted",
    turnover: plan.turnover,
    fallbacks: plan.fallbacks,
    factors,
    currentWeights: Array.from(plan.current),
    targetWeights: Array.from(plan.traded ? plan.target : plan.current),
    orders: plan.orders,
  });
  return { files: [csv, json], stateText: `${JSON.stringify(encodeState(plan.next))}\n` };
}

/** Writes result.json, then commits the state. */
export function commitDay(runDir: string, result: DailyResult, stateText: string): DailyResult {
  const resultFile = join(dayDir(runDir, result.asOf), "result.json");
  const full: DailyResult = { ...result, files: [...result.files, resultFile, stateFile(runDir)] };
  writeJsonAtomic(resultFile, full);
  writeAtomic(stateFile(runDir), stateText);
  return full;
}

/** A failed day: result.json only (the state is not touched). */
export function writeFailedResult(runDir: string, result: DailyResult): DailyResult {
  const resultFile = join(dayDir(runDir, result.asOf), "result.json");
  const full: DailyResult = { ...result, files: [resultFile] };
  writeJsonAtomic(resultFile, full);
  return full;
}
