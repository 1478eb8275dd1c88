// `npx tsx pipelines/daily.ts --asof YYYY-MM-DD [config]`: one daily run (sdk/run's runDailyPipeline), printing the
// stage table; exit code 2 when the day failed. `t2 daily` is the same run with more options.
import { renderStageTable } from "../sdk/daily/index.ts";
import { runDailyPipeline } from "../sdk/run/index.ts";

const args = process.argv.slice(2);
const at = args.indexOf("--asof");
const asOf = at >= 0 ? args[at + 1] : undefined;
if (asOf === undefined) {
  console.error("usage: tsx pipelines/daily.ts --asof YYYY-MM-DD [config]");
  process.exit(1);
}
const config = args.find((a, i) => a.endsWith(".yaml") && i !== at + 1);
const { result, published } = await runDailyPipeline({ asOf, ...(config ? { config } : {}) });
console.log(renderStageTable(result));
if (published.snapshotFile) console.log(`snapshot ${published.snapshotFile}`);
process.exitCode = result.status === "failed" ? 2 : 0;
