// The one error-code table of the bridge. Mirrored into the generated JSON Schema, which the
// Python worker reads, so both sides share the same codes (a test checks the mirror).

export const ErrorCode = {
  BAD_MESSAGE: "BAD_MESSAGE", // frames that do not decode (garbage bytes, malformed header)
  UNSUPPORTED_VERSION: "UNSUPPORTED_VERSION", // header.v is not PROTOCOL_VERSION
  UNKNOWN_METHOD: "UNKNOWN_METHOD",
  INVALID_PARAMS: "INVALID_PARAMS", // params fail the method's schema
  BAD_TENSOR: "BAD_TENSOR", // wrong dtype/shape/byte length, missing frame
  NON_FINITE: "NON_FINITE", // NaN/inf where the contract forbids it
  TOO_LARGE: "TOO_LARGE", // message over the size limit
  TIMEOUT: "TIMEOUT", // the call's deadline passed
  CANCELLED: "CANCELLED", // cancelled by the caller (AbortSignal) or a shutdown
  WORKER_DEAD: "WORKER_DEAD", // the worker process died or stopped answering mid-call
  WORKER_START_FAILED: "WORKER_START_FAILED", // the worker never became ready (no Python, missing package)
  NOT_FOUND: "NOT_FOUND", // unknown dataset/model handle or job id
  SOLVER_FAILED: "SOLVER_FAILED", // an optimization problem could not be solved (no fallback left)
  BUSY: "BUSY", // too many jobs running
  INTERNAL: "INTERNAL", // a bug in a handler; details carry the exception type
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export const ERROR_CODES = Object.values(ErrorCode) as readonly ErrorCode[];

/** Errors that a retry on a fresh worker may fix (the call itself was fine). */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([ErrorCode.WORKER_DEAD]);

/** A failed bridge call. `code` is from the table above; `details` is method-specific. */
export class BridgeError extends Error {
  override readonly name = "BridgeError";
  constructor(
    readonly code: ErrorCode,
    /** The problem itself, without the method and code prefix of `message`. */
    readonly reason: string,
    readonly details: Record<string, unknown> = {},
    readonly method?: string,
  ) {
    super(method ? `${method}: [${code}] ${reason}` : `[${code}] ${reason}`);
  }

  /** The same error, reported as a failure of `method`. */
  inMethod(method: string): BridgeError {
    return new BridgeError(this.code, this.reason, this.details, method);
  }
}
