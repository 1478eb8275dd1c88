// Typed errors of the daily pipeline. Each names the file and the date (and the factor or column when known).

export const DAILY_ERROR_CODES = ["DAY_FILE_MISSING", "DAY_FILE_MALFORMED", "DAY_ALREADY_RUN", "STATE_INVALID", "NO_MEMBERS"] as const;
export type DailyErrorCode = (typeof DAILY_ERROR_CODES)[number];

export class DailyError extends Error {
  override readonly name = "DailyError";
  constructor(
    readonly code: DailyErrorCode,
    message: string,
    readonly where: { readonly file?: string; readonly date?: string; readonly factor?: string; readonly column?: string } = {},
  ) {
    const loc = Object.entries(where)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    super(loc ? `${message} (${loc})` : message);
  }
}
