"""Paired block bootstrap of an annualized-Sharpe difference (pure numpy, explicit seed).

Both strategies' daily returns cover the same validation days; resampling the same blocks of
days for both keeps their dependence, so the interval is for the paired difference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pyworker.train import annualized_sharpe


@dataclass(frozen=True)
class DeltaCI:
    """Difference of mean-over-seeds annualized Sharpe and its percentile interval."""

    delta: float
    low: float
    high: float
    n_boot: int


def _mean_sharpe(r: np.ndarray) -> float:
    return float(np.mean([annualized_sharpe(row) for row in r]))


def sharpe_delta_ci(variant: np.ndarray, base: np.ndarray, seed: int, n_boot: int = 1000, block: int = 5,
                    level: float = 0.95) -> DeltaCI:
    """Sharpe(variant) - Sharpe(base), each the mean over seeds (rows) of (S, D) daily returns.

    Blocks of ``block`` consecutive days are drawn with replacement (same draw for both).

    >>> rng = np.random.default_rng(0); a = rng.normal(0, 0.01, (1, 200))
    >>> sharpe_delta_ci(a, a, seed=0).delta
    0.0
    """
    v, b = np.atleast_2d(np.asarray(variant, np.float64)), np.atleast_2d(np.asarray(base, np.float64))
    if v.shape[1] != b.shape[1]:
        raise ValueError(f"variant and base cover different days: {v.shape[1]} vs {b.shape[1]}")
    n_blocks = v.shape[1] // block
    if n_blocks < 2:
        raise ValueError(f"need at least 2 blocks of {block} days, got {v.shape[1]} days")
    v, b = v[:, : n_blocks * block], b[:, : n_blocks * block]
    delta = _mean_sharpe(v) - _mean_sharpe(b)
    rng = np.random.Generator(np.random.PCG64(seed))
    starts = rng.integers(0, n_blocks, size=(n_boot, n_blocks)) * block  # (n_boot, n_blocks)
    idx = (starts[:, :, None] + np.arange(block)).reshape(n_boot, -1)  # (n_boot, D)
    draws = np.array([_mean_sharpe(v[:, i]) - _mean_sharpe(b[:, i]) for i in idx])
    draws = draws[np.isfinite(draws)]
    a = (1 - level) / 2
    lo, hi = (np.quantile(draws, [a, 1 - a]) if draws.size else (np.nan, np.nan))
    return DeltaCI(delta, float(lo), float(hi), n_boot)
