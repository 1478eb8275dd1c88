"""Batched benchmark paths (optimize_windows): vectorized estimators vs numpy / scikit-learn,
the "no floor" mean-variance (floor 1e-8 per day) vs a direct cvxpy tangency QP, and the
support repair of the fast polish vs cvxpy minimum variance."""

from __future__ import annotations

import cvxpy as cp
import numpy as np
import torch
from sklearn.covariance import ledoit_wolf

from pyworker.portfolio import estimate_batch, optimize_batch, optimize_windows
from pyworker.portfolio.fast_polish import kkt_min_variance, min_variance_on_support, repair_support
from pyworker.portfolio.synthetic import random_batch

NO_FLOOR = 1e-8  # the daily floor sdk/backtest/benchmarks sends for "no floor"
TIGHT = {"tol_gap_abs": 1e-11, "tol_gap_rel": 1e-11, "tol_feas": 1e-11}


def _windows(seed: int, b: int = 5, t: int = 120, n: int = 12) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    r = rng.normal(3e-4, 0.01, size=(b, t, n)) * rng.uniform(0.5, 2.0, size=n)
    r += rng.normal(0.0, 0.006, size=(b, t, 1))  # a common factor: correlated assets
    mask = rng.uniform(size=(b, n)) > 0.25
    mask[0] = True
    mask[-1] = False
    mask[-1, 4] = True  # one available asset
    r[~np.repeat(mask[:, None, :], t, 1)] = np.nan
    return r, mask


def test_batched_estimators_match_numpy_and_sklearn() -> None:
    r, mask = _windows(0)
    for est in ("sample", "ledoit_wolf"):
        mu, sig = estimate_batch(r, mask, est)
        for b in range(r.shape[0]):
            a = mask[b]
            sub = r[b][:, a]
            ref = ledoit_wolf(sub)[0] if est == "ledoit_wolf" else np.atleast_2d(np.cov(sub, rowvar=False))
            np.testing.assert_allclose(sig[b][np.ix_(a, a)], ref, rtol=1e-12, atol=1e-18)
            np.testing.assert_allclose(mu[b][a], sub.mean(0), rtol=1e-12)
            assert np.all(mu[b][~a] == 0.0)
            off = sig[b][~a]  # masked rows: identity scaled to the mean available variance
            np.testing.assert_allclose(off[:, ~a], np.eye(int((~a).sum())) * np.mean(np.diag(ref)))
            assert np.all(off[:, a] == 0.0)


def test_no_floor_mean_variance_is_the_tangency_portfolio() -> None:
    r, mask = _windows(1, b=6, t=250, n=15)
    out = optimize_windows("mean_variance", r, NO_FLOOR, mask)
    mu, sig = estimate_batch(r, mask)
    ref = optimize_batch("max_sharpe_floor_reference", mu, sig, NO_FLOOR, mask)
    assert out["status"] == ref["status"]
    assert out["status"][:-1] == ["tangency"] * (r.shape[0] - 1)  # the last row has one asset
    np.testing.assert_allclose(out["weights"], ref["weights"], atol=1e-5)
    for b in range(r.shape[0]):
        a = mask[b]
        if a.sum() == 1:
            assert out["weights"][b, a] == 1.0
            continue
        y = cp.Variable(int(a.sum()))  # long-only tangency QP, DESIGN 6 case A, scaled
        s = sig[b][np.ix_(a, a)]
        m = mu[b][a]
        cp.Problem(cp.Minimize(cp.quad_form(y, cp.psd_wrap(s / s.max()))), [m / np.abs(m).max() @ y == 1, y >= 0]
                   ).solve(solver="CLARABEL", **TIGHT)
        yv = np.asarray(y.value)
        np.testing.assert_allclose(out["weights"][b, a], yv / yv.sum(), atol=1e-5)
        assert np.all(out["weights"][b, ~a] == 0.0)


def test_support_repair_recovers_min_variance() -> None:
    _, sigma = random_batch(np.random.default_rng(3), 8, 12)
    sig = torch.from_numpy(sigma / np.einsum("bii->b", sigma).max())
    free = torch.ones(8, 12, dtype=torch.bool)

    def violations(rows: torch.Tensor, S_r: torch.Tensor) -> torch.Tensor:
        w_r = min_variance_on_support(sig[rows], S_r)
        return kkt_min_variance(sig[rows], S_r, w_r, free[rows])

    S = free.clone()  # start from the wrong face: every asset in the support
    viol = violations(torch.arange(8), S)
    assert bool((viol.amax(-1) >= 1e-7).any())
    S, ok, changed = repair_support(S, viol, 1e-7, violations, rounds=20)
    assert changed and bool(ok.all())
    w = min_variance_on_support(sig, S).numpy()
    for b in range(8):
        x = cp.Variable(12)
        cp.Problem(cp.Minimize(cp.quad_form(x, cp.psd_wrap(sig[b].numpy()))), [cp.sum(x) == 1, x >= 0]
                   ).solve(solver="CLARABEL", **TIGHT)
        np.testing.assert_allclose(w[b], np.asarray(x.value), atol=1e-6)
