// Types of the backtest engine: its input (panel of daily returns, mask, schedule, targets) and result.

/**
 * Target weights per rebalance day: a function of the day index `t`, or a map from `t` to weights.
 * A target for day `t` may use data up to and including `t` only; it is traded at the close of `t`
 * and first earns the returns of day `t + 1`.
 */
export type TargetWeights = ((t: number) => Float64Array) | ReadonlyMap<number, Float64Array>;

/** Input of {@link runBacktest}. Arrays are row-major T x N (day-major), never mutated. */
export interface BacktestInput {
  /** Trading days, sorted, length T. */
  readonly dates: readonly string[];
  /** Daily simple returns in decimals, T x N row-major; NaN = missing. */
  readonly returns: Float64Array;
  /** 1 = factor tradable on that day, 0 = masked; T x N row-major. */
  readonly mask: Uint8Array;
  /** Rebalance every k trading days starting at `firstRebalance` (default 5). Exclusive with `rebalanceDates`. */
  readonly rebalanceEvery?: number;
  /** Day index of the first scheduled rebalance when `rebalanceEvery` is used (default 0). */
  readonly firstRebalance?: number;
  /** Explicit rebalance dates (each must be in `dates`, strictly increasing). */
  readonly rebalanceDates?: readonly string[];
  readonly targetWeights: TargetWeights;
  /** Transaction cost in basis points of traded notional (default 0, PRD 6.1). */
  readonly costBps?: number;
  /** Slippage in basis points of traded notional (default 0, PRD 6.1). */
  readonly slippageBps?: number;
  /** Starting portfolio value in dollars (default 1,000,000). */
  readonly initialCapital?: number;
}

/** One rebalance: the trade at the close of day `t`. */
export interface RebalanceRecord {
  readonly t: number;
  readonly date: string;
  /** Sum over factors of |w_target - w_drifted| (1.0 = 100% of NAV traded one-way). */
  readonly turnover: number;
  /** turnover * (costBps + slippageBps) / 1e4: fraction of NAV lost to trading. */
  readonly costFraction: number;
  /** costFraction * pre-trade NAV, in dollars. */
  readonly cost: number;
  /** The target weights (a copy). */
  readonly weights: Float64Array;
}

/** A held factor whose return was missing (NaN) on day `t`: its return counted as 0 that day. */
export interface MissingReturnEvent {
  readonly t: number;
  readonly date: string;
  readonly factor: number;
  /** Weight held at the previous close. */
  readonly weight: number;
}

/** Output of {@link runBacktest}; daily arrays have length T, `positions` is T x N. */
export interface BacktestResult {
  readonly dates: readonly string[];
  readonly nFactors: number;
  /** First day that earns a return (first rebalance + 1); days before it are in cash (return 0). */
  readonly start: number;
  /** Daily portfolio returns net of costs. */
  readonly dailyReturns: Float64Array;
  /** Daily portfolio returns before costs (sum_i w_i r_i with the previous close's weights). */
  readonly grossReturns: Float64Array;
  /** Portfolio value at each close, after that day's trading costs. */
  readonly nav: Float64Array;
  /** Daily dollar P&L: nav[t] - nav[t-1] (nav[-1] = initial capital). */
  readonly pnl: Float64Array;
  /** Weights held at each close after any trade: row t earns the returns of day t + 1. */
  readonly positions: Float64Array;
  readonly rebalances: readonly RebalanceRecord[];
  /** Turnover per rebalance, same order as `rebalances`. */
  readonly turnover: Float64Array;
  /** Dollar cost per rebalance, same order as `rebalances`. */
  readonly costs: Float64Array;
  readonly missingReturns: readonly MissingReturnEvent[];
}
