"""Reference backtest engine in dollar holdings (an independent formulation of the TS weight engine).

Per day s: each dollar holding grows by (1 + r) (a missing return counts as 0), cash earns 0; at a
rebalance close the traded notional sum |target * NAV - holding| is charged (cost + slippage) bps and
the post-cost NAV is reinvested at the target weights. Also: the model-free strategies, from their rules.
"""

from __future__ import annotations

import numpy as np


def run_backtest(returns: np.ndarray, targets: dict[int, np.ndarray], bps: float, capital: float) -> dict[str, list[float]]:
    t_days, n = returns.shape
    hold = np.zeros(n)
    cash = capital
    nav, daily, turnover, costs = [], [], [], []
    prev = capital
    for s in range(t_days):
        hold = hold * (1.0 + np.nan_to_num(returns[s], nan=0.0))
        value = hold.sum() + cash
        if s in targets:
            w = targets[s]
            traded = np.abs(w * value - hold).sum()
            cost = traded * bps / 1e4
            value -= cost
            hold = w * value
            cash = value - hold.sum()
            turnover.append(traded / (value + cost))
            costs.append(cost)
        nav.append(value)
        daily.append(value / prev - 1.0)
        prev = value
    return {"nav": nav, "dailyReturns": daily, "turnover": turnover, "costs": costs}


def equal_weight(mask_row: np.ndarray) -> np.ndarray:
    k = mask_row.sum()
    return np.where(mask_row == 1, 1.0 / k, 0.0) if k else np.zeros(len(mask_row))


def momentum(returns: np.ndarray, mask: np.ndarray, t: int, lookback: int = 60, top: float = 0.2) -> np.ndarray:
    """Top ceil(top * eligible) factors by prod(1 + r[t-L+1..t]) - 1, equal weight; ties to the lower index."""
    if t + 1 < lookback:
        return equal_weight(mask[t])
    window = returns[t - lookback + 1 : t + 1]
    eligible = np.flatnonzero((mask[t] == 1) & ~np.isnan(window).any(axis=0))
    if len(eligible) == 0:
        return equal_weight(mask[t])
    score = np.prod(1.0 + window[:, eligible], axis=0) - 1.0
    order = np.lexsort((eligible, -score))  # primary: score desc, then index asc
    k = max(1, int(np.ceil(top * len(eligible) - 1e-12)))
    w = np.zeros(returns.shape[1])
    w[eligible[order[:k]]] = 1.0 / k
    return w


def trailing_moments(returns: np.ndarray, mask: np.ndarray, t: int, window: int) -> dict[str, list]:
    x = returns[t - window + 1 : t + 1]
    factors = np.flatnonzero((mask[t] == 1) & ~np.isnan(x).any(axis=0))
    sub = x[:, factors]
    return {"factors": factors.tolist(), "mean": sub.mean(axis=0).tolist(), "cov": np.cov(sub, rowvar=False, ddof=1).ravel().tolist()}
