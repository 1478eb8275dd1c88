"""The result record of one solved portfolio problem, shared by every solver."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .constants import WEIGHT_ZERO_TOL


@dataclass(frozen=True)
class PortfolioResult:
    """Weights and predicted statistics of one problem, all in daily units."""

    weights: np.ndarray
    """(N,) float64 on the simplex; exactly 0 for masked assets."""
    status: str
    """One of ``constants.STATUSES``."""
    ret: float
    """Predicted daily return mu'w (NaN when mu was not given)."""
    vol: float
    """Predicted daily volatility sqrt(w' Sigma w)."""
    sharpe: float
    """ret / vol (daily, not annualized; NaN when vol is 0 or mu missing)."""
    diagnostics: dict[str, Any] = field(default_factory=dict)
    """Solver details: case, nonpositive_sharpe, floor_used, solver, fallback reasons, ..."""


def clean_weights(w: np.ndarray) -> np.ndarray:
    """Clip tiny negatives / rounding noise to exactly 0 and renormalise to sum 1."""
    w = np.where(np.asarray(w, dtype=np.float64) > WEIGHT_ZERO_TOL, w, 0.0)
    total = float(w.sum())
    if not math.isfinite(total) or total <= 0.0:
        raise ValueError("weights vanish after cleaning")
    return w / total


def embed(w_sub: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Place the available assets' weights into a full (N,) vector with zeros elsewhere."""
    out = np.zeros(active.shape[0], dtype=np.float64)
    out[active] = w_sub
    return out


def stats(w_sub: np.ndarray, mu: np.ndarray | None, sigma: np.ndarray) -> tuple[float, float, float]:
    """(ret, vol, sharpe) of weights on the available assets."""
    vol = math.sqrt(max(float(w_sub @ sigma @ w_sub), 0.0))
    if mu is None:
        return math.nan, vol, math.nan
    ret = float(mu @ w_sub)
    sharpe = ret / vol if vol > 0.0 else math.nan
    return ret, vol, sharpe
