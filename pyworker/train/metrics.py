"""Validation metrics, pure numpy: the non-overlapping rebalance schedule and annualized Sharpe.

Strategy Sharpe (DESIGN 7 validation): on every ``rebalance_every``-th sample day (greedy,
non-overlapping: the next rebalance is at least 5 days later) the portfolio layer's weights are
held over the 5 target days t+1..t+5; the daily portfolio returns of all periods are pooled and
``mean / std (ddof 1) * sqrt(252)`` is the annualized Sharpe. Weights are held fixed within the
period (no drift): a validation signal, not the backtest (sdk/backtest does drift and costs).
"""

from __future__ import annotations

import math

import numpy as np

TRADING_DAYS = 252  # annualization (PRD 6.3)


def rebalance_days(days: np.ndarray, every: int = 5) -> np.ndarray:
    """Greedy subset of sorted ``days`` with gaps >= ``every`` (first day kept).

    >>> rebalance_days(np.array([0, 1, 2, 5, 6, 11]), 5).tolist()
    [0, 5, 11]
    """
    out: list[int] = []
    for d in np.asarray(days, dtype=np.int64).tolist():
        if not out or d >= out[-1] + every:
            out.append(d)
    return np.array(out, dtype=np.int64)


def annualized_sharpe(daily: np.ndarray) -> float:
    """mean / std (ddof 1) * sqrt(252) of daily returns; NaN with < 2 values or zero std."""
    x = np.asarray(daily, dtype=np.float64)
    if x.size < 2:
        return float("nan")
    sd = float(x.std(ddof=1))
    return float(x.mean() / sd * math.sqrt(TRADING_DAYS)) if sd > 0 else float("nan")


def period_returns(weights: np.ndarray, returns: np.ndarray, days: np.ndarray, horizon: int = 5) -> np.ndarray:
    """(R * horizon,) daily returns of weights (R, N) held over returns[t+1..t+h] for t in days.

    NaN returns (missing) count as 0; the layer gives those factors weight 0 anyway.
    """
    r = np.nan_to_num(np.asarray(returns, dtype=np.float64))  # (T, N)
    idx = np.asarray(days, dtype=np.int64)[:, None] + np.arange(1, horizon + 1)  # (R, h)
    return np.einsum("rhn,rn->rh", r[idx], np.asarray(weights, dtype=np.float64)).reshape(-1)
