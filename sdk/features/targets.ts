// Targets and windows by indexing into a FeatureSet: mu_actual / Sigma_actual over t+1..t+h, 250-day windows, masks.
import type { FeatureSet } from "./feature-set.ts";

export interface Targets {
  /** mean(r[t+1..t+h]) per factor, DAILY decimal units; 0 where masked. */
  readonly mu: Float64Array;
  /** N x N sample covariance (ddof = 1) of r[t+1..t+h], DAILY units; 0 in masked rows/columns. */
  readonly sigma: Float64Array;
  /** 1 where the factor is observed on all h target days. */
  readonly mask: Uint8Array;
  /** false when t + h runs past the last date. */
  readonly valid: boolean;
}

/** Targets at day t from the winsorized returns (DESIGN 4). */
export function targetsAt(fs: FeatureSet, t: number, horizon = 5): Targets {
  const T = fs.dates.length;
  const N = fs.factors.length;
  const mu = new Float64Array(N);
  const sigma = new Float64Array(N * N);
  const mask = new Uint8Array(N);
  const valid = t >= 0 && t + horizon < T && horizon >= 2;
  if (!valid) return { mu, sigma, mask, valid };
  const r = fs.returns;
  for (let i = 0; i < N; i++) {
    let ok = 1;
    let s = 0;
    for (let k = t + 1; k <= t + horizon; k++) {
      if (fs.mask[k * N + i] === 0) ok = 0;
      else s += r[k * N + i] as number;
    }
    mask[i] = ok;
    mu[i] = ok === 1 ? s / horizon : 0;
  }
  for (let i = 0; i < N; i++) {
    if (mask[i] === 0) continue;
    for (let j = i; j < N; j++) {
      if (mask[j] === 0) continue;
      let c = 0;
      for (let k = t + 1; k <= t + horizon; k++) c += ((r[k * N + i] as number) - (mu[i] as number)) * ((r[k * N + j] as number) - (mu[j] as number));
      c /= horizon - 1;
      sigma[i * N + j] = c;
      sigma[j * N + i] = c;
    }
  }
  return { mu, sigma, mask, valid };
}

export interface Window {
  /** lookback x nFeatures rows t-lookback+1..t (a view into fs.features, not a copy). */
  readonly features: Float32Array;
  /** 1 where the factor is observed on every day of the window. */
  readonly mask: Uint8Array;
  /** false when the window starts before the first date. */
  readonly valid: boolean;
  /** true when day t is a halt day (> 50% of factors missing): no trading decision. */
  readonly halted: boolean;
}

/** The input window ending at day t (inclusive). */
export function windowAt(fs: FeatureSet, t: number, lookback = 250): Window {
  const N = fs.factors.length;
  const F = fs.nFeatures;
  const start = t - lookback + 1;
  const valid = start >= 0 && t < fs.dates.length;
  const mask = new Uint8Array(N);
  if (!valid) return { features: new Float32Array(0), mask, valid, halted: false };
  mask.fill(1);
  for (let k = start; k <= t; k++) for (let i = 0; i < N; i++) if (fs.mask[k * N + i] === 0) mask[i] = 0;
  return { features: fs.features.subarray(start * F, (t + 1) * F), mask, valid, halted: fs.dayStatus[t] === "halt" };
}

/** Factors usable in the training sample at t: observed throughout its window and its target (DESIGN 4). */
export function sampleMaskAt(fs: FeatureSet, t: number, lookback = 250, horizon = 5): { mask: Uint8Array; valid: boolean } {
  const w = windowAt(fs, t, lookback);
  const tg = targetsAt(fs, t, horizon);
  const mask = new Uint8Array(fs.factors.length);
  for (let i = 0; i < mask.length; i++) mask[i] = (w.mask[i] as number) & (tg.mask[i] as number);
  return { mask, valid: w.valid && tg.valid && !w.halted };
}
