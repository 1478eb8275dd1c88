// Parquet writer (hyparquet-writer): named columns of dates, numbers (NaN -> null) or small integers.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { parquetWriteFile } from "hyparquet-writer";

export type ParquetColumn =
  | { readonly name: string; readonly kind: "string"; readonly values: readonly string[] }
  | { readonly name: string; readonly kind: "double" | "float"; readonly values: ArrayLike<number> }
  | { readonly name: string; readonly kind: "int32"; readonly values: ArrayLike<number> };

/** Writes columns (all the same length) to a Parquet file; NaN doubles become nulls. */
export function writeParquetColumns(file: string, columns: readonly ParquetColumn[], kv: Record<string, string> = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  parquetWriteFile({
    filename: file,
    columnData: columns.map((c) => {
      if (c.kind === "string") return { name: c.name, data: [...c.values], type: "STRING" as const };
      if (c.kind === "int32") return { name: c.name, data: Int32Array.from(c.values), type: "INT32" as const, nullable: false };
      const data = Array.from(c.values, (v) => (Number.isNaN(v) ? null : v));
      return { name: c.name, data, type: c.kind === "double" ? ("DOUBLE" as const) : ("FLOAT" as const) };
    }),
    kvMetadata: Object.entries(kv).map(([key, value]) => ({ key, value })),
  });
}

/** Column j of a T x N row-major matrix. */
export function matrixColumn(m: ArrayLike<number>, T: number, N: number, j: number): Float64Array {
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) out[t] = m[t * N + j] as number;
  return out;
}

/** Column j of a T x F float32 row-major matrix. */
export function matrixColumnFloat(m: Float32Array, T: number, F: number, j: number): Float32Array {
  const out = new Float32Array(T);
  for (let t = 0; t < T; t++) out[t] = m[t * F + j] as number;
  return out;
}
