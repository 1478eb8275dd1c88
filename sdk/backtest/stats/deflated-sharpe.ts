// Probabilistic and Deflated Sharpe Ratio (Bailey & Lopez de Prado 2012, 2014). Sharpe per period.
import { BacktestError, BacktestErrorCode, assertMinLength } from "../errors.ts";
import { mean, type Series } from "../metrics/moments.ts";
import { normalCdf, normalQuantile } from "./distributions.ts";

/** Euler-Mascheroni constant. */
const EULER_GAMMA = 0.5772156649015329;

/** Sample statistics of a return series that PSR needs (per-period Sharpe, ddof 1 std). */
export interface SharpeMoments {
  /** Per-period (non-annualized) Sharpe ratio. */
  readonly sharpe: number;
  readonly n: number;
  /** Sample skewness m3 / m2^1.5 (biased moments, as scipy.stats.skew). */
  readonly skew: number;
  /** Sample kurtosis m4 / m2^2 (not excess; normal = 3, as scipy.stats.kurtosis(fisher=False)). */
  readonly kurtosis: number;
}

/** Per-period Sharpe ratio (ddof 1), skewness and kurtosis of excess returns. */
export function sharpeMoments(excessReturns: Series): SharpeMoments {
  assertMinLength(excessReturns, 3, "sharpeMoments");
  const m = mean(excessReturns);
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < excessReturns.length; i++) {
    const d = (excessReturns[i] as number) - m;
    m2 += d * d; m3 += d * d * d; m4 += d * d * d * d;
  }
  const n = excessReturns.length;
  m2 /= n; m3 /= n; m4 /= n;
  if (m2 === 0) throw new BacktestError(BacktestErrorCode.DEGENERATE, "sharpeMoments: zero variance");
  return { sharpe: m / Math.sqrt((m2 * n) / (n - 1)), n, skew: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

/**
 * PSR(SR*) = Phi( (SR - SR*) sqrt(n - 1) / sqrt(1 - skew SR + (kurt - 1) / 4 SR^2) )
 * (Bailey & Lopez de Prado 2012, eq. 11): probability that the true Sharpe exceeds `benchmark`.
 */
export function probabilisticSharpeRatio(m: SharpeMoments, benchmark = 0): number {
  const v = 1 - m.skew * m.sharpe + ((m.kurtosis - 1) / 4) * m.sharpe * m.sharpe;
  if (!(v > 0) || m.n < 2) throw new BacktestError(BacktestErrorCode.DEGENERATE, "probabilisticSharpeRatio: non-positive variance");
  return normalCdf(((m.sharpe - benchmark) * Math.sqrt(m.n - 1)) / Math.sqrt(v));
}

/**
 * Expected maximum Sharpe of `nTrials` unskilled trials with cross-trial Sharpe variance `variance`:
 * SR0 = sqrt(V) ((1 - g) Phi^-1(1 - 1/N) + g Phi^-1(1 - 1/(N e))), g = Euler-Mascheroni
 * (Bailey & Lopez de Prado 2014, eq. 2 / Bailey et al. 2014 "false strategy theorem").
 */
export function expectedMaxSharpe(nTrials: number, variance: number): number {
  if (!Number.isInteger(nTrials) || nTrials < 2) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `nTrials must be an integer >= 2, got ${nTrials}`);
  if (!(variance >= 0)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `Sharpe variance must be >= 0, got ${variance}`);
  return (
    Math.sqrt(variance) *
    ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / nTrials) + EULER_GAMMA * normalQuantile(1 - 1 / (nTrials * Math.E)))
  );
}

/**
 * DSR = PSR(SR0) with SR0 = {@link expectedMaxSharpe}(nTrials, variance) (Bailey & Lopez de Prado
 * 2014, eq. 2): the probability that the selected strategy's Sharpe beats the best of `nTrials`
 * unskilled trials. `variance` is the variance of the per-period Sharpe ratios across the trials.
 */
export function deflatedSharpeRatio(m: SharpeMoments, nTrials: number, variance: number): { dsr: number; sr0: number } {
  const sr0 = expectedMaxSharpe(nTrials, variance);
  return { dsr: probabilisticSharpeRatio(m, sr0), sr0 };
}
