// renderReport: the self-contained HTML report (tables rendered here, charts drawn by the inlined chart.js from embedded JSON).
import type { ReportData } from "./data.ts";
import { embedJson, REPORT_CSS } from "./page.ts";
import { tuningSection } from "./tuning-html.ts";
import { esc, kpiTable, metricsTable, perSplitTable, regimeTableHtml, significanceTable, stressTableHtml, variantsTable } from "./tables.ts";

// Client side: reads #report-data, draws each chart into its canvas (no network; Chart from the inlined UMD bundle).
const CLIENT = `(function(){
const d=JSON.parse(document.getElementById('report-data').textContent);
const C=['#1f77b4','#ff7f0e','#2ca02c','#d62728','#9467bd','#8c564b','#e377c2','#7f7f7f','#bcbd22','#17becf'];
const base={animation:false,responsive:true,maintainAspectRatio:false,elements:{point:{radius:0}},interaction:{mode:'nearest',intersect:false},scales:{x:{ticks:{maxTicksLimit:12}}}};
function line(id,labels,sets,extra){const el=document.getElementById(id);if(!el)return;new Chart(el,{type:'line',data:{labels:labels,datasets:sets.map((s,i)=>Object.assign({borderColor:C[i%C.length],backgroundColor:C[i%C.length],borderWidth:1.2,fill:false},s))},options:Object.assign({},base,extra||{})});}
line('chart-equity',d.dates,d.strategies.map(s=>({label:s.label,data:s.nav})));
line('chart-drawdown',d.dates,d.strategies.map(s=>({label:s.label,data:s.drawdown.map(x=>-x)})));
line('chart-rolling-sharpe',d.dates,d.strategies.map(s=>({label:s.label,data:s.rollingSharpe,spanGaps:false})));
const t=d.strategies[0]?d.strategies[0].turnover.dates:[];
line('chart-turnover',t,d.strategies.map(s=>({label:s.label,data:s.turnover.values})));
const f=d.strategies.filter(s=>s.forecast);
if(f.length)line('chart-ic',f[0].forecast.dates,f.map(s=>({label:s.label+' IC',data:s.forecast.ic})));
d.strategies.forEach((s,k)=>{line('chart-weights-'+k,s.weights.dates,s.weights.factors.map((name,i)=>({label:name,data:s.weights.series[i],fill:true,borderWidth:0.5})),{scales:{x:{ticks:{maxTicksLimit:12}},y:{stacked:true,min:0,max:1}}});});
window.__chartsDone=true;
})();`;

function chart(id: string, title: string, note = ""): string {
  return `<h3>${esc(title)}</h3>${note ? `<p class="small">${esc(note)}</p>` : ""}<div class="chart"><canvas id="${id}"></canvas></div>`;
}


/**
 * The report as one HTML string. `chartJs` is the source of chart.js's UMD bundle (inlined: the page needs no network).
 * @example writeFileSync("report.html", renderReport(data, readFileSync("node_modules/chart.js/dist/chart.umd.js", "utf8")));
 */
export function renderReport(d: ReportData, chartJs: string): string {
  const hasIc = d.strategies.some((s) => s.forecast !== undefined);
  const splits = d.splits.map((s) => `<tr><td>${esc(s.id)}</td><td>${esc(s.train.join(" .. "))}</td><td>${esc(s.validation.join(" .. "))}</td><td>${esc(s.test.join(" .. "))}</td></tr>`).join("");
  const status = d.strategies
    .filter((s) => Object.keys(s.statusCounts).length > 0)
    .map((s) => `<li>${esc(s.label)}: ${Object.entries(s.statusCounts).map(([k, v]) => `${esc(k)} ${v}`).join(", ")}</li>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(d.title)}</title><style>${REPORT_CSS}</style></head>
<body>
<h1>${esc(d.title)}</h1>
<p class="small">Created ${esc(d.createdAt)} · test days ${esc(d.dates[0] ?? "")} .. ${esc(d.dates[d.dates.length - 1] ?? "")} (${d.dates.length}) · ${d.strategies.length} strategies · results.json beside this file holds every number.</p>
${d.notes.length ? `<ul>${d.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : ""}
<h2>Walk-forward splits</h2>
<table id="splits" class="tbl"><thead><tr><th>Split</th><th>Train (purged)</th><th>Validation (purged)</th><th>Test</th></tr></thead><tbody>${splits}</tbody></table>
<h2>PRD KPIs (section 2.2)</h2>${kpiTable(d)}
<p class="small">target = meets the PRD target; minimum = meets only the minimum viable level; fail = below it; n/a = not applicable (IC needs forecasts).</p>
<h2>Charts</h2>
${chart("chart-equity", "Equity curves (NAV, $)")}
${chart("chart-drawdown", "Drawdowns")}
${chart("chart-rolling-sharpe", "Rolling 63-day Sharpe (annualized)")}
${chart("chart-turnover", "Turnover per rebalance")}
${hasIc ? chart("chart-ic", "Information coefficient per rebalance") : ""}
<h2>Metrics (stitched test period)</h2>${metricsTable(d)}
<h2>Per test year</h2>${perSplitTable(d)}
<h2>Significance</h2><p class="small">Daily excess returns over the test days; JK-Memmel and Ledoit-Wolf (HAC) test equal Sharpe ratios, two-sided; the paired t-test compares mean daily returns; the Deflated Sharpe uses every strategy and variant tried as a trial.</p>${significanceTable(d)}
<h2>Stress periods (PRD 7.2)</h2>${stressTableHtml(d)}
<h2>Regimes (PRD 7.2)</h2><p class="small">A day's regime is read at the previous close. Average correlation: mean pairwise correlation over the trailing window, data up to that close.</p>${regimeTableHtml(d)}
<h2>Sensitivity and data perturbations</h2>${d.variants.length ? variantsTable(d) : "<p>Not run (quick mode).</p>"}
${d.tuning === undefined ? "" : tuningSection(d.tuning)}
${status ? `<h2>Solver statuses</h2><ul>${status}</ul>` : ""}
<h2>Weights over time (top factors, at rebalances)</h2>
${d.strategies.map((s, k) => chart(`chart-weights-${k}`, s.label)).join("\n")}
<script id="report-data" type="application/json">${embedJson(d)}</script>
<script>${chartJs.replace(/<\/script/gi, "<\\/script")}</script>
<script>${CLIENT}</script>
</body></html>
`;
}
