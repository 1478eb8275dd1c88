// Portfolio methods (issue 5): batched max-Sharpe with the volatility floor and the benchmark optimizers.
import { z } from "zod";
import { defineMethod } from "../define.ts";
import { tensor } from "../tensor.ts";

/** Optimizers the worker runs on given (mu, Sigma). DESIGN 6 for max_sharpe_floor. */
export const OPTIMIZE_METHODS = ["max_sharpe_floor", "max_sharpe_floor_reference", "min_variance", "risk_parity", "equal_weight"] as const;
/** Benchmarks estimated from trailing return windows (DESIGN 7). */
export const WINDOW_METHODS = ["mean_variance", "min_variance", "risk_parity", "equal_weight", "max_sharpe_floor"] as const;

const solution = z
  .object({
    weights: tensor({ dtype: ["float64"], rank: 2 }),
    status: z.array(z.string()),
    ret: tensor({ dtype: ["float64"], rank: 1 }),
    vol: tensor({ dtype: ["float64"], rank: 1 }),
    sharpe: tensor({ dtype: ["float64"], rank: 1 }),
    nonpositiveSharpe: tensor({ dtype: ["bool"], rank: 1 }),
    exact: tensor({ dtype: ["bool"], rank: 1 }),
  })
  .strict();

export const optimize = defineMethod({
  name: "portfolio.optimize",
  description:
    "Solves B long-only problems. mu (B,N) and sigma (B,N,N) in daily units; volFloor daily (default 0.10/sqrt(252)); mask (B,N) 1 = tradable. Returns weights (B,N) and a status per row.",
  idempotent: true,
  params: z
    .object({
      method: z.enum(OPTIMIZE_METHODS),
      mu: tensor({ dtype: ["float64", "float32"], rank: 2, finite: true }).optional(),
      sigma: tensor({ dtype: ["float64", "float32"], rank: 3, finite: true }),
      volFloor: z.number().positive().max(1).optional(),
      mask: tensor({ dtype: ["bool", "uint8"], rank: 2 }).optional(),
    })
    .strict(),
  result: solution,
});

export const optimizeWindows = defineMethod({
  name: "portfolio.optimizeWindows",
  description:
    "Benchmarks from trailing daily return windows (B,T,N) (NaN = missing): estimates mean/covariance (sample or Ledoit-Wolf), then optimizes with `method`.",
  idempotent: true,
  params: z
    .object({
      method: z.enum(WINDOW_METHODS),
      returns: tensor({ dtype: ["float64"], rank: 3 }),
      mask: tensor({ dtype: ["bool", "uint8"], rank: 2 }).optional(),
      volFloor: z.number().positive().max(1).optional(),
      estimator: z.enum(["sample", "ledoit_wolf"]).optional(),
    })
    .strict(),
  result: solution,
});
