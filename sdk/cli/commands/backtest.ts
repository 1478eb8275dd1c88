// `t2 backtest --config configs/backtest/synthetic.yaml [--strategies benchmarks|all] [--out DIR] [--quick] [--tuning tuning.json]`: walk-forward + report.
import type { CommandModule } from "yargs";
import { DataUnavailableError, loadBacktestData, runBacktestPipeline } from "../../run/index.ts";
import { loadBacktestConfig } from "../../backtest/index.ts";
import { loadTuningSummary } from "../../report/index.ts";
import { createLogger } from "../../log/index.ts";
import { join, resolve } from "node:path";
import { defaultModelRunRoot, ensembleModelEntry } from "../../forecast/index.ts";
import { LocalWorker, REPO_ROOT } from "../../worker/index.ts";

const DEFAULT_CONFIG = "configs/backtest/synthetic.yaml";

export const backtestCommand: CommandModule = {
  command: "backtest",
  describe: "Walk-forward backtest of the benchmarks (and the model when wired), analyses, HTML report",
  builder: (y) =>
    y
      .option("config", { type: "string", default: DEFAULT_CONFIG, describe: "backtest config (YAML)" })
      .option("strategies", { choices: ["benchmarks", "all"] as const, default: "benchmarks", describe: "benchmarks only, or benchmarks + the trained model" })
      .option("out", { type: "string", describe: "run directory (default runs/backtest-<name>); finished test years there are reused" })
      .option("quick", { type: "boolean", default: false, describe: "skip the sensitivity and perturbation runs" })
      .option("model-config", { type: "string", default: "configs/model/tiny.yaml", describe: "with --strategies all: the model trained per test year" })
      .option("train-config", { type: "string", default: "configs/train/quick.yaml", describe: "with --strategies all: the training schedule" })
      .option("seeds", { type: "string", default: "0,1,2,3,4", describe: "with --strategies all: ensemble seeds (DESIGN 7: 5)" })
      .check((a) => {
        if (!/^\d+(,\d+)*$/.test(String(a.seeds))) throw new Error(`--seeds must be comma-separated non-negative integers, got ${String(a.seeds)}`);
        return true;
      })
      .option("tuning", { type: "string", describe: "tuning.json written by t2 tune / t2 ablate / t2 experiments report: adds the 'Tuning and ablations' section (trials, DSR, ablation deltas)" }),
  handler: async (argv) => {
    const log = createLogger("backtest");
    const config = loadBacktestConfig(resolve(REPO_ROOT, argv.config as string));
    const tuningFile = argv.tuning as string | undefined;
    const tuning = tuningFile === undefined ? undefined : loadTuningSummary(resolve(REPO_ROOT, tuningFile)); // fails before any work
    const t0 = performance.now();
    const ac = new AbortController();
    const stop = () => ac.abort(new Error("interrupted"));
    process.once("SIGINT", stop);
    try {
      await using worker = await LocalWorker.start({ logger: log });
      const outDir = (argv.out as string | undefined) ?? join("runs", `backtest-${config.name}`);
      const data = await loadBacktestData(config, REPO_ROOT); // once, for the model's features and the backtest
      const models =
        argv.strategies === "all"
          ? [
              (
                await ensembleModelEntry({
                  worker,
                  panel: data.clean,
                  baseDir: REPO_ROOT,
                  modelConfig: argv["model-config"] as string,
                  trainConfig: argv["train-config"] as string,
                  seeds: String(argv.seeds).split(",").map((x) => Number.parseInt(x, 10)),
                  runRoot: defaultModelRunRoot(resolve(REPO_ROOT, outDir)),
                  onTrainProgress: (split, p) => {
                    if (p.epoch === p.epochs) console.log(`[${((performance.now() - t0) / 1000).toFixed(1)}s] train ${split}: member ${(p.member ?? 0) + 1}/${p.members} val Sharpe ${p.val_sharpe?.toFixed(2) ?? "-"} IC ${p.val_ic?.toFixed(3) ?? "-"}`);
                  },
                })
              ).entry,
            ]
          : [];
      const res = await runBacktestPipeline(config, {
        data,
        models,
        baseDir: REPO_ROOT,
        worker,
        signal: ac.signal,
        strategies: argv.strategies as "benchmarks" | "all",
        quick: argv.quick as boolean,
        outDir,
        ...(tuning === undefined ? {} : { tuning }),
        onProgress: (p) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${p.step}: ${p.message}`),
      });
      for (const s of res.report.strategies) {
        console.log(`${s.label.padEnd(42)} Sharpe ${s.metrics.sharpe.toFixed(2).padStart(6)}  CAGR ${(s.metrics.annualizedReturn * 100).toFixed(2).padStart(6)}%  MaxDD ${(s.metrics.maxDrawdown * 100).toFixed(1).padStart(5)}%`);
      }
      console.log(`report: ${res.files[0]}\nresults: ${res.files[1]}\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      if (e instanceof DataUnavailableError) {
        console.error(`t2 backtest: skipped: ${e.message}. Mount the data (see configs/data/${config.data.config.split("/").pop()}) or use configs/backtest/synthetic.yaml.`);
        process.exitCode = 2;
        return;
      }
      throw e;
    } finally {
      process.off("SIGINT", stop);
    }
  },
};
