// Feature options (zod, strict): rolling windows, normalization window and epsilon, VIX regime threshold. PRD 3.3.
import { z } from "zod";

export const FeatureOptionsSchema = z
  .object({
    /** Short rolling window for mean and volatility (PRD 3.3: 20 days). */
    shortWindow: z.number().int().min(2).default(20),
    /** Long rolling window for mean, volatility and the per-factor z-score (PRD 3.3: 60 days). */
    longWindow: z.number().int().min(2).default(60),
    /** Rolling z-score normalization window; expanding before it fills (PRD 3.3: 60 days). */
    normWindow: z.number().int().min(2).default(60),
    /** Trailing window of the average pairwise factor correlation. */
    corrWindow: z.number().int().min(3).default(60),
    /** Added to every standard deviation a z-score divides by (PRD 3.3: 1e-8). */
    eps: z.number().positive().default(1e-8),
    /** VIX level above which the volatility-regime flag is 1 (PRD 3.3: 20). */
    vixThreshold: z.number().default(20),
  })
  .strict()
  .refine((o) => o.shortWindow <= o.longWindow, { message: "shortWindow must not exceed longWindow", path: ["shortWindow"] });

export type FeatureOptions = z.infer<typeof FeatureOptionsSchema>;
export type FeatureOptionsInput = z.input<typeof FeatureOptionsSchema>;

export function featureOptions(input: FeatureOptionsInput = {}): FeatureOptions {
  return FeatureOptionsSchema.parse(input);
}
