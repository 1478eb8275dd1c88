// Pre-trade validation (PRD 9.1 step 6, 10.1): weights on the simplex, long-only, untradable factors at 0, portfolio
// volatility at or above the floor the chosen path promises, and the turnover warning (PRD 13.2: < 50%). Pure.
import { alert, type DailyAlert } from "./alerts.ts";

export interface PreTradeInput {
  readonly date: string;
  readonly factors: readonly string[];
  readonly weights: ArrayLike<number>;
  /** 1 = tradable today. */
  readonly mask: ArrayLike<number>;
  /** N x N daily covariance of the prediction the weights came from (absent for equal weight without one). */
  readonly sigma?: ArrayLike<number>;
  /** Daily volatility the weights must reach (undefined: no floor promised, e.g. min variance, equal weight). */
  readonly minVolDaily?: number;
  readonly turnover: number;
  readonly maxTurnoverWarn: number;
  /** False on the first day (no holdings yet): building the portfolio is not a turnover warning. */
  readonly hadHoldings: boolean;
}

export interface PreTradeCheck {
  readonly name: "simplex" | "long_only" | "masked_zero" | "vol_floor" | "turnover";
  readonly ok: boolean;
  readonly value: number;
  readonly limit: number;
  /** A failed hard check blocks trading; turnover only warns. */
  readonly hard: boolean;
}

const TOL = 1e-6;

export function portfolioVol(w: ArrayLike<number>, sigma: ArrayLike<number>): number {
  const n = w.length;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number;
    if (wi === 0) continue;
    for (let j = 0; j < n; j++) v += wi * (sigma[i * n + j] as number) * (w[j] as number);
  }
  return Math.sqrt(Math.max(0, v));
}

export function preTradeChecks(p: PreTradeInput): { readonly ok: boolean; readonly checks: readonly PreTradeCheck[]; readonly alerts: readonly DailyAlert[] } {
  const w = Array.from(p.weights);
  const sum = w.reduce((a, b) => a + b, 0);
  const minW = w.reduce((a, b) => Math.min(a, b), Infinity);
  let maskedMax = 0;
  let maskedAt = "";
  w.forEach((x, i) => {
    if (!p.mask[i] && Math.abs(x) > maskedMax) {
      maskedMax = Math.abs(x);
      maskedAt = p.factors[i] ?? String(i);
    }
  });
  const checks: PreTradeCheck[] = [
    { name: "simplex", ok: Number.isFinite(sum) && Math.abs(sum - 1) <= TOL, value: sum, limit: 1, hard: true },
    { name: "long_only", ok: minW >= -1e-12, value: minW, limit: 0, hard: true },
    { name: "masked_zero", ok: maskedMax === 0, value: maskedMax, limit: 0, hard: true },
  ];
  if (p.minVolDaily !== undefined && p.sigma !== undefined) {
    const vol = portfolioVol(w, p.sigma);
    checks.push({ name: "vol_floor", ok: vol >= p.minVolDaily * (1 - TOL), value: vol, limit: p.minVolDaily, hard: true });
  }
  checks.push({ name: "turnover", ok: !p.hadHoldings || p.turnover <= p.maxTurnoverWarn, value: p.turnover, limit: p.maxTurnoverWarn, hard: false });
  const alerts: DailyAlert[] = [];
  const failed = checks.filter((c) => c.hard && !c.ok);
  if (failed.length > 0) {
    const what = failed.map((c) => (c.name === "masked_zero" ? `masked_zero (factor ${maskedAt} has weight ${c.value})` : `${c.name} (${c.value} vs ${c.limit})`)).join(", ");
    alerts.push(alert("CRITICAL", "PRETRADE_FAILED", "pretrade", p.date, `pre-trade validation failed: ${what}; no orders, holdings kept`, { failed: failed.map((c) => c.name) }));
  }
  const t = checks.find((c) => c.name === "turnover");
  if (t && !t.ok) alerts.push(alert("WARNING", "HIGH_TURNOVER", "pretrade", p.date, `turnover ${(p.turnover * 100).toFixed(1)}% above ${(p.maxTurnoverWarn * 100).toFixed(0)}%`, { turnover: p.turnover }));
  return { ok: failed.length === 0, checks, alerts };
}
