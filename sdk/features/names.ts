// Feature layout: feature-major columns (7 per-factor blocks of N, then 6 market/macro), names, and which are normalized.

/** Per-factor features, in column-block order (PRD 3.3). */
export const FACTOR_FEATURES = ["ret", "mean20", "vol20", "mean60", "vol60", "rank", "z60"] as const;
/** Market/macro features broadcast to all factors (PRD 3.3). */
export const MARKET_FEATURES = ["mkt_ret", "vix", "vix_gt_20", "term_spread", "rf", "avg_corr"] as const;

/** Columns that go through the rolling z-score; rank (in [0,1]), z60 (already a z-score) and the VIX flag do not. */
export const NORMALIZED_FACTOR_FEATURES: readonly boolean[] = [true, true, true, true, true, false, false];
export const NORMALIZED_MARKET_FEATURES: readonly boolean[] = [true, true, false, true, true, true];

export const N_FACTOR_FEATURES = FACTOR_FEATURES.length;
export const N_MARKET_FEATURES = MARKET_FEATURES.length;

/** Total width 7N + 6. */
export function featureCount(nFactors: number): number {
  return N_FACTOR_FEATURES * nFactors + N_MARKET_FEATURES;
}

/** Column index of per-factor feature f for factor i. */
export function factorColumn(f: number, i: number, nFactors: number): number {
  return f * nFactors + i;
}

/** Names like "mean20:F001" and "vix". */
export function featureNames(factors: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of FACTOR_FEATURES) for (const name of factors) out.push(`${f}:${name}`);
  for (const m of MARKET_FEATURES) out.push(m);
  return out;
}

/** 1 for columns normalized by the rolling z-score. */
export function normalizedColumns(nFactors: number): Uint8Array {
  const out = new Uint8Array(featureCount(nFactors));
  NORMALIZED_FACTOR_FEATURES.forEach((on, f) => {
    if (on) out.fill(1, f * nFactors, (f + 1) * nFactors);
  });
  NORMALIZED_MARKET_FEATURES.forEach((on, m) => {
    if (on) out[N_FACTOR_FEATURES * nFactors + m] = 1;
  });
  return out;
}
