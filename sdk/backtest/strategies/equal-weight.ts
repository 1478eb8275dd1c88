// Equal-weight benchmark (PRD 2.3 #1): 1/k on each of the k factors tradable at t.
import { availableFactors, scatterWeights, type StrategyContext } from "./types.ts";

/** Equal weights over the factors tradable at `ctx.t`; all zero (cash) when none is. A sync StrategyFn. */
export function equalWeight(ctx: StrategyContext): Float64Array {
  const f = availableFactors(ctx);
  return scatterWeights(ctx.nFactors, f, new Float64Array(f.length).fill(1 / f.length));
}
