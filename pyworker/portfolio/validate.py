"""Input validation and documented repairs for one portfolio problem (numpy, float64).

Mask convention (same as ``pyworker.model.masking``): ``mask[i] = True`` means asset i is
available; ``False`` means masked out, and its weight is exactly 0. Entries of mu / Sigma in
masked rows or columns are ignored (they may even be NaN: a missing factor has no data).

Repairs (documented in docs/portfolio.md), everything else is an error:
- Sigma that is symmetric up to ``SYMMETRY_REL_TOL * max|Sigma|`` is replaced by (S + S^T) / 2.
- Eigenvalues in ``[-PSD_REL_TOL * max|eig|, 0)`` (rounding noise) are clipped to 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .constants import PSD_REL_TOL, SYMMETRY_REL_TOL
from .errors import PortfolioInputError


@dataclass(frozen=True)
class Problem:
    """A validated problem restricted to its available assets."""

    n: int
    """Full number of assets (length of the returned weight vector)."""
    active: np.ndarray
    """(n,) bool: available assets."""
    mu: np.ndarray | None
    """(k,) expected daily returns of the available assets (None for risk-only methods)."""
    sigma: np.ndarray
    """(k, k) symmetric PSD daily covariance of the available assets."""
    vol_floor: float
    """Daily volatility floor (e.g. DEFAULT_VOL_FLOOR_DAILY)."""
    repaired: tuple[str, ...]
    """Names of the repairs applied ("symmetrized", "eig_clipped")."""


def _as_float(x: object, name: str, index: int | None) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise PortfolioInputError("BAD_DTYPE", f"{name} is not numeric: {exc}", index) from exc
    return arr


def validate_floor(vol_floor: float, index: int | None = None) -> float:
    """Check that the floor is a finite positive number; return it as float."""
    try:
        v = float(vol_floor)
    except (TypeError, ValueError) as exc:
        raise PortfolioInputError("BAD_FLOOR", f"vol_floor is not a number: {vol_floor!r}", index) from exc
    if not math.isfinite(v):
        raise PortfolioInputError("NAN_INPUT", f"vol_floor is not finite: {v}", index)
    if v <= 0.0:
        raise PortfolioInputError("BAD_FLOOR", f"vol_floor must be > 0, got {v}", index)
    return v


def validate_problem(mu: object | None, sigma: object, vol_floor: float, mask: object | None = None,
                     index: int | None = None) -> Problem:
    """Validate one problem; raise :class:`PortfolioInputError` naming the defect.

    >>> p = validate_problem([0.001, 0.002], [[1e-4, 0.0], [0.0, 2e-4]], 0.0063)
    >>> p.sigma.shape
    (2, 2)
    """
    s = _as_float(sigma, "sigma", index)
    if s.ndim != 2 or s.shape[0] != s.shape[1] or s.shape[0] == 0:
        raise PortfolioInputError("SHAPE", f"sigma must be a non-empty square (N, N) matrix, got {s.shape}", index)
    n = s.shape[0]
    if mask is None:
        active = np.ones(n, dtype=bool)
    else:
        m = np.asarray(mask)
        if m.dtype != np.bool_:
            raise PortfolioInputError("BAD_DTYPE", f"mask must be boolean, got dtype {m.dtype}", index)
        if m.shape != (n,):
            raise PortfolioInputError("SHAPE", f"mask must have shape ({n},), got {m.shape}", index)
        active = m.copy()
    if not active.any():
        raise PortfolioInputError("ALL_MASKED", "every asset is masked out; no portfolio exists", index)
    v = validate_floor(vol_floor, index)
    idx = np.flatnonzero(active)
    sub = s[np.ix_(idx, idx)]
    if not np.isfinite(sub).all():
        raise PortfolioInputError("NAN_INPUT", "sigma has NaN or inf among available assets", index)
    mu_sub: np.ndarray | None = None
    if mu is not None:
        mu_arr = _as_float(mu, "mu", index)
        if mu_arr.shape != (n,):
            raise PortfolioInputError("SHAPE", f"mu must have shape ({n},), got {mu_arr.shape}", index)
        mu_sub = mu_arr[idx].copy()
        if not np.isfinite(mu_sub).all():
            raise PortfolioInputError("NAN_INPUT", "mu has NaN or inf among available assets", index)
    repaired: list[str] = []
    scale = float(np.max(np.abs(sub))) if sub.size else 0.0
    asym = float(np.max(np.abs(sub - sub.T)))
    if asym > SYMMETRY_REL_TOL * max(scale, 1e-300):
        raise PortfolioInputError("NOT_SYMMETRIC", f"sigma is not symmetric (max |S - S^T| = {asym:.3g}, "
                                  f"max |S| = {scale:.3g})", index)
    if asym > 0.0:
        sub = 0.5 * (sub + sub.T)
        repaired.append("symmetrized")
    eig, vec = np.linalg.eigh(sub)
    top = float(np.max(np.abs(eig)))
    if top == 0.0:
        raise PortfolioInputError("NOT_PSD", "sigma is identically zero among available assets", index)
    if eig[0] < -PSD_REL_TOL * top:
        raise PortfolioInputError("NOT_PSD", f"sigma is not PSD (min eigenvalue {eig[0]:.3g}, max {top:.3g})",
                                  index)
    if eig[0] < 0.0:
        sub = (vec * np.clip(eig, 0.0, None)) @ vec.T
        sub = 0.5 * (sub + sub.T)
        repaired.append("eig_clipped")
    return Problem(n=n, active=active, mu=mu_sub, sigma=sub, vol_floor=v, repaired=tuple(repaired))


def psd_factor(sigma: np.ndarray) -> np.ndarray:
    """Return F (k, k) with ``F^T F = sigma`` (eigen factor; works for singular PSD matrices)."""
    eig, vec = np.linalg.eigh(sigma)
    return (vec * np.sqrt(np.clip(eig, 0.0, None))).T
