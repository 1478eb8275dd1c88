// SnapshotView: the numbers the dashboard and /metrics show for one day, derived purely from its DailySnapshot.
import type { DailySnapshot, OptimizerStatus, PredictionSource } from "../state/snapshot.ts";
import { covarianceEigenvalues } from "./eigen.ts";
import { currentDrawdown, trailingSharpe, trailingVol } from "./rolling.ts";

/** Weights below this count as no position. */
export const ACTIVE_WEIGHT = 1e-4;

export interface PositionRow {
  factor: string;
  weight: number;
  /** Weight before the rebalance, when the snapshot records it. */
  previous: number | null;
}

export interface PredictionRow {
  factor: string;
  mu: number;
  sigma: number;
  /** mu / sigma (null when sigma is 0). */
  z: number | null;
}

export interface SnapshotView {
  asOf: string;
  createdAt: string;
  nav: number;
  dailyReturn: number;
  /** Today's P&L in currency: nav - nav / (1 + dailyReturn). */
  pnl: number;
  /** Annualized Sharpe of the last `window` (30) returns of `returnsHistory`; null with fewer. */
  rollingSharpe: number | null;
  /** Drawdown from the peak within the recorded returns history. */
  drawdown: number;
  /** Annualized volatility of the last `window` (30) returns; null with fewer. */
  realizedVol: number | null;
  targetVol: number;
  positions: PositionRow[];
  activePositions: number;
  maxPosition: number;
  turnover: number;
  topPredictions: PredictionRow[];
  /** Descending; null when the snapshot has no full covariance. */
  eigenvalues: number[] | null;
  optimizerStatus: OptimizerStatus;
  optimizerMessage: string | null;
  predictionSource: PredictionSource;
  predictionAgeDays: number;
  ensembleMembers: number;
  disagreement: number;
  var95: number;
  var99: number;
  varUtilization95: number;
  varUtilization99: number;
  missingFraction: number;
  missingCount: number;
  winsorizedCount: number;
  featureDrift: { feature: string; statistic: number }[];
  failures: { inference: string | null; pipeline: string | null };
}

/**
 * Everything the dashboard shows for `s` (pure).
 * @example snapshotView(readLatestSnapshot("runs/daily")).rollingSharpe
 */
export function snapshotView(s: DailySnapshot, window = 30): SnapshotView {
  const positions = s.factors
    .map((factor, i) => ({ factor, weight: s.weights[i] as number, previous: s.previousWeights ? (s.previousWeights[i] as number) : null }))
    .filter((p) => Math.abs(p.weight) > ACTIVE_WEIGHT || (p.previous !== null && Math.abs(p.previous) > ACTIVE_WEIGHT))
    .sort((a, b) => b.weight - a.weight || a.factor.localeCompare(b.factor));
  const topPredictions = s.factors
    .map((factor, i) => {
      const mu = s.prediction.mu[i] as number;
      const sigma = s.prediction.sigma[i] as number;
      return { factor, mu, sigma, z: sigma > 0 ? mu / sigma : null };
    })
    .sort((a, b) => b.mu - a.mu || a.factor.localeCompare(b.factor))
    .slice(0, 10);
  return {
    asOf: s.asOf,
    createdAt: s.createdAt,
    nav: s.nav,
    dailyReturn: s.dailyReturn,
    pnl: s.nav - s.nav / (1 + s.dailyReturn),
    rollingSharpe: trailingSharpe(s.returnsHistory, window),
    drawdown: currentDrawdown(s.returnsHistory),
    realizedVol: trailingVol(s.returnsHistory, window),
    targetVol: s.targetVol,
    positions,
    activePositions: s.weights.filter((w) => Math.abs(w) > ACTIVE_WEIGHT).length,
    maxPosition: Math.max(...s.weights.map(Math.abs)),
    turnover: s.turnover,
    topPredictions,
    eigenvalues: s.prediction.covariance ? covarianceEigenvalues(s.prediction.covariance) : null,
    optimizerStatus: s.optimizer.status,
    optimizerMessage: s.optimizer.message ?? null,
    predictionSource: s.prediction.source,
    predictionAgeDays: s.prediction.ageDays,
    ensembleMembers: s.ensemble.members,
    disagreement: s.ensemble.disagreement,
    var95: s.risk.var95,
    var99: s.risk.var99,
    varUtilization95: s.risk.var95 / s.risk.varLimit95,
    varUtilization99: s.risk.var99 / s.risk.varLimit99,
    missingFraction: s.dataQuality.missingFraction,
    missingCount: s.dataQuality.missingCount,
    winsorizedCount: s.dataQuality.winsorizedCount,
    featureDrift: [...s.dataQuality.featureDrift].sort((a, b) => b.statistic - a.statistic),
    failures: s.failures,
  };
}
