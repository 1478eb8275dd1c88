// Daily pipeline entry (`t2 daily`, or `tsx pipelines/daily.ts --asof YYYY-MM-DD [config]`): loads the daily
// config, resolves the members, starts a supervised worker and runs one as-of date through sdk/daily.
import { resolve } from "node:path";
import { loadDailyConfig, renderStageTable, resolveMembers, runDaily, type DailyResult } from "../sdk/daily/index.ts";
import { createLogger, type Logger } from "../sdk/log/index.ts";
import { LocalWorker, REPO_ROOT } from "../sdk/worker/index.ts";

export const DEFAULT_DAILY_CONFIG = "configs/daily/synthetic.yaml";

export interface DailyPipelineOptions {
  readonly asOf: string;
  readonly config?: string;
  /** Member files or directories; default: the config's `members`. */
  readonly members?: readonly string[];
  readonly baseDir?: string;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

export async function runDailyPipeline(o: DailyPipelineOptions): Promise<DailyResult> {
  const base = o.baseDir ?? REPO_ROOT;
  const config = loadDailyConfig(resolve(base, o.config ?? DEFAULT_DAILY_CONFIG));
  const members = resolveMembers(o.members ?? config.members, base);
  const logger = o.logger ?? createLogger("daily");
  await using worker = await LocalWorker.start({ logger });
  return await runDaily({ asOf: o.asOf, config, worker, members, baseDir: base, logger, ...(o.signal ? { signal: o.signal } : {}) });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--asof");
  const asOf = at >= 0 ? args[at + 1] : undefined;
  if (asOf === undefined) {
    console.error("usage: tsx pipelines/daily.ts --asof YYYY-MM-DD [config]");
    process.exit(1);
  }
  const config = args.find((a, i) => a.endsWith(".yaml") && i !== at + 1);
  const r = await runDailyPipeline({ asOf, ...(config ? { config } : {}) });
  console.log(renderStageTable(r));
  process.exitCode = r.status === "failed" ? 2 : 0;
}
