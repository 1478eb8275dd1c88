"""The Deflated Sharpe Ratio of the best trial over all trials (Bailey & Lopez de Prado, 2014).

DSR = PSR(SR_0) of the best trial's daily validation returns, where SR_0 (eq. 2) is the
expected maximum Sharpe of N unskilled trials given the variance of the trials' Sharpe ratios.
Sharpe ratios are per day here (not annualized), as in ``pyworker.reference.stats``, whose
``dsr`` / ``psr`` / ``expected_max_sharpe`` this module reuses.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from pyworker.reference.stats import dsr, sharpe_moments


def deflated_sharpe(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """DSR summary of the COMPLETE trials among ``records`` (experiment-log records).

    Returns best trial, its annualized and daily Sharpe, N trials, the variance of the trials'
    daily Sharpe ratios, SR_0 and the DSR (NaN with fewer than 2 trials).
    """
    done = [r for r in records if r["state"] == "COMPLETE" and len(r.get("val_returns") or []) > 3]
    out: dict[str, Any] = {"n_trials": len(done), "best_trial": None, "best_phase": None,
                           "best_val_sharpe": math.nan, "best_sharpe_daily": math.nan, "sharpe_variance": math.nan,
                           "sr0": math.nan, "dsr": math.nan}
    if not done:
        return out
    srs = [sharpe_moments(np.asarray(r["val_returns"]))["sharpe"] for r in done]
    best = done[int(np.nanargmax(srs))]
    m = sharpe_moments(np.asarray(best["val_returns"]))
    out.update(best_trial=best["trial"], best_phase=best["phase"], best_val_sharpe=best["metrics"]["val_sharpe"],
               best_sharpe_daily=m["sharpe"])
    if len(done) < 2:
        return out
    var = float(np.var(srs, ddof=1))
    res = dsr(m, len(done), var)
    out.update(sharpe_variance=var, sr0=res["sr0"], dsr=res["dsr"])
    return out
