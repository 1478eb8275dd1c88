"""Typed errors of the portfolio layer; ``code`` is what the RPC layer maps to an error code."""

from __future__ import annotations

from typing import Literal

InputErrorCode = Literal[
    "SHAPE",  # wrong rank / mismatched sizes / empty
    "NAN_INPUT",  # NaN or +-inf anywhere in mu, Sigma or the floor
    "NOT_SYMMETRIC",  # Sigma differs from Sigma^T beyond rounding
    "NOT_PSD",  # Sigma has a clearly negative eigenvalue
    "ALL_MASKED",  # every asset is masked out: no portfolio exists
    "BAD_FLOOR",  # vol floor not a positive finite number
    "BAD_METHOD",  # unknown optimizer method name
    "BAD_DTYPE",  # non-numeric or non-boolean input
]


class PortfolioInputError(ValueError):
    """Bad input to a portfolio solver. ``code`` names the problem; ``index`` is the batch row."""

    def __init__(self, code: InputErrorCode, message: str, index: int | None = None) -> None:
        prefix = f"problem {index}: " if index is not None else ""
        super().__init__(f"[{code}] {prefix}{message}")
        self.code: InputErrorCode = code
        self.index = index


class PortfolioSolverError(RuntimeError):
    """Every step of the fallback chain failed (should not happen: equal weight cannot fail)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.code = "SOLVER_FAILED"
