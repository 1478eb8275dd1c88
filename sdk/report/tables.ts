// HTML tables of the report (pure string builders, escaped).
import { PRD_KPIS } from "./kpi.ts";
import type { ReportData } from "./data.ts";

/** HTML-escapes text. */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** Formats a number: percent, fixed decimals, or "—" for missing values. */
export function fmt(v: number | null | undefined, kind: "pct" | "num" | "p" | "int" = "num"): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "-∞";
  if (kind === "pct") return `${(v * 100).toFixed(2)}%`;
  if (kind === "int") return String(Math.round(v));
  if (kind === "p") return v < 1e-4 ? v.toExponential(1) : v.toFixed(4);
  return v.toFixed(3);
}

/** An HTML table; `head` is escaped here, the cells are HTML the caller escaped; `rowClass(i)` names a row's class. */
export function table(id: string, head: readonly string[], rows: readonly (readonly string[])[], rowClass?: (i: number) => string): string {
  const h = head.map((x) => `<th>${esc(x)}</th>`).join("");
  const b = rows.map((r, i) => `<tr${rowClass?.(i) ? ` class="${esc(rowClass(i))}"` : ""}>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table id="${id}" class="tbl"><thead><tr>${h}</tr></thead><tbody>\n${b}\n</tbody></table>`;
}

const METRICS: readonly [string, string, "pct" | "num" | "int"][] = [
  ["cumulativeReturn", "Cum. return", "pct"],
  ["annualizedReturn", "CAGR", "pct"],
  ["annualizedVolatility", "Vol", "pct"],
  ["sharpe", "Sharpe", "num"],
  ["sortino", "Sortino", "num"],
  ["calmar", "Calmar", "num"],
  ["maxDrawdown", "Max DD", "pct"],
  ["longestDrawdownDays", "Longest DD (days)", "int"],
  ["winRate5d", "Win rate 5d", "pct"],
  ["var95", "VaR 95", "pct"],
  ["var99", "VaR 99", "pct"],
  ["cvar95", "CVaR 95", "pct"],
  ["cvar99", "CVaR 99", "pct"],
  ["averageTurnover", "Turnover", "pct"],
  ["maxWeight", "Max weight", "pct"],
  ["averageHhi", "Avg HHI", "num"],
];

/** All PRD 6.3 metrics, one row per strategy (stitched test period). */
export function metricsTable(d: ReportData): string {
  const rows = d.strategies.map((s) => [esc(s.label), ...METRICS.map(([k, , f]) => fmt((s.metrics as unknown as Record<string, number | undefined>)[k], f))]);
  return table("metrics", ["Strategy", ...METRICS.map((m) => m[1])], rows);
}

/** Sharpe, return and max drawdown per test year / split. */
export function perSplitTable(d: ReportData): string {
  const ids = d.splits.map((s) => s.id);
  const rows = d.strategies.map((s) => [esc(s.label), ...ids.flatMap((id) => {
    const m = s.perSplit.find((p) => p.id === id)?.metrics;
    return [fmt(m?.sharpe), fmt(m?.annualizedReturn, "pct"), fmt(m?.maxDrawdown, "pct")];
  })]);
  return table("per-split", ["Strategy", ...ids.flatMap((id) => [`${id} Sharpe`, `${id} CAGR`, `${id} MaxDD`])], rows);
}

/** PRD 2.2 KPI table: value and target / minimum / fail per strategy. */
export function kpiTable(d: ReportData): string {
  const rows = d.strategies.map((s) => [
    esc(s.label),
    ...PRD_KPIS.map((k) => {
      const c = d.kpis.find((x) => x.strategy === s.name && x.kpi === k.key);
      return `<span class="kpi ${c?.status ?? "n/a"}" data-kpi="${k.key}" data-status="${c?.status ?? "n/a"}">${fmt(c?.value, k.percent ? "pct" : "num")} · ${c?.status ?? "n/a"}</span>`;
    }),
  ]);
  const head = PRD_KPIS.map((k) => `${k.label} (min ${k.op} ${k.percent ? `${+(k.minimum * 100).toFixed(4)}%` : k.minimum}, target ${k.op} ${k.percent ? `${+(k.target * 100).toFixed(4)}%` : k.target})`);
  return table("kpi", ["Strategy", ...head], rows);
}

/** JK-Memmel, Ledoit-Wolf and paired t-test vs each baseline, and the Deflated Sharpe. */
export function significanceTable(d: ReportData): string {
  const label = (n: string) => esc(d.strategies.find((s) => s.name === n)?.label ?? n);
  const rows = d.comparisons.map((c) => [
    label(c.strategy),
    label(c.baseline),
    fmt(c.jobsonKorkie.difference * Math.sqrt(252)),
    fmt(c.jobsonKorkie.statistic),
    fmt(c.jobsonKorkie.pValue, "p"),
    fmt(c.ledoitWolf.pValue, "p"),
    fmt(c.pairedT.statistic),
    fmt(c.pairedT.pValue, "p"),
  ]);
  const dsr = d.deflatedSharpe.map((x) => [label(x.strategy), fmt(x.dailySharpe * Math.sqrt(252)), fmt(x.sr0 * Math.sqrt(252)), fmt(x.dsr, "p"), String(x.nTrials)]);
  return (
    table("significance", ["Strategy", "vs", "ΔSharpe (ann.)", "JK-Memmel z", "JK p", "Ledoit-Wolf p", "paired t", "t-test p"], rows) +
    table("dsr", ["Strategy", "Sharpe (ann.)", "SR0 (ann.)", "Deflated Sharpe", "trials"], dsr)
  );
}

/** Stress windows: drawdown, recovery, VaR exceedances. */
export function stressTableHtml(d: ReportData): string {
  const label = (n: string) => esc(d.strategies.find((s) => s.name === n)?.label ?? n);
  const rows = d.stress.map((r) => [
    label(r.strategy),
    esc(`${r.window} (${r.from}..${r.to})`),
    r.result === null ? "not in the test period" : fmt(r.result.cumulativeReturn, "pct"),
    fmt(r.result?.maxDrawdown, "pct"),
    r.result === null ? "—" : r.result.recoveryDays === null ? "not recovered" : String(r.result.recoveryDays),
    r.result === null ? "—" : `${r.result.varExceedances} (exp. ${r.result.expectedExceedances.toFixed(1)})`,
  ]);
  return table("stress", ["Strategy", "Window", "Return", "Max DD", "Recovery (days)", "VaR95 exceedances"], rows);
}

/** Regimes: metrics on the regime's days and position concentration. */
export function regimeTableHtml(d: ReportData): string {
  const label = (n: string) => esc(d.strategies.find((s) => s.name === n)?.label ?? n);
  const rows = d.regimes.map((r) => [label(r.strategy), esc(r.regime), String(r.metrics.days), fmt(r.metrics.sharpe), fmt(r.metrics.annualizedMean, "pct"), fmt(r.metrics.maxDrawdown, "pct"), fmt(r.averageHhi), fmt(r.averageMaxWeight, "pct")]);
  return table("regimes", ["Strategy", "Regime", "Days", "Sharpe", "Mean (ann.)", "Max DD", "Avg HHI", "Avg max weight"], rows);
}

/** Sensitivity and perturbation runs. */
export function variantsTable(d: ReportData): string {
  const label = (n: string) => esc(d.strategies.find((s) => s.name === n)?.label ?? n);
  const rows = d.variants.map((v) => [esc(v.analysis), esc(v.parameter), String(v.value), label(v.strategy), fmt(v.sharpe), fmt(v.annualizedReturn, "pct"), fmt(v.maxDrawdown, "pct"), fmt(v.averageTurnover, "pct")]);
  return table("variants", ["Analysis", "Parameter", "Value", "Strategy", "Sharpe", "CAGR", "Max DD", "Turnover"], rows);
}
