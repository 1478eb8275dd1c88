// Excel source reader: exceljs streaming WorkbookReader, reads the requested sheets in one pass over the file.
import ExcelJS from "exceljs";
import { plainCell, type RawTable } from "./table.ts";

export interface XlsxRead {
  /** Every sheet name in workbook order. */
  readonly sheetNames: readonly string[];
  /** Tables of the requested sheets (all sheets when none were requested), by sheet name. */
  readonly tables: ReadonlyMap<string, RawTable>;
}

/**
 * Streams a workbook and returns header + rows for each wanted sheet.
 * `headerRows` maps sheet name to its 1-based header row (default 1).
 */
export async function readXlsxTables(
  file: string,
  wanted?: readonly string[],
  headerRows: ReadonlyMap<string, number> = new Map(),
): Promise<XlsxRead> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    worksheets: "emit",
    entries: "emit",
  });
  const sheetNames: string[] = [];
  const tables = new Map<string, RawTable>();
  for await (const ws of reader) {
    const sheet = (ws as unknown as { name: string }).name;
    sheetNames.push(sheet);
    const keep = wanted === undefined || wanted.includes(sheet);
    const headerRow = headerRows.get(sheet) ?? 1;
    let header: string[] = [];
    const rows: unknown[][] = [];
    for await (const row of ws) {
      if (!keep) continue;
      const r = row as ExcelJS.Row;
      // row.values is 1-based and sparse: index 0 is unused.
      const vals = (r.values as unknown[]).slice(1).map(plainCell);
      if (r.number === headerRow) header = vals.map((v) => (v === null ? "" : String(v).trim()));
      else if (r.number > headerRow) {
        // Blank rows are not emitted by the reader; keep row numbers exact by padding with empty rows.
        while (headerRow + 1 + rows.length < r.number) rows.push([]);
        rows.push(vals);
      }
    }
    if (keep) tables.set(sheet, { file, sheet, headerRow, header, rows });
  }
  return { sheetNames, tables };
}
