// renderResultsDoc: docs/results.md from a run's results.json + evidence.json (pure: no I/O, no clock). Every number
// in the doc is read from those two files (formatted, or for one-sided p-values and annualized Sharpe derived by a
// stated formula), so the doc and the command's output cannot disagree.
import { PRD_KPIS, type ReportData } from "../report/index.ts";

/** results.json as read back (non-finite numbers were written as null). */
export type ResultsFile = Pick<ReportData, "title" | "createdAt" | "splits" | "strategies" | "kpis" | "comparisons" | "deflatedSharpe" | "stress" | "regimes" | "notes"> & {
  readonly meta?: Readonly<Record<string, unknown>>;
};

/** One invocation of the evidence command. */
export interface EvidenceRun {
  readonly startedAt: string;
  readonly wallSeconds: number;
  readonly quick: boolean;
  readonly loadAverageAtEnd: number;
  readonly stepSeconds: Readonly<Record<string, number>>;
  /** Walk-forward segments: seconds, or null when read from the cache. */
  readonly segments: readonly { readonly strategy: string; readonly split: string; readonly seconds: number | null }[];
}

/** evidence.json: the configuration, machine, trained members and every invocation. */
export interface EvidenceMeta {
  readonly config: Readonly<Record<string, unknown>>;
  readonly trainConfigText: string;
  readonly machine: { cpu: string; cores: number; memoryGiB: number; node: string; torch: string; device: string; loadAverageAtStart: number };
  readonly members: readonly { readonly split: string; readonly member: number; readonly valSharpe: number | null; readonly valIc: number | null }[];
  readonly runs: readonly EvidenceRun[];
}

type Num = number | null | undefined;
const ok = (x: Num): x is number => typeof x === "number" && Number.isFinite(x);
/** Fixed decimals; "–" for null/NaN. */
export const fx = (x: Num, d = 2): string => (ok(x) ? x.toFixed(d) : "–");
const pc = (x: Num, d = 1): string => (ok(x) ? `${(x * 100).toFixed(d)}%` : "–");
const pv = (x: Num): string => (ok(x) ? (x < 0.001 ? x.toExponential(1) : x.toFixed(3)) : "–");
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const SQRT252 = Math.sqrt(252);

function kpiSection(r: ResultsFile): string {
  const spec = table(
    ["KPI (PRD 2.2 / 11.1)", "minimum", "target"],
    PRD_KPIS.map((k) => [k.label, `${k.op} ${k.percent ? pc(k.minimum, 0) : fx(k.minimum)}`, `${k.op} ${k.percent ? pc(k.target, 0) : fx(k.target)}`]),
  );
  const achieved = table(
    ["strategy", ...PRD_KPIS.map((k) => k.label)],
    r.strategies.map((s) => [
      s.kind === "model" ? `**${s.label}**` : s.label,
      ...PRD_KPIS.map((k) => {
        const c = r.kpis.find((x) => x.strategy === s.name && x.kpi === k.key);
        const v = c === undefined ? "–" : k.percent ? pc(c.value) : fx(c.value, k.key === "ic" ? 3 : 2);
        return c === undefined || c.status === "n/a" ? v : `${v} ${c.status === "fail" ? "FAIL" : `pass (${c.status})`}`;
      }),
    ]),
  );
  return `## KPIs\n\nThresholds:\n\n${spec}\n\nAchieved over the whole test period (pass (target) / pass (minimum) / FAIL; IC only for the model):\n\n${achieved}`;
}

function yearsSection(r: ResultsFile): string {
  const years = r.splits.map((s) => s.id);
  return `## Sharpe per test year\n\nAnnualized Sharpe of daily excess returns over the risk-free rate; \`all\` = the stitched test period.\n\n${table(
    ["strategy", ...years, "all", "ann. return", "ann. vol", "max DD", "turnover/rebalance"],
    r.strategies.map((s) => [
      s.label,
      ...years.map((y) => fx(s.perSplit.find((p) => p.id === y)?.metrics.sharpe)),
      `**${fx(s.metrics.sharpe)}**`,
      pc(s.metrics.annualizedReturn),
      pc(s.metrics.annualizedVolatility),
      pc(s.metrics.maxDrawdown),
      pc(s.metrics.averageTurnover),
    ]),
  )}`;
}

function significanceSection(r: ResultsFile): string {
  const model = r.strategies.find((s) => s.kind === "model");
  if (model === undefined) return "## Significance\n\nNo model in this run.";
  const rows = r.comparisons
    .filter((c) => c.baseline === model.name)
    .map((c) => [
      r.strategies.find((s) => s.name === c.strategy)?.label ?? c.strategy,
      fx(ok(c.jobsonKorkie.sharpeB) ? c.jobsonKorkie.sharpeB * SQRT252 : null),
      fx(ok(c.jobsonKorkie.sharpeA) ? c.jobsonKorkie.sharpeA * SQRT252 : null),
      pv(c.jobsonKorkie.pValue),
      pv(ok(c.jobsonKorkie.pValueGreater) ? 1 - c.jobsonKorkie.pValueGreater : null),
      pv(c.ledoitWolf.pValue),
      pv(c.pairedT.pValue),
    ]);
  const dsr = table(
    ["strategy", "Sharpe (daily)", "SR0 (daily)", "DSR", "trials"],
    r.deflatedSharpe.map((d) => [r.strategies.find((s) => s.name === d.strategy)?.label ?? d.strategy, fx(d.dailySharpe, 4), fx(d.sr0, 4), fx(d.dsr, 3), String(d.nTrials)]),
  );
  return `## Significance\n\nModel vs each benchmark on daily excess returns over the test days. Sharpe columns are the tests' daily Sharpe x sqrt(252).
JK = Jobson-Korkie with Memmel's correction (PRD 11.4 bar: p < 0.05); "p (model better)" = 1 - the file's one-sided p of benchmark > model;
LW = Ledoit-Wolf HAC test; t = paired t-test of the daily return difference (two-sided p-values unless stated).\n\n${table(
    ["benchmark", "model Sharpe", "benchmark Sharpe", "JK p", "JK p (model better)", "LW p", "paired t p"],
    rows,
  )}\n\n### Deflated Sharpe Ratio\n\nBailey and López de Prado (2014): the probability that the Sharpe ratio is above SR0, the expected maximum of \`trials\`
unskilled strategies with the observed variance of Sharpe ratios. The trials are every configuration that was run on the test years:
the benchmarks and the one model configuration (nothing else was tried on 2021-2025). DSR > 0.95 is the usual bar.\n\n${dsr}`;
}

function forecastSection(r: ResultsFile): string {
  const rows = r.strategies.filter((s) => s.forecast !== undefined).map((s) => [s.label, fx(s.forecast?.meanIc, 4), fx(s.forecast?.icT, 2), fx(s.forecast?.meanRankIc, 4), pc(s.forecast?.hitRate)]);
  return `## Forecast quality (PRD 11.2)\n\nPer rebalance: IC = Pearson correlation of the model's mu with the next 5-day returns across factors.\n\n${table(["model", "mean IC", "IC t-stat", "mean rank IC", "hit rate"], rows)}`;
}

function stressSection(r: ResultsFile): string {
  const rows = r.stress.filter((x) => x.result !== null).map((x) => [r.strategies.find((s) => s.name === x.strategy)?.label ?? x.strategy, x.window, pc(x.result?.cumulativeReturn), pc(x.result?.maxDrawdown), x.result?.recoveryDays === null ? "not recovered" : String(x.result?.recoveryDays), `${x.result?.varExceedances ?? "–"} / ${fx(x.result?.expectedExceedances, 1)}`]);
  const outside = [...new Set(r.stress.filter((x) => x.result === null).map((x) => x.window))];
  const regimes = [...new Set(r.regimes.map((x) => x.regime))];
  const reg = table(
    ["strategy", ...regimes.map((g) => `${g}: Sharpe (days)`), "avg HHI / max weight (all days)"],
    r.strategies.map((s) => {
      const cells = regimes.map((g) => {
        const x = r.regimes.find((y) => y.strategy === s.name && y.regime === g);
        return `${fx(x?.metrics.sharpe)} (${x?.metrics.days ?? 0})`;
      });
      const all = r.regimes.find((y) => y.strategy === s.name && y.regime === "all test days");
      return [s.label, ...cells, `${fx(all?.averageHhi, 3)} / ${pc(all?.averageMaxWeight)}`];
    }),
  );
  return `## Stress (PRD 7.2)\n\nOnly test days count${outside.length ? `; outside the test period (no rows): ${outside.join(", ")}` : ""}. VaR exceedances: days below the 95% VaR / expected count.\n\n${table(["strategy", "window", "return", "max DD", "days to recover", "VaR95 exceedances / expected"], rows)}\n\n## Regimes (PRD 7.2)\n\nRegime of a day read at the previous close; Sharpe here is of raw returns (no risk-free), annualized.\n\n${reg}`;
}

function setupSection(r: ResultsFile, m: EvidenceMeta, runDir: string): string {
  const c = m.config;
  const splits = table(["test year", "train", "validation", "test"], r.splits.map((s) => [s.id, s.train.join(".."), s.validation.join(".."), s.test.join("..")]));
  const members = table(["split", "member", "val Sharpe", "val IC"], m.members.map((x) => [x.split, String(x.member), fx(x.valSharpe), fx(x.valIc, 3)]));
  const runs = table(
    ["started", "wall time", "segments computed", "segments cached", "quick", "load avg end"],
    m.runs.map((x) => [x.startedAt, `${x.wallSeconds} s`, String(x.segments.filter((s) => s.seconds !== null).length), String(x.segments.filter((s) => s.seconds === null).length), String(x.quick), fx(x.loadAverageAtEnd)]),
  );
  const mc = m.machine;
  return `## Configuration, machine, wall time\n\n- Evidence config: \`${String(c.file)}\` (backtest \`${String(c.backtest)}\`, model \`${String(c.model)}\`, training \`${String(c.train)}\`, seeds ${JSON.stringify(c.seeds)}), data from \`${String(c.dataDir)}\`, panel start ${String(c.dataStart)}.
- Run directory: \`${runDir}\` (report.html, results.json, evidence.json, config.json, positions/, models/).
- Machine: ${mc.cores} x ${mc.cpu}, ${mc.memoryGiB} GiB, Node ${mc.node}, torch ${mc.torch} on ${mc.device}; load average ${fx(mc.loadAverageAtStart)} at the start (shared with other jobs).\n\n${splits}\n\nMembers (the validation year only; the best-validation-Sharpe epoch is kept):\n\n${members}\n\nInvocations (reruns reuse cached segments and trained members):\n\n${runs}\n\nTraining schedule (\`${String(c.train)}\`):\n\n\`\`\`yaml\n${m.trainConfigText.trim()}\n\`\`\``;
}

/**
 * docs/results.md from the run files; `discussion` (docs/results/discussion.md, hand-written) is included verbatim.
 * @example writeFileSync("docs/results.md", renderResultsDoc(results, meta, { discussion, runDir: "runs/evidence" }));
 */
export function renderResultsDoc(r: ResultsFile, m: EvidenceMeta, o: { discussion: string; runDir: string; plots?: readonly string[] }): string {
  const notes = r.notes.length ? `\n\nNotes from the run:\n\n${r.notes.map((n) => `- ${n}`).join("\n")}` : "";
  return [
    `<!-- GENERATED by sdk/run/evidence-render.ts (renderResultsDoc) from ${o.runDir}/results.json and evidence.json; edit docs/results/discussion.md, then \`npx tsx pipelines/evidence.ts --render-only\`. -->`,
    `# Results: ${r.title}\n\nGenerated ${r.createdAt}. Full interactive report: \`${o.runDir}/report.html\`.${notes}`,
    kpiSection(r),
    ...(o.plots && o.plots.length
      ? [`## Plots\n\nThe first screen of the report (KPI table, equity curves, drawdowns, rolling Sharpe), rendered from \`${o.runDir}/report.html\` by headless Chromium:\n\n${o.plots.map((p) => `![report overview](${p})`).join("\n\n")}`]
      : []),
    yearsSection(r),
    significanceSection(r),
    forecastSection(r),
    stressSection(r),
    setupSection(r, m, o.runDir),
    o.discussion.trim() === "" ? "## Discussion\n\n(not written yet: docs/results/discussion.md)" : o.discussion.trim(),
  ].join("\n\n") + "\n";
}
