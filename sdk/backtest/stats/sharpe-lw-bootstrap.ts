// Ledoit & Wolf (2008) section 3.2: studentized circular block bootstrap test of equal Sharpe ratios.
import { BacktestError, BacktestErrorCode } from "../errors.ts";
import type { Series } from "../metrics/moments.ts";
import { mulberry32 } from "./prng.ts";
import { ledoitWolfSharpeTest } from "./sharpe-lw.ts";

/** Options of {@link ledoitWolfBootstrapTest}; `seed` is required (no hidden randomness). */
export interface BootstrapOptions {
  readonly seed: number;
  /** Block length b (default 5). */
  readonly blockSize?: number;
  /** Bootstrap repetitions M (default 1000). */
  readonly nBoot?: number;
  /** Bandwidth of the HAC standard error of the original statistic (default: Andrews). */
  readonly bandwidth?: number;
}

/** Sharpe difference and its block standard error on T' = l * b rows of the (a, b) pairs given by `idx`. */
function blockStat(a: Series, b: Series, idx: Int32Array, block: number): { diff: number; se: number } {
  const n = idx.length;
  let ma = 0, mb = 0, ga = 0, gb = 0;
  for (const i of idx) {
    const x = a[i] as number;
    const z = b[i] as number;
    ma += x; mb += z; ga += x * x; gb += z * z;
  }
  ma /= n; mb /= n; ga /= n; gb /= n;
  const va = ga - ma * ma;
  const vb = gb - mb * mb;
  const grad = [ga / va ** 1.5, -gb / vb ** 1.5, -ma / (2 * va ** 1.5), mb / (2 * vb ** 1.5)];
  // Psi* = (1/l) sum_j zeta_j zeta_j', zeta_j = b^-1/2 sum_{t in block j} y_t (Goetze & Kuensch 1996)
  // projected on the gradient: grad' Psi* grad = (1/l) sum_j (grad' zeta_j)^2.
  const blocks = n / block;
  let psi = 0;
  for (let j = 0; j < blocks; j++) {
    let u = 0;
    for (let s = j * block; s < (j + 1) * block; s++) {
      const x = a[idx[s] as number] as number;
      const z = b[idx[s] as number] as number;
      u += (grad[0] as number) * (x - ma) + (grad[1] as number) * (z - mb) + (grad[2] as number) * (x * x - ga) + (grad[3] as number) * (z * z - gb);
    }
    psi += (u * u) / block;
  }
  psi /= blocks;
  return { diff: ma / Math.sqrt(va) - mb / Math.sqrt(vb), se: Math.sqrt(psi / n) };
}

/**
 * Two-sided p-value of H0: SR_a = SR_b by the studentized circular block bootstrap (Ledoit & Wolf
 * 2008, section 3.2; Politis & Romano 1992): d = |Delta| / s(Delta) with the HAC s of section 3.1;
 * for each of M resamples of l = floor(T / b) blocks (uniform start, wrapping around),
 * d*_m = |Delta*_m - Delta| / s(Delta*_m) with the block s; p = (#{d*_m >= d} + 1) / (M + 1).
 */
export function ledoitWolfBootstrapTest(a: Series, b: Series, opts: BootstrapOptions): { difference: number; statistic: number; pValue: number } {
  const hac = ledoitWolfSharpeTest(a, b, opts.bandwidth === undefined ? {} : { bandwidth: opts.bandwidth });
  const block = opts.blockSize ?? 5;
  const nBoot = opts.nBoot ?? 1000;
  const n = a.length;
  if (!Number.isInteger(block) || block < 1 || block > n / 2) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bad block size ${block}`);
  if (!Number.isInteger(nBoot) || nBoot < 1) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `bad nBoot ${nBoot}`);
  if (!Number.isInteger(opts.seed)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, "seed must be an integer");
  const d = Math.abs(hac.statistic);
  const rand = mulberry32(opts.seed);
  const blocks = Math.floor(n / block);
  const idx = new Int32Array(blocks * block);
  let exceed = 0;
  for (let m = 0; m < nBoot; m++) {
    for (let j = 0; j < blocks; j++) {
      const start = Math.floor(rand() * n);
      for (let s = 0; s < block; s++) idx[j * block + s] = (start + s) % n;
    }
    const st = blockStat(a, b, idx, block);
    if (Math.abs(st.diff - hac.difference) / st.se >= d) exceed++;
  }
  return { difference: hac.difference, statistic: hac.statistic, pValue: (exceed + 1) / (nBoot + 1) };
}
