// The optimization fail-safe chain of PRD 10.3 on the SDK side: max-Sharpe with the 10% floor -> the same with the
// 9.5% floor -> minimum variance -> equal weight (computed here, needs no worker). The worker walks the same chain
// inside one call and reports it as a status; this chain takes over when a call itself fails (SOLVER_FAILED, a dead
// worker). `solve` is injected, so the decision logic is tested without a worker.
import type { DailyAlert } from "./alerts.ts";
import { equalWeight, solverStatusAlert } from "./failsafe.ts";

export type SolveStep = { readonly name: "floor" | "relaxed" | "min_variance"; readonly method: "max_sharpe_floor" | "min_variance"; readonly volFloorDaily?: number };
export type SolveOutcome = { readonly weights: Float64Array; readonly status: string };
export type Solve = (step: SolveStep) => Promise<SolveOutcome>;

export interface ChainResult {
  readonly weights: Float64Array;
  /** The worker's status, or relaxed / min_variance / equal_weight when the chain moved on. */
  readonly status: string;
  /** Steps tried, with the error of each failed one. */
  readonly attempts: readonly { readonly step: string; readonly error?: string }[];
  readonly alerts: readonly DailyAlert[];
}

export function solverSteps(volFloorDaily: number, relaxedFloorDaily: number): SolveStep[] {
  return [
    { name: "floor", method: "max_sharpe_floor", volFloorDaily },
    { name: "relaxed", method: "max_sharpe_floor", volFloorDaily: relaxedFloorDaily },
    { name: "min_variance", method: "min_variance" },
  ];
}

const errText = (e: unknown): string => (e && typeof e === "object" && "code" in e ? `${String((e as { code: unknown }).code)}: ` : "") + (e instanceof Error ? e.message : String(e));

/** Runs the steps until one returns; equal weight over `mask` when all fail. Never throws. */
export async function solveWithFallbacks(date: string, steps: readonly SolveStep[], solve: Solve, mask: ArrayLike<number>): Promise<ChainResult> {
  const attempts: { step: string; error?: string }[] = [];
  for (const step of steps) {
    try {
      const r = await solve(step);
      attempts.push({ step: step.name });
      // A later step's answer is that fallback, whatever case the solver found inside it.
      const status = step.name === "floor" ? r.status : step.name === "relaxed" && !["min_variance", "equal_weight"].includes(r.status) ? "relaxed" : step.name === "min_variance" ? "min_variance" : r.status;
      const failed = attempts.filter((a) => a.error).map((a) => `${a.step}: ${a.error}`).join("; ");
      const a = solverStatusAlert(date, status, failed);
      return { weights: r.weights, status, attempts, alerts: a ? [a] : [] };
    } catch (e) {
      attempts.push({ step: step.name, error: errText(e) });
    }
  }
  attempts.push({ step: "equal_weight" });
  const failed = attempts.filter((a) => a.error).map((a) => `${a.step}: ${a.error}`).join("; ");
  const a = solverStatusAlert(date, "equal_weight", failed);
  return { weights: equalWeight(mask), status: "equal_weight", attempts, alerts: a ? [a] : [] };
}
