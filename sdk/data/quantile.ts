// Quantile of a sorted sample with numpy's default "linear" method (including numpy's two-sided lerp).

/** q-quantile of sorted[offset .. offset + n) (n >= 1), as numpy.percentile(..., method="linear") computes it. */
export function sortedQuantile(sorted: ArrayLike<number>, n: number, q: number, offset = 0): number {
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const a = sorted[offset + lo] as number;
  if (lo >= n - 1) return a;
  const b = sorted[offset + lo + 1] as number;
  const frac = pos - lo;
  const diff = b - a;
  // numpy's _lerp: a + diff*t for t < 0.5, b - diff*(1-t) otherwise (keeps monotonicity at the ends).
  return frac >= 0.5 ? b - diff * (1 - frac) : a + diff * frac;
}
