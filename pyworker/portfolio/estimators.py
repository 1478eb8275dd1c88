"""Sample and Ledoit-Wolf estimates of (mu, Sigma) from return windows, for the benchmarks.

DESIGN 7: minimum variance and mean-variance use the 250-day sample mean and covariance; the
Ledoit-Wolf variant (shrinkage to a scaled identity, Ledoit & Wolf 2004, the formula of
scikit-learn's ``ledoit_wolf``) is the extra benchmark. Units follow the input: daily returns
in, daily mu / Sigma out. The whole batch is estimated at once in numpy (no per-window loop);
masked columns are zeroed after centring, which leaves every sum of the estimators unchanged,
and the feature count is the per-window count of available assets.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import torch

from .errors import PortfolioInputError

Estimator = Literal["sample", "ledoit_wolf"]


def _ledoit_wolf_shrinkage(xc: np.ndarray, gram: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Shrinkage (B,) of centred windows xc (B, T, N), gram = xc'xc, k (B,) available columns.

    Same sums as ``sklearn.covariance.ledoit_wolf_shrinkage`` (LW 2004, Lemma 3.1 / 3.2).
    """
    t = xc.shape[1]
    x2 = xc * xc  # (B, T, N)
    trace = x2.sum(1) / t  # (B, N) diagonal of the ddof=0 covariance
    m = trace.sum(-1) / k  # (B,)
    beta_ = np.square(x2.sum(-1)).sum(-1)  # sum of <X2', X2> = sum_t (sum_i x_ti^2)^2
    delta_ = np.square(gram).sum((1, 2)) / t**2
    beta = (beta_ / t - delta_) / (k * t)
    delta = (delta_ - 2.0 * m * trace.sum(-1) + k * m * m) / k
    beta = np.minimum(beta, delta)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(beta == 0.0, 0.0, beta / delta)
    return np.where(k == 1, 0.0, s)


def estimate_batch(returns: np.ndarray, mask: np.ndarray | None = None,
                   estimator: Estimator = "sample") -> tuple[np.ndarray, np.ndarray]:
    """(B, T, N) windows -> mu (B, N), Sigma (B, N, N); masked columns get mu 0 and an identity
    row scaled to the mean available variance. Masked columns (mask False) may hold NaN;
    available ones must be finite.
    """
    r = np.asarray(returns, dtype=np.float64)
    if r.ndim != 3:
        raise PortfolioInputError("SHAPE", f"returns must be (B, T, N), got {r.shape}")
    active = np.ones((r.shape[0], r.shape[2]), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    return _estimate(r, active, estimator, None)


def _estimate(r: np.ndarray, active: np.ndarray, estimator: Estimator,
              index: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Checked batch estimate; errors name ``index`` when given, else the batch row."""
    bsz, t, n = r.shape

    def row(b: int) -> int:
        return b if index is None else index

    if t < 2 or n == 0:
        raise PortfolioInputError("SHAPE", f"returns window must be (T >= 2, N >= 1), got {r.shape[1:]}", row(0))
    if estimator not in ("sample", "ledoit_wolf"):
        raise PortfolioInputError("BAD_METHOD", f"unknown estimator {estimator!r}", row(0))
    if active.shape != (bsz, n):
        raise PortfolioInputError("SHAPE", f"mask must be ({bsz}, {n}), got {active.shape}", row(0))
    empty = ~active.any(-1)
    if empty.any():
        raise PortfolioInputError("ALL_MASKED", "every asset is masked out", row(int(np.argmax(empty))))
    bad = (~np.isfinite(r) & active[:, None, :]).any((1, 2))
    if bad.any():
        raise PortfolioInputError("NAN_INPUT", "returns have NaN or inf in an available column",
                                  row(int(np.argmax(bad))))
    x = np.where(active[:, None, :], r, 0.0)  # (B, T, N)
    mu = x.mean(1)  # (B, N), 0 on masked columns
    xc = x - mu[:, None, :]
    k = active.sum(-1).astype(np.float64)  # (B,)
    xt = torch.from_numpy(np.ascontiguousarray(xc))
    gram = torch.bmm(xt.transpose(1, 2), xt).numpy()  # (B, N, N); torch's bmm: numpy's stacked matmul was 3-20x slower here
    if estimator == "sample":
        cov = gram / (t - 1)  # np.cov, ddof = 1
    else:
        s = _ledoit_wolf_shrinkage(xc, gram, k)
        emp = gram / t  # ddof = 0, as scikit-learn
        target = np.einsum("bii->b", emp) / k
        cov = (1.0 - s)[:, None, None] * emp + (s * target)[:, None, None] * np.eye(n)
    diag = np.einsum("bii->bi", cov)
    fill = np.where(active, diag, 0.0).sum(-1) / k  # mean available variance
    pair = active[:, :, None] & active[:, None, :]
    sigma = np.where(pair, cov, np.eye(n) * fill[:, None, None])
    return mu, sigma


def estimate_window(returns: np.ndarray, mask: np.ndarray | None = None,
                    estimator: Estimator = "sample", index: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(T, N) daily returns -> mu (N,), Sigma (N, N); one window of :func:`estimate_batch`."""
    r = np.asarray(returns, dtype=np.float64)
    if r.ndim != 2 or r.shape[0] < 2 or r.shape[1] == 0:
        raise PortfolioInputError("SHAPE", f"returns window must be (T >= 2, N >= 1), got {r.shape}", index)
    active = np.ones(r.shape[1], dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    if active.shape != (r.shape[1],):
        raise PortfolioInputError("SHAPE", f"mask must be ({r.shape[1]},), got {active.shape}", index)
    mu, sigma = _estimate(r[None], active[None], estimator, index)
    return mu[0], sigma[0]
