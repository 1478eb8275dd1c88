"""Reference max-Sharpe solver with the volatility floor (DESIGN 6), one problem, cvxpy.

Decision chain, in scaled units (Sigma / v^2, so the floor is 1 — or below 1 when v is tiny,
see ``MIN_SCALE_REL``; mu / max|mu|):

- A ``tangency``: some mu_i > 0 and the tangency portfolio's vol >= floor.
- B ``floor``: the SOCP ``max mu'w, vol <= floor`` binds (vol = floor).
- C ``floor_nonconvex``: the max-return portfolio is below the floor; CCP from every vertex,
  checked against an exact enumeration of simplex edges (the better point is kept).
- D: the floor is unattainable (every asset's vol < floor) or a solver failed: retry with the
  floor relaxed to 95% (``relaxed``, PRD 10.3), then ``min_variance``, then ``equal_weight``.
- Non-positive Sharpe (no feasible portfolio with positive predicted return): the answer is the
  maximum predicted return portfolio *at the floor* (B or C) and ``diagnostics
  ["nonpositive_sharpe"]`` is True. If even the minimum-variance portfolio is above the floor
  (so no point sits on it), the minimum-variance portfolio is returned under status ``floor``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .constants import DEFAULT_VOL_FLOOR_DAILY, MIN_SCALE_REL, RELAX_FACTOR, VOL_REL_TOL
from .reference_problems import SubproblemFailed, ccp, edge_search, max_return_capped, min_variance, tangency
from .result import PortfolioResult, clean_weights, embed, stats
from .validate import Problem, psd_factor, validate_problem


class _FloorUnattainable(RuntimeError):
    pass


def _vol(w: np.ndarray, sigma: np.ndarray) -> float:
    return math.sqrt(max(float(w @ sigma @ w), 0.0))


def _solve_at_floor(mu: np.ndarray, sigma: np.ndarray, F: np.ndarray, floor: float,
                    diag: dict[str, Any]) -> tuple[np.ndarray, str]:
    """Cases A-C at one floor (scaled units). Returns (weights, case letter)."""
    if float(np.max(np.diag(sigma))) < floor * floor * (1.0 - VOL_REL_TOL) ** 2:
        raise _FloorUnattainable(f"no asset has vol >= floor {floor:g} (scaled)")
    if mu.shape[0] == 1:
        return np.ones(1), ("A" if mu[0] > 0.0 else "B")
    if float(np.max(mu)) > 0.0:
        w, diag["solver"] = tangency(mu, F)
        if _vol(w, sigma) >= floor * (1.0 - VOL_REL_TOL):
            return w, "A"
    try:
        w, diag["solver"] = max_return_capped(mu, F, floor)
    except SubproblemFailed as exc:
        if exc.status.endswith("infeasible"):
            # Every portfolio is above the floor (only possible when all mu <= 0, since the
            # tangency would otherwise meet the floor): lowest attainable vol, see module doc.
            w, diag["solver"] = min_variance(F)
            diag["min_variance_above_floor"] = True
            return w, "B"
        raise
    if _vol(w, sigma) >= floor * (1.0 - VOL_REL_TOL):
        return w, "B"
    w, counts = ccp(mu, sigma, floor)
    diag.update(counts)
    diag["solver"] = "CLARABEL"
    # CCP from every vertex (DESIGN 6) can stop at a local optimum (seen on random N = 3
    # problems); the exact edge enumeration is added and the better point is kept.
    w_edge = edge_search(mu, sigma, floor)
    gain = float(mu @ w_edge - mu @ w)
    diag["ccp_global"] = gain <= 1e-9
    return (w_edge if gain > 0.0 else w), "C"


_CASE_STATUS = {"A": "tangency", "B": "floor", "C": "floor_nonconvex"}


def solve_problem(p: Problem) -> PortfolioResult:
    """Solve a validated problem (see :func:`solve_reference`)."""
    if p.mu is None:
        raise ValueError("max-Sharpe needs mu")
    v = p.vol_floor
    # Sigma / v^2 (the floor is 1), or Sigma / (MIN_SCALE_REL max variance) when v is tiny
    # next to the assets' vols; then the floor is f0 = v / sqrt(scale) < 1 in scaled units.
    scale = max(v * v, MIN_SCALE_REL * float(np.max(np.diag(p.sigma))))
    f0 = 1.0 if scale == v * v else v / math.sqrt(scale)
    sig_s = p.sigma / scale
    top = float(np.max(np.abs(p.mu)))
    mu_s = p.mu / top if top > 0.0 else p.mu.copy()
    F = psd_factor(sig_s)
    diag: dict[str, Any] = {"repaired": list(p.repaired), "fallbacks": []}
    w_sub: np.ndarray | None = None
    status = ""
    for rel, label in ((1.0, ""), (RELAX_FACTOR, "relaxed")):
        try:
            w, case = _solve_at_floor(mu_s, sig_s, F, rel * f0, diag)
            w_sub = clean_weights(w)
            status = label or _CASE_STATUS[case]
            diag["case"] = case
            diag["floor_used"] = rel * v
            break
        except (_FloorUnattainable, SubproblemFailed, ValueError) as exc:
            diag["fallbacks"].append(f"floor {rel * v:.6g}: {exc}")
    if w_sub is None:
        try:
            w, diag["solver"] = min_variance(F)
            w_sub = clean_weights(w)
            status, diag["case"] = "min_variance", "D"
        except (SubproblemFailed, ValueError) as exc:
            diag["fallbacks"].append(f"min variance: {exc}")
            w_sub = np.full(p.mu.shape[0], 1.0 / p.mu.shape[0])
            status, diag["case"] = "equal_weight", "D"
        diag["floor_used"] = None
    ret, vol, sharpe = stats(w_sub, p.mu, p.sigma)
    diag["nonpositive_sharpe"] = bool(ret <= 0.0)
    return PortfolioResult(embed(w_sub, p.active), status, ret, vol, sharpe, diag)


def solve_reference(mu: object, sigma: object, vol_floor: float = DEFAULT_VOL_FLOOR_DAILY,
                    mask: object | None = None) -> PortfolioResult:
    """Exact long-only max-Sharpe with a volatility floor (DESIGN 6), daily units.

    >>> r = solve_reference([0.001, 0.0005], [[4e-4, 0.0], [0.0, 1e-4]])
    >>> r.status, round(float(r.weights.sum()), 12)
    ('tangency', 1.0)
    """
    return solve_problem(validate_problem(mu, sigma, vol_floor, mask))
