// Trades vs current holdings (PRD 9.1 step 5): drift yesterday's weights with the realized returns, the order list
// (target - drifted) and its turnover sum |delta w| (the backtest engine's definition). Pure, plus the CSV rendering.

export interface OrderRow {
  readonly factor: string;
  readonly current: number;
  readonly target: number;
  readonly delta: number;
  readonly side: "BUY" | "SELL" | "HOLD";
}

/** Weights after holding through the days of `returnRows` (missing return = 0 that day); zeros stay zeros. */
export function driftWeights(weights: ArrayLike<number>, returnRows: readonly ArrayLike<number>[]): Float64Array {
  let w = Float64Array.from(weights);
  for (const r of returnRows) {
    const g = w.map((x, i) => {
      const ri = r[i] as number;
      return x * (1 + (Number.isNaN(ri) ? 0 : ri));
    });
    const s = g.reduce((a, b) => a + b, 0);
    w = s > 0 ? g.map((x) => x / s) : g;
  }
  return w;
}

/** Deltas below this are HOLD (and count 0 toward turnover): rounding, not a trade. */
export const MIN_TRADE = 1e-9;

export function buildOrders(factors: readonly string[], current: ArrayLike<number>, target: ArrayLike<number>): { readonly rows: readonly OrderRow[]; readonly turnover: number } {
  const rows: OrderRow[] = [];
  let turnover = 0;
  factors.forEach((factor, i) => {
    const c = current[i] as number;
    const t = target[i] as number;
    const d = t - c;
    const side = Math.abs(d) < MIN_TRADE ? "HOLD" : d > 0 ? "BUY" : "SELL";
    if (side !== "HOLD") turnover += Math.abs(d);
    if (c !== 0 || t !== 0) rows.push({ factor, current: c, target: t, delta: side === "HOLD" ? 0 : d, side });
  });
  return { rows, turnover };
}

export function renderOrdersCsv(rows: readonly OrderRow[]): string {
  const lines = ["factor,current_weight,target_weight,delta,side"];
  for (const r of rows) lines.push(`${r.factor},${r.current.toFixed(10)},${r.target.toFixed(10)},${r.delta.toFixed(10)},${r.side}`);
  return `${lines.join("\n")}\n`;
}
