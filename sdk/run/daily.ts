// runDailyPipeline (`t2 daily`, `tsx pipelines/daily.ts`): loads the daily config, resolves the members (the
// registry's production version when the config names a `registry`), starts a supervised worker, runs one as-of
// date through sdk/daily, then publishes it (snapshot, alerts, rollback check).
import { resolve } from "node:path";
import { loadDailyConfig, publishDay, resolveMembers, runDaily, type DailyResult, type Published } from "../daily/index.ts";
import { createLogger, type Logger } from "../log/index.ts";
import { productionInfo } from "../registry/index.ts";
import { LocalWorker, REPO_ROOT } from "../worker/index.ts";

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

/**
 * One as-of date end to end: run the day, then publish it.
 * @example const { result } = await runDailyPipeline({ asOf: "2025-03-03" }); console.log(renderStageTable(result));
 */
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

