// CSV source reader (csv-parse): header row plus string cells.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { RawTable } from "./table.ts";

export function readCsvTable(file: string, headerRow: number): RawTable {
  const records = parse(readFileSync(file, "utf8"), { bom: true, skip_empty_lines: true, trim: true }) as string[][];
  const header = records[headerRow - 1];
  if (header === undefined) return { file, sheet: undefined, headerRow, header: [], rows: [] };
  return { file, sheet: undefined, headerRow, header, rows: records.slice(headerRow) };
}
