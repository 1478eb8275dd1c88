// Data benchmarks: feature pipeline (winsorize + features) in TS vs the numpy reference, workbook load time and memory.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { autoDetectConfig, cleanPanel, loadDataset, synthMarket, validatePanel, writeSynthWorkbook, type RawPanel } from "../sdk/data/index.ts";
import { readXlsxTables, readXlsxTablesStreaming } from "../sdk/data/io/xlsx.ts";
import { buildFeatures, featureOptions } from "../sdk/features/index.ts";
import { pythonAvailable, runReference } from "../tests/ts/data/run-reference.ts";
import type { BenchRow } from "./types.ts";

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
  rows.push(...(await workbookRows(opts.quick)));
  return rows;
}

/** One measured run: what `--workbook-child` prints. */
interface ChildRun {
  readonly wall: number;
  readonly cpu: number;
  /** RSS after the imports, before the load (bytes). */
  readonly rssBefore: number;
  /** Peak RSS of the child process (getrusage maxrss, bytes). */
  readonly maxRss: number;
}

type ChildMode = "load" | "read" | "read-exceljs-stream";
const SHEETS = [
  { sheet: "factors", headerRow: 1 },
  { sheet: "market", headerRow: 1 },
];

/** Runs in the child: one load or read of `file`, timed, then prints a ChildRun. */
async function childMain(mode: ChildMode, file: string): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const panel = mode === "load" ? await loadDataset(autoDetectConfig(file)) : undefined;
  if (mode === "read") await readXlsxTables(file, SHEETS);
  else if (mode === "read-exceljs-stream") await readXlsxTablesStreaming(file, SHEETS);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  if (panel !== undefined) validatePanel(panel, { ...autoDetectConfig(file).rules, minRows: 1, minAvailability: 0 }); // a sanity check, not timed
  const run: ChildRun = { wall, cpu: (c.user + c.system) / 1e6, rssBefore, maxRss: process.resourceUsage().maxRSS * 1024 };
  console.log(JSON.stringify(run));
}

/** A fresh process per run, as `t2` loads a workbook: the peak RSS is the load's own, not the benchmark's heap. */
function inChild(mode: ChildMode, file: string): ChildRun {
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--workbook-child", mode, file], { encoding: "utf8" });
  const last = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !last.startsWith("{")) throw new Error(`workbook child (${mode}) failed: ${r.stderr}`);
  return JSON.parse(last) as ChildRun;
}

/**
 * Workbook load at full size in every mode (issue 3's target is stated there): loadDataset end to end, plus the
 * table read alone next to exceljs's own streaming WorkbookReader (sheets spooled to temp files), runs interleaved.
 */
async function workbookRows(quick: boolean): Promise<BenchRow[]> {
  const reps = quick ? 3 : 5;
  const dir = mkdtempSync(join(tmpdir(), "t2-bench-"));
  try {
    const file = join(dir, "T2_Optimizer.xlsx");
    const m = synthMarket({ factors: 100, start: "2000-01-03", end: "2024-11-29", seed: 7 });
    await writeSynthWorkbook(m, file);
    const runs: Record<ChildMode, ChildRun[]> = { load: [], read: [], "read-exceljs-stream": [] };
    for (let k = 0; k < reps; k++) for (const mode of ["load", "read", "read-exceljs-stream"] as const) runs[mode].push(inChild(mode, file));
    const med = (mode: ChildMode, f: (r: ChildRun) => number) => median(runs[mode].map(f));
    const MiB = 2 ** 20;
    const shape = `${m.dates.length} days x ${m.factors.length} factors`;
    const load = (f: (r: ChildRun) => number) => med("load", f);
    const out: BenchRow[] = [
      { name: "workbook.load", metric: "time", value: load((r) => r.wall), unit: "s", note: `loadDataset, factors + market sheets, ${shape}, fresh process, median of ${reps}; target < 5 s` },
      { name: "workbook.load", metric: "cpu_time", value: load((r) => r.cpu), unit: "s", note: "process CPU time of the load (includes GC and zlib threads)" },
      { name: "workbook.load", metric: "peak_rss", value: load((r) => r.maxRss) / MiB, unit: "MiB", note: `process peak RSS (getrusage); ${(load((r) => r.rssBefore) / MiB).toFixed(0)} MiB after imports, before the load` },
    ];
    const stream = (f: (r: ChildRun) => number) => med("read-exceljs-stream", f);
    const read = (f: (r: ChildRun) => number) => med("read", f);
    out.push(
      { name: "workbook.read.exceljs_stream", metric: "cpu_time", value: stream((r) => r.cpu), unit: "s", note: `exceljs WorkbookReader in file order (sheets spooled to temp files), tables only; wall ${stream((r) => r.wall).toFixed(2)} s` },
      { name: "workbook.read.exceljs_stream", metric: "peak_rss", value: stream((r) => r.maxRss) / MiB, unit: "MiB", note: "process peak RSS (getrusage)" },
      { name: "workbook.read", metric: "cpu_time", value: read((r) => r.cpu), unit: "s", baseline: "workbook.read.exceljs_stream", ratio: read((r) => r.cpu) / stream((r) => r.cpu), note: `readXlsxTables (zip parts in dependency order, only the named sheets); wall ${read((r) => r.wall).toFixed(2)} s` },
      { name: "workbook.read", metric: "peak_rss", value: read((r) => r.maxRss) / MiB, unit: "MiB", baseline: "workbook.read.exceljs_stream", ratio: read((r) => r.maxRss) / stream((r) => r.maxRss), note: "process peak RSS (getrusage)" },
    );
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf("--workbook-child");
if (childAt >= 0) await childMain(process.argv[childAt + 1] as ChildMode, process.argv[childAt + 2] as string);
else if (import.meta.url === `file://${process.argv[1]}`) console.table(await run({ quick: process.argv.includes("--quick") }));
