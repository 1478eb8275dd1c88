// RollingZ: the rolling z-score normalization of many columns in O(1) per value (PRD 3.3: 60 days, expanding
// before, eps 1e-8), with sums anchored at a recent value and recomputed exactly every window.

/**
 * Keeps, per column, the last W values (NaN = missing) and sums of (v - anchor) and (v - anchor)^2 over the
 * observed ones. Every W days (and until a column has an anchor) the anchor moves to the current value and the
 * sums are recomputed from the window, so rounding never accumulates for more than W updates and a constant
 * window has exactly zero variance. z = (x - mean) / (std + eps), std with ddof = 1 (0 below 2 values).
 */
export class RollingZ {
  readonly columns: number;
  readonly window: number;
  private readonly eps: number;
  /** Column-major ring: vals[c * W + slot]. */
  private vals: Float64Array;
  private anchor: Float64Array;
  private s1: Float64Array;
  private s2: Float64Array;
  private count: Int32Array;
  private t = 0;

  constructor(columns: number, window: number, eps: number) {
    this.columns = columns;
    this.window = window;
    this.eps = eps;
    this.vals = new Float64Array(columns * window).fill(NaN);
    this.anchor = new Float64Array(columns).fill(NaN);
    this.s1 = new Float64Array(columns);
    this.s2 = new Float64Array(columns);
    this.count = new Int32Array(columns);
  }

  clone(): RollingZ {
    const c = new RollingZ(this.columns, this.window, this.eps);
    c.vals.set(this.vals);
    c.anchor.set(this.anchor);
    c.s1.set(this.s1);
    c.s2.set(this.s2);
    c.count.set(this.count);
    c.t = this.t;
    return c;
  }

  /**
   * Pushes one day's values. For columns with normalize[c] = 1 writes the z-score into out[c]; other columns
   * get the value itself; NaN values give 0.
   */
  push(x: Float64Array, normalize: Uint8Array, out: Float64Array): void {
    const W = this.window;
    const slot = this.t % W;
    const refreshAll = slot === 0;
    const { vals, anchor, s1, s2, count, eps } = this;
    for (let c = 0; c < this.columns; c++) {
      const v = x[c] as number;
      const at = c * W + slot;
      const old = vals[at] as number;
      vals[at] = v;
      let a = anchor[c] as number;
      if (refreshAll || (a !== a && v === v)) {
        if (v === v) a = v;
        anchor[c] = a;
        let n = 0;
        let p = 0;
        let q = 0;
        if (a === a) {
          const base = c * W;
          for (let j = 0; j < W; j++) {
            const d = (vals[base + j] as number) - a;
            if (d === d) {
              p += d;
              q += d * d;
              n++;
            }
          }
        }
        s1[c] = p;
        s2[c] = q;
        count[c] = n;
      } else {
        if (old === old) {
          const d = old - a;
          s1[c] = (s1[c] as number) - d;
          s2[c] = (s2[c] as number) - d * d;
          count[c] = (count[c] as number) - 1;
        }
        if (v === v) {
          const d = v - a;
          s1[c] = (s1[c] as number) + d;
          s2[c] = (s2[c] as number) + d * d;
          count[c] = (count[c] as number) + 1;
        }
      }
      if (v !== v) out[c] = 0;
      else if (normalize[c] === 0) out[c] = v;
      else {
        const n = count[c] as number;
        const md = (s1[c] as number) / n;
        const variance = n < 2 ? 0 : Math.max(0, ((s2[c] as number) - (s1[c] as number) * md) / (n - 1));
        out[c] = (v - a - md) / (Math.sqrt(variance) + eps);
      }
    }
    this.t++;
  }
}
