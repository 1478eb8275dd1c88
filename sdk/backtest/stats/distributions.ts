// Distribution functions used by the tests, from the stdlib-js packages (no hand-written special functions).
import normalCdfImpl from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantileImpl from "@stdlib/stats-base-dists-normal-quantile";
import tCdfImpl from "@stdlib/stats-base-dists-t-cdf";

/** Standard normal CDF Phi(x). */
export function normalCdf(x: number): number {
  return normalCdfImpl(x, 0, 1);
}

/** Standard normal quantile Phi^{-1}(p). */
export function normalQuantile(p: number): number {
  return normalQuantileImpl(p, 0, 1);
}

/** Student t CDF with `df` degrees of freedom. */
export function studentTCdf(x: number, df: number): number {
  return tCdfImpl(x, df);
}

/** Two-sided p-value of a statistic that is standard normal under the null: 2 Phi(-|z|). */
export function twoSidedNormalP(z: number): number {
  return 2 * normalCdf(-Math.abs(z));
}
