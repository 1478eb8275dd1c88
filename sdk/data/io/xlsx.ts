// Excel source reader. exceljs parses every part; we only choose the order in which the zip entries reach it.
//
// exceljs's streaming WorkbookReader follows the file order, and until it has seen both the workbook relationships
// and the shared strings it spools each sheet it meets to a temp file and parses it at the end. exceljs-written
// files put the workbook part last and Excel puts the shared strings after the sheets, so in practice every sheet
// is inflated to disk and read back (in 64 KB chunks, whose bigger per-chunk event batches also cost more GC than
// the 16 KB inflate chunks). Opening the zip's central directory instead lets us hand exceljs the workbook, its
// relationships and the shared strings first, then stream only the requested sheets straight from the zip
// (issue 3; numbers in docs/benchmarks.md).
import { createRequire } from "node:module";
import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { plainCell, type RawTable } from "./table.ts";

/** One sheet a load needs; `sheet` undefined means the workbook's first sheet. */
export interface SheetRequest {
  readonly sheet: string | undefined;
  /** 1-based spreadsheet row of the header. */
  readonly headerRow: number;
}

export interface XlsxRead {
  /** Every sheet name in workbook (tab) order. */
  readonly sheetNames: readonly string[];
  /** Tables of the requested sheets (all sheets when none were requested), by sheet name. */
  readonly tables: ReadonlyMap<string, RawTable>;
}

// Styles are ignored, so date-formatted cells arrive as Excel serial numbers (parseDateCell reads them).
const READER_OPTIONS = { sharedStrings: "cache", hyperlinks: "ignore", styles: "ignore", worksheets: "emit", entries: "ignore" } as const;

/** The steps of exceljs 4.4's WorkbookReader (lib/stream/xlsx/workbook-reader.js) that we call in our own order. */
interface WorkbookReaderSteps {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<unknown>, sheetNo: string): Generator<{ readonly value: AsyncIterable<ExcelJS.Row> }>;
  readonly workbookRels?: readonly { readonly Id: string; readonly Type?: string; readonly Target: string }[];
  readonly model?: { readonly sheets?: readonly { readonly name: string; readonly rId: string }[] };
}

interface ZipEntry {
  readonly path: string;
  stream(): Readable;
}

/**
 * A part's text. exceljs decodes each Buffer chunk on its own, so a UTF-8 character split across two chunks turns
 * into U+FFFD; string chunks (decoded across chunk boundaries here) pass through its decoder unchanged.
 */
function text(part: ZipEntry): Readable {
  return part.stream().setEncoding("utf8");
}

interface Unzipper {
  readonly Open: { file(path: string): Promise<{ readonly files: readonly ZipEntry[] }> };
}

let unzipper: Unzipper | undefined;

/** exceljs's own zip reader (unzipper), resolved from exceljs so both use the same copy. */
function zipReader(): Unzipper {
  unzipper ??= createRequire(createRequire(import.meta.url).resolve("exceljs"))("unzipper") as Unzipper;
  return unzipper;
}

/** Which sheet gets which header row: named requests by name, unnamed ones on the first sheet. */
function headerRowsOf(requests: readonly SheetRequest[], firstSheet: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of requests) if (r.sheet === undefined && firstSheet !== undefined) out.set(firstSheet, r.headerRow);
  for (const r of requests) if (r.sheet !== undefined) out.set(r.sheet, r.headerRow);
  return out;
}

/** Header and data rows of one sheet; data rows keep their spreadsheet row numbers (blank rows become []). */
async function tableOf(file: string, sheet: string, headerRow: number, rows: AsyncIterable<ExcelJS.Row>): Promise<RawTable> {
  let header: string[] = [];
  const out: unknown[][] = [];
  for await (const r of rows) {
    if (r.number < headerRow) continue;
    // row.values is 1-based and sparse (index 0 unused, empty cells are holes); map keeps the holes.
    const vals = (r.values as unknown[]).slice(1).map(plainCell);
    if (r.number === headerRow) header = vals.map((v) => (v === null ? "" : String(v).trim()));
    else {
      // Blank rows are not emitted by the reader; keep row numbers exact by padding with empty rows.
      while (headerRow + 1 + out.length < r.number) out.push([]);
      out.push(vals);
    }
  }
  return { file, sheet, headerRow, header, rows: out };
}

/** Zip path of a workbook relationship target ("worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml"). */
function partPath(target: string): string {
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
}

/**
 * Reads the requested sheets through the zip's central directory. Returns undefined (and has parsed no sheet) when
 * the file or this exceljs version does not fit that path; readXlsxTables then streams the file in its own order.
 */
export async function readXlsxTablesInPartOrder(file: string, requests?: readonly SheetRequest[]): Promise<XlsxRead | undefined> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, READER_OPTIONS) as unknown as WorkbookReaderSteps;
  const steps = [reader._parseRels, reader._parseWorkbook, reader._parseSharedStrings, reader._parseWorksheet];
  if (!steps.every((f) => typeof f === "function")) return undefined;
  let files: readonly ZipEntry[];
  try {
    files = (await zipReader().Open.file(file)).files;
  } catch {
    return undefined; // not a zip we can open this way: the streaming reader reports it as before
  }
  const parts = new Map(files.map((f) => [f.path.replace(/^\//, ""), f]));
  const relsPart = parts.get("xl/_rels/workbook.xml.rels");
  const bookPart = parts.get("xl/workbook.xml");
  if (relsPart === undefined || bookPart === undefined) return undefined;
  await reader._parseRels(text(relsPart));
  await reader._parseWorkbook(text(bookPart));
  const rels = reader.workbookRels ?? [];
  const sheets = (reader.model?.sheets ?? []).flatMap((s) => {
    const rel = rels.find((r) => r.Id === s.rId);
    // Chart and dialog sheets are tabs too; like exceljs's reader, list worksheets only.
    if (rel?.Type !== undefined && !rel.Type.endsWith("/worksheet")) return [];
    return [{ name: s.name, part: rel === undefined ? undefined : parts.get(partPath(rel.Target)) }];
  });
  if (sheets.some((s) => s.part === undefined)) return undefined;
  const sheetNames = sheets.map((s) => s.name);
  const headerRows = headerRowsOf(requests ?? [], sheetNames[0]);
  const wanted = sheets.filter((s) => requests === undefined || headerRows.has(s.name));
  if (wanted.length > 0) {
    const strings = rels.find((r) => r.Type?.endsWith("/sharedStrings") === true);
    const stringsPart = parts.get(strings === undefined ? "xl/sharedStrings.xml" : partPath(strings.Target));
    // Cached by exceljs, which then gives string cells their text.
    if (stringsPart !== undefined) for await (const _ of reader._parseSharedStrings(text(stringsPart)));
  }
  const tables = new Map<string, RawTable>();
  for (const [k, s] of wanted.entries()) {
    for (const { value: rows } of reader._parseWorksheet(text(s.part as ZipEntry), String(k + 1))) {
      tables.set(s.name, await tableOf(file, s.name, headerRows.get(s.name) ?? 1, rows));
    }
  }
  return { sheetNames, tables };
}

/**
 * exceljs's WorkbookReader over the zip stream in file order (sheets spooled to temp files when the shared strings
 * or the workbook part come after them). The fallback for files the part-order path cannot open; the reference
 * the tests compare it with. Here a non-ASCII character that straddles two chunks is read as U+FFFD (exceljs).
 */
export async function readXlsxTablesStreaming(file: string, requests?: readonly SheetRequest[]): Promise<XlsxRead> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, READER_OPTIONS);
  const sheetNames: string[] = [];
  const tables = new Map<string, RawTable>();
  let headerRows = new Map<string, number>();
  for await (const ws of reader) {
    const sheet = (ws as unknown as { name: string }).name;
    sheetNames.push(sheet);
    if (sheetNames.length === 1) headerRows = headerRowsOf(requests ?? [], sheet);
    const rows = ws as unknown as AsyncIterable<ExcelJS.Row>;
    if (requests === undefined || headerRows.has(sheet)) tables.set(sheet, await tableOf(file, sheet, headerRows.get(sheet) ?? 1, rows));
    else for await (const _ of rows); // the zip stream must still pass through this sheet
  }
  return { sheetNames, tables };
}

/**
 * Reads header + rows of the requested sheets (all sheets when `requests` is undefined).
 * @example
 * const { sheetNames, tables } = await readXlsxTables("data/raw/T2_Optimizer.xlsx", [{ sheet: "factors", headerRow: 1 }]);
 */
export async function readXlsxTables(file: string, requests?: readonly SheetRequest[]): Promise<XlsxRead> {
  return (await readXlsxTablesInPartOrder(file, requests)) ?? readXlsxTablesStreaming(file, requests);
}
