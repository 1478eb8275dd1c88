// Default layout detection: a path alone (no config) is read as the documented T2 workbook layout.
import { basename, extname } from "node:path";
import { parseDataConfig, type DataConfig } from "./config.ts";

/**
 * Config for the documented layout (docs/data.md): an .xlsx with sheet `factors` (column `date`, then one column
 * per factor, decimal returns) and sheet `market` (date, market_return decimal, vix points, rf annual percent,
 * yield_10y and yield_2y annual percent). A missing sheet or column is reported by loadDataset with the names
 * the file does have.
 */
export function autoDetectConfig(file: string): DataConfig {
  const ext = extname(file).toLowerCase();
  if (ext !== ".xlsx" && ext !== ".xlsm") {
    throw new Error(`no data config given and ${file} is not a workbook: CSV and Parquet inputs need a data config (see configs/data/)`);
  }
  return parseDataConfig({
    name: basename(file, ext),
    factors: { sources: [{ path: file, sheet: "factors", dateColumn: "date", units: "decimal" }] },
    market: {
      sources: [
        {
          path: file,
          sheet: "market",
          dateColumn: "date",
          series: {
            market_return: { column: "market_return", units: "decimal" },
            vix: { column: "vix", units: "points" },
            rf: { column: "rf", units: "percent", period: "annual" },
            yield_10y: { column: "yield_10y", units: "percent" },
            yield_2y: { column: "yield_2y", units: "percent" },
          },
        },
      ],
    },
  });
}
