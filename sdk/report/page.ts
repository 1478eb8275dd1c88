// Shared page parts of the HTML reports: the style sheet and JSON embedding.

/** The report's style sheet (the backtest report and the standalone tuning report). */
export const REPORT_CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
.tbl{border-collapse:collapse;margin:8px 0;font-size:12px}.tbl td,.tbl th{border:1px solid #ddd;padding:3px 6px;text-align:right}.tbl td:first-child,.tbl th:first-child{text-align:left}
.kpi.target{color:#0a7d27;font-weight:600}.kpi.minimum{color:#a86b00}.kpi.fail{color:#b00020}.kpi.n\\/a{color:#888}
.chart{position:relative;height:320px;max-width:1100px}.small{color:#666;font-size:12px}
.tbl tr.best td{background:#eef7ee;font-weight:600}.tbl .text{display:block;text-align:left;max-width:560px}.sig{color:#0a7d27;font-weight:600}`;

/** JSON safe to embed inside a <script> element. */
export function embedJson(x: unknown): string {
  return JSON.stringify(x).replace(/</g, "\\u003c");
}
