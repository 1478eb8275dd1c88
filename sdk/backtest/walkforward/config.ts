// The backtest run config (configs/backtest/*.yaml): strict zod schema; unknown keys fail with their path.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { BENCHMARK_NAMES } from "../benchmarks/catalog.ts";

const year = z.number().int().min(1900).max(2100);

export const BacktestConfigSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    data: z
      .object({
        /** Data config (configs/data/*.yaml), relative to the repo root. */
        config: z.string().min(1),
        /** Generate the synthetic market in memory (same generator and seed as `t2 data synth`) when the data files are absent. */
        synthetic: z
          .object({ factors: z.number().int().min(2).default(100), start: z.string().default("2000-01-03"), end: z.string().default("2025-12-31"), seed: z.number().int().default(7) })
          .strict()
          .optional(),
      })
      .strict(),
    walkForward: z
      .object({
        mode: z.enum(["walk-forward", "single"]).default("walk-forward"),
        testYears: z.tuple([year, year]).default([2021, 2025]),
        purgeDays: z.number().int().min(0).default(5),
        /** Single mode (PRD 5.4): last training and validation years. */
        trainEndYear: year.optional(),
        validationEndYear: year.optional(),
      })
      .strict()
      .default({ mode: "walk-forward", testYears: [2021, 2025], purgeDays: 5 }),
    backtest: z
      .object({
        rebalanceEvery: z.number().int().min(1).default(5),
        costBps: z.number().min(0).default(0),
        slippageBps: z.number().min(0).default(0),
        initialCapital: z.number().positive().default(1_000_000),
      })
      .strict()
      .default({ rebalanceEvery: 5, costBps: 0, slippageBps: 0, initialCapital: 1_000_000 }),
    benchmarks: z
      .object({
        include: z.array(z.enum(BENCHMARK_NAMES)).min(1).default([...BENCHMARK_NAMES]),
        lookback: z.number().int().min(20).default(250),
        /** Annual volatility floor of mean-variance (PRD 4.5). */
        volFloor: z.number().positive().max(1).default(0.1),
        momentumLookback: z.number().int().min(1).default(60),
        momentumTopFraction: z.number().gt(0).max(1).default(0.2),
        /** Rebalances per optimizeWindows call. */
        batchSize: z.number().int().min(1).default(64),
      })
      .strict()
      .default({ include: [...BENCHMARK_NAMES], lookback: 250, volFloor: 0.1, momentumLookback: 60, momentumTopFraction: 0.2, batchSize: 64 }),
    analysis: z
      .object({
        regimes: z
          .object({ vixLow: z.number().default(15), vixHigh: z.number().default(25), correlationHigh: z.number().default(0.7), correlationWindow: z.number().int().min(3).default(60) })
          .strict()
          .default({ vixLow: 15, vixHigh: 25, correlationHigh: 0.7, correlationWindow: 60 }),
        sensitivity: z
          .object({ rebalanceEvery: z.array(z.number().int().min(1)).default([3, 5, 10]), volFloor: z.array(z.number().positive()).default([0.08, 0.1, 0.12]), lookback: z.array(z.number().int().min(20)).default([200, 250, 300]) })
          .strict()
          .default({ rebalanceEvery: [3, 5, 10], volFloor: [0.08, 0.1, 0.12], lookback: [200, 250, 300] }),
        perturbations: z
          .object({ noise: z.array(z.number().min(0)).default([0.05, 0.1]), dropFraction: z.array(z.number().min(0).lt(1)).default([0.1, 0.2]), seed: z.number().int().default(1) })
          .strict()
          .default({ noise: [0.05, 0.1], dropFraction: [0.1, 0.2], seed: 1 }),
      })
      .strict()
      .default({
        regimes: { vixLow: 15, vixHigh: 25, correlationHigh: 0.7, correlationWindow: 60 },
        sensitivity: { rebalanceEvery: [3, 5, 10], volFloor: [0.08, 0.1, 0.12], lookback: [200, 250, 300] },
        perturbations: { noise: [0.05, 0.1], dropFraction: [0.1, 0.2], seed: 1 },
      }),
    report: z
      .object({ rollingWindow: z.number().int().min(5).default(63), topFactors: z.number().int().min(1).default(8) })
      .strict()
      .default({ rollingWindow: 63, topFactors: 8 }),
  })
  .strict();

export type BacktestConfig = z.infer<typeof BacktestConfigSchema>;
export type BacktestConfigInput = z.input<typeof BacktestConfigSchema>;

/** A config that failed validation; `issues` name the key paths. */
export class BacktestConfigError extends Error {
  override readonly name = "BacktestConfigError";
  constructor(
    message: string,
    readonly issues: readonly string[],
  ) {
    super(message);
  }
}

/** Validates a parsed config object (throws BacktestConfigError naming each bad or unknown key path). */
export function parseBacktestConfig(raw: unknown, file = "<config>"): BacktestConfig {
  const r = BacktestConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => {
    const keys = i.code === "unrecognized_keys" ? (i as { keys: string[] }).keys.map((k) => [...i.path, k].join(".")) : [i.path.join(".")];
    return `${keys.join(", ") || "(root)"}: ${i.message}`;
  });
  throw new BacktestConfigError(`invalid backtest config ${file}: ${issues.join("; ")}`, issues);
}

/** Reads and validates a YAML (or JSON) backtest config. */
export function loadBacktestConfig(file: string): BacktestConfig {
  return parseBacktestConfig(parse(readFileSync(file, "utf8")) as unknown, file);
}
