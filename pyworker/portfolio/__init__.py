"""Portfolio layer: exact long-only max-Sharpe with a volatility floor (DESIGN 6), its
differentiable forms (cvxpylayers reference, fast batched torch solver), the benchmark
optimizers and the batch entry point ``optimize_batch`` used by the RPC server.

The cvxpy-backed names (``optimize_batch``, ``optimize_windows``, ``METHODS``,
``solve_reference``, ``solve_cvxpylayers``) load on first use, so the torch solvers import on a
machine without cvxpy (a GPU box)."""

import importlib
from typing import TYPE_CHECKING, Any

from .constants import (
    DEFAULT_VOL_FLOOR_DAILY,
    FLOOR_STATUSES,
    RELAX_FACTOR,
    RELAXED_VOL_FLOOR_DAILY,
    STATUSES,
    Status,
)
from .errors import PortfolioInputError, PortfolioSolverError
from .estimators import estimate_batch, estimate_window
from .fast import FastResult, min_variance_fast, solve_fast
from .fast_cov import FactorCov
from .result import PortfolioResult
from .risk_parity import risk_parity_torch

if TYPE_CHECKING:
    from .batch import METHODS, optimize_batch, optimize_windows
    from .layers import solve_cvxpylayers
    from .reference import solve_reference

_LAZY = {"METHODS": ".batch", "optimize_batch": ".batch", "optimize_windows": ".batch",
         "solve_cvxpylayers": ".layers", "solve_reference": ".reference"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "DEFAULT_VOL_FLOOR_DAILY",
    "FLOOR_STATUSES",
    "RELAXED_VOL_FLOOR_DAILY",
    "RELAX_FACTOR",
    "STATUSES",
    "METHODS",
    "FactorCov",
    "FastResult",
    "PortfolioInputError",
    "PortfolioResult",
    "PortfolioSolverError",
    "Status",
    "estimate_batch",
    "estimate_window",
    "min_variance_fast",
    "optimize_batch",
    "optimize_windows",
    "risk_parity_torch",
    "solve_cvxpylayers",
    "solve_fast",
    "solve_reference",
]
