"""Benchmark optimizers (DESIGN 7): min variance (sample / Ledoit-Wolf), risk parity,
mean-variance through optimize_windows, checked against cvxpy / scikit-learn references."""

from __future__ import annotations

from pathlib import Path

import cvxpy as cp
import numpy as np
import pytest
from sklearn.covariance import LedoitWolf

from pyworker.portfolio import estimate_window, optimize_batch, optimize_windows
from pyworker.portfolio.synthetic import random_batch

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real" / "intl100_size_bm_daily.csv"


def _batch() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mu, sigma = random_batch(np.random.default_rng(2), 12, 15)
    mask = np.ones(mu.shape, dtype=bool)
    mask[::3, :4] = False
    return mu, sigma, mask


def test_min_variance_matches_cvxpy() -> None:
    mu, sigma, mask = _batch()
    out = optimize_batch("min_variance", None, sigma, mask=mask)
    for b in range(sigma.shape[0]):
        idx = mask[b]
        w = cp.Variable(int(idx.sum()))
        sub = sigma[b][np.ix_(idx, idx)]
        cp.Problem(cp.Minimize(cp.quad_form(w, cp.psd_wrap(sub / sub.max()))),  # scaled for solver tolerances
                   [cp.sum(w) == 1, w >= 0]).solve(solver="CLARABEL")
        np.testing.assert_allclose(out["weights"][b, idx], w.value, atol=1e-6)
        assert np.all(out["weights"][b, ~idx] == 0.0)
    assert out["status"] == ["min_variance"] * sigma.shape[0] and np.isnan(out["ret"]).all()


def test_risk_parity_equal_risk_contributions() -> None:
    _, sigma, mask = _batch()
    out = optimize_batch("risk_parity", None, sigma, mask=mask)
    assert out["exact"].all()
    for b in range(sigma.shape[0]):
        w = out["weights"][b]
        rc = w * (sigma[b] @ w)
        np.testing.assert_allclose(rc[mask[b]], rc[mask[b]].mean(), rtol=1e-6)
        assert np.all(w[~mask[b]] == 0.0) and abs(w.sum() - 1) < 1e-12
    # cvxpy log-barrier formulation (exponential cone) as the second implementation
    s = sigma[1]
    y = cp.Variable(s.shape[0])
    cp.Problem(cp.Minimize(0.5 * cp.quad_form(y, cp.psd_wrap(s)) - cp.sum(cp.log(y)) / s.shape[0])).solve(solver="CLARABEL")
    np.testing.assert_allclose(out["weights"][1], y.value / y.value.sum(), atol=1e-4)


def test_estimators_and_mean_variance() -> None:
    rng = np.random.default_rng(6)
    r = rng.normal(2e-4, 0.01, size=(3, 250, 8))
    mask = np.ones((3, 8), dtype=bool)
    mask[0, 3] = False
    r[0, :, 3] = np.nan  # a masked factor may be missing entirely
    mu, sig = estimate_window(r[1], estimator="ledoit_wolf")
    np.testing.assert_allclose(sig, LedoitWolf().fit(r[1]).covariance_)
    np.testing.assert_allclose(mu, r[1].mean(0))
    mu, sig = estimate_window(r[1])
    np.testing.assert_allclose(sig, np.cov(r[1], rowvar=False))
    mv = optimize_windows("mean_variance", r, mask=mask)
    for b in range(3):
        m, s = estimate_window(r[b], mask[b])
        direct = optimize_batch("max_sharpe_floor_reference", m[None], s[None], mask=mask[b][None])
        assert mv["status"][b] == direct["status"][0]
        np.testing.assert_allclose(mv["weights"][b], direct["weights"][0], atol=1e-4)
    assert mv["weights"][0, 3] == 0.0
    lw = optimize_windows("min_variance", r, mask=mask, estimator="ledoit_wolf")
    assert np.allclose(lw["weights"].sum(-1), 1.0)


@pytest.mark.skipif(not REAL.exists(), reason="real data not present (optional)")
def test_real_windows_fast_matches_reference() -> None:
    import pandas as pd

    df = pd.read_csv(REAL, index_col=0).iloc[-1500:]
    mask = np.isfinite(df.to_numpy()).all(0)[None].repeat(3, 0)
    wins = np.stack([df.to_numpy()[i:i + 250] for i in (0, 600, 1200)])
    fast = optimize_windows("mean_variance", wins, mask=mask)
    mu, sig = zip(*(estimate_window(wins[b], mask[b]) for b in range(3)), strict=True)
    ref = optimize_batch("max_sharpe_floor_reference", np.stack(mu), np.stack(sig), mask=mask)
    assert fast["status"] == ref["status"]
    np.testing.assert_allclose(fast["weights"], ref["weights"], atol=1e-4)
