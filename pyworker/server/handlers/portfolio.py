"""portfolio.optimize / portfolio.optimizeWindows: the worker side of the portfolio contract.

The portfolio package (torch, cvxpy) is imported on first use so the worker starts fast."""

from __future__ import annotations

from typing import Any

import numpy as np

from pyworker.server.errors import WorkerError
from pyworker.server.handlers.registry import handler


def _mask(m: np.ndarray | None) -> np.ndarray | None:
    return None if m is None else np.asarray(m).astype(bool)


def _result(out: dict[str, Any]) -> dict[str, Any]:
    return {
        "weights": np.asarray(out["weights"], dtype=np.float64),
        "status": list(out["status"]),
        "ret": np.asarray(out["ret"], dtype=np.float64),
        "vol": np.asarray(out["vol"], dtype=np.float64),
        "sharpe": np.asarray(out["sharpe"], dtype=np.float64),
        "nonpositiveSharpe": np.asarray(out["nonpositive_sharpe"], dtype=bool),
        "exact": np.asarray(out["exact"], dtype=bool),
    }


def _typed(exc: Exception) -> WorkerError:
    from pyworker.portfolio import PortfolioSolverError

    if isinstance(exc, PortfolioSolverError):
        return WorkerError("SOLVER_FAILED", str(exc))
    code = getattr(exc, "code", "INVALID")
    return WorkerError("INVALID_PARAMS", str(exc), {"reason": code, "index": getattr(exc, "index", None)})


@handler("portfolio.optimize")
def optimize(params: dict[str, Any], _ctx: Any) -> dict[str, Any]:
    from pyworker.portfolio import DEFAULT_VOL_FLOOR_DAILY, PortfolioInputError, PortfolioSolverError
    from pyworker.portfolio.batch import optimize_batch

    mu = params.get("mu")
    try:
        out = optimize_batch(
            params["method"],
            None if mu is None else np.asarray(mu, dtype=np.float64),
            np.asarray(params["sigma"], dtype=np.float64),
            float(params.get("volFloor", DEFAULT_VOL_FLOOR_DAILY)),
            _mask(params.get("mask")),
        )
    except (PortfolioInputError, PortfolioSolverError) as exc:
        raise _typed(exc) from None
    return _result(out)


@handler("portfolio.optimizeWindows")
def optimize_from_windows(params: dict[str, Any], _ctx: Any) -> dict[str, Any]:
    from pyworker.portfolio import DEFAULT_VOL_FLOOR_DAILY, PortfolioInputError, PortfolioSolverError
    from pyworker.portfolio.batch import optimize_windows

    try:
        out = optimize_windows(
            params["method"],
            np.asarray(params["returns"], dtype=np.float64),
            float(params.get("volFloor", DEFAULT_VOL_FLOOR_DAILY)),
            _mask(params.get("mask")),
            params.get("estimator", "sample"),
        )
    except (PortfolioInputError, PortfolioSolverError) as exc:
        raise _typed(exc) from None
    return _result(out)
