// Student t-tests on returns (PRD 6.4): mean excess return vs 0, and paired difference vs a benchmark.
import { BacktestError, BacktestErrorCode, assertMinLength } from "../errors.ts";
import { mean, std, subtract, type Series } from "../metrics/moments.ts";
import { studentTCdf } from "./distributions.ts";

/** Result of a t-test. */
export interface TTestResult {
  readonly mean: number;
  readonly statistic: number;
  readonly df: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** One-sided p-value of H1: mean > mu0. */
  readonly pValueGreater: number;
}

/** One-sample t-test of H0: E[x] = mu0; t = (mean - mu0) / (s / sqrt(n)), df = n - 1 (Student 1908). */
export function oneSampleTTest(x: Series, mu0 = 0): TTestResult {
  assertMinLength(x, 2, "oneSampleTTest");
  const m = mean(x);
  const s = std(x, 1);
  if (s === 0) throw new BacktestError(BacktestErrorCode.DEGENERATE, "oneSampleTTest: zero variance");
  const df = x.length - 1;
  const t = (m - mu0) / (s / Math.sqrt(x.length));
  return { mean: m, statistic: t, df, pValue: 2 * studentTCdf(-Math.abs(t), df), pValueGreater: 1 - studentTCdf(t, df) };
}

/** Paired t-test of H0: E[a - b] = 0 on aligned series (e.g. strategy vs benchmark daily returns). */
export function pairedTTest(a: Series, b: Series): TTestResult {
  return oneSampleTTest(subtract(a, b), 0);
}
