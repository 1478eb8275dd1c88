// Ledoit & Wolf (2008) robust test of equal Sharpe ratios: delta method with a HAC (Parzen) covariance.
import { BacktestError, BacktestErrorCode, assertFinite, assertMinLength, assertSameLength } from "../errors.ts";
import type { Series } from "../metrics/moments.ts";
import { normalCdf, twoSidedNormalP } from "./distributions.ts";
import type { SharpeDifferenceTest } from "./sharpe-jk.ts";

/** Parzen kernel (Andrews 1991, eq. 2.6 family). */
export function parzenKernel(x: number): number {
  const a = Math.abs(x);
  if (a <= 0.5) return 1 - 6 * a * a + 6 * a * a * a;
  if (a <= 1) return 2 * (1 - a) ** 3;
  return 0;
}

/**
 * Andrews (1991) automatic bandwidth for the Parzen kernel with AR(1) approximating models,
 * one per column of the T x k row-major panel `y`, equally weighted:
 *   alpha(2) = sum 4 rho^2 s^4 / (1 - rho)^8 / sum s^4 / (1 - rho)^4,  S_T = 2.6614 (alpha(2) T)^(1/5).
 */
export function andrewsParzenBandwidth(y: Float64Array, k: number): number {
  const t = y.length / k;
  let num = 0;
  let den = 0;
  for (let c = 0; c < k; c++) {
    let sxy = 0;
    let sxx = 0;
    for (let i = 1; i < t; i++) {
      const prev = y[(i - 1) * k + c] as number;
      sxy += (y[i * k + c] as number) * prev;
      sxx += prev * prev;
    }
    const rho = sxx === 0 ? 0 : sxy / sxx;
    let rss = 0;
    for (let i = 1; i < t; i++) rss += ((y[i * k + c] as number) - rho * (y[(i - 1) * k + c] as number)) ** 2;
    const s2 = rss / (t - 1);
    num += (4 * rho * rho * s2 * s2) / (1 - rho) ** 8;
    den += (s2 * s2) / (1 - rho) ** 4;
  }
  return 2.6614 * Math.pow((num / den) * t, 0.2);
}

/** Options of {@link ledoitWolfSharpeTest}. */
export interface LedoitWolfOptions {
  /** Kernel bandwidth S_T in periods; default: Andrews (1991) AR(1) plug-in for the Parzen kernel. */
  readonly bandwidth?: number;
}

/**
 * Ledoit-Wolf (2008) HAC test of H0: SR_a = SR_b on aligned excess returns (per-period Sharpe).
 * v = (mu_a, mu_b, gamma_a, gamma_b) (first and uncentered second moments), Delta = f(v) =
 * mu_a / sqrt(gamma_a - mu_a^2) - mu_b / sqrt(gamma_b - mu_b^2) (section 3.1);
 * se = sqrt(grad' Psi grad / T) with Psi = T / (T - 4) sum_j k(j / S_T) Gamma(j),
 * Gamma(j) = (1/T) sum_t y_t y_{t-j}', y_t = (a_t - mu_a, b_t - mu_b, a_t^2 - gamma_a, b_t^2 - gamma_b)
 * (section 3.1, kernel estimator with the small-sample factor T/(T-4)). Sharpe ratios use ddof 0.
 */
export function ledoitWolfSharpeTest(a: Series, b: Series, opts: LedoitWolfOptions = {}): SharpeDifferenceTest & { bandwidth: number } {
  assertSameLength(a, b, "ledoitWolfSharpeTest");
  assertMinLength(a, 6, "ledoitWolfSharpeTest");
  assertFinite(a, "ledoitWolfSharpeTest a");
  assertFinite(b, "ledoitWolfSharpeTest b");
  const n = a.length;
  let ma = 0, mb = 0, ga = 0, gb = 0;
  for (let t = 0; t < n; t++) {
    const x = a[t] as number;
    const z = b[t] as number;
    ma += x; mb += z; ga += x * x; gb += z * z;
  }
  ma /= n; mb /= n; ga /= n; gb /= n;
  const va = ga - ma * ma;
  const vb = gb - mb * mb;
  if (!(va > 0 && vb > 0)) throw new BacktestError(BacktestErrorCode.DEGENERATE, "ledoitWolfSharpeTest: zero volatility");
  const y = new Float64Array(n * 4);
  for (let t = 0; t < n; t++) {
    const x = a[t] as number;
    const z = b[t] as number;
    y.set([x - ma, z - mb, x * x - ga, z * z - gb], t * 4);
  }
  const grad = [ga / va ** 1.5, -gb / vb ** 1.5, -ma / (2 * va ** 1.5), mb / (2 * vb ** 1.5)];
  // Project y on the gradient: grad' Psi grad = sum_j k(j/S) (1/T) sum_t u_t u_{t-j}, u_t = grad' y_t.
  const u = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let c = 0; c < 4; c++) s += (grad[c] as number) * (y[t * 4 + c] as number);
    u[t] = s;
  }
  const bw = opts.bandwidth ?? andrewsParzenBandwidth(y, 4);
  if (!(bw > 0) || !Number.isFinite(bw)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bandwidth must be > 0, got ${bw}`);
  let psi = 0;
  for (let j = 0; j < n; j++) {
    const w = parzenKernel(j / bw);
    if (w === 0) break;
    let g = 0;
    for (let t = j; t < n; t++) g += (u[t] as number) * (u[t - j] as number);
    psi += (j === 0 ? 1 : 2) * w * (g / n);
  }
  psi *= n / (n - 4);
  const sa = ma / Math.sqrt(va);
  const sb = mb / Math.sqrt(vb);
  const se = Math.sqrt(psi / n);
  if (!(se > 0)) throw new BacktestError(BacktestErrorCode.DEGENERATE, "ledoitWolfSharpeTest: zero standard error (identical series?)");
  const z = (sa - sb) / se;
  return {
    sharpeA: sa,
    sharpeB: sb,
    difference: sa - sb,
    statistic: z,
    pValue: twoSidedNormalP(z),
    pValueGreater: 1 - normalCdf(z),
    bandwidth: bw,
  };
}
