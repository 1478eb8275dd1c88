// Information coefficients of the planted signal: oracle (true latent drift) and the trailing-mean feature (pure).

/** Pearson correlation of two length-n samples (NaN pairs skipped); NaN with fewer than 3 pairs or no variance. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    n++;
    sx += a;
    sy += b;
  }
  if (n < 3) return NaN;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    sxy += (a - mx) * (b - my);
    sxx += (a - mx) * (a - mx);
    syy += (b - my) * (b - my);
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

export interface IcSummary {
  /** Mean of the daily cross-sectional Pearson IC. */
  readonly mean: number;
  /** Standard error of that mean (daily ICs treated as independent; they overlap over 5 days, so this is optimistic). */
  readonly stdErr: number;
  readonly days: number;
}

/**
 * Mean daily cross-sectional IC between a predictor P (T x N) and the realized mean return over t+1..t+h of R (T x N).
 * Days where the predictor row is all NaN are skipped.
 */
export function meanForwardIC(predictor: ArrayLike<number>, returns: ArrayLike<number>, T: number, N: number, horizon: number): IcSummary {
  const ics: number[] = [];
  const p = new Float64Array(N);
  const y = new Float64Array(N);
  for (let t = 0; t + horizon < T; t++) {
    for (let i = 0; i < N; i++) {
      p[i] = predictor[t * N + i] as number;
      let s = 0;
      for (let k = 1; k <= horizon; k++) s += returns[(t + k) * N + i] as number;
      y[i] = s / horizon;
    }
    const ic = pearson(p, y);
    if (!Number.isNaN(ic)) ics.push(ic);
  }
  const n = ics.length;
  const mean = ics.reduce((a, b) => a + b, 0) / Math.max(n, 1);
  const v = ics.reduce((a, b) => a + (b - mean) * (b - mean), 0) / Math.max(n - 1, 1);
  return { mean, stdErr: Math.sqrt(v / Math.max(n, 1)), days: n };
}

/** Trailing mean of each column over the last `window` days including t (NaN skipped, NaN until a value exists). */
export function trailingMean(returns: ArrayLike<number>, T: number, N: number, window: number): Float64Array {
  const out = new Float64Array(T * N).fill(NaN);
  for (let i = 0; i < N; i++) {
    for (let t = 0; t < T; t++) {
      let s = 0;
      let n = 0;
      for (let k = Math.max(0, t - window + 1); k <= t; k++) {
        const r = returns[k * N + i] as number;
        if (!Number.isNaN(r)) {
          s += r;
          n++;
        }
      }
      if (n > 0) out[t * N + i] = s / n;
    }
  }
  return out;
}
