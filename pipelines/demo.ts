// `npm start`: the embedded default end to end. Synthetic market -> features -> worker (dataset sent
// once) -> per walk-forward year: train an xLSTM ensemble, forecast + optimize each rebalance ->
// backtest against the benchmarks -> report.html. Finished years and members are reused on rerun.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { loadBacktestConfig } from "../sdk/backtest/index.ts";
import { loadDataConfig, synthMarket, writeSynthWorkbook } from "../sdk/data/index.ts";
import { defaultModelRunRoot, ensembleModelEntry } from "../sdk/forecast/index.ts";
import { createLogger } from "../sdk/log/index.ts";
import { LocalWorker, REPO_ROOT } from "../sdk/worker/index.ts";
import { loadBacktestData, runBacktestPipeline } from "../sdk/run/index.ts";

const DemoSchema = z
  .object({ name: z.string(), backtest: z.string(), model: z.string(), train: z.string(), seeds: z.array(z.number().int().min(0)).min(1), out: z.string() })
  .strict();

const log = createLogger("demo");
const t0 = performance.now();
const configPath = resolve(REPO_ROOT, process.argv[2] ?? "configs/demo.yaml");
const demo = DemoSchema.parse(parse(readFileSync(configPath, "utf8")));
const bt = loadBacktestConfig(resolve(REPO_ROOT, demo.backtest));
const dataCfg = loadDataConfig(resolve(REPO_ROOT, bt.data.config));

// 1. Data: the workbook the data config names (written from the seeded generator when missing).
const workbook = resolve(REPO_ROOT, dataCfg.factors.sources[0]!.path);
if (!existsSync(workbook) && bt.data.synthetic) {
  log.info({ workbook }, "writing the synthetic workbook");
  await writeSynthWorkbook(synthMarket(bt.data.synthetic), workbook);
}
const data = await loadBacktestData(bt, REPO_ROOT); // loaded and cleaned once, for the model and the backtest
// 2. Worker; the features cross to it once (windows are built in the worker).
await using worker = await LocalWorker.start({ logger: log });
const h = await worker.call("health", {});
log.info({ worker: h.pid, torch: h.torch, xlstm: h.xlstm, device: h.device }, "worker healthy");
const out = resolve(REPO_ROOT, demo.out);
const { entry, features: fs } = await ensembleModelEntry({
  worker,
  panel: data.clean,
  baseDir: REPO_ROOT,
  modelConfig: demo.model,
  trainConfig: demo.train,
  seeds: demo.seeds,
  runRoot: defaultModelRunRoot(out),
  onTrainProgress: (split, p) => {
    if (p.epoch === p.epochs) log.info({ split, member: `${(p.member ?? 0) + 1}/${p.members}`, valSharpe: p.val_sharpe, valIC: p.val_ic }, "member trained");
  },
});
log.info({ days: fs.dates.length, factors: fs.factors.length, features: fs.nFeatures }, "features sent to the worker");

// 3. Walk-forward backtest: the trained ensemble vs every benchmark.
const res = await runBacktestPipeline(bt, {
  data,
  worker,
  strategies: "all",
  models: [entry],
  quick: true,
  outDir: out,
  baseDir: REPO_ROOT,
  onProgress: (p) => log.info({ step: p.step }, p.message),
});

// 4. Summary.
const fmt = (v: number | undefined, d = 2) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(d) : "-");
console.log(`\nwalk-forward ${bt.walkForward.testYears.join("-")} on ${fs.factors.length} synthetic factors, ${((performance.now() - t0) / 1000).toFixed(0)} s:`);
for (const s of res.report.strategies) {
  const m = s.metrics;
  const ic = s.forecast ? `  IC ${fmt(s.forecast.meanIc, 3)}` : "";
  console.log(`  ${s.label.padEnd(36)} Sharpe ${fmt(m.sharpe).padStart(6)}  ann.return ${fmt(m.annualizedReturn, 3).padStart(7)}  vol ${fmt(m.annualizedVolatility, 3)}  maxDD ${fmt(m.maxDrawdown, 3)}${ic}`);
}
console.log(`report: ${join(res.dir, "report.html")}`);
