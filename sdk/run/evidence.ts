// runEvidence (`t2 evidence`, `npx tsx pipelines/evidence.ts`): the real-data evidence run. Checks the data directory
// (exit 2 when absent), runs the walk-forward of the benchmarks + the xLSTM ensemble (configs/evidence/*.yaml), writes
// report.html, results.json and evidence.json into the run dir, then renders docs/results.md from those files
// (renderResultsDoc in evidence-render.ts is pure: the doc's numbers are exactly the files' numbers).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { z } from "zod";
import { loadBacktestConfig } from "../backtest/index.ts";
import { writeAtomic } from "../io/index.ts";
import { loadDataConfig } from "../data/index.ts";
import { defaultModelRunRoot, ensembleModelEntry } from "../forecast/index.ts";
import { createLogger } from "../log/index.ts";
import { toJson } from "../report/index.ts";
import { LocalWorker, REPO_ROOT } from "../worker/index.ts";
import { loadBacktestData, runBacktestPipeline } from "./backtest.ts";
import { renderResultsDoc, type EvidenceMeta, type EvidenceRun, type ResultsFile } from "./evidence-render.ts";

const EvidenceConfigSchema = z
  .object({ name: z.string(), backtest: z.string(), model: z.string(), train: z.string(), seeds: z.array(z.number().int().min(0)).min(1), out: z.string() })
  .strict();
export type EvidenceConfig = z.infer<typeof EvidenceConfigSchema>;

/** Options of {@link runEvidence} (paths relative to the repo root). */
export interface EvidenceOptions {
  readonly config?: string;
  /** Directory holding the real CSVs (default ../shared/data/real). */
  readonly data?: string;
  readonly out?: string;
  /** Skip the sensitivity and perturbation runs (as `t2 backtest --quick`). */
  readonly quick?: boolean;
  /** Markdown written from the run's files (default docs/results.md). */
  readonly docs?: string;
  /** Only re-render the docs from an existing run dir. */
  readonly renderOnly?: boolean;
  readonly print?: (line: string) => void;
}

/** Exit codes: 0 done, 2 data absent (skipped). */
export const EXIT_SKIPPED = 2;

/** The data files a data config needs, looked up by file name in `dataDir`; returns the missing ones. */
export function missingDataFiles(dataConfigFile: string, dataDir: string): string[] {
  const cfg = loadDataConfig(dataConfigFile);
  const names = [...new Set([...cfg.factors.sources, ...cfg.market.sources].map((s) => basename(s.path)))];
  return names.filter((f) => !existsSync(join(dataDir, f)));
}

/** Writes a copy of the data config whose sources point into `dataDir` (so `--data` can move the data). */
function relocatedDataConfig(dataConfigFile: string, dataDir: string, outDir: string): string {
  const raw = parse(readFileSync(dataConfigFile, "utf8")) as { factors: { sources: { path: string }[] }; market: { sources: { path: string }[] } };
  for (const s of [...raw.factors.sources, ...raw.market.sources]) s.path = join(dataDir, basename(s.path));
  const file = join(outDir, "data-config.json");
  writeAtomic(file, JSON.stringify(raw, null, 1) + "\n");
  return file;
}

function machine(torch: string, device: string): EvidenceMeta["machine"] {
  const c = cpus();
  return { cpu: c[0]?.model ?? "unknown", cores: c.length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, torch, device, loadAverageAtStart: Number((loadavg()[0] ?? 0).toFixed(2)) };
}

const SEGMENT = /^\[(\d+)\/(\d+)\] (\S+) (\S+): (cached|([\d.]+) s)$/;

/** Runs (or, with renderOnly, only re-renders) the evidence; returns the exit code. */
export async function runEvidence(o: EvidenceOptions = {}): Promise<number> {
  const print = o.print ?? ((l: string) => console.log(l));
  const cfgFile = resolve(REPO_ROOT, o.config ?? "configs/evidence/intl100.yaml");
  const ev = EvidenceConfigSchema.parse(parse(readFileSync(cfgFile, "utf8")));
  const outDir = resolve(REPO_ROOT, o.out ?? ev.out);
  const docs = resolve(REPO_ROOT, o.docs ?? "docs/results.md");
  if (o.renderOnly) return renderDocs(outDir, docs, print);
  const dataDir = resolve(REPO_ROOT, o.data ?? "../shared/data/real");
  const bt = loadBacktestConfig(resolve(REPO_ROOT, ev.backtest));
  const missing = existsSync(dataDir) ? missingDataFiles(resolve(REPO_ROOT, bt.data.config), dataDir) : ["(the directory itself)"];
  if (missing.length > 0) {
    print(`t2 evidence: skipped: the real data are not available in ${dataDir}: missing ${missing.join(", ")}. Pass --data DIR (see docs/data.md and the data README there).`);
    return EXIT_SKIPPED;
  }
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const log = createLogger("evidence");
  const dataConfig = relocatedDataConfig(resolve(REPO_ROOT, bt.data.config), dataDir, outDir);
  const btCfg = { ...bt, data: { ...bt.data, config: dataConfig } };
  const segments: EvidenceRun["segments"][number][] = [];
  const members: EvidenceMeta["members"][number][] = [];
  const elapsed = () => ((performance.now() - t0) / 1000).toFixed(0);
  await using worker = await LocalWorker.start({ logger: log });
  const h = await worker.call("health", {});
  const mach = machine(h.torch ?? "unknown", h.device);
  const data = await loadBacktestData(btCfg, REPO_ROOT); // once, for the model's features and the backtest
  const { entry } = await ensembleModelEntry({
    worker,
    panel: data.clean,
    baseDir: REPO_ROOT,
    modelConfig: ev.model,
    trainConfig: ev.train,
    seeds: ev.seeds,
    runRoot: defaultModelRunRoot(outDir),
    onTrainProgress: (split, p) => {
      if (p.epoch !== p.epochs) return;
      members.push({ split, member: (p.member ?? 0) + 1, valSharpe: p.val_sharpe ?? null, valIc: p.val_ic ?? null });
      print(`[${elapsed()} s] train ${split}: member ${(p.member ?? 0) + 1}/${p.members} val Sharpe ${p.val_sharpe?.toFixed(2) ?? "-"} IC ${p.val_ic?.toFixed(3) ?? "-"}`);
    },
  });
  const res = await runBacktestPipeline(btCfg, {
    data,
    worker,
    strategies: "all",
    models: [entry],
    quick: o.quick ?? false,
    outDir,
    baseDir: REPO_ROOT,
    onProgress: (p) => {
      const m = SEGMENT.exec(p.message);
      if (p.step === "walk-forward" && m) segments.push({ strategy: m[3] as string, split: m[4] as string, seconds: m[5] === "cached" ? null : Number(m[6]) });
      print(`[${elapsed()} s] ${p.step}: ${p.message}`);
    },
  });
  const metaFile = join(outDir, "evidence.json");
  const prev = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, "utf8")) as EvidenceMeta) : undefined;
  const run: EvidenceRun = { startedAt, wallSeconds: Math.round((performance.now() - t0) / 1000), quick: o.quick ?? false, loadAverageAtEnd: Number((loadavg()[0] ?? 0).toFixed(2)), stepSeconds: res.seconds, segments };
  const meta: EvidenceMeta = {
    config: { file: cfgFile.slice(REPO_ROOT.length + 1), ...ev, dataDir, dataStart: data.dataConfig.range?.start ?? null },
    trainConfigText: readFileSync(resolve(REPO_ROOT, ev.train), "utf8"),
    machine: mach,
    // members trained in an earlier invocation keep their validation numbers
    members: members.length > 0 ? members : (prev?.members ?? []),
    runs: [...(prev?.runs ?? []), run],
  };
  writeFileSync(metaFile, toJson(meta));
  return renderDocs(outDir, docs, print);
}

/**
 * The report's first screen (KPI table, equity curves, drawdowns, rolling Sharpe) as a PNG for the doc, rendered
 * by Debian's headless Chromium when it is installed; returns false (and the doc links the HTML only) otherwise.
 */
function screenshotReport(html: string, png: string): boolean {
  const chromium = "/usr/bin/chromium";
  if (!existsSync(chromium) || !existsSync(html)) return false;
  mkdirSync(dirname(png), { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "t2-shot-"));
  const r = spawnSync(
    chromium,
    ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--window-size=1200,2300", "--virtual-time-budget=8000", `--screenshot=${png}`, pathToFileURL(html).href],
    { timeout: 60_000, stdio: "ignore" },
  );
  rmSync(profile, { recursive: true, force: true });
  return r.status === 0 && existsSync(png);
}

/** Renders `docs` from `<outDir>/results.json` + `evidence.json` (+ docs/results/discussion.md) and prints the headline tables. */
function renderDocs(outDir: string, docs: string, print: (l: string) => void): number {
  const results = JSON.parse(readFileSync(join(outDir, "results.json"), "utf8")) as ResultsFile;
  const meta = JSON.parse(readFileSync(join(outDir, "evidence.json"), "utf8")) as EvidenceMeta;
  const discussionFile = join(dirname(docs), "results", "discussion.md");
  const discussion = existsSync(discussionFile) ? readFileSync(discussionFile, "utf8") : "";
  const plot = screenshotReport(join(outDir, "report.html"), join(dirname(docs), "results", "report.png"));
  const md = renderResultsDoc(results, meta, {
    discussion,
    runDir: outDir.startsWith(REPO_ROOT) ? outDir.slice(REPO_ROOT.length + 1) : outDir,
    ...(plot ? { plots: ["results/report.png"] } : {}),
  });
  writeFileSync(docs, md);
  const headline = md.slice(md.indexOf("## KPIs"), md.indexOf("## Significance"));
  print(`\n${headline.trim()}\n\nreport: ${join(outDir, "report.html")}\nresults: ${join(outDir, "results.json")}\ndoc: ${docs}`);
  return 0;
}

/** Command-line entry (same options as `t2 evidence`). */
export async function evidenceMain(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { config: { type: "string" }, data: { type: "string" }, out: { type: "string" }, docs: { type: "string" }, quick: { type: "boolean" }, "render-only": { type: "boolean" } },
    strict: true,
  });
  return runEvidence({
    ...(values.config === undefined ? {} : { config: values.config }),
    ...(values.data === undefined ? {} : { data: values.data }),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.docs === undefined ? {} : { docs: values.docs }),
    quick: values.quick ?? false,
    renderOnly: values["render-only"] ?? false,
  });
}

