// Typed errors of sdk/monitor: one class, one code table (state files, thresholds, dashboard requests).

/** Every way a monitoring input can be rejected. */
export const MonitorErrorCode = {
  /** A snapshot file is unreadable, not JSON, or fails the schema (the message names the file and field). */
  BAD_SNAPSHOT: "BAD_SNAPSHOT",
  /** No snapshot for the requested date, or an empty state directory. */
  NOT_FOUND: "NOT_FOUND",
  /** A date that is not YYYY-MM-DD (or not a calendar day). */
  BAD_DATE: "BAD_DATE",
  /** Alert thresholds or sink options that fail their schema. */
  BAD_CONFIG: "BAD_CONFIG",
} as const;
export type MonitorErrorCode = (typeof MonitorErrorCode)[keyof typeof MonitorErrorCode];

/** Thrown for invalid monitoring input; `code` is stable, `details` names the offending file/field. */
export class MonitorError extends Error {
  override readonly name = "MonitorError";
  constructor(
    readonly code: MonitorErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
