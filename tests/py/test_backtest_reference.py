"""The backtest reference (pyworker/reference) is current, agrees with empyrical/scipy, and with the papers."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from pyworker.reference import fixtures, metrics, stats

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "backtest"


def _same(a: object, b: object, path: str = "") -> None:
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        for k in a:
            _same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15), f"{path}: {a} != {b}"
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def test_committed_fixtures_are_current() -> None:
    """Regenerate in memory; a stale file means: run `.venv/bin/python -m pyworker.reference.fixtures`."""
    for name, data in fixtures.build().items():
        committed = json.loads((FIXTURES / name).read_text())
        _same(data, committed, name)


def test_metrics_agree_with_empyrical() -> None:
    import empyrical as ep  # pinned in requirements.txt (empyrical-reloaded): a missing package fails here

    case = json.loads((FIXTURES / "metrics.json").read_text())["cases"][0]
    r, rf, m = (np.array(case[k]) for k in ("returns", "riskFree", "market"))
    x = r - rf
    assert metrics.sharpe(r, rf) == pytest.approx(ep.sharpe_ratio(x), rel=1e-12)
    assert metrics.sortino(r, rf) == pytest.approx(ep.sortino_ratio(x), rel=1e-12)
    assert metrics.annualized_volatility(r) == pytest.approx(ep.annual_volatility(r), rel=1e-12)
    assert metrics.annualized_return(r) == pytest.approx(ep.annual_return(r), rel=1e-12)
    assert metrics.cumulative_return(r) == pytest.approx(ep.cum_returns_final(r), rel=1e-12)
    assert metrics.max_drawdown(r) == pytest.approx(-ep.max_drawdown(r), rel=1e-12)
    assert metrics.calmar(r) == pytest.approx(ep.calmar_ratio(r), rel=1e-12)
    assert metrics.value_at_risk(r, 0.95) == pytest.approx(-ep.value_at_risk(r, 0.05), rel=1e-12)
    assert metrics.value_at_risk(r, 0.99) == pytest.approx(-ep.value_at_risk(r, 0.01), rel=1e-12)
    assert metrics.cvar(r, 0.95) == pytest.approx(-ep.conditional_value_at_risk(r, 0.05), rel=1e-12)
    assert metrics.cvar(r, 0.99) == pytest.approx(-ep.conditional_value_at_risk(r, 0.01), rel=1e-12)
    assert metrics.beta(r, m) == pytest.approx(ep.beta(r, m), rel=1e-10)


def test_deflated_sharpe_published_example() -> None:
    """Bailey & Lopez de Prado (2014), numerical example: N=100 trials, V[SR]=1/2 and SR=2.5 (annual,
    250 days), T=1250, skew -3, kurtosis 10 -> SR0 = 0.1132 (daily) and DSR = 0.9004 (4 digits in the paper)."""
    m = {"sharpe": 2.5 / math.sqrt(250), "n": 1250, "skew": -3.0, "kurtosis": 10.0}
    out = stats.dsr(m, 100, 0.5 / 250)
    assert out["sr0"] == pytest.approx(0.1132, abs=5e-5)
    assert out["dsr"] == pytest.approx(0.9004, abs=5e-4)


def test_memmel_variance_matches_delta_method_under_normality() -> None:
    """Memmel's theta is the asymptotic variance of s_b m_a - s_a m_b for normal returns: check by simulation."""
    rng = np.random.default_rng(3)
    cov = np.array([[1.0, 0.6], [0.6, 1.5]]) * 1e-4
    draws = [rng.multivariate_normal([5e-4, 3e-4], cov, 400) for _ in range(400)]
    stat = []
    for d in draws:
        res = stats.jobson_korkie_memmel(d[:, 0], d[:, 1])
        stat.append(res["statistic"])
    # centred under the population difference; the spread of z is ~1 when theta is right
    assert np.std(stat) == pytest.approx(1.0, abs=0.1)


def test_ledoit_wolf_reduces_to_iid_delta_method_with_tiny_bandwidth() -> None:
    """With S_T < 1 only Gamma(0) enters: Psi = T/(T-4) * sample covariance (ddof 0) of y_t."""
    rng = np.random.default_rng(5)
    a, b = rng.normal(5e-4, 0.01, 500), rng.normal(2e-4, 0.01, 500)
    res = stats.ledoit_wolf_hac(a, b, bandwidth=0.5)
    mu, gam = np.array([a.mean(), b.mean()]), np.array([(a**2).mean(), (b**2).mean()])
    y = np.column_stack([a, b, a**2, b**2])
    psi = np.cov(y, rowvar=False, ddof=0) * 500 / 496
    var = gam - mu**2
    grad = np.array([gam[0] / var[0] ** 1.5, -gam[1] / var[1] ** 1.5, -mu[0] / (2 * var[0] ** 1.5), mu[1] / (2 * var[1] ** 1.5)])
    z = (mu[0] / np.sqrt(var[0]) - mu[1] / np.sqrt(var[1])) / np.sqrt(grad @ psi @ grad / 500)
    assert res["statistic"] == pytest.approx(z, rel=1e-10)
