// The xlsx reader: zip parts in dependency order (readXlsxTables) must read exactly what exceljs's own streaming
// WorkbookReader reads, on a synthetic workbook and on an Excel-style one (shared strings, rich text, formulas, dates).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { isoToExcelSerial, loadDataset, parseDataConfig, synthMarket, writeSynthWorkbook } from "../../../sdk/data/index.ts";
import { readXlsxTables, readXlsxTablesInPartOrder, readXlsxTablesStreaming, type SheetRequest } from "../../../sdk/data/io/xlsx.ts";

const dir = mkdtempSync(join(tmpdir(), "t2-xlsx-"));

/** An Excel-style workbook (exceljs's in-memory writer: shared strings, styles, hyperlink relationships). */
async function excelStyleWorkbook(): Promise<string> {
  const file = join(dir, "excel-style.xlsx");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Returns");
  ws.addRow(["T2 export"]);
  ws.addRow([]);
  ws.addRow(["Date", "Value", "Size", "Note"]);
  ws.addRow([new Date(Date.UTC(2021, 2, 1)), 0.015, { formula: "B4*2", result: 0.03 }, { richText: [{ text: "rich " }, { font: { bold: true }, text: "text" }] }]);
  ws.addRow([]);
  ws.addRow(["2021-03-03", { error: "#N/A" }, true, { text: "link", hyperlink: "https://example.com" }]);
  ws.addRow(["2021-03-04", "n/a", null, "shared"]);
  const macro = wb.addWorksheet("Macro");
  macro.addRow(["Date", "spx"]);
  macro.addRow(["2021-03-01", 0.01]);
  wb.addWorksheet("Notes").addRow(["shared", "x"]);
  await wb.xlsx.writeFile(file);
  return file;
}

describe("readXlsxTables", () => {
  it("reads an Excel-style workbook's requested sheets exactly as exceljs's streaming reader does", async () => {
    const file = await excelStyleWorkbook();
    const requests: SheetRequest[] = [
      { sheet: undefined, headerRow: 3 },
      { sheet: "Macro", headerRow: 1 },
    ];
    const read = await readXlsxTablesInPartOrder(file, requests); // undefined if it had to fall back
    expect(read).toStrictEqual(await readXlsxTablesStreaming(file, requests));
    expect(read?.sheetNames).toEqual(["Returns", "Macro", "Notes"]);
    expect([...(read?.tables.values() ?? [])]).toEqual([
      {
        file,
        sheet: "Returns",
        headerRow: 3,
        header: ["Date", "Value", "Size", "Note"],
        // Styles are not read: the date cell is its Excel serial. Blank row 5 is kept as [] so row numbers stay exact.
        rows: [[isoToExcelSerial("2021-03-01"), 0.015, 0.03, "rich text"], [], ["2021-03-03", "#N/A", true, "link"], ["2021-03-04", "n/a", undefined, "shared"]],
      },
      { file, sheet: "Macro", headerRow: 1, header: ["Date", "spx"], rows: [["2021-03-01", 0.01]] },
    ]);
    expect(await readXlsxTablesInPartOrder(file)).toStrictEqual(await readXlsxTablesStreaming(file));
  });

  it("reads the synthetic workbook (sheets before the workbook part) exactly as exceljs's streaming reader does", async () => {
    const file = join(dir, "synth.xlsx");
    const m = synthMarket({ factors: 4, start: "2020-01-01", end: "2020-03-31", seed: 3 });
    await writeSynthWorkbook(m, file);
    const requests: SheetRequest[] = [
      { sheet: "factors", headerRow: 1 },
      { sheet: "market", headerRow: 1 },
    ];
    const read = await readXlsxTablesInPartOrder(file, requests);
    expect(read).toStrictEqual(await readXlsxTablesStreaming(file, requests));
    expect(read?.sheetNames).toEqual(["factors", "market", "meta"]);
    expect([...(read?.tables.keys() ?? [])]).toEqual(["factors", "market"]);
    expect(read?.tables.get("factors")?.rows).toHaveLength(m.dates.length);
  });

  it("applies the header row of a source that names no sheet to the first sheet", async () => {
    const file = await excelStyleWorkbook();
    const series = { column: "spx" };
    const cfg = parseDataConfig({
      name: "first-sheet",
      factors: { sources: [{ path: file, headerRow: 3, dateColumn: "Date", columns: ["Value"] }] },
      market: { sources: [{ path: file, sheet: "Macro", dateColumn: "Date", series: { market_return: series, vix: series, rf: series, yield_10y: series, yield_2y: series } }] },
    });
    const p = await loadDataset(cfg);
    expect(p.factors).toEqual(["Value"]);
    expect(p.dates).toEqual(["2021-03-01"]);
    expect(Array.from(p.returns)).toEqual([0.015]);
  });

  it("keeps non-ASCII text intact where a UTF-8 character straddles two inflated chunks", async () => {
    const file = join(dir, "utf8.xlsx");
    const note = (k: number) => `Größe ${k} – ${"漢字€".repeat(100)}`;
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet("notes");
    ws.addRow(["date", "note"]).commit();
    for (let k = 0; k < 500; k++) ws.addRow([`2020-01-${k}`, note(k)]).commit();
    ws.commit();
    await wb.commit();
    const rows = (await readXlsxTables(file)).tables.get("notes")?.rows ?? [];
    expect(rows.map((r) => r[1])).toEqual(Array.from({ length: 500 }, (_, k) => note(k)));
    // The content does split characters: exceljs's own reader, which decodes each chunk alone, shows U+FFFD.
    const streamed = (await readXlsxTablesStreaming(file)).tables.get("notes")?.rows ?? [];
    expect(streamed.some((r) => String(r[1]).includes("\uFFFD"))).toBe(true);
  });

  it("reports a file that is not a zip as exceljs does", async () => {
    const file = join(dir, "not-a-zip.xlsx");
    writeFileSync(file, "date,A\n2020-01-02,0.01\n");
    expect(await readXlsxTablesInPartOrder(file)).toBeUndefined();
    await expect(readXlsxTables(file)).rejects.toThrow("invalid signature: 0x65746164");
    await expect(readXlsxTablesStreaming(file)).rejects.toThrow("invalid signature: 0x65746164");
  });
});
