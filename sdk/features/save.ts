// Saves / loads the feature matrix as Parquet (date + 7N+6 FLOAT columns) next to the cleaned panel files.
import { join } from "node:path";
import { matrixColumnFloat, readParquetTable, writeParquetColumns, type ParquetColumn } from "../data/index.ts";
import type { FeatureSet } from "./feature-set.ts";

/** Writes DIR/features.parquet; returns the path. */
export function saveFeatures(dir: string, fs: FeatureSet): string {
  const T = fs.dates.length;
  const file = join(dir, "features.parquet");
  const cols: ParquetColumn[] = [{ name: "date", kind: "string", values: fs.dates }];
  fs.featureNames.forEach((name, j) => cols.push({ name, kind: "float", values: matrixColumnFloat(fs.features, T, fs.nFeatures, j) }));
  writeParquetColumns(file, cols, { layout: "feature-major: 7 per-factor blocks of N columns, then 6 market/macro", options: JSON.stringify(fs.options) });
  return file;
}

/** Reads DIR/features.parquet back: dates, names and the T x F float32 matrix. */
export async function loadFeatures(dir: string): Promise<{ dates: string[]; featureNames: string[]; features: Float32Array }> {
  const table = await readParquetTable(join(dir, "features.parquet"));
  const featureNames = table.header.slice(1);
  const F = featureNames.length;
  const features = new Float32Array(table.rows.length * F);
  table.rows.forEach((row, t) => {
    for (let j = 0; j < F; j++) features[t * F + j] = Number(row[j + 1] ?? 0);
  });
  return { dates: table.rows.map((r) => String(r[0])), featureNames, features };
}
