// Data benchmarks: feature pipeline (winsorize + features) in TS vs the numpy reference, workbook load time and memory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { autoDetectConfig, cleanPanel, loadDataset, synthMarket, validatePanel, writeSynthWorkbook, type RawPanel } from "../sdk/data/index.ts";
import { buildFeatures, featureOptions } from "../sdk/features/index.ts";
import { pythonAvailable, runReference } from "../tests/ts/data/run-reference.ts";

type BenchRow = { name: string; metric: string; value: number; unit: string; baseline?: string; ratio?: number; note?: string };

function panelOf(T: number, N: number): RawPanel {
  const m = synthMarket({ factors: N, start: "2000-01-03", end: "2025-12-31", seed: 7 });
  const cut = <A extends Float64Array>(a: A) => a.slice(0, T);
  return {
    name: "bench",
    dates: m.dates.slice(0, T),
    factors: m.factors,
    returns: m.returns.slice(0, T * N),
    market: { market_return: cut(m.market.market_return), vix: cut(m.market.vix), rf: cut(m.market.rf).map((x) => x / 100), yield_10y: cut(m.market.yield_10y).map((x) => x / 100), yield_2y: cut(m.market.yield_2y).map((x) => x / 100) },
    origin: { factors: [], rowOf: [] },
    loadIssues: [],
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const T = opts.quick ? 1500 : 6500;
  const N = opts.quick ? 30 : 100;
  const rows: BenchRow[] = [];
  const p = panelOf(T, N);
  const rules = { ...autoDetectConfig("x.xlsx").rules, minRows: 1, minAvailability: 0 };
  const cleaning = autoDetectConfig("x.xlsx").cleaning;
  const reps = opts.quick ? 3 : 5;
  const times: number[] = [];
  const cpus: number[] = [];
  for (let k = 0; k < reps; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    buildFeatures(cleanPanel(p, rules, cleaning));
    times.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1e6);
  }
  const ts = median(times);
  const shape = `${T} days x ${N} factors (${7 * N + 6} features)`;
  rows.push({ name: "features.pipeline.ts", metric: "time", value: ts, unit: "s", note: `winsorize + features + normalization, ${shape}, median of ${reps}; target < 1 s` });
  rows.push({ name: "features.pipeline.ts", metric: "cpu_time", value: median(cpus), unit: "s", note: "process CPU time of the same runs (robust to other load on the machine)" });
  if (pythonAvailable()) {
    const c = cleanPanel(p, rules, cleaning);
    const ref = runReference(c.rawReturns, c.market, T, N, cleaning, featureOptions());
    rows.push({ name: "features.pipeline.numpy", metric: "time", value: ref.seconds, unit: "s", note: `numpy reference, same data, compute only (one run)` });
    rows.push({ name: "features.pipeline.ts_vs_numpy", metric: "ratio", value: ts / ref.seconds, unit: "x", baseline: "features.pipeline.numpy", ratio: ts / ref.seconds, note: "TS time / numpy time; target <= 2" });
  }
  const dir = mkdtempSync(join(tmpdir(), "t2-bench-"));
  try {
    const file = join(dir, "T2_Optimizer.xlsx");
    const m = synthMarket({ factors: N, start: "2000-01-03", end: opts.quick ? "2005-12-30" : "2024-11-29", seed: 7 });
    await writeSynthWorkbook(m, file);
    let peak = process.memoryUsage().rss;
    const before = peak;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const panel = await loadDataset(autoDetectConfig(file));
    const load = (performance.now() - t0) / 1000;
    const lc = process.cpuUsage(c0);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    validatePanel(panel, rules);
    const wshape = `${m.dates.length} days x ${N} factors`;
    rows.push({ name: "workbook.load", metric: "time", value: load, unit: "s", note: `exceljs streaming, factors + market sheets, ${wshape}; target < 5 s` });
    rows.push({ name: "workbook.load", metric: "cpu_time", value: (lc.user + lc.system) / 1e6, unit: "s", note: "process CPU time of the load (includes GC and zlib threads)" });
    rows.push({ name: "workbook.load", metric: "peak_rss", value: peak / 2 ** 20, unit: "MiB", note: `process RSS peak during load (was ${(before / 2 ** 20).toFixed(0)} MiB before)` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await run({ quick: process.argv.includes("--quick") }));
}
