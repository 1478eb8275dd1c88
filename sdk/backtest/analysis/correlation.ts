// Average pairwise factor correlation over a trailing window (PRD 7.2 "correlation breakdown" regime indicator).
import { BacktestError, BacktestErrorCode } from "../errors.ts";

/**
 * For each day t >= window - 1: the mean of corr(r_i, r_j) over pairs i < j of factors observed on every
 * day of t - window + 1 .. t (data up to t only; NaN before that or with < 2 such factors).
 * Uses sum_{i != j} corr_ij = sum_s (sum_i z_is)^2 / (w - 1) - k with z the window-standardized returns,
 * so a day costs O(N w) instead of O(N^2 w).
 */
export function averagePairwiseCorrelation(returns: Float64Array, nFactors: number, window = 60, days?: readonly number[]): Float64Array {
  if (!Number.isInteger(window) || window < 3) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bad window ${window}`);
  const T = returns.length / nFactors;
  const out = new Float64Array(T).fill(Number.NaN);
  const z = new Float64Array(window);
  const sumZ = new Float64Array(window);
  for (const t of days ?? Array.from({ length: T }, (_, i) => i)) {
    if (t < window - 1) continue;
    sumZ.fill(0);
    let k = 0;
    for (let i = 0; i < nFactors; i++) {
      let m = 0;
      let ok = true;
      for (let s = 0; s < window; s++) {
        const r = returns[(t - window + 1 + s) * nFactors + i] as number;
        if (Number.isNaN(r)) {
          ok = false;
          break;
        }
        z[s] = r;
        m += r;
      }
      if (!ok) continue;
      m /= window;
      let v = 0;
      for (let s = 0; s < window; s++) v += ((z[s] as number) - m) ** 2;
      const sd = Math.sqrt(v / (window - 1));
      if (!(sd > 0)) continue;
      for (let s = 0; s < window; s++) sumZ[s] = (sumZ[s] as number) + ((z[s] as number) - m) / sd;
      k++;
    }
    if (k < 2) continue;
    let q = 0;
    for (let s = 0; s < window; s++) q += (sumZ[s] as number) ** 2;
    out[t] = (q / (window - 1) - k) / (k * (k - 1));
  }
  return out;
}
