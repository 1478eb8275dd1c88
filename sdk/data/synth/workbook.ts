// writeSynthWorkbook: writes a SynthMarket as a T2-shaped workbook (exceljs streaming writer) plus a sidecar meta JSON.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import ExcelJS from "exceljs";
import type { SynthMarket } from "./market.ts";

/** Sidecar path for a workbook: data/raw/T2_Optimizer.xlsx -> data/raw/T2_Optimizer.meta.json. */
export function metaPathFor(workbookPath: string): string {
  return workbookPath.replace(/\.xlsx$/i, "") + ".meta.json";
}

/**
 * Sheets: `factors` (date ISO string, then one column per factor, decimal returns, empty = missing),
 * `market` (date, market_return decimal, vix points, rf / yield_10y / yield_2y percent per annum),
 * `meta` (key, value). The same meta is written to the sidecar JSON.
 */
export async function writeSynthWorkbook(market: SynthMarket, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const N = market.factors.length;
  const fs = wb.addWorksheet("factors");
  fs.addRow(["date", ...market.factors]).commit();
  const row: (number | string | null)[] = new Array(N + 1);
  market.dates.forEach((date, t) => {
    row[0] = date;
    for (let i = 0; i < N; i++) {
      const r = market.returns[t * N + i] as number;
      row[i + 1] = Number.isNaN(r) ? null : r;
    }
    fs.addRow(row).commit();
  });
  fs.commit();
  const ms = wb.addWorksheet("market");
  ms.addRow(["date", "market_return", "vix", "rf", "yield_10y", "yield_2y"]).commit();
  const m = market.market;
  market.dates.forEach((date, t) => {
    ms.addRow([date, m.market_return[t], m.vix[t], m.rf[t], m.yield_10y[t], m.yield_2y[t]]).commit();
  });
  ms.commit();
  const meta = wb.addWorksheet("meta");
  meta.addRow(["key", "value"]).commit();
  for (const [k, v] of Object.entries(market.meta)) meta.addRow([k, typeof v === "object" ? JSON.stringify(v) : v]).commit();
  meta.commit();
  await wb.commit();
  writeFileSync(metaPathFor(path), JSON.stringify(market.meta, null, 2) + "\n");
}
