// The PRD 2.2 / 11.1 KPI table: minimum and target per KPI, pass/fail per strategy.

/** One KPI: its PRD thresholds and direction. */
export interface KpiSpec {
  readonly key: "sharpe" | "maxDrawdown" | "winRate5d" | "ic" | "averageTurnover";
  readonly label: string;
  readonly minimum: number;
  readonly target: number;
  /** `>=`: higher is better; `<`: lower is better. */
  readonly op: ">=" | "<";
  readonly percent: boolean;
}

/** PRD 2.2: Sharpe >= 1.0 / 1.5, max DD < 20% / 15%, win rate >= 55% / 60%, IC >= 0.05 / 0.08, turnover < 100% / 50%. */
export const PRD_KPIS: readonly KpiSpec[] = [
  { key: "sharpe", label: "Sharpe ratio (annualized)", minimum: 1.0, target: 1.5, op: ">=", percent: false },
  { key: "maxDrawdown", label: "Maximum drawdown", minimum: 0.2, target: 0.15, op: "<", percent: true },
  { key: "winRate5d", label: "Win rate (5-day periods)", minimum: 0.55, target: 0.6, op: ">=", percent: true },
  { key: "ic", label: "Information coefficient", minimum: 0.05, target: 0.08, op: ">=", percent: false },
  { key: "averageTurnover", label: "Turnover per rebalance", minimum: 1.0, target: 0.5, op: "<", percent: true },
];

export type KpiStatus = "target" | "minimum" | "fail" | "n/a";

/** A strategy's value and status on one KPI. */
export interface KpiCell {
  readonly strategy: string;
  readonly kpi: KpiSpec["key"];
  readonly value: number | null;
  readonly status: KpiStatus;
}

const meets = (v: number, bound: number, op: KpiSpec["op"]) => (op === ">=" ? v >= bound : v < bound);

/** Status of a value: `target` if it meets the target, `minimum` if only the minimum, else `fail`; `n/a` without a value. */
export function kpiStatus(spec: KpiSpec, value: number | null | undefined): KpiStatus {
  if (value === null || value === undefined || Number.isNaN(value)) return "n/a";
  if (meets(value, spec.target, spec.op)) return "target";
  return meets(value, spec.minimum, spec.op) ? "minimum" : "fail";
}

/** KPI cells of one strategy from its metric values (IC only for strategies with forecasts). */
export function kpiCells(strategy: string, values: Partial<Record<KpiSpec["key"], number | null>>): KpiCell[] {
  return PRD_KPIS.map((k) => {
    const v = values[k.key] ?? null;
    return { strategy, kpi: k.key, value: v, status: kpiStatus(k, v) };
  });
}
