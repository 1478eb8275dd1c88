// renderDashboard: the dashboard page, one self-contained HTML string (chart.js inlined; data fetched from the JSON API).
import { DASHBOARD_CLIENT } from "./dashboard-client.ts";

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#222;background:#fafafa}h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:0 0 8px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px;margin:12px 0}.kpi{background:#fff;border:1px solid #ddd;padding:8px}
.kpi .k{color:#666;font-size:12px}.v{font-size:18px;font-weight:600}.v.bad{color:#b00020}.v.good{color:#0a7d27}
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:12px}.panel{background:#fff;border:1px solid #ddd;padding:10px}
.chart{position:relative;height:220px}table{border-collapse:collapse;font-size:12px;width:100%}td,th{border-bottom:1px solid #eee;padding:2px 6px;text-align:left}
.small{color:#666;font-size:12px}pre{white-space:pre-wrap;color:#b00020;margin:0}`;

const kpi = (id: string, label: string) => `<div class="kpi"><div class="k">${label}</div><div class="v" id="${id}">…</div></div>`;
const chart = (id: string, title: string) => `<div class="panel"><h2>${title}</h2><div class="chart"><canvas id="${id}"></canvas></div></div>`;
const table = (id: string, title: string, head: string[], note = "") =>
  `<div class="panel"><h2>${title}</h2>${note}<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody id="${id}"></tbody></table></div>`;

/**
 * The dashboard HTML. `chartJs` is chart.js's UMD source (inlined so the page needs no network); the page polls the
 * API every `refreshMs`.
 * @example reply.type("text/html").send(renderDashboard(chartJsBundle()))
 */
export function renderDashboard(chartJs: string, refreshMs = 60_000): string {
  const client = DASHBOARD_CLIENT.replace("REFRESH_MS", String(Math.max(1_000, Math.floor(refreshMs))));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>t2 monitor</title><style>${CSS}</style></head>
<body data-state="loading">
<h1>t2 monitor</h1><div class="small">As of <b id="asof">…</b> · written <span id="created">…</span> · <span id="status">loading…</span></div>
<pre id="client-errors"></pre><pre id="history-errors"></pre>
<div class="grid">
${kpi("nav", "NAV")}${kpi("pnl", "Daily P&amp;L")}${kpi("daily-return", "Daily return")}${kpi("sharpe", "Rolling 30-day Sharpe")}${kpi("drawdown", "Drawdown from peak")}
${kpi("vol-realized", "Realized vol (30d, ann.)")}${kpi("vol-target", "Target vol")}${kpi("optimizer-status", "Optimizer status")}${kpi("prediction-source", "Prediction (age)")}
${kpi("disagreement", "Ensemble disagreement")}${kpi("var95", "VaR 95% / utilization")}${kpi("var99", "VaR 99% / utilization")}${kpi("active-positions", "Active positions")}
${kpi("max-position", "Max position")}${kpi("turnover", "Turnover")}${kpi("missing", "Missing data")}${kpi("winsorized", "Winsorized (outliers)")}
</div>
<div class="panels">
${table("alerts", "Alerts (latest day)", ["Level", "Code", "Message"], `<div class="small" id="alert-none"></div>`)}
${chart("chart-positions", "Current positions")}
${table("positions", "Positions", ["Factor", "Weight", "Before rebalance"])}
${chart("chart-pnl", "Daily P&amp;L")}
${chart("chart-nav", "NAV")}
${chart("chart-drawdown", "Drawdown")}
${chart("chart-sharpe", "Rolling 30-day Sharpe")}
${chart("chart-vol", "Realized vs target volatility")}
${table("top-predictions", "Top 10 predicted returns", ["Factor", "mu", "sigma", "mu / sigma"])}
${chart("chart-eigen", "Predicted covariance eigenvalues")}
${table("eigenvalues", "Largest eigenvalues", ["#", "Eigenvalue"], `<div class="small" id="eigen-note"></div>`)}
${chart("chart-turnover", "Turnover")}
${chart("chart-quality", "Missing data, disagreement, VaR utilization")}
${table("feature-drift", "Feature distribution shift (largest 15)", ["Feature", "Statistic"])}
</div>
<script>${chartJs.replace(/<\/script/gi, "<\\/script")}</script>
<script>${client}</script>
</body></html>
`;
}
