// Backtest config (strict, key paths in errors) and the pipeline end to end on a tiny in-memory synthetic market.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataUnavailableError, loadBacktestData, runBacktestPipeline, type PipelineProgress } from "../../../sdk/run/index.ts";
import { BacktestConfigError, loadBacktestConfig, parseBacktestConfig } from "../../../sdk/backtest/index.ts";
import { loadTuningSummary } from "../../../sdk/report/index.ts";

const dir = mkdtempSync(join(tmpdir(), "bt-pipe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("backtest config", () => {
  it("loads the shipped configs", () => {
    const c = loadBacktestConfig("configs/backtest/synthetic.yaml");
    expect(c.walkForward.testYears).toEqual([2021, 2025]);
    expect(c.benchmarks.include).toHaveLength(7);
    expect(loadBacktestConfig("configs/backtest/real-intl100.yaml").data.config).toBe("configs/data/real-intl100.yaml");
  });

  it("rejects unknown keys naming their path, and bad values", () => {
    const bad = () => parseBacktestConfig({ name: "x", data: { config: "c.yaml" }, backtest: { rebalanceEvery: 5, costbps: 3 } });
    expect(bad).toThrow(BacktestConfigError);
    expect(bad).toThrow(/backtest\.costbps/);
    expect(() => parseBacktestConfig({ name: "x", data: { config: "c.yaml" }, benchmarks: { include: ["nope"] } })).toThrow(/benchmarks\.include\.0/);
  });
});

describe("runBacktestPipeline", () => {
  const dataConfig = join(dir, "data.yaml");
  writeFileSync(
    dataConfig,
    `name: tiny\nfactors:\n  sources:\n    - { path: ${join(dir, "absent.xlsx")}, sheet: factors, dateColumn: date, units: decimal }\nmarket:\n  sources:\n    - path: ${join(dir, "absent.xlsx")}\n      sheet: market\n      dateColumn: date\n      series:\n        market_return: { column: market_return, units: decimal }\n        vix: { column: vix, units: points }\n        rf: { column: rf, units: percent, period: annual }\n        yield_10y: { column: yield_10y, units: percent }\n        yield_2y: { column: yield_2y, units: percent }\nrules: { minRows: 100 }\n`,
  );
  const config = parseBacktestConfig({
    name: "tiny",
    data: { config: dataConfig, synthetic: { factors: 10, start: "2017-01-02", end: "2021-12-31", seed: 3 } },
    walkForward: { testYears: [2020, 2021] },
    benchmarks: { include: ["equal_weight", "momentum"] },
  });

  it("runs data -> walk-forward -> analyses -> report, and resumes from the run directory", async () => {
    const steps: PipelineProgress[] = [];
    const out = join(dir, "run");
    const r = await runBacktestPipeline(config, { outDir: out, quick: true, onProgress: (p) => steps.push(p), now: () => new Date("2026-01-01") });
    expect(new Set(steps.map((s) => s.step))).toEqual(new Set(["data", "walk-forward", "analysis", "report"]));
    for (const f of r.files) expect(existsSync(f)).toBe(true);
    const json = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { strategies: { name: string }[]; splits: { id: string }[] };
    expect(json.strategies.map((s) => s.name)).toEqual(["equal_weight", "momentum"]);
    expect(json.splits.map((s) => s.id)).toEqual(["2020", "2021"]);
    const again: PipelineProgress[] = [];
    await runBacktestPipeline(config, { outDir: out, quick: true, onProgress: (p) => again.push(p) });
    expect(again.filter((p) => p.step === "walk-forward").every((p) => p.message.endsWith("cached"))).toBe(true);
  }, 60_000);

  it("adds the tuning section from a tuning.json (trials, DSR, ablation deltas) to the report", async () => {
    const trial = (n: number, sharpe: number) => ({
      phase: "tier1", trial: n, state: "COMPLETE", params: { lr: 1e-3 * (n + 1) }, config: `lr=${n}`, seeds: [0], data_hash: "abc",
      val_sharpe: sharpe, per_seed_sharpe: [sharpe], best_epochs: [3], duration_s: 12.5, worker: 0, host: "h", code_version: "v", started_at: null,
    });
    const summary = {
      schema: "t2.tuning/1", created_at: "2026-11-26T00:00:00Z",
      experiments: [{ study: "quick-study", log: "log.jsonl", dir: "runs/tune/quick-study", trials: [trial(0, 0.8), trial(1, 1.7)],
        deflated: { n_trials: 2, best_trial: 1, best_phase: "tier1", best_val_sharpe: 1.7, best_sharpe_daily: 0.107, sharpe_variance: 0.002, sr0: 0.03, dsr: 0.612 } }],
      ablations: [{ name: "abl", path: "ablation.json", dir: "runs/ablate/abl", seeds: [0, 1], bootstrap: { n_boot: 200, seed: 0, block: 10, level: 0.95 },
        rows: [{ variant: "no_macro_variant", description: "drop macro <b>", input_width: 70, val_sharpe: 0.5, per_seed_sharpe: [0.4, 0.6], delta: -0.25, ci_low: -0.9, ci_high: 0.31, params: {}, data_hash: "abc", duration_s: 3 }] }],
    };
    const file = join(dir, "tuning.json");
    writeFileSync(file, JSON.stringify(summary));
    const r = await runBacktestPipeline(config, { outDir: join(dir, "run-tuning"), quick: true, tuning: loadTuningSummary(file) });
    const html = readFileSync(r.files[0] as string, "utf8");
    expect(html).toContain("Tuning and ablations");
    expect(html).toContain("quick-study");
    expect(html).toContain("DSR 0.612");
    expect(html).toContain("no_macro_variant");
    expect(html).toContain("drop macro &lt;b&gt;");
    writeFileSync(file, JSON.stringify({ ...summary, schema: "t2.tuning/0" }));
    expect(() => loadTuningSummary(file)).toThrow(/schema/);
  }, 60_000);

  it("fails with DataUnavailableError naming the missing files when there is no synthetic fallback", async () => {
    const noSynth = parseBacktestConfig({ name: "tiny", data: { config: dataConfig } });
    await expect(runBacktestPipeline(noSynth, { outDir: join(dir, "run2") })).rejects.toThrow(DataUnavailableError);
    await expect(runBacktestPipeline(noSynth, { outDir: join(dir, "run2") })).rejects.toThrow(/absent\.xlsx/);
  });

  it("runs on a panel loaded once by loadBacktestData without reading the files again, with the same results", async () => {
    const data = await loadBacktestData(config);
    expect(data.source).toMatch(/^synthMarket\(.*\) in memory/);
    const now = () => new Date("2026-01-01");
    const a = await runBacktestPipeline(config, { outDir: join(dir, "loaded-here"), quick: true, now });
    const b = await runBacktestPipeline(config, { outDir: join(dir, "loaded-once"), quick: true, now, data });
    const strip = (r: typeof a.report) => ({ ...r, meta: { ...r.meta, seconds: null } });
    expect(strip(b.report)).toEqual(strip(a.report));
    // The files are absent and this config has no synthetic fallback: only the panel passed in can feed the run.
    const noSynth = parseBacktestConfig({ name: "tiny", data: { config: dataConfig }, walkForward: { testYears: [2020, 2021] }, benchmarks: { include: ["equal_weight"] } });
    await expect(loadBacktestData(noSynth)).rejects.toThrow(DataUnavailableError);
    const c = await runBacktestPipeline(noSynth, { outDir: join(dir, "given"), quick: true, data });
    expect(c.report.strategies.map((s) => s.name)).toEqual(["equal_weight"]);
    expect(c.report.strategies[0]?.metrics).toEqual(a.report.strategies[0]?.metrics);
  }, 60_000);
});
