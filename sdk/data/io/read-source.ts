// Reads the table behind one configured source (xlsx / csv / parquet), reading each workbook only once per load.
import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import { DataValidationError, makeIssue } from "../errors.ts";
import { readCsvTable } from "./csv.ts";
import { readParquetTable } from "./parquet-read.ts";
import type { RawTable } from "./table.ts";
import { readXlsxTables, type XlsxRead } from "./xlsx.ts";

export interface SourceRef {
  readonly path: string;
  readonly format: "auto" | "xlsx" | "csv" | "parquet";
  readonly sheet?: string | undefined;
  readonly headerRow: number;
}

export function sourceFormat(src: SourceRef): "xlsx" | "csv" | "parquet" {
  if (src.format !== "auto") return src.format;
  const ext = extname(src.path).toLowerCase();
  if (ext === ".xlsx" || ext === ".xlsm") return "xlsx";
  if (ext === ".parquet" || ext === ".pq") return "parquet";
  return "csv";
}

/** Reads every source of a load; workbooks shared by several sources are streamed once. */
export async function readSources(sources: readonly SourceRef[], baseDir: string): Promise<RawTable[]> {
  const workbooks = new Map<string, Promise<XlsxRead>>();
  const out: RawTable[] = [];
  for (const src of sources) {
    const file = resolve(baseDir, src.path);
    if (!existsSync(file)) {
      throw new DataValidationError([makeIssue("FILE_NOT_FOUND", "error", `data file not found: ${file}`, { file: src.path })]);
    }
    const fmt = sourceFormat(src);
    if (fmt === "csv") out.push(readCsvTable(file, src.headerRow));
    else if (fmt === "parquet") out.push(await readParquetTable(file));
    else {
      let wb = workbooks.get(file);
      if (wb === undefined) {
        // Only the sheets this load names are parsed.
        const requests = sources.filter((s) => resolve(baseDir, s.path) === file && sourceFormat(s) === "xlsx").map((s) => ({ sheet: s.sheet, headerRow: s.headerRow }));
        wb = readXlsxTables(file, requests);
        workbooks.set(file, wb);
      }
      const read = await wb;
      const sheet = src.sheet ?? read.sheetNames[0];
      const table = sheet === undefined ? undefined : read.tables.get(sheet);
      if (table === undefined) {
        throw new DataValidationError([
          makeIssue("SHEET_NOT_FOUND", "error", `sheet "${src.sheet ?? ""}" not found; the workbook has ${read.sheetNames.join(", ")}`, {
            file: src.path,
            ...(src.sheet === undefined ? {} : { sheet: src.sheet }),
          }),
        ]);
      }
      out.push({ ...table, file: src.path });
    }
  }
  return out.map((t, i) => (t.file === sources[i]?.path ? t : { ...t, file: sources[i]?.path ?? t.file }));
}
