// Parquet source reader (hyparquet): column names from the schema, rows as arrays.
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from "hyparquet";
import type { RawTable } from "./table.ts";

export async function readParquetTable(file: string): Promise<RawTable> {
  const buf = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buf);
  const header = parquetSchema(metadata).children.map((c) => c.element.name);
  const objects = await parquetReadObjects({ file: buf, metadata });
  const rows = objects.map((o) => header.map((h) => o[h] ?? null));
  return { file, sheet: undefined, headerRow: 1, header, rows };
}
