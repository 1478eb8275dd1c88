// Window statistics over mirrored ring buffers and cross-sectional ranks (the one implementation both drivers use).

/**
 * Mean and sample standard deviation (ddof = 1; 0 with fewer than 2 values) of the observed (non-NaN) values
 * buf[from .. from + k), in order. Writes [n, mean, std] into `out`; mean is NaN when n = 0.
 */
export function windowStats(buf: Float64Array, from: number, k: number, out: Float64Array): void {
  const to = from + k;
  let n = 0;
  let sum = 0;
  for (let p = from; p < to; p++) {
    const x = buf[p] as number;
    if (x === x) {
      sum += x;
      n++;
    }
  }
  if (n === 0) {
    out[0] = 0;
    out[1] = NaN;
    out[2] = 0;
    return;
  }
  const mean = sum / n;
  let ss = 0;
  for (let p = from; p < to; p++) {
    const x = buf[p] as number;
    if (x === x) ss += (x - mean) * (x - mean);
  }
  out[0] = n;
  out[1] = mean;
  out[2] = n < 2 ? 0 : Math.sqrt(ss / (n - 1));
}

/**
 * Z-score (x - mean) / (std + eps) of x against the observed values of buf[from .. from + k), a window that
 * contains x. One pass over deviations from x itself (shifted data): exact 0 for a constant window, and the
 * cancellation is bounded because x lies inside the window. std is the sample std (ddof = 1; 0 below 2 values).
 */
export function windowZ(buf: Float64Array, from: number, k: number, x: number, eps: number): number {
  const to = from + k;
  let n = 0;
  let sd = 0;
  let sdd = 0;
  for (let p = from; p < to; p++) {
    const d = (buf[p] as number) - x;
    if (d === d) {
      sd += d;
      sdd += d * d;
      n++;
    }
  }
  if (n === 0) return 0;
  const md = sd / n;
  const v = n < 2 ? 0 : Math.max(0, (sdd - sd * md) / (n - 1));
  return -md / (Math.sqrt(v) + eps);
}

/**
 * Stats of two trailing windows in one pass: the last kLong values buf[from .. from + kLong) and their suffix of
 * kShort values. Shifted sums around `shift` (a value of the window, so the cancellation is bounded; a
 * constant window gives exactly 0). Writes [nLong, meanLong, stdLong, nShort, meanShort, stdShort] into out
 * (std ddof = 1, 0 below 2 values; mean NaN when n = 0).
 */
export function windowStats2(buf: Float64Array, from: number, kLong: number, kShort: number, shift: number, out: Float64Array): void {
  const to = from + kLong;
  const mid = to - kShort;
  let n = 0;
  let s = 0;
  let ss = 0;
  for (let p = from; p < mid; p++) {
    const d = (buf[p] as number) - shift;
    if (d === d) {
      s += d;
      ss += d * d;
      n++;
    }
  }
  let n2 = 0;
  let s2 = 0;
  let ss2 = 0;
  for (let p = mid; p < to; p++) {
    const d = (buf[p] as number) - shift;
    if (d === d) {
      s2 += d;
      ss2 += d * d;
      n2++;
    }
  }
  finishShifted(n + n2, s + s2, ss + ss2, shift, out, 0);
  finishShifted(n2, s2, ss2, shift, out, 3);
}

function finishShifted(n: number, s: number, ss: number, shift: number, out: Float64Array, at: number): void {
  out[at] = n;
  if (n === 0) {
    out[at + 1] = NaN;
    out[at + 2] = 0;
    return;
  }
  const md = s / n;
  out[at + 1] = shift + md;
  out[at + 2] = n < 2 ? 0 : Math.sqrt(Math.max(0, (ss - s * md) / (n - 1)));
}

/**
 * A "mirrored" ring of `size` slots per series stored in 2 * size cells: each value is written at slot and
 * slot + size, so the last k values ending at the newest slot are always contiguous at
 * [base + slot + size - k + 1, base + slot + size].
 */
export function mirrorWrite(buf: Float64Array, base: number, size: number, slot: number, x: number): void {
  buf[base + slot] = x;
  buf[base + slot + size] = x;
}

/** Start index of the window of the last k values ending at `slot` in a mirrored ring. */
export function mirrorFrom(base: number, size: number, slot: number, k: number): number {
  return base + slot + size - k + 1;
}

/**
 * Cross-sectional percentile rank in [0, 1] of the observed values: (average rank - 1) / (n - 1), 0.5 when only
 * one value is observed. NaN inputs give NaN.
 */
export function percentileRanks(values: ArrayLike<number>, out: Float64Array, order: Int32Array): void {
  const N = values.length;
  let n = 0;
  for (let i = 0; i < N; i++) {
    if (!Number.isNaN(values[i] as number)) order[n++] = i;
    out[i] = NaN;
  }
  const idx = order.subarray(0, n);
  idx.sort((a, b) => (values[a] as number) - (values[b] as number));
  let j = 0;
  while (j < n) {
    let k = j;
    const v = values[idx[j] as number] as number;
    while (k + 1 < n && values[idx[k + 1] as number] === v) k++;
    // Ties share the average of ranks j..k (0-based), i.e. (j + k) / 2.
    const pct = n === 1 ? 0.5 : (j + k) / 2 / (n - 1);
    for (let m = j; m <= k; m++) out[idx[m] as number] = pct;
    j = k + 1;
  }
}
