"""Batch entry point for the RPC method ``portfolio.optimize`` (the server wires it; this is pure).

``optimize_batch(method, mu, sigma, vol_floor, mask)`` returns plain numpy/list values:
``weights`` (B, N) float64, ``status`` list[str], ``ret`` / ``vol`` / ``sharpe`` (B,) float64
(daily; NaN where mu is not given), ``nonpositive_sharpe`` (B,) bool, ``exact`` (B,) bool.
Methods:

- ``max_sharpe_floor``: the fast batched solver; rows whose closed form fails its KKT check are
  re-solved with the reference (so every row is exact); statuses as in DESIGN 6.
- ``max_sharpe_floor_reference``: the cvxpy reference, one problem at a time.
- ``min_variance``: long-only minimum variance (status ``min_variance``).
- ``risk_parity``: equal risk contribution (status ``risk_parity``).
- ``equal_weight``: 1/k over available assets (status ``equal_weight``).

The mean-variance benchmark is ``max_sharpe_floor`` fed sample estimates:
:func:`optimize_windows` does that from (B, T, N) return windows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from .constants import DEFAULT_VOL_FLOOR_DAILY
from .errors import PortfolioInputError
from .estimators import Estimator, estimate_batch
from .fast import min_variance_fast, solve_fast
from .fast_validate import check_batch
from .reference import solve_problem
from .reference_problems import SubproblemFailed, min_variance
from .risk_parity import risk_parity_torch
from .validate import psd_factor, validate_floor, validate_problem

METHODS: tuple[str, ...] = ("max_sharpe_floor", "max_sharpe_floor_reference", "min_variance", "risk_parity",
                            "equal_weight")


def _arrays(mu: np.ndarray | None, sigma: np.ndarray, mask: np.ndarray | None
            ) -> tuple[np.ndarray | None, np.ndarray, np.ndarray | None]:
    try:
        s = np.asarray(sigma, dtype=np.float64)
        m = None if mu is None else np.asarray(mu, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise PortfolioInputError("BAD_DTYPE", f"mu / sigma are not numeric: {exc}") from exc
    k = None
    if mask is not None:
        k = np.asarray(mask)
        if k.dtype != np.bool_:
            raise PortfolioInputError("BAD_DTYPE", f"mask must be boolean, got dtype {k.dtype}")
    if s.ndim != 3:
        raise PortfolioInputError("SHAPE", f"sigma must be (B, N, N), got {s.shape}")
    return m, s, k


def _stats(mu: np.ndarray | None, sigma: np.ndarray, w: np.ndarray) -> dict[str, np.ndarray]:
    s = np.nan_to_num(sigma)  # masked NaN rows meet weight 0
    vol = np.sqrt(np.clip(np.einsum("bi,bij,bj->b", w, s, w), 0.0, None))
    if mu is None:
        nan = np.full(w.shape[0], np.nan)
        return {"ret": nan, "vol": vol, "sharpe": nan.copy(), "nonpositive_sharpe": np.zeros(w.shape[0], bool)}
    ret = (np.nan_to_num(mu) * w).sum(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        sharpe = np.where(vol > 0, ret / vol, np.nan)
    return {"ret": ret, "vol": vol, "sharpe": sharpe, "nonpositive_sharpe": ret <= 0.0}


def _min_variance_rows(sigma: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, list[str]]:
    t_mask = None if mask is None else torch.from_numpy(mask)
    w_t, ok = min_variance_fast(torch.from_numpy(sigma), t_mask)
    w = w_t.detach().numpy().astype(np.float64)
    for b in np.flatnonzero(~ok.numpy()):  # rare: polish failed, use the cvxpy reference
        p = validate_problem(None, sigma[b], 1.0, None if mask is None else mask[b], b)
        try:
            sub, _ = min_variance(psd_factor(p.sigma / np.max(np.diag(p.sigma))))  # scaled: solver tolerances
        except SubproblemFailed:
            sub = np.full(p.sigma.shape[0], 1.0 / p.sigma.shape[0])
        w[b] = 0.0
        w[b, p.active] = np.clip(sub, 0.0, None) / np.clip(sub, 0.0, None).sum()
    return w, ["min_variance"] * sigma.shape[0]


def optimize_batch(method: str, mu: np.ndarray | None, sigma: np.ndarray,
                   vol_floor: float = DEFAULT_VOL_FLOOR_DAILY, mask: np.ndarray | None = None) -> dict[str, Any]:
    """Solve B problems with one method; see the module docstring for methods and outputs.

    >>> out = optimize_batch("max_sharpe_floor", np.array([[1e-3, 5e-4]]), np.array([[[4e-4, 0], [0, 1e-4]]]))
    >>> out["status"]
    ['tangency']
    """
    if method not in METHODS:
        raise PortfolioInputError("BAD_METHOD", f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    m, s, k = _arrays(mu, sigma, mask)
    v = validate_floor(vol_floor)
    exact = np.ones(s.shape[0], dtype=bool)
    if method.startswith("max_sharpe_floor"):
        if m is None:
            raise PortfolioInputError("SHAPE", f"method {method} needs mu")
        if method == "max_sharpe_floor_reference" or s.shape[0] == 0:
            res = [solve_problem(validate_problem(m[b], s[b], v, None if k is None else k[b], b))
                   for b in range(s.shape[0])]
            w = np.stack([r.weights for r in res]) if res else np.zeros(s.shape[:2])
            status = [r.status for r in res]
        else:
            with torch.no_grad():
                fr = solve_fast(torch.from_numpy(m), torch.from_numpy(s), v, None if k is None else torch.from_numpy(k))
            w = fr.weights.numpy().astype(np.float64).copy()
            status = list(fr.status)
            for b in np.flatnonzero(~fr.exact.numpy()):
                r = solve_problem(validate_problem(m[b], s[b], v, None if k is None else k[b], int(b)))
                w[b], status[b] = r.weights, r.status
        out: dict[str, Any] = {"weights": w, "status": status, "exact": exact}
        out.update(_stats(m, s, w))
        return out
    if method == "min_variance":
        w, status = _min_variance_rows(s, k)
    else:
        _, sig_t, free = check_batch(None, torch.from_numpy(s), None if k is None else torch.from_numpy(k))
        if method == "risk_parity":
            w_t, conv = risk_parity_torch(sig_t, free)
            exact = conv.numpy()
            status = ["risk_parity"] * s.shape[0]
        else:
            w_t = free.double() / free.double().sum(-1, keepdim=True)
            status = ["equal_weight"] * s.shape[0]
        w = w_t.numpy().astype(np.float64)
    out = {"weights": w, "status": status, "exact": exact}
    out.update(_stats(m, s, w))
    return out


def optimize_windows(method: str, returns: np.ndarray, vol_floor: float = DEFAULT_VOL_FLOOR_DAILY,
                     mask: np.ndarray | None = None, estimator: Estimator = "sample") -> dict[str, Any]:
    """Benchmarks from (B, T, N) daily return windows: estimate (mu, Sigma), then optimize.

    ``method`` is ``mean_variance`` (max_sharpe_floor on the estimates) or any of METHODS.
    """
    mu, sigma = estimate_batch(returns, mask, estimator)
    return optimize_batch("max_sharpe_floor" if method == "mean_variance" else method, mu, sigma, vol_floor, mask)
