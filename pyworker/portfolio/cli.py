"""Command line: ``python -m pyworker.portfolio solve [--method M] [--reference]`` (JSON in/out).

Reads ``{"mu": [...], "sigma": [[...]], "vol_floor": v?, "mask": [...]?}`` or a list of them
from stdin and prints one JSON object per problem (a list when the input was a list):
``{"weights": [...], "status": "...", "sharpe": s, "vol": x, "ret": r, "nonpositive_sharpe": b}``.
``vol_floor`` defaults to DEFAULT_VOL_FLOOR_DAILY (daily units). Bad input prints
``{"error": {"code": ..., "message": ...}}`` and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any, TextIO

import numpy as np

from .batch import METHODS, optimize_batch
from .constants import DEFAULT_VOL_FLOOR_DAILY
from .errors import PortfolioInputError


def _num(x: float) -> float | None:
    return float(x) if math.isfinite(float(x)) else None


def _solve_one(item: Any, method: str, index: int) -> dict[str, Any]:
    if not isinstance(item, dict) or "sigma" not in item:
        raise PortfolioInputError("SHAPE", "each problem must be an object with 'sigma' (and 'mu')", index)
    unknown = set(item) - {"mu", "sigma", "vol_floor", "mask"}
    if unknown:
        raise PortfolioInputError("SHAPE", f"unknown keys {sorted(unknown)}", index)
    try:
        mu = None if item.get("mu") is None else np.asarray([item["mu"]], dtype=np.float64)
        sigma = np.asarray([item["sigma"]], dtype=np.float64)
        mask = None if item.get("mask") is None else np.asarray([item["mask"]], dtype=bool)
    except (TypeError, ValueError) as exc:  # non-numbers, ragged rows
        raise PortfolioInputError("BAD_DTYPE", f"mu, sigma and mask must be (nested) lists of numbers: {exc}",
                                  index) from exc
    out = optimize_batch(method, mu, sigma, item.get("vol_floor", DEFAULT_VOL_FLOOR_DAILY), mask)
    return {"weights": [float(x) for x in out["weights"][0]], "status": out["status"][0],
            "sharpe": _num(out["sharpe"][0]), "vol": _num(out["vol"][0]), "ret": _num(out["ret"][0]),
            "nonpositive_sharpe": bool(out["nonpositive_sharpe"][0])}


def run(stdin: TextIO, stdout: TextIO, method: str) -> int:
    try:
        data = json.load(stdin)
    except json.JSONDecodeError as exc:
        json.dump({"error": {"code": "BAD_JSON", "message": str(exc)}}, stdout)
        stdout.write("\n")
        return 2
    items = data if isinstance(data, list) else [data]
    try:
        results = [_solve_one(item, method, i) for i, item in enumerate(items)]
    except PortfolioInputError as exc:
        json.dump({"error": {"code": exc.code, "message": str(exc), "index": exc.index}}, stdout)
        stdout.write("\n")
        return 2
    json.dump(results if isinstance(data, list) else results[0], stdout)
    stdout.write("\n")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pyworker.portfolio", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    solve = sub.add_parser("solve", help="solve problems read as JSON from stdin")
    solve.add_argument("--method", default="max_sharpe_floor", choices=METHODS)
    solve.add_argument("--reference", action="store_true", help="use the cvxpy reference (max_sharpe_floor_reference)")
    args = parser.parse_args(argv)
    method = "max_sharpe_floor_reference" if args.reference else args.method
    return run(sys.stdin, sys.stdout, method)
