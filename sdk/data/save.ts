// Saves a cleaned panel as Parquet (PRD 12.1: Excel -> Parquet): returns, raw returns and market/macro per day.
import { join } from "node:path";
import type { CleanPanel } from "./clean.ts";
import { MARKET_ROLES } from "./config.ts";
import { matrixColumn, writeParquetColumns, type ParquetColumn } from "./io/parquet-write.ts";

const STATUS_CODE = { ok: 0, warn: 1, halt: 2 } as const;

/**
 * Writes DIR/returns.parquet (winsorized), DIR/raw_returns.parquet (date + one DOUBLE column per factor, null =
 * missing) and DIR/market.parquet (date, the five market/macro series, missing_fraction, day_status 0/1/2).
 */
export function saveCleanPanel(dir: string, p: CleanPanel): string[] {
  const T = p.dates.length;
  const N = p.factors.length;
  const date: ParquetColumn = { name: "date", kind: "string", values: p.dates };
  const files: string[] = [];
  for (const [name, m] of [["returns", p.returns], ["raw_returns", p.rawReturns]] as const) {
    const file = join(dir, `${name}.parquet`);
    writeParquetColumns(file, [date, ...p.factors.map((f, j): ParquetColumn => ({ name: f, kind: "double", values: matrixColumn(m, T, N, j) }))], { units: "decimal daily returns" });
    files.push(file);
  }
  const market = join(dir, "market.parquet");
  writeParquetColumns(market, [
    date,
    ...MARKET_ROLES.map((r): ParquetColumn => ({ name: r, kind: "double", values: p.market[r] })),
    { name: "missing_fraction", kind: "double", values: p.missingFraction },
    { name: "day_status", kind: "int32", values: Array.from(p.dayStatus, (s) => STATUS_CODE[s]) },
  ], { units: "market_return decimal daily; rf, yield_10y, yield_2y annual decimal; vix points; day_status 0 ok 1 warn 2 halt" });
  files.push(market);
  return files;
}
