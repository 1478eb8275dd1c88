// DailySnapshot: what the daily pipeline records at each close (one JSON file a day) and the dashboard and alert rules read.
import { z } from "zod";

const finite = z.number().finite();
const fraction = finite.min(0).max(1);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

/** How the day's prediction was obtained (PRD 10.3 fail-safes). */
export const PredictionSource = z.enum(["model", "last_valid", "equal_weight"]);
export type PredictionSource = z.infer<typeof PredictionSource>;

/**
 * The optimizer's outcome: `optimal`, or the PRD 10.3 relax chain step that produced the weights, or `infeasible`;
 * `skipped` when no solve ran that day (trading halted, the day failed, or the last valid prediction's weights were reused).
 */
export const OptimizerStatus = z.enum(["optimal", "relaxed", "min_variance", "equal_weight", "infeasible", "skipped"]);
export type OptimizerStatus = z.infer<typeof OptimizerStatus>;

/**
 * One day's state, file `<stateDir>/<asOf>.json` (format version 1). Vectors are indexed like `factors`.
 * Returns and volatilities are daily fractions unless the field says annualized.
 */
export const DailySnapshot = z
  .strictObject({
    /** File format version. */
    version: z.literal(1),
    /** The close the snapshot describes. */
    asOf: date,
    /** When the pipeline wrote it (ISO 8601). */
    createdAt: z.string().min(1),
    /** Factor names, length N. */
    factors: z.array(z.string().min(1)).min(1),
    /** Target weights after optimization (N). */
    weights: z.array(finite),
    /** Weights before today's rebalance (N), when known. */
    previousWeights: z.array(finite).optional(),
    /** Portfolio value at the close of asOf. */
    nav: finite.positive(),
    /** Portfolio return on asOf. */
    dailyReturn: finite,
    /** Trailing realized daily portfolio returns ending at asOf (most recent last); the rolling-Sharpe rule reads it. */
    returnsHistory: z.array(finite),
    /** Target annualized volatility (PRD: 0.10). */
    targetVol: finite.positive(),
    /** Turnover of today's rebalance: sum_i |w_target_i - w_before_i| (the backtest engine's definition). */
    turnover: finite.min(0),
    prediction: z.strictObject({
      /** Ensemble-mean predicted return per factor (N). */
      mu: z.array(finite),
      /** Predicted volatility per factor, same horizon as mu (N): sqrt of the covariance diagonal. */
      sigma: z.array(finite.min(0)),
      /** Full predicted covariance (N x N), when recorded; the dashboard shows its eigenvalues. */
      covariance: z.array(z.array(finite)).optional(),
      source: PredictionSource,
      /** Age in trading days of the prediction used (0 = made today). */
      ageDays: z.number().int().min(0),
    }),
    ensemble: z.strictObject({
      members: z.number().int().min(1),
      /** Mean over factors of (std across members of mu_i) / sigma_i: dimensionless. */
      disagreement: finite.min(0),
    }),
    optimizer: z.strictObject({
      status: OptimizerStatus,
      message: z.string().optional(),
      /** Solve time in milliseconds. */
      solveMs: finite.min(0).optional(),
    }),
    risk: z.strictObject({
      /** One-day historical VaR as positive losses and their limits (utilization = var / limit). */
      var95: finite.min(0),
      var99: finite.min(0),
      varLimit95: finite.positive(),
      varLimit99: finite.positive(),
    }),
    dataQuality: z.strictObject({
      /** Fraction of factors with missing data today. */
      missingFraction: fraction,
      missingCount: z.number().int().min(0),
      /** Values clipped by the causal winsorizer today. */
      winsorizedCount: z.number().int().min(0),
      /** Per-feature distribution shift statistic (e.g. PSI or KS) vs the training window. */
      featureDrift: z.array(z.strictObject({ feature: z.string().min(1), statistic: finite.min(0) })),
    }),
    /** Failure messages of this run (null = that stage succeeded). */
    failures: z.strictObject({ inference: z.string().nullable(), pipeline: z.string().nullable() }),
    /** Stage timings in milliseconds (ingest, features, inference, optimize, trades...). */
    stages: z.record(z.string(), finite.min(0)).optional(),
  })
  .superRefine((s, ctx) => {
    const n = s.factors.length;
    const vectors: [string[], number][] = [
      [["weights"], s.weights.length],
      [["prediction", "mu"], s.prediction.mu.length],
      [["prediction", "sigma"], s.prediction.sigma.length],
    ];
    if (s.previousWeights) vectors.push([["previousWeights"], s.previousWeights.length]);
    for (const [path, len] of vectors) {
      if (len !== n) ctx.addIssue({ code: "custom", path, message: `length ${len}, expected ${n} (one per factor)` });
    }
    const cov = s.prediction.covariance;
    if (cov && (cov.length !== n || cov.some((r) => r.length !== n))) {
      ctx.addIssue({ code: "custom", path: ["prediction", "covariance"], message: `expected a ${n} x ${n} matrix` });
    }
  });
export type DailySnapshot = z.infer<typeof DailySnapshot>;
