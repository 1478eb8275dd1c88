// The day's input file: `<inbox>/<YYYY-MM-DD>.csv`, a header row and one data row:
//   date,market_return,vix,rf,yield_10y,yield_2y,<factor>,<factor>,...
// Units as in RawPanel (docs/data.md 1): decimal returns, VIX points, rf and yields annual decimals.
// An empty cell or NA-like text is a missing factor value. Reading is strict: any other problem is DAY_FILE_MALFORMED.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MARKET_ROLES } from "../data/index.ts";
import type { DayInput, MarketDay } from "../features/index.ts";
import { writeAtomic } from "../io/index.ts";
import { DailyError } from "./errors.ts";

const NA = new Set(["", "NA", "N/A", "#N/A", "NaN", "nan", "null"]);

export function dayFilePath(inbox: string, date: string): string {
  return join(inbox, `${date}.csv`);
}

/** What the file gave, in the state's factor order, plus the file's factor columns the state does not know. */
export interface ParsedDay {
  readonly day: DayInput;
  readonly file: string;
  readonly unknownColumns: readonly string[];
  /** State factors with no column in the file (their value counts as missing). */
  readonly absentFactors: readonly string[];
}

function cells(line: string): string[] {
  return line.split(",").map((c) => c.trim());
}

/** Reads and parses the day file of `date` for the given factor order; throws DailyError naming the problem. */
export function readDayFile(inbox: string, date: string, factors: readonly string[]): ParsedDay {
  const file = dayFilePath(inbox, date);
  if (!existsSync(file)) throw new DailyError("DAY_FILE_MISSING", `the day's file is missing or late`, { file, date });
  const text = readFileSync(file, "utf8");
  return parseDayText(text, file, date, factors);
}

export function parseDayText(text: string, file: string, date: string, factors: readonly string[]): ParsedDay {
  const bad = (msg: string, extra: { column?: string; factor?: string } = {}) => new DailyError("DAY_FILE_MALFORMED", msg, { file, date, ...extra });
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length !== 2) throw bad(`expected a header and one data row, found ${lines.length} non-empty line(s)`);
  const header = cells(lines[0] as string);
  const row = cells(lines[1] as string);
  if (row.length !== header.length) throw bad(`the data row has ${row.length} cells, the header ${header.length}`);
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw bad(`column "${h}" appears twice`, { column: h });
    seen.add(h);
  }
  const col = new Map(header.map((h, i) => [h, i] as const));
  const di = col.get("date");
  if (di === undefined) throw bad(`no "date" column`, { column: "date" });
  if (row[di] !== date) throw bad(`the file is dated ${row[di]}, not ${date}`, { column: "date" });
  const num = (name: string, allowMissing: boolean, factor?: string): number => {
    const i = col.get(name);
    if (i === undefined) return NaN;
    const s = row[i] as string;
    if (NA.has(s)) {
      if (allowMissing) return NaN;
      throw bad(`missing value in column ${name}`, { column: name });
    }
    const v = Number(s);
    if (!Number.isFinite(v)) throw bad(`non-numeric value "${s}" in column ${name}`, factor === undefined ? { column: name } : { column: name, factor });
    return v;
  };
  const market = {} as Record<keyof MarketDay, number>;
  for (const m of MARKET_ROLES) {
    if (!col.has(m)) throw bad(`no "${m}" column`, { column: m });
    market[m] = num(m, false);
  }
  const returns = factors.map((f) => num(f, true, f));
  const known = new Set<string>([...factors, ...MARKET_ROLES, "date"]);
  return {
    day: { date, returns: Float64Array.from(returns), market },
    file,
    unknownColumns: header.filter((h) => !known.has(h)),
    absentFactors: factors.filter((f) => !col.has(f)),
  };
}

/** Renders a day file (NaN -> empty cell). */
export function renderDayFile(date: string, factors: readonly string[], returns: ArrayLike<number>, market: MarketDay): string {
  const fmt = (v: number) => (Number.isNaN(v) ? "" : String(v));
  const head = ["date", ...MARKET_ROLES, ...factors].join(",");
  const vals = [date, ...MARKET_ROLES.map((m) => fmt(market[m])), ...Array.from({ length: factors.length }, (_, i) => fmt(returns[i] as number))].join(",");
  return `${head}\n${vals}\n`;
}

/** Writes a day file atomically (the drop a vendor or the synthetic feed makes). */
export function writeDayFile(inbox: string, date: string, factors: readonly string[], returns: ArrayLike<number>, market: MarketDay): string {
  const file = dayFilePath(inbox, date);
  writeAtomic(file, renderDayFile(date, factors, returns, market));
  return file;
}
