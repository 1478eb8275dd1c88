// Typed errors of the data layer: every validation problem names its file, sheet, cell, column, date or factor.

/** Codes of data problems. Errors stop loading/preparing; warnings are reported and logged. */
export const DATA_ISSUE_CODES = [
  "CONFIG_INVALID",
  "FILE_NOT_FOUND",
  "SHEET_NOT_FOUND",
  "COLUMN_NOT_FOUND",
  "INVALID_DATE",
  "DUPLICATE_DATE",
  "UNSORTED_DATES",
  "NON_TRADING_DAY",
  "NON_NUMERIC_CELL",
  "RETURN_OUT_OF_RANGE",
  "TOO_FEW_ROWS",
  "NO_FACTORS",
  "FACTOR_DROPPED",
  "DAY_MISSING_WARN",
  "DAY_MISSING_HALT",
  "MARKET_GAP_FILLED",
  "MARKET_DATE_DROPPED",
] as const;
export type DataIssueCode = (typeof DATA_ISSUE_CODES)[number];

/** Where a problem sits; every field is optional because not every problem has every coordinate. */
export interface IssueLocation {
  readonly file?: string;
  readonly sheet?: string;
  /** A1-style reference (also used for CSV files, counting the header as row 1). */
  readonly cell?: string;
  readonly column?: string;
  readonly date?: string;
  readonly factor?: string;
}

export interface DataIssue extends IssueLocation {
  readonly code: DataIssueCode;
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
}

/** Formats "file x.xlsx, sheet factors, cell B7, date 2001-01-02" for messages. */
export function describeLocation(loc: IssueLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(`file ${loc.file}`);
  if (loc.sheet !== undefined) parts.push(`sheet ${loc.sheet}`);
  if (loc.cell !== undefined) parts.push(`cell ${loc.cell}`);
  if (loc.column !== undefined) parts.push(`column ${loc.column}`);
  if (loc.factor !== undefined && loc.factor !== loc.column) parts.push(`factor ${loc.factor}`);
  if (loc.date !== undefined) parts.push(`date ${loc.date}`);
  return parts.join(", ");
}

/** Builds an issue whose message is "<what> (<where>)". */
export function makeIssue(
  code: DataIssueCode,
  severity: DataIssue["severity"],
  what: string,
  loc: IssueLocation = {},
): DataIssue {
  const where = describeLocation(loc);
  return { code, severity, message: where === "" ? what : `${what} (${where})`, ...loc };
}

/**
 * Thrown when data breaks a rule. `code` and the location fields are those of the first error;
 * `issues` holds every error found (validation reports all of them at once).
 */
export class DataValidationError extends Error {
  override readonly name = "DataValidationError";
  readonly code: DataIssueCode;
  readonly file: string | undefined;
  readonly sheet: string | undefined;
  readonly cell: string | undefined;
  readonly column: string | undefined;
  readonly date: string | undefined;
  readonly factor: string | undefined;
  readonly issues: readonly DataIssue[];

  constructor(issues: readonly DataIssue[]) {
    const first = issues[0];
    if (first === undefined) throw new Error("DataValidationError needs at least one issue");
    const more = issues.length > 1 ? ` (+${issues.length - 1} more error${issues.length > 2 ? "s" : ""})` : "";
    super(`${first.code}: ${first.message}${more}`);
    this.code = first.code;
    this.file = first.file;
    this.sheet = first.sheet;
    this.cell = first.cell;
    this.column = first.column;
    this.date = first.date;
    this.factor = first.factor;
    this.issues = issues;
  }
}

/** Thrown for a data config that does not parse or does not match the schema (message names the key path). */
export class DataConfigError extends Error {
  override readonly name = "DataConfigError";
  readonly code = "CONFIG_INVALID" as const;
  constructor(
    message: string,
    readonly file: string | undefined,
    readonly path: string | undefined,
  ) {
    super(message);
  }
}
