// The "Tuning and ablations" HTML: every trial of each experiment log with the worker's Deflated Sharpe Ratio next to the
// best trial's Sharpe, and each ablation's Sharpe deltas vs default with bootstrap intervals. One renderer for the section
// of the backtest report and for the standalone tuning_report.html (pure string builders, everything escaped).
import { embedJson, REPORT_CSS } from "./page.ts";
import { esc, fmt, table } from "./tables.ts";
import type { TuningAblation, TuningExperiments, TuningSummary } from "./tuning-data.ts";

const text = (s: unknown) => `<span class="text">${esc(s)}</span>`;
const short = (h: string | null) => (h === null ? "—" : `<span title="${esc(h)}">${esc(h.slice(0, 12))}</span>`);
const list = (xs: readonly (number | null)[]) => xs.map((x) => fmt(x)).join(", ") || "—";
const paramText = (p: Readonly<Record<string, unknown>>) =>
  Object.entries(p)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(4)) : typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");

/** Best trial, its annualized validation Sharpe and the DSR over all complete trials (numbers as the worker computed them). */
function bestTable(e: TuningExperiments, k: number): string {
  const d = e.deflated;
  const row = [
    d.best_trial === null ? "—" : String(d.best_trial),
    esc(d.best_phase ?? "—"),
    fmt(d.best_val_sharpe),
    `<strong>${fmt(d.dsr)}</strong>`,
    fmt(d.best_sharpe_daily, "p"),
    fmt(d.sr0, "p"),
    fmt(d.sharpe_variance, "p"),
    String(d.n_trials),
  ];
  return table(`tuning-dsr-${k}`, ["Best trial", "Phase", "Val Sharpe (ann.)", "Deflated Sharpe", "Sharpe (daily)", "SR0 (daily)", "Var of trial Sharpes (daily)", "Complete trials"], [row]);
}

function trialsTable(e: TuningExperiments, k: number): string {
  const d = e.deflated;
  const isBest = (t: TuningExperiments["trials"][number]) => t.trial === d.best_trial && t.phase === d.best_phase && t.state === "COMPLETE";
  const rows = e.trials.map((t) => [
    esc(t.phase),
    String(t.trial),
    esc(t.state),
    isBest(t) ? `${fmt(t.val_sharpe)} · DSR ${fmt(d.dsr)}` : fmt(t.val_sharpe),
    list(t.per_seed_sharpe),
    text(t.config),
    text(paramText(t.params)),
    esc(t.seeds.join(", ")),
    short(t.data_hash),
    fmt(t.duration_s, "num"),
    esc(`${t.worker ?? "—"} / ${t.host ?? "—"}`),
  ]);
  return table(
    `tuning-trials-${k}`,
    ["Phase", "Trial", "State", "Val Sharpe (ann.)", "Per seed", "Config", "Params", "Seeds", "Data hash", "Duration (s)", "Worker / host"],
    rows,
    (i) => (isBest(e.trials[i] as TuningExperiments["trials"][number]) ? "best" : ""),
  );
}

function experimentsHtml(e: TuningExperiments, k: number): string {
  const d = e.deflated;
  const verdict =
    d.dsr === null
      ? "The DSR needs at least 2 complete trials."
      : d.dsr >= 0.95
        ? "DSR ≥ 0.95: the best trial's Sharpe is unlikely to be only the luck of picking the best of these trials."
        : "DSR < 0.95: the best trial is not distinguishable from the best of as many unskilled trials.";
  return `<h3>Study ${esc(e.study)}</h3>
<p class="small">Experiment log ${esc(e.log)} · ${e.trials.length} trials (${e.trials.filter((t) => t.state === "COMPLETE").length} complete, ${e.trials.filter((t) => t.state === "PRUNED").length} pruned) · objective = mean over seeds of the annualized validation Sharpe; the test period is never read.</p>
${bestTable(e, k)}
<p class="small">Deflated Sharpe Ratio (Bailey &amp; López de Prado 2014): probability that the best trial's true Sharpe exceeds SR0, the expected maximum Sharpe of ${d.n_trials} unskilled trials with the observed variance of trial Sharpes; computed by the worker (pyworker/tune/dsr.py). ${esc(verdict)}</p>
${trialsTable(e, k)}`;
}

function ablationHtml(a: TuningAblation, k: number): string {
  const pct = Math.round(a.bootstrap.level * 100);
  const rows = a.rows.map((r) => {
    const sig = r.variant !== "default" && r.ci_low !== null && r.ci_high !== null && (r.ci_low > 0 || r.ci_high < 0);
    return [
      esc(r.variant),
      text(r.description),
      r.input_width === null ? "—" : String(r.input_width),
      fmt(r.val_sharpe),
      list(r.per_seed_sharpe),
      r.delta === null ? "—" : `${r.delta >= 0 ? "+" : ""}${fmt(r.delta)}`,
      `[${fmt(r.ci_low)}, ${fmt(r.ci_high)}]`,
      r.variant === "default" ? "—" : sig ? `<span class="sig">yes</span>` : "no",
      fmt(r.duration_s),
      short(r.data_hash),
    ];
  });
  return `<h3>Ablation ${esc(a.name)}</h3>
<p class="small">${esc(a.path)} · seeds ${esc(a.seeds.join(", "))} · Δ = validation Sharpe (annualized, mean over seeds) minus the default's; ${pct}% paired block bootstrap interval (${a.bootstrap.n_boot} draws, blocks of ${a.bootstrap.block} days, seed ${a.bootstrap.seed}); "CI excludes 0" marks a delta the interval separates from 0.</p>
${table(`ablation-${k}`, ["Variant", "Change", "Input width", "Val Sharpe (ann.)", "Per seed", "Δ vs default", `${pct}% CI`, "CI excludes 0", "Duration (s)", "Data hash"], rows)}`;
}

/**
 * The "Tuning and ablations" section (an `<h2>` and its tables), for the backtest report or the standalone page.
 * @example html += tuningSection(parseTuningSummary(JSON.parse(readFileSync("runs/tune/quick/tuning.json", "utf8"))));
 */
export function tuningSection(t: TuningSummary): string {
  const parts = [...t.experiments.map(experimentsHtml), ...t.ablations.map(ablationHtml)];
  return `<h2 id="tuning">Tuning and ablations (PRD 8)</h2>
<p class="small">Exported by the worker at ${esc(t.created_at)} (python -m pyworker tune export). Validation years only.</p>
${parts.length ? parts.join("\n") : "<p>No experiment log or ablation given.</p>"}`;
}

/**
 * The standalone tuning_report.html: the section above plus the exported data embedded as JSON (no scripts, no network).
 * @example writeFileSync("tuning_report.html", renderTuningReport(summary, { title: "Tuning quick", createdAt: new Date().toISOString() }));
 */
export function renderTuningReport(t: TuningSummary, opts: { readonly title: string; readonly createdAt: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(opts.title)}</title><style>${REPORT_CSS}</style></head>
<body>
<h1>${esc(opts.title)}</h1>
<p class="small">Created ${esc(opts.createdAt)} · tuning.json beside this file holds every number.</p>
${tuningSection(t)}
<script id="tuning-data" type="application/json">${embedJson(t)}</script>
</body></html>
`;
}
