// Data quality report: a self-contained HTML page (Chart.js inlined from node_modules) with availability per
// factor, missingness over time, winsorization counts and validation warnings.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { CleanPanel } from "./clean.ts";
import type { DataIssue } from "./errors.ts";

export interface QualityReportInput {
  /** All loaded factors (before the availability drop) and their availability. */
  readonly factors: readonly string[];
  readonly availability: ArrayLike<number>;
  readonly cleaned: CleanPanel;
  /** Validation warnings and infos, plus cleaning issues. */
  readonly issues: readonly DataIssue[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function chartJs(): string {
  const require = createRequire(import.meta.url);
  // The package exports map hides dist/; the UMD bundle sits next to the CommonJS entry.
  return readFileSync(join(dirname(require.resolve("chart.js")), "chart.umd.min.js"), "utf8");
}

/** The report as an HTML string (pure apart from reading the Chart.js bundle). */
export function renderQualityReport(input: QualityReportInput): string {
  const c = input.cleaned;
  const T = c.dates.length;
  const clipped = c.winsor.clippedLow.reduce((a, b) => a + b, 0) + c.winsor.clippedHigh.reduce((a, b) => a + b, 0);
  const warnDays = c.dayStatus.filter((s) => s === "warn").length;
  const haltDays = c.dayStatus.filter((s) => s === "halt").length;
  const data = {
    factors: input.factors,
    availability: Array.from(input.availability, (a) => +(a * 100).toFixed(2)),
    minAvailability: c.rules.minAvailability * 100,
    dates: c.dates,
    missingPct: Array.from(c.missingFraction, (f) => +(f * 100).toFixed(2)),
    keptFactors: c.factors,
    clippedLow: Array.from(c.winsor.clippedLow),
    clippedHigh: Array.from(c.winsor.clippedHigh),
  };
  const summary: [string, string][] = [
    ["Dataset", c.name],
    ["Dates", T === 0 ? "none" : `${c.dates[0]} to ${c.dates[T - 1]} (${T} rows)`],
    ["Factors", `${input.factors.length} loaded, ${c.factors.length} kept, ${c.dropped.length} dropped (< ${data.minAvailability}% available)`],
    ["Dropped", c.dropped.map((d) => `${d.factor} (${(d.availability * 100).toFixed(1)}%)`).join(", ") || "none"],
    ["Days with > 10% / > 50% factors missing", `${warnDays} warn, ${haltDays} halt`],
    ["Winsorized values", `${clipped} of ${c.mask.reduce((a, b) => a + b, 0)} observed (window ${c.cleaning.winsorWindow} days, ${c.cleaning.lowerQuantile}/${c.cleaning.upperQuantile} quantiles)`],
  ];
  const rows = input.issues
    .map((i) => `<tr class="${i.severity}"><td>${esc(i.severity)}</td><td>${esc(i.code)}</td><td>${esc(i.date ?? "")}</td><td>${esc(i.factor ?? i.column ?? "")}</td><td>${esc(i.message)}</td></tr>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Data quality report: ${esc(c.name)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;max-width:1200px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}
tr.warning td{background:#fff6e0}tr.error td{background:#fde2e2}.chart{height:320px;margin-bottom:32px}</style>
<script>${chartJs()}</script></head><body>
<h1>Data quality report: ${esc(c.name)}</h1>
<table>${summary.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("")}</table>
<h2>Availability per factor (%)</h2><div class="chart"><canvas id="avail"></canvas></div>
<h2>Missing factors per day (%)</h2><div class="chart"><canvas id="missing"></canvas></div>
<h2>Winsorized values per factor</h2><div class="chart"><canvas id="winsor"></canvas></div>
<h2>Warnings (${input.issues.length})</h2>
<table><tr><th>severity</th><th>code</th><th>date</th><th>factor/column</th><th>message</th></tr>${rows}</table>
<script id="report-data" type="application/json">${JSON.stringify(data).replace(/</g, "\\u003c")}</script>
<script>
const d = JSON.parse(document.getElementById("report-data").textContent);
const opts = { responsive: true, maintainAspectRatio: false, animation: false };
new Chart(document.getElementById("avail"), { type: "bar", data: { labels: d.factors, datasets: [
  { label: "availability %", data: d.availability, backgroundColor: d.availability.map(a => a < d.minAvailability ? "#d33" : "#4a7") }] }, options: opts });
new Chart(document.getElementById("missing"), { type: "line", data: { labels: d.dates, datasets: [
  { label: "missing %", data: d.missingPct, pointRadius: 0, borderWidth: 1, borderColor: "#36c" }] }, options: opts });
new Chart(document.getElementById("winsor"), { type: "bar", data: { labels: d.keptFactors, datasets: [
  { label: "clipped low", data: d.clippedLow, backgroundColor: "#69c" }, { label: "clipped high", data: d.clippedHigh, backgroundColor: "#c96" }] },
  options: { ...opts, scales: { x: { stacked: true }, y: { stacked: true } } } });
</script></body></html>
`;
}

export function writeQualityReport(file: string, input: QualityReportInput): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderQualityReport(input));
}
