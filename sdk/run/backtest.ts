// runBacktestPipeline: data -> walk-forward of benchmarks (and models when given) -> analyses -> report.html + results.json.
// loadBacktestData loads and cleans a config's panel once, for the pipeline and the model entry alike.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { WorkerApi } from "../../bridge/index.ts";
import {
  averagePairwiseCorrelation,
  benchmarks,
  forecastQuality,
  jsonDirCache,
  regimeTable,
  runPerturbations,
  runSensitivity,
  runWalkForward,
  significanceTables,
  stressTable,
  walkForwardSplits,
  type BacktestConfig,
  type ModelEntry,
  type Panel,
  type VariantRow,
} from "../backtest/index.ts";
import { cleanPanel, loadDataConfig, loadDataset, synthPanel, type CleanPanel, type DataConfig, type RawPanel } from "../data/index.ts";
import { writeAtomic } from "../io/index.ts";
import { buildReportData, toJson, writeReport, type ReportData, type TuningSummary } from "../report/index.ts";

/** One progress line: a step, and (during walk-forward) the segment done. */
export interface PipelineProgress {
  readonly step: "data" | "walk-forward" | "analysis" | "sensitivity" | "perturbation" | "report";
  readonly message: string;
}

/** Options of {@link runBacktestPipeline}. */
export interface PipelineOptions {
  /** Needed for the optimizer benchmarks. */
  readonly worker?: WorkerApi;
  readonly onProgress?: (p: PipelineProgress) => void;
  readonly signal?: AbortSignal;
  /** Run directory (default runs/backtest-<name>); finished segments in <dir>/segments are reused. */
  readonly outDir?: string;
  /** `benchmarks` (default) or `all` (benchmarks + the models given in `models`). */
  readonly strategies?: "benchmarks" | "all";
  readonly models?: readonly ModelEntry[];
  /** Skip sensitivity and perturbation runs. */
  readonly quick?: boolean;
  /** Repo root that relative paths resolve against (default cwd). */
  readonly baseDir?: string;
  /** Clock for the report timestamp. */
  readonly now?: () => Date;
  /** Tuning/ablation results (`loadTuningSummary(".../tuning.json")`) shown as the report's "Tuning and ablations" section. */
  readonly tuning?: TuningSummary;
  /** The panel, already loaded by {@link loadBacktestData} (then nothing is read from disk); default: loaded here. */
  readonly data?: BacktestData;
}

/** A backtest's panel, loaded and cleaned once. */
export interface BacktestData {
  readonly raw: RawPanel;
  readonly clean: CleanPanel;
  readonly dataConfig: DataConfig;
  /** `files`, or how the in-memory synthetic fallback was made (for the report). */
  readonly source: string;
  /** Seconds spent loading and cleaning (the report's `data` step). */
  readonly seconds: number;
}

/** The data files a config needs are missing (e.g. ../shared/data/real not mounted). */
export class DataUnavailableError extends Error {
  override readonly name = "DataUnavailableError";
  constructor(readonly missing: readonly string[]) {
    super(`data not available: ${missing.join(", ")} not found`);
  }
}

/**
 * Loads and cleans the panel of `config.data` (relative paths against `baseDir`); when its files are absent, the
 * config's `data.synthetic` market in memory, else {@link DataUnavailableError}. Pass the result to
 * runBacktestPipeline (`data`) and ensembleModelEntry (`panel: data.clean`) so the data are read once.
 * @example const data = await loadBacktestData(loadBacktestConfig("configs/backtest/synthetic.yaml"));
 */
export async function loadBacktestData(config: BacktestConfig, baseDir: string = process.cwd()): Promise<BacktestData> {
  const t0 = performance.now();
  const dataConfig = loadDataConfig(resolve(baseDir, config.data.config));
  const files = [...dataConfig.factors.sources, ...dataConfig.market.sources].map((s) => s.path);
  const missing = [...new Set(files)].filter((f) => !existsSync(resolve(baseDir, f)));
  let raw: RawPanel;
  let source = "files";
  if (missing.length === 0) raw = await loadDataset(dataConfig, { baseDir });
  else {
    const syn = config.data.synthetic;
    if (syn === undefined) throw new DataUnavailableError(missing);
    // Same generator and seed as `t2 data synth`; units converted as the loader does (percent -> decimal).
    raw = synthPanel(syn, dataConfig.name);
    source = `synthMarket(${JSON.stringify(syn)}) in memory (${missing.join(", ")} absent)`;
  }
  const clean = cleanPanel(raw, dataConfig.rules, dataConfig.cleaning);
  return { raw, clean, dataConfig, source, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Runs the whole backtest of a config and writes `<outDir>/report.html`, `results.json`, `config.json` and
 * `positions/<strategy>.csv` (daily positions after each close).
 * @example const { report } = await runBacktestPipeline(loadBacktestConfig("configs/backtest/synthetic.yaml"), { worker });
 */
export async function runBacktestPipeline(config: BacktestConfig, opts: PipelineOptions = {}): Promise<{ dir: string; report: ReportData; files: string[]; seconds: Record<string, number> }> {
  const baseDir = opts.baseDir ?? process.cwd();
  const dir = resolve(baseDir, opts.outDir ?? join("runs", `backtest-${config.name}`));
  const say = (step: PipelineProgress["step"], message: string) => opts.onProgress?.({ step, message });
  const seconds: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (k: string) => {
    seconds[k] = (performance.now() - t0) / 1000;
    t0 = performance.now();
  };

  const { clean, source } = opts.data ?? (await loadBacktestData(config, baseDir));
  const panel: Panel = { dates: clean.dates, returns: clean.rawReturns, mask: clean.mask };
  const n = clean.factors.length;
  const rfDaily = Float64Array.from(clean.market.rf, (x) => (Number.isFinite(x) ? x / 252 : 0));
  lap("data");
  if (opts.data) seconds.data = opts.data.seconds + (seconds.data ?? 0); // loaded by the caller: its load time counts here
  say("data", `${clean.dates.length} days x ${n} factors (${clean.dates[0]}..${clean.dates[clean.dates.length - 1]}), source: ${source}`);

  const wf = config.walkForward;
  const splits = walkForwardSplits(clean.dates, {
    testYears: wf.testYears,
    purgeDays: wf.purgeDays,
    mode: wf.mode,
    ...(wf.trainEndYear === undefined ? {} : { trainEndYear: wf.trainEndYear }),
    ...(wf.validationEndYear === undefined ? {} : { validationEndYear: wf.validationEndYear }),
  });
  const b = config.benchmarks;
  const params = { lookback: b.lookback, volFloor: b.volFloor, momentumLookback: b.momentumLookback, momentumTopFraction: b.momentumTopFraction };
  const notes: string[] = [];
  const lastDate = clean.dates[clean.dates.length - 1] as string;
  if (lastDate < `${wf.testYears[1]}-12-31` && Number(lastDate.slice(0, 4)) === wf.testYears[1]) notes.push(`The data end on ${lastDate}: test year ${wf.testYears[1]} is partial.`);
  const models = opts.strategies === "all" ? (opts.models ?? []) : [];
  if (opts.strategies === "all" && models.length === 0) notes.push("--strategies all: no trained model is wired yet; only the benchmarks ran.");
  const common = { panel, splits, rebalanceEvery: config.backtest.rebalanceEvery, costBps: config.backtest.costBps, slippageBps: config.backtest.slippageBps, riskFreeDaily: rfDaily, ...(opts.signal === undefined ? {} : { signal: opts.signal }) };
  const run = await runWalkForward({
    ...common,
    initialCapital: config.backtest.initialCapital,
    strategies: benchmarks(b.include, params, opts.worker, { batchSize: b.batchSize }),
    models,
    cache: jsonDirCache(join(dir, "segments")),
    onProgress: (p) => say("walk-forward", `[${p.done}/${p.total}] ${p.strategy} ${p.split}: ${p.cached ? "cached" : `${p.seconds.toFixed(1)} s`}`),
  });
  lap("walkForward");

  const cal = run.calendar;
  const rows = Array.from({ length: cal.end - cal.anchor + 1 }, (_, i) => cal.anchor + i);
  const rg = config.analysis.regimes;
  const corr = averagePairwiseCorrelation(panel.returns, n, rg.correlationWindow, rows);
  const vix = clean.market.vix;
  const significance = significanceTables(run);
  const analyses = {
    stress: stressTable(run),
    regimes: regimeTable(run, rows.map((t) => vix[t] as number), rows.map((t) => corr[t] as number), { vixLow: rg.vixLow, vixHigh: rg.vixHigh, correlationHigh: rg.correlationHigh }),
    forecasts: forecastQuality(run, panel),
  };
  lap("analysis");
  say("analysis", `stress, regimes, significance (${significance.comparisons.length} comparisons)`);

  const variants: VariantRow[] = [];
  if (!opts.quick) {
    const base = { ...common, ...(opts.worker === undefined ? {} : { worker: opts.worker }), names: b.include, params, models, cacheFor: (v: string) => jsonDirCache(join(dir, "variants", v)), onProgress: (v: string, p: { done: number; total: number; strategy: string; split: string; cached: boolean }) => say(v.startsWith("noise") || v.startsWith("drop") ? "perturbation" : "sensitivity", `${v} [${p.done}/${p.total}] ${p.strategy} ${p.split}${p.cached ? " cached" : ""}`) };
    variants.push(...(await runSensitivity(base, config.analysis.sensitivity)));
    lap("sensitivity");
    variants.push(...(await runPerturbations(base, config.analysis.perturbations)));
    lap("perturbation");
  }
  const withVariants = variants.length ? significanceTables(run, { extraDailySharpes: variants.map((v) => v.dailySharpe) }) : significance;

  const report = buildReportData(run, {
    title: `Backtest ${config.name}: ${splits.length > 1 ? "walk-forward" : "single split"} ${wf.testYears[0]}-${wf.testYears[1]}`,
    createdAt: (opts.now?.() ?? new Date()).toISOString(),
    factorNames: clean.factors,
    panelDates: clean.dates,
    meta: { config, dataSource: source, dataFingerprint: run.dataFingerprint, factors: n, dropped: clean.dropped, seconds, quick: opts.quick ?? false },
    ...analyses,
    comparisons: withVariants.comparisons,
    deflatedSharpe: withVariants.deflatedSharpe,
    variants,
    notes: [...notes, `Data: ${source}.`],
    rollingWindow: config.report.rollingWindow,
    ...(opts.tuning === undefined ? {} : { tuning: opts.tuning }),
    topFactors: config.report.topFactors,
  });
  writeAtomic(join(dir, "config.json"), toJson(config));
  // daily positions held after each close (row = test calendar day, anchor first), one CSV per strategy
  const positionFiles = run.strategies.map((s) => {
    const f = join(dir, "positions", `${s.name}.csv`);
    const lines = [`date,${clean.factors.join(",")}`];
    run.dates.forEach((d, r) => lines.push(`${d},${Array.from(s.result.positions.subarray(r * n, (r + 1) * n), (w) => (w === 0 ? "0" : w.toPrecision(6))).join(",")}`));
    writeAtomic(f, lines.join("\n") + "\n");
    return f;
  });
  const files = writeReport(dir, report);
  lap("report");
  say("report", `${files.html}`);
  return { dir, report, files: [files.html, files.json, join(dir, "config.json"), ...positionFiles], seconds };
}
