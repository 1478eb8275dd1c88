"""Sample and Ledoit-Wolf estimates of (mu, Sigma) from return windows, for the benchmarks.

DESIGN 7: minimum variance and mean-variance use the 250-day sample mean and covariance; the
Ledoit-Wolf variant (scikit-learn's ``LedoitWolf``, shrinkage to a scaled identity) is the
extra benchmark. Units follow the input: daily returns in, daily mu / Sigma out.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from sklearn.covariance import LedoitWolf

from .errors import PortfolioInputError

Estimator = Literal["sample", "ledoit_wolf"]


def estimate_window(returns: np.ndarray, mask: np.ndarray | None = None,
                    estimator: Estimator = "sample", index: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(T, N) daily returns -> mu (N,), Sigma (N, N); masked columns get mu 0 and an identity row.

    Masked columns (mask False) may hold NaN; available ones must be finite.
    """
    r = np.asarray(returns, dtype=np.float64)
    if r.ndim != 2 or r.shape[0] < 2 or r.shape[1] == 0:
        raise PortfolioInputError("SHAPE", f"returns window must be (T >= 2, N >= 1), got {r.shape}", index)
    n = r.shape[1]
    active = np.ones(n, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    if active.shape != (n,):
        raise PortfolioInputError("SHAPE", f"mask must be ({n},), got {active.shape}", index)
    if not active.any():
        raise PortfolioInputError("ALL_MASKED", "every asset is masked out", index)
    sub = r[:, active]
    if not np.isfinite(sub).all():
        raise PortfolioInputError("NAN_INPUT", "returns have NaN or inf in an available column", index)
    if estimator == "sample":
        cov = np.atleast_2d(np.cov(sub, rowvar=False, ddof=1))
    elif estimator == "ledoit_wolf":
        cov = LedoitWolf(assume_centered=False).fit(sub).covariance_
    else:
        raise PortfolioInputError("BAD_METHOD", f"unknown estimator {estimator!r}", index)
    mu = np.zeros(n)
    mu[active] = sub.mean(axis=0)
    sigma = np.eye(n) * float(np.mean(np.diag(cov)))
    sigma[np.ix_(active, active)] = cov
    return mu, sigma


def estimate_batch(returns: np.ndarray, mask: np.ndarray | None = None,
                   estimator: Estimator = "sample") -> tuple[np.ndarray, np.ndarray]:
    """(B, T, N) windows -> mu (B, N), Sigma (B, N, N)."""
    r = np.asarray(returns, dtype=np.float64)
    if r.ndim != 3:
        raise PortfolioInputError("SHAPE", f"returns must be (B, T, N), got {r.shape}")
    pairs = [estimate_window(r[b], None if mask is None else mask[b], estimator, b) for b in range(r.shape[0])]
    return np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])
