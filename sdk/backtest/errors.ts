// Typed errors of the backtest engine, metrics and statistics: one class, one code table.

/** Every way a backtest input can be rejected. */
export const BacktestErrorCode = {
  LENGTH_MISMATCH: "LENGTH_MISMATCH",
  NON_FINITE: "NON_FINITE",
  TOO_FEW_OBSERVATIONS: "TOO_FEW_OBSERVATIONS",
  BAD_ARGUMENT: "BAD_ARGUMENT",
  MASKED_WEIGHT: "MASKED_WEIGHT",
  MISSING_TARGET: "MISSING_TARGET",
  DEGENERATE: "DEGENERATE",
} as const;
export type BacktestErrorCode = (typeof BacktestErrorCode)[keyof typeof BacktestErrorCode];

/** Thrown for invalid input; `code` is stable, `details` names the offending field. */
export class BacktestError extends Error {
  override readonly name = "BacktestError";
  constructor(
    readonly code: BacktestErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Throws LENGTH_MISMATCH unless `a` and `b` have the same length. */
export function assertSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string): void {
  if (a.length !== b.length) {
    throw new BacktestError(BacktestErrorCode.LENGTH_MISMATCH, `${what}: lengths differ (${a.length} vs ${b.length})`, {
      a: a.length,
      b: b.length,
    });
  }
}

/** Throws NON_FINITE if any element is NaN or infinite. */
export function assertFinite(x: ArrayLike<number>, what: string): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!Number.isFinite(v)) {
      throw new BacktestError(BacktestErrorCode.NON_FINITE, `${what}: non-finite value ${v} at index ${i}`, { index: i });
    }
  }
}

/** Throws TOO_FEW_OBSERVATIONS if `x` has fewer than `min` elements. */
export function assertMinLength(x: ArrayLike<unknown>, min: number, what: string): void {
  if (x.length < min) {
    throw new BacktestError(
      BacktestErrorCode.TOO_FEW_OBSERVATIONS,
      `${what}: needs at least ${min} observations, got ${x.length}`,
      { n: x.length, min },
    );
  }
}
