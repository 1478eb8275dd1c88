// `npx tsx pipelines/retrain.ts --year YYYY [--config configs/retrain/synthetic.yaml] [--dry-run]`: PRD 9.2 retraining
// (sdk/run's runRetrain), printing the decision; exit code 3 when the gate refused the candidate (as `t2 retrain`).
import { parseArgs } from "node:util";
import { renderRetrain, runRetrain } from "../sdk/run/index.ts";

const { values } = parseArgs({ options: { year: { type: "string" }, config: { type: "string" }, "dry-run": { type: "boolean" } }, strict: true });
const year = Number(values.year);
if (!Number.isInteger(year)) {
  console.error("usage: tsx pipelines/retrain.ts --year YYYY [--config FILE] [--dry-run]");
  process.exit(1);
}
const o = await runRetrain({ year, dryRun: values["dry-run"] ?? false, ...(values.config === undefined ? {} : { config: values.config }) });
console.log(renderRetrain(o));
process.exitCode = o.dryRun || o.promoted ? 0 : 3;
