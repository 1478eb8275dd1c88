"""Reference portfolio, risk and prediction metrics (PRD 6.3), written with numpy/scipy.

Conventions (same as docs/backtest.md): daily decimal returns, 252 days a year, ddof=1 for std,
drawdowns and VaR as positive fractions.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

DAYS = 252


def cumulative_return(r: np.ndarray) -> float:
    return float(np.prod(1.0 + r) - 1.0)


def annualized_return(r: np.ndarray) -> float:
    return float((1.0 + cumulative_return(r)) ** (DAYS / len(r)) - 1.0)


def annualized_volatility(r: np.ndarray) -> float:
    return float(np.std(r, ddof=1) * np.sqrt(DAYS))


def sharpe(r: np.ndarray, rf: np.ndarray | float = 0.0) -> float:
    x = r - rf
    return float(np.mean(x) / np.std(x, ddof=1) * np.sqrt(DAYS))


def sortino(r: np.ndarray, rf: np.ndarray | float = 0.0) -> float:
    x = r - rf
    downside = np.sqrt(np.mean(np.minimum(x, 0.0) ** 2))
    return float(np.mean(x) / downside * np.sqrt(DAYS))


def _wealth(r: np.ndarray) -> np.ndarray:
    return np.concatenate([[1.0], np.cumprod(1.0 + r)])


def drawdowns(r: np.ndarray) -> np.ndarray:
    w = _wealth(r)
    return (1.0 - w / np.maximum.accumulate(w))[1:]


def max_drawdown(r: np.ndarray) -> float:
    return float(drawdowns(r).max())


def longest_drawdown(r: np.ndarray) -> int:
    under = drawdowns(r) > 0
    best = run = 0
    for u in under:
        run = run + 1 if u else 0
        best = max(best, run)
    return best


def calmar(r: np.ndarray) -> float:
    return annualized_return(r) / max_drawdown(r)


def win_rate(r: np.ndarray, period: int = 5) -> float:
    blocks = len(r) // period
    comp = np.prod(1.0 + r[: blocks * period].reshape(blocks, period), axis=1)
    return float(np.mean(comp > 1.0))


def value_at_risk(r: np.ndarray, level: float) -> float:
    return float(-np.quantile(r, 1.0 - level))


def cvar(r: np.ndarray, level: float) -> float:
    k = int(np.floor((len(r) - 1) * (1.0 - level))) + 1
    return float(-np.mean(np.sort(r)[:k]))


def beta(r: np.ndarray, m: np.ndarray) -> float:
    return float(np.cov(r, m, ddof=1)[0, 1] / np.var(m, ddof=1))


def worst_drawdown(r: np.ndarray) -> dict[str, float | int | None]:
    dd = drawdowns(r)
    trough = int(np.argmax(dd))
    rec = np.flatnonzero(dd[trough:] == 0)
    recovery = None if len(rec) == 0 else int(trough + rec[0])
    return {
        "depth": float(dd[trough]),
        "trough": trough,
        "recovery": recovery,
        "recoveryDays": None if recovery is None else recovery - trough,
    }


def portfolio_metrics(r: np.ndarray, rf: np.ndarray | float = 0.0, market: np.ndarray | None = None) -> dict[str, float]:
    out: dict[str, float] = {
        "days": len(r),
        "cumulativeReturn": cumulative_return(r),
        "annualizedReturn": annualized_return(r),
        "annualizedVolatility": annualized_volatility(r),
        "sharpe": sharpe(r, rf),
        "sortino": sortino(r, rf),
        "calmar": calmar(r),
        "maxDrawdown": max_drawdown(r),
        "longestDrawdownDays": longest_drawdown(r),
        "winRate5d": win_rate(r, 5),
        "var95": value_at_risk(r, 0.95),
        "var99": value_at_risk(r, 0.99),
        "cvar95": cvar(r, 0.95),
        "cvar99": cvar(r, 0.99),
    }
    if market is not None:
        out["beta"] = beta(r, market)
    return out


def ic_summary(values: np.ndarray) -> dict[str, float]:
    m, s = float(np.mean(values)), float(np.std(values, ddof=1))
    return {"mean": m, "std": s, "tStat": m / (s / np.sqrt(len(values))), "n": len(values), "values": values.tolist()}


def prediction_metrics(pred: np.ndarray, actual: np.ndarray, mask: np.ndarray) -> dict[str, object]:
    """pred, actual, mask: (R, N) per rebalance cross-sections."""
    ic, ric = [], []
    for p, a, k in zip(pred, actual, mask.astype(bool), strict=True):
        ic.append(stats.pearsonr(p[k], a[k]).statistic)
        ric.append(stats.spearmanr(p[k], a[k]).statistic)
    k = mask.astype(bool)
    return {
        "ic": ic_summary(np.array(ic)),
        "rankIc": ic_summary(np.array(ric)),
        "hitRate": float(np.mean(np.sign(pred[k]) == np.sign(actual[k]))),
    }


def covariance_rmse(pred: np.ndarray, actual: np.ndarray) -> float:
    return float(np.sqrt(np.mean((pred - actual) ** 2)))


def vol_forecast_error(pred: np.ndarray, real: np.ndarray) -> dict[str, float]:
    return {"meanAbsRelError": float(np.mean(np.abs(pred - real) / real)), "meanRatio": float(np.mean(pred / real))}
