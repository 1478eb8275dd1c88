// The retraining gate (PRD 9.2 steps 3 and 5): a candidate ensemble replaces production only if it
// outperforms it on the same out-of-sample period and meets the PRD floors. Pure.

/** Metrics of one ensemble on the comparison period (PRD 9.2: backtest on the previous year). */
export type PromotionMetrics = {
  /** Annualized Sharpe ratio over the comparison period. */
  sharpe: number;
  /** Maximum drawdown over the period, a positive fraction (0.12 = 12%). */
  maxDrawdown?: number;
  /** Mean information coefficient. */
  ic?: number;
  /** p-value of the Sharpe-difference test candidate vs production (e.g. jobsonKorkieMemmel in sdk/backtest/stats). */
  sharpeDiffPValue?: number;
};

export type PromotionRules = {
  /** Candidate Sharpe must exceed production Sharpe by more than this (default 0: strictly better). */
  minSharpeImprovement: number;
  /** Candidate maximum drawdown must be at most this (PRD 9.4 / 11.1: 20%); undefined = not checked. */
  maxDrawdown: number | undefined;
  /** Candidate IC floor (PRD 11.1 minimum 0.05); undefined = not checked. */
  minIc: number | undefined;
  /** Significance level of the Sharpe-difference test (PRD 9.2 step 3); undefined = not required. */
  alpha: number | undefined;
};

export const DEFAULT_PROMOTION_RULES: PromotionRules = { minSharpeImprovement: 0, maxDrawdown: 0.2, minIc: undefined, alpha: undefined };

export type PromotionCheck = { id: "SHARPE" | "DRAWDOWN" | "IC" | "SIGNIFICANCE"; passed: boolean; message: string };
export type PromotionDecision = { promote: boolean; checks: PromotionCheck[] };

const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : String(x));

/**
 * Decide whether a retrained candidate replaces production. Every enabled check must pass; a
 * missing or non-finite metric fails its check (the gate fails closed). With no production
 * (`production` null, first deployment) the Sharpe comparison passes and only the floors apply.
 * @example compareForPromotion({ sharpe: 1.3, maxDrawdown: 0.1 }, { sharpe: 1.1 }) // { promote: true, ... }
 */
export function compareForPromotion(candidate: PromotionMetrics, production: PromotionMetrics | null, rules: Partial<PromotionRules> = {}): PromotionDecision {
  const r: PromotionRules = { ...DEFAULT_PROMOTION_RULES, ...rules };
  const checks: PromotionCheck[] = [];
  if (!Number.isFinite(candidate.sharpe)) {
    checks.push({ id: "SHARPE", passed: false, message: `candidate Sharpe is ${candidate.sharpe}` });
  } else if (production === null) {
    checks.push({ id: "SHARPE", passed: true, message: `no production model; candidate Sharpe ${fmt(candidate.sharpe)}` });
  } else if (!Number.isFinite(production.sharpe)) {
    checks.push({ id: "SHARPE", passed: false, message: `production Sharpe is ${production.sharpe}; compare on a period where both are defined` });
  } else {
    const passed = candidate.sharpe > production.sharpe + r.minSharpeImprovement;
    checks.push({ id: "SHARPE", passed, message: `candidate Sharpe ${fmt(candidate.sharpe)} ${passed ? ">" : "<="} production ${fmt(production.sharpe)} + ${fmt(r.minSharpeImprovement)}` });
  }
  if (r.maxDrawdown !== undefined) {
    const dd = candidate.maxDrawdown;
    const passed = dd !== undefined && Number.isFinite(dd) && dd <= r.maxDrawdown;
    checks.push({ id: "DRAWDOWN", passed, message: dd === undefined ? "candidate maxDrawdown missing" : `candidate max drawdown ${fmt(dd)} ${passed ? "<=" : ">"} ${fmt(r.maxDrawdown)}` });
  }
  if (r.minIc !== undefined) {
    const ic = candidate.ic;
    const passed = ic !== undefined && Number.isFinite(ic) && ic >= r.minIc;
    checks.push({ id: "IC", passed, message: ic === undefined ? "candidate ic missing" : `candidate IC ${fmt(ic)} ${passed ? ">=" : "<"} ${fmt(r.minIc)}` });
  }
  if (r.alpha !== undefined && production !== null) {
    const p = candidate.sharpeDiffPValue;
    const passed = p !== undefined && Number.isFinite(p) && p < r.alpha;
    checks.push({ id: "SIGNIFICANCE", passed, message: p === undefined ? "sharpeDiffPValue missing" : `Sharpe difference p-value ${fmt(p)} ${passed ? "<" : ">="} ${fmt(r.alpha)}` });
  }
  return { promote: checks.every((c) => c.passed), checks };
}
