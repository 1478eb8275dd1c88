// Daily pipeline config (zod, strict: an unknown key fails with its path): run directory, drop folder, history
// source for the first run, members, inference window, volatility floor and the fail-safe thresholds (PRD 9.1, 10.3).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { CleaningSchema, ValidationRulesSchema } from "../data/index.ts";
import { FeatureOptionsSchema } from "../features/index.ts";
import { AlertThresholds } from "../monitor/alerts/index.ts";
import { WebhookOptions } from "../monitor/sinks/index.ts";

const SynthSchema = z
  .object({
    factors: z.number().int().min(2),
    start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    end: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    seed: z.number().int(),
  })
  .strict();

export const DailyConfigSchema = z
  .object({
    name: z.string().min(1),
    /** Run directory: state/, one folder per as-of date (repo-relative or absolute). */
    runDir: z.string().min(1).default("runs/daily"),
    /** Drop folder with one `<YYYY-MM-DD>.csv` per trading day (default `<runDir>/inbox`). */
    inbox: z.string().min(1).optional(),
    /** Where the history of the first run (bootstrap) comes from. */
    source: z.discriminatedUnion("kind", [
      z
        .object({
          kind: z.literal("synthetic"),
          synthetic: SynthSchema,
          /** Simulated vendor: write the day's file from the seeded market when it is not in the inbox. */
          feed: z.boolean().default(false),
        })
        .strict(),
      z.object({ kind: z.literal("data-config"), config: z.string().min(1) }).strict(),
    ]),
    /** Member checkpoints, or directories searched (two levels) for `*.safetensors` members (unless `registry`). */
    members: z.array(z.string().min(1)).min(1).optional(),
    /** Model registry root (e.g. `models`): members come from its production version and the PRD 9.4 rollback check runs after each day. */
    registry: z.string().min(1).optional(),
    /** Monitoring of each run (sdk/monitor): the day's DailySnapshot, alert delivery, VaR limits. */
    monitor: z
      .object({
        /** DailySnapshot directory (default: the run directory, beside `<asOf>/` and `state/`). */
        stateDir: z.string().min(1).optional(),
        /** Append-only alert file (default `<stateDir>/alerts.jsonl`, the one `t2 serve` counts). */
        alertFile: z.string().min(1).optional(),
        /** Optional webhook sink (sdk/monitor WebhookOptions). */
        webhook: WebhookOptions.optional(),
        /** Alert rule thresholds (sdk/monitor AlertThresholds; missing keys take the PRD defaults). */
        thresholds: AlertThresholds.optional(),
        /** One-day VaR limits the dashboard shows utilization against (monitoring only, PRD 10.1: no hard limit). */
        varLimit95: z.number().positive().default(0.02),
        varLimit99: z.number().positive().default(0.03),
        /** Seconds the run waits for queued alert deliveries at the end. */
        flushMs: z.number().int().positive().default(10_000),
      })
      .strict()
      .default({ varLimit95: 0.02, varLimit99: 0.03, flushMs: 10_000 }),
    rules: ValidationRulesSchema.default(ValidationRulesSchema.parse({})),
    cleaning: CleaningSchema.default(CleaningSchema.parse({})),
    features: FeatureOptionsSchema.default(FeatureOptionsSchema.parse({})),
    inference: z
      .object({
        /** Feature rows kept in the state and sent to the worker (>= the members' lookback). */
        windowDays: z.number().int().min(2).default(250),
        /** PRD 10.3: reuse the last valid prediction up to this many trading days old. */
        maxStaleDays: z.number().int().min(0).default(5),
        timeoutMs: z.number().int().positive().default(120_000),
      })
      .strict()
      .default({ windowDays: 250, maxStaleDays: 5, timeoutMs: 120_000 }),
    portfolio: z
      .object({
        /** Annualized volatility floor (PRD 10.1: 10%). */
        volFloor: z.number().positive().default(0.1),
        /** Relaxed floor of the fail-safe chain (PRD 10.3: 9.5%). */
        relaxedVolFloor: z.number().positive().default(0.095),
        /** Turnover (sum |delta w|) above which a WARNING is raised (PRD 13.2: < 50% per rebalance). */
        maxTurnoverWarn: z.number().positive().default(0.5),
        timeoutMs: z.number().int().positive().default(60_000),
      })
      .strict()
      .default({ volFloor: 0.1, relaxedVolFloor: 0.095, maxTurnoverWarn: 0.5, timeoutMs: 60_000 }),
  })
  .strict()
  .refine((c) => c.members !== undefined || c.registry !== undefined, { message: "give `members` or `registry`", path: ["members"] });

export type DailyConfig = z.infer<typeof DailyConfigSchema>;
export type DailyConfigInput = z.input<typeof DailyConfigSchema>;

/** Error of a daily config file: names the file and the first bad key path. */
export class DailyConfigError extends Error {
  override readonly name = "DailyConfigError";
}

export function parseDailyConfig(input: unknown, file = "<inline>"): DailyConfig {
  const r = DailyConfigSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    const path = i?.path.join(".") ?? "";
    const what = i?.code === "unrecognized_keys" ? `unknown key ${(i as { keys?: string[] }).keys?.join(", ") ?? ""}` : (i?.message ?? "invalid");
    throw new DailyConfigError(`invalid daily config ${file}: ${path ? `${path}: ` : ""}${what}`);
  }
  return r.data;
}

/** @example const cfg = loadDailyConfig("configs/daily/synthetic.yaml"); */
export function loadDailyConfig(file: string): DailyConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new DailyConfigError(`daily config not found: ${file}`);
  }
  return parseDailyConfig(parse(text), file);
}
