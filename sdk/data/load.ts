// loadDataset: reads the configured factor and market/macro sources, converts units and aligns them on the factor dates.
import { MARKET_ROLES, type DataConfig, type MarketRole, type MarketSeries } from "./config.ts";
import { isBlankRow, numericCell } from "./cells.ts";
import { columnLetter, parseDateCell, type DateFormat } from "./dates.ts";
import { DataValidationError, makeIssue, type DataIssue } from "./errors.ts";
import { readSources } from "./io/read-source.ts";
import type { RawTable } from "./io/table.ts";
import type { FactorOrigin, RawPanel } from "./panel.ts";

export interface LoadOptions {
  /** Directory that relative source paths resolve against (default: process.cwd(), the repo root). */
  readonly baseDir?: string;
}

interface DatedRows {
  readonly dates: string[];
  /** 1-based spreadsheet row of each date. */
  readonly rowNumbers: number[];
  readonly rows: (readonly unknown[])[];
}

const MAX_CARRY_ROWS = 5;

function loc(table: RawTable) {
  return { file: table.file, ...(table.sheet === undefined ? {} : { sheet: table.sheet }) };
}

function columnIndex(table: RawTable, name: string): number {
  const idx = table.header.indexOf(name);
  if (idx < 0) {
    throw new DataValidationError([
      makeIssue("COLUMN_NOT_FOUND", "error", `column "${name}" not found; header is [${table.header.join(", ")}]`, { ...loc(table), column: name }),
    ]);
  }
  return idx;
}

function datedRows(table: RawTable, dateCol: number, fmt: DateFormat, issues: DataIssue[]): DatedRows {
  const out: DatedRows = { dates: [], rowNumbers: [], rows: [] };
  table.rows.forEach((row, k) => {
    if (isBlankRow(row)) return;
    const rowNumber = table.headerRow + 1 + k;
    const date = parseDateCell(row[dateCol], fmt);
    if (date === undefined) {
      const cell = `${columnLetter(dateCol)}${rowNumber}`;
      issues.push(makeIssue("INVALID_DATE", "error", `cannot read "${String(row[dateCol])}" as a date`, { ...loc(table), cell, column: table.header[dateCol] ?? "" }));
      return;
    }
    out.dates.push(date);
    out.rowNumbers.push(rowNumber);
    out.rows.push(row);
  });
  return out;
}

function convert(value: number, units: "decimal" | "percent" | "points"): number {
  return units === "percent" ? value / 100 : value;
}

/** Loads the dataset described by a data config. Read problems are kept in `loadIssues`; run validatePanel next. */
export async function loadDataset(config: DataConfig, opts: LoadOptions = {}): Promise<RawPanel> {
  const baseDir = opts.baseDir ?? process.cwd();
  const naValues = new Set(config.naValues);
  const issues: DataIssue[] = [];
  const fSources = config.factors.sources;
  const tables = await readSources([...fSources, ...config.market.sources], baseDir);

  // 1. Factor sources: dates and factor columns.
  const fRows: DatedRows[] = [];
  const factorNames: string[] = [];
  const origins: FactorOrigin[] = [];
  const factorCols: { source: number; col: number; units: "decimal" | "percent" }[] = [];
  const sourceInfo: { file: string; sheet: string | undefined; dateColumn: number }[] = [];
  fSources.forEach((src, s) => {
    const table = tables[s] as RawTable;
    const dateCol = columnIndex(table, src.dateColumn);
    sourceInfo.push({ file: table.file, sheet: table.sheet, dateColumn: dateCol });
    fRows.push(datedRows(table, dateCol, src.dateFormat, issues));
    const names = src.columns ?? table.header.filter((h, j) => j !== dateCol && h !== "" && !src.exclude.includes(h));
    for (const name of names) {
      const col = columnIndex(table, name);
      factorNames.push(name);
      origins.push({ file: table.file, sheet: table.sheet, columnIndex: col, source: s });
      factorCols.push({ source: s, col, units: src.units });
    }
  });

  // 2. Join factor sources on dates: inner keeps the first file's order; outer takes the sorted union.
  const lookups = fRows.map((r) => {
    const m = new Map<string, number>();
    r.dates.forEach((d, k) => {
      if (!m.has(d)) m.set(d, k);
    });
    return m;
  });
  let dates: string[];
  if (fRows.length === 1) dates = [...(fRows[0] as DatedRows).dates];
  else if (config.factors.join === "inner") dates = (fRows[0] as DatedRows).dates.filter((d) => lookups.every((m) => m.has(d)));
  else dates = [...new Set(fRows.flatMap((r) => r.dates))].sort();
  const { start, end } = config.range ?? {};
  dates = dates.filter((d) => (start === undefined || d >= start) && (end === undefined || d <= end));
  // Row index per source per date (the first-source order keeps duplicates so validation can see them).
  const rowIdx = fRows.map((r, s) => (s === 0 && fRows.length === 1 ? null : lookups[s] as Map<string, number>));
  const firstIdx: number[] = [];
  if (fRows.length === 1) {
    const r0 = fRows[0] as DatedRows;
    r0.dates.forEach((d, k) => {
      if ((start === undefined || d >= start) && (end === undefined || d <= end)) firstIdx.push(k);
    });
  }
  const rowKey = (s: number, t: number): number | undefined => (rowIdx[s] === null ? firstIdx[t] : rowIdx[s]?.get(dates[t] as string));

  // 3. Market/macro series, as date -> value per role.
  const roleValues = new Map<MarketRole, { spec: MarketSeries; values: Map<string, number>; file: string }>();
  config.market.sources.forEach((src, k) => {
    const table = tables[fSources.length + k] as RawTable;
    const dr = datedRows(table, columnIndex(table, src.dateColumn), src.dateFormat, issues);
    for (const role of MARKET_ROLES) {
      const spec = src.series[role];
      if (spec === undefined) continue;
      const col = columnIndex(table, spec.column);
      const values = new Map<string, number>();
      dr.rows.forEach((row, j) => {
        const c = numericCell(row[col], naValues);
        const date = dr.dates[j] as string;
        if (c.kind === "bad") {
          issues.push(makeIssue("NON_NUMERIC_CELL", "error", `non-numeric value "${c.text}" in ${role}`, { ...loc(table), cell: `${columnLetter(col)}${dr.rowNumbers[j]}`, column: spec.column, date }));
        } else if (c.kind === "number") {
          let v = convert(c.value, spec.units);
          if (role === "rf" && spec.period === "daily") v *= 252; // rf is kept as an annual decimal rate
          values.set(date, v);
        }
      });
      roleValues.set(role, { spec, values, file: table.file });
    }
  });

  // 4. Align market series on the factor dates; decide which dates drop.
  const T0 = dates.length;
  const keepRow = new Uint8Array(T0).fill(1);
  const aligned = new Map<MarketRole, Float64Array>();
  for (const [role, { spec, values, file }] of roleValues) {
    const arr = new Float64Array(T0).fill(NaN);
    let last = NaN;
    let carried = 0;
    let filled = 0;
    const dropped: string[] = [];
    for (let t = 0; t < T0; t++) {
      const v = values.get(dates[t] as string);
      if (v !== undefined) {
        arr[t] = v;
        last = v;
        carried = 0;
      } else if (spec.missing === "last-value" && !Number.isNaN(last) && carried < MAX_CARRY_ROWS) {
        arr[t] = last;
        carried++;
        filled++;
      } else {
        keepRow[t] = 0;
        dropped.push(dates[t] as string);
      }
    }
    if (filled > 0) issues.push(makeIssue("MARKET_GAP_FILLED", "info", `${role}: ${filled} missing level(s) carried forward from the previous date`, { file, column: spec.column }));
    if (dropped.length > 0) {
      issues.push(makeIssue("MARKET_DATE_DROPPED", "warning", `${role}: ${dropped.length} factor date(s) without a value dropped (first ${dropped.slice(0, 3).join(", ")})`, { file, column: spec.column, date: dropped[0] as string }));
    }
    aligned.set(role, arr);
  }

  // 5. Final rows: factor values with units converted; non-numeric cells reported and read as missing.
  const keep: number[] = [];
  for (let t = 0; t < T0; t++) if (keepRow[t] === 1) keep.push(t);
  const T = keep.length;
  const N = factorNames.length;
  const returns = new Float64Array(T * N).fill(NaN);
  const rowOf = fSources.map(() => new Int32Array(T));
  const sourceRow: (readonly unknown[] | undefined)[] = fSources.map(() => undefined);
  keep.forEach((t0, t) => {
    fSources.forEach((_, s) => {
      const k = rowKey(s, t0);
      (rowOf[s] as Int32Array)[t] = k === undefined ? 0 : ((fRows[s] as DatedRows).rowNumbers[k] as number);
      sourceRow[s] = k === undefined ? undefined : (fRows[s] as DatedRows).rows[k];
    });
    for (let i = 0; i < N; i++) {
      const fc = factorCols[i] as { source: number; col: number; units: "decimal" | "percent" };
      const row = sourceRow[fc.source];
      if (row === undefined) continue;
      const v = row[fc.col];
      // Fast path for the common case (what numericCell returns for a finite number), without a result object per cell.
      if (typeof v === "number" && Number.isFinite(v)) {
        returns[t * N + i] = convert(v, fc.units);
        continue;
      }
      const c = numericCell(v, naValues);
      if (c.kind === "number") returns[t * N + i] = convert(c.value, fc.units);
      else if (c.kind === "bad") {
        const o = origins[i] as FactorOrigin;
        issues.push(makeIssue("NON_NUMERIC_CELL", "error", `non-numeric value "${c.text}"`, {
          file: o.file,
          ...(o.sheet === undefined ? {} : { sheet: o.sheet }),
          cell: `${columnLetter(fc.col)}${(rowOf[fc.source] as Int32Array)[t]}`,
          column: factorNames[i] as string,
          date: dates[t0] as string,
        }));
      }
    }
  });
  const market = Object.fromEntries(MARKET_ROLES.map((role) => [role, Float64Array.from(keep, (t0) => (aligned.get(role) as Float64Array)[t0] as number)])) as Record<MarketRole, Float64Array>;
  return { name: config.name, dates: keep.map((t0) => dates[t0] as string), factors: factorNames, returns, market, origin: { factors: origins, rowOf, sources: sourceInfo }, loadIssues: [...new Map(issues.map((x) => [x.message, x])).values()] };
}
