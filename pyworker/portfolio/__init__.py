"""Portfolio layer: exact long-only max-Sharpe with a volatility floor (DESIGN 6), its
differentiable forms (cvxpylayers reference, fast batched torch solver), the benchmark
optimizers and the batch entry point ``optimize_batch`` used by the RPC server."""

from .constants import (
    DEFAULT_VOL_FLOOR_DAILY,
    FLOOR_STATUSES,
    RELAX_FACTOR,
    RELAXED_VOL_FLOOR_DAILY,
    STATUSES,
    Status,
)
from .errors import PortfolioInputError, PortfolioSolverError
from .fast import FastResult, solve_fast
from .reference import solve_reference
from .result import PortfolioResult

__all__ = [
    "DEFAULT_VOL_FLOOR_DAILY",
    "FLOOR_STATUSES",
    "RELAXED_VOL_FLOOR_DAILY",
    "RELAX_FACTOR",
    "STATUSES",
    "FastResult",
    "PortfolioInputError",
    "PortfolioResult",
    "PortfolioSolverError",
    "Status",
    "solve_fast",
    "solve_reference",
]
