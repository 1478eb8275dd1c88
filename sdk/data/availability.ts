// Availability and missingness: per-factor share of observed days and per-day share of missing factors (pure).

/** Share of days on which each factor has a value (T x N row-major input, NaN = missing). */
export function factorAvailability(returns: ArrayLike<number>, T: number, N: number): Float64Array {
  const out = new Float64Array(N);
  if (T === 0) return out;
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < N; i++) if (!Number.isNaN(returns[t * N + i] as number)) (out[i] as number)++;
  }
  for (let i = 0; i < N; i++) out[i] = (out[i] as number) / T;
  return out;
}

/** 1 where a value is present, 0 where it is missing. */
export function presenceMask(returns: ArrayLike<number>): Uint8Array {
  const m = new Uint8Array(returns.length);
  for (let k = 0; k < returns.length; k++) m[k] = Number.isNaN(returns[k] as number) ? 0 : 1;
  return m;
}

/** Share of factors missing on each day. */
export function dayMissingFraction(mask: ArrayLike<number>, T: number, N: number): Float64Array {
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let miss = 0;
    for (let i = 0; i < N; i++) if (mask[t * N + i] === 0) miss++;
    out[t] = N === 0 ? 1 : miss / N;
  }
  return out;
}

export type DayStatus = "ok" | "warn" | "halt";

/** > warn share of factors missing: "warn"; > halt share: "halt" (no trading decision that day). */
export function dayStatusOf(missingFraction: number, warnAbove: number, haltAbove: number): DayStatus {
  return missingFraction > haltAbove ? "halt" : missingFraction > warnAbove ? "warn" : "ok";
}
