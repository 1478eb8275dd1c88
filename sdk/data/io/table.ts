// A raw table read from one sheet or file: header names plus rows of untyped cells, with the provenance for messages.

export interface RawTable {
  readonly file: string;
  /** Worksheet name for xlsx sources; undefined for CSV and Parquet. */
  readonly sheet: string | undefined;
  /** 1-based spreadsheet row of the header; data row k (0-based) sits on row headerRow + 1 + k. */
  readonly headerRow: number;
  readonly header: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** Normalizes a spreadsheet cell value: formula results, rich text and error cells become plain values. */
export function plainCell(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== "object" || v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  if ("result" in o) return plainCell(o["result"]);
  if (Array.isArray(o["richText"])) return (o["richText"] as { text?: string }[]).map((r) => r.text ?? "").join("");
  if ("text" in o) return plainCell(o["text"]);
  if ("error" in o) return String(o["error"]);
  return String(v);
}
