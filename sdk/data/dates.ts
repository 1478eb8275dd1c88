// Date handling for data files: ISO strings, Excel serial numbers and JS Dates to ISO "YYYY-MM-DD"; weekday checks.

const MS_PER_DAY = 86_400_000;
/** Excel's 1900 date system: serial 1 = 1900-01-01, with the phantom 1900-02-29, so day 0 is 1899-12-30. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export type DateFormat = "auto" | "iso" | "excel-serial";

function isoFromParts(y: number, m: number, d: number): string | undefined {
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return undefined;
  return back.toISOString().slice(0, 10);
}

/** Excel serial day number (1900 system) to ISO date; fractional parts (times) are truncated. */
export function excelSerialToIso(serial: number): string {
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO date to Excel serial day number (1900 system). */
export function isoToExcelSerial(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - EXCEL_EPOCH_MS) / MS_PER_DAY);
}

/**
 * Parses one date cell to "YYYY-MM-DD", or undefined when it is not a date.
 * Accepts ISO strings (optionally with a midnight time), YYYYMMDD strings, Excel serial numbers
 * (1..2958465, i.e. up to 9999-12-31) and JS Dates (taken in UTC, as exceljs returns them).
 */
export function parseDateCell(value: unknown, format: DateFormat = "auto"): string | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) || format === "excel-serial" ? undefined : value.toISOString().slice(0, 10);
  }
  if (typeof value === "bigint") return parseDateCell(Number(value), format);
  if (typeof value === "number") {
    if (format === "iso" || !Number.isFinite(value) || value < 1 || value > 2_958_465) return undefined;
    return excelSerialToIso(value);
  }
  if (typeof value !== "string") return undefined;
  const s = value.trim();
  if (format !== "excel-serial") {
    const m = ISO_RE.exec(s) ?? COMPACT_RE.exec(s);
    if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  if (format !== "iso" && /^\d+(\.\d+)?$/.test(s)) return parseDateCell(Number(s), "excel-serial");
  return undefined;
}

/** True for a real calendar day written exactly YYYY-MM-DD (2024-02-30 and 2024-2-3 are false). */
export function isIsoDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Throws a RangeError unless `date` is a real calendar date written YYYY-MM-DD (2025-13-45 is not). */
export function assertIsoDate(date: string, what = "asOf"): void {
  if (!isIsoDate(date)) throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

/** Day of week of an ISO date, 0 = Sunday .. 6 = Saturday. */
export function weekday(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

export function isWeekend(iso: string): boolean {
  const d = weekday(iso);
  return d === 0 || d === 6;
}

/** Every Monday-Friday from start to end inclusive (ISO dates). */
export function weekdaysBetween(start: string, end: string): string[] {
  const out: string[] = [];
  const endMs = Date.parse(`${end}T00:00:00Z`);
  for (let ms = Date.parse(`${start}T00:00:00Z`); ms <= endMs; ms += MS_PER_DAY) {
    const day = new Date(ms).getUTCDay();
    if (day !== 0 && day !== 6) out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
}

/** Spreadsheet column letter for a 0-based column index (0 -> A, 26 -> AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
