// Daily pipeline entry (`t2 daily`, or `tsx pipelines/daily.ts --asof YYYY-MM-DD [config]`): loads the daily
// config, resolves the members (the registry's production version when the config names a `registry`), starts a
// supervised worker, runs one as-of date through sdk/daily, then publishes it (snapshot, alerts, rollback check).
import { resolve } from "node:path";
import { loadDailyConfig, publishDay, renderStageTable, resolveMembers, runDaily, type DailyResult, type Published } from "../sdk/daily/index.ts";
import { createLogger, type Logger } from "../sdk/log/index.ts";
import { productionInfo } from "../sdk/registry/index.ts";
import { LocalWorker, REPO_ROOT } from "../sdk/worker/index.ts";

export const DEFAULT_DAILY_CONFIG = "configs/daily/synthetic.yaml";

export interface DailyPipelineOptions {
  readonly asOf: string;
  readonly config?: string;
  /** Member files or directories; default: the registry's production version, else the config's `members`. */
  readonly members?: readonly string[];
  readonly baseDir?: string;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

export interface DailyPipelineResult {
  readonly result: DailyResult;
  readonly published: Published;
}

export async function runDailyPipeline(o: DailyPipelineOptions): Promise<DailyPipelineResult> {
  const base = o.baseDir ?? REPO_ROOT;
  const config = loadDailyConfig(resolve(base, o.config ?? DEFAULT_DAILY_CONFIG));
  const fromRegistry = o.members === undefined && config.registry !== undefined ? (await productionInfo(resolve(base, config.registry))).members : undefined;
  const members = fromRegistry ?? resolveMembers(o.members ?? config.members ?? [], base);
  const logger = o.logger ?? createLogger("daily");
  let result: DailyResult;
  {
    await using worker = await LocalWorker.start({ logger });
    result = await runDaily({ asOf: o.asOf, config, worker, members, baseDir: base, logger, ...(o.signal ? { signal: o.signal } : {}) });
  }
  const published = await publishDay(result, { config, members: members.length, baseDir: base, logger });
  return { result, published };
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
  const { result, published } = await runDailyPipeline({ asOf, ...(config ? { config } : {}) });
  console.log(renderStageTable(result));
  if (published.snapshotFile) console.log(`snapshot ${published.snapshotFile}`);
  process.exitCode = result.status === "failed" ? 2 : 0;
}
