"""Checks of the numpy reference of the data features (pyworker/reference/features.py) on hand-computed cases."""

from __future__ import annotations

import numpy as np

from pyworker.reference.features import _avg_corr, _pct_ranks, compute_features, winsorize

CLEANING = {"winsorWindow": 252, "lowerQuantile": 0.01, "upperQuantile": 0.99, "winsorMinObs": 20}
OPTS = {"shortWindow": 20, "longWindow": 60, "normWindow": 60, "corrWindow": 60, "eps": 1e-8, "vixThreshold": 20}


def test_winsorize_clips_the_new_outlier_at_the_99th_percentile_of_its_window() -> None:
    x = np.arange(1.0, 31.0).reshape(-1, 1) / 1000  # 30 days, one factor
    x[-1, 0] = 0.5
    w = winsorize(x, 252, 0.01, 0.99, 20)
    expected_hi = np.percentile(x[:, 0], 99)
    assert w[-1, 0] == expected_hi
    assert np.array_equal(w[:19], x[:19])  # fewer than winsorMinObs observations: never clipped


def test_winsorize_never_flips_sign() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(0, 0.01, size=(300, 5))
    x[rng.random(x.shape) < 0.05] = np.nan
    w = winsorize(x, 50, 0.01, 0.99, 5)
    ok = ~np.isnan(x)
    assert np.array_equal(np.sign(w[ok]), np.sign(x[ok]))
    assert np.array_equal(np.isnan(w), np.isnan(x))


def test_pct_ranks_average_ties_and_skip_missing() -> None:
    r = np.array([[0.1, 0.1, 0.3, np.nan], [np.nan, 0.2, np.nan, np.nan]])
    out = _pct_ranks(r)
    assert np.allclose(out[0, :3], [0.25, 0.25, 1.0])
    assert np.isnan(out[0, 3])
    assert out[1, 1] == 0.5


def test_avg_corr_of_identical_and_opposite_columns() -> None:
    base = np.linspace(-1, 1, 10) ** 3
    assert np.isclose(_avg_corr(np.column_stack([base, 2 * base]), 60)[-1], 1.0)
    assert np.isclose(_avg_corr(np.column_stack([base, -base]), 60)[-1], -1.0)


def test_features_are_finite_with_constant_input_and_have_width_7n_plus_6() -> None:
    T, N = 80, 3
    raw = np.full((T, N), 0.001)
    market = np.vstack([np.zeros(T), np.full(T, 15.0), np.full(T, 0.02), np.full(T, 0.04), np.full(T, 0.03)])
    r, f = compute_features(raw, market, CLEANING, OPTS)
    assert f.shape == (T, 7 * N + 6)
    assert np.isfinite(f).all()
    assert np.array_equal(r, raw)
    assert np.all(f[:, : 5 * N] == 0)  # zero variance -> z-score 0
