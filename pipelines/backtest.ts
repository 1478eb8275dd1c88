// `npx tsx pipelines/backtest.ts [--config configs/backtest/synthetic.yaml] [--out DIR] [--quick]`: walk-forward of the
// benchmarks and the report (sdk/run's runBacktestPipeline). `t2 backtest --strategies all` adds the trained model.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadBacktestConfig } from "../sdk/backtest/index.ts";
import { runBacktestPipeline } from "../sdk/run/index.ts";
import { LocalWorker, REPO_ROOT } from "../sdk/worker/index.ts";

const { values } = parseArgs({ options: { config: { type: "string" }, out: { type: "string" }, quick: { type: "boolean" } }, strict: true });
const config = loadBacktestConfig(resolve(REPO_ROOT, values.config ?? "configs/backtest/synthetic.yaml"));
await using worker = await LocalWorker.start();
const res = await runBacktestPipeline(config, {
  worker,
  baseDir: REPO_ROOT,
  quick: values.quick ?? false,
  ...(values.out === undefined ? {} : { outDir: values.out }),
  onProgress: (p) => console.log(`${p.step}: ${p.message}`),
});
for (const s of res.report.strategies) console.log(`${s.label.padEnd(42)} Sharpe ${s.metrics.sharpe.toFixed(2).padStart(6)}`);
console.log(`report: ${res.files[0]}`);
