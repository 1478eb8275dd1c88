// Cell parsing shared by the loaders: numbers, missing markers, and the error for anything else.

export type NumericCell = { readonly kind: "number"; readonly value: number } | { readonly kind: "missing" } | { readonly kind: "bad"; readonly text: string };

const MISSING: NumericCell = { kind: "missing" };

/** Reads a numeric cell: numbers pass, NA markers (and empty/null) are missing, any other text is bad. */
export function numericCell(v: unknown, naValues: ReadonlySet<string>): NumericCell {
  if (v === null || v === undefined) return MISSING;
  if (typeof v === "number") return Number.isNaN(v) ? MISSING : Number.isFinite(v) ? { kind: "number", value: v } : { kind: "bad", text: String(v) };
  if (typeof v === "bigint") return { kind: "number", value: Number(v) };
  const s = (v instanceof Date ? v.toISOString() : String(v)).trim();
  if (naValues.has(s)) return MISSING;
  // Number("") and Number(" ") are 0, and Number("0x1") is 1: accept plain decimal notation only.
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return { kind: "number", value: Number(s) };
  return { kind: "bad", text: s };
}

export function isBlankRow(row: readonly unknown[]): boolean {
  return row.every((c) => c === null || c === undefined || (typeof c === "string" && c.trim() === ""));
}
