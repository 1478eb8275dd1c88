// Jobson & Korkie (1981) test of equal Sharpe ratios with Memmel's (2003) corrected variance.
import { BacktestError, BacktestErrorCode, assertMinLength, assertSameLength } from "../errors.ts";
import { covariance, mean, std, type Series } from "../metrics/moments.ts";
import { normalCdf, twoSidedNormalP } from "./distributions.ts";

/** Result of a test of H0: SR_a = SR_b. Sharpe ratios are per period (daily), not annualized. */
export interface SharpeDifferenceTest {
  readonly sharpeA: number;
  readonly sharpeB: number;
  /** SR_a - SR_b, per period. */
  readonly difference: number;
  readonly statistic: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** One-sided p-value of H1: SR_a > SR_b. */
  readonly pValueGreater: number;
}

/**
 * Jobson-Korkie z-test with Memmel's correction on two aligned series of excess returns:
 *   z = (s_b m_a - s_a m_b) / sqrt(theta),
 *   theta = (1/T) [2 s_a^2 s_b^2 - 2 s_a s_b s_ab + m_a^2 s_b^2 / 2 + m_b^2 s_a^2 / 2
 *                  - m_a m_b / (2 s_a s_b) (s_ab^2 + s_a^2 s_b^2)]           // Memmel (2003) eq. 5
 * with sample means m, sample stds s and covariance s_ab (ddof 1); z ~ N(0, 1) under H0.
 * Assumes iid normal returns; see {@link ledoitWolfSharpeTest} for the robust version.
 */
export function jobsonKorkieMemmel(a: Series, b: Series): SharpeDifferenceTest {
  assertSameLength(a, b, "jobsonKorkieMemmel");
  assertMinLength(a, 3, "jobsonKorkieMemmel");
  const ma = mean(a);
  const mb = mean(b);
  const sa = std(a, 1);
  const sb = std(b, 1);
  const sab = covariance(a, b, 1);
  if (sa === 0 || sb === 0) throw new BacktestError(BacktestErrorCode.DEGENERATE, "jobsonKorkieMemmel: zero volatility");
  const n = a.length;
  const theta =
    (2 * sa * sa * sb * sb -
      2 * sa * sb * sab +
      0.5 * ma * ma * sb * sb +
      0.5 * mb * mb * sa * sa -
      ((ma * mb) / (2 * sa * sb)) * (sab * sab + sa * sa * sb * sb)) /
    n;
  if (!(theta > 0)) throw new BacktestError(BacktestErrorCode.DEGENERATE, "jobsonKorkieMemmel: non-positive variance (identical series?)");
  const z = (sb * ma - sa * mb) / Math.sqrt(theta);
  return {
    sharpeA: ma / sa,
    sharpeB: mb / sb,
    difference: ma / sa - mb / sb,
    statistic: z,
    pValue: twoSidedNormalP(z),
    pValueGreater: 1 - normalCdf(z),
  };
}
