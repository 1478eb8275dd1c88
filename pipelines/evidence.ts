// `npx tsx pipelines/evidence.ts [--data DIR] [--config ...] [--out DIR] [--docs FILE] [--quick] [--render-only]`: the
// real-data evidence run and docs/results.md (sdk/run's runEvidence; same options as `t2 evidence`).
import { evidenceMain } from "../sdk/run/index.ts";

process.exitCode = await evidenceMain(process.argv.slice(2));
