"""Failure paths: bad Sigma, NaN/inf, N = 1, all masked, the infeasible-floor fallback chain,
unknown methods, and the ``solve`` command."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
import torch

from pyworker.portfolio import (
    DEFAULT_VOL_FLOOR_DAILY,
    PortfolioInputError,
    optimize_batch,
    solve_fast,
    solve_reference,
)
from pyworker.portfolio import reference as reference_mod
from pyworker.portfolio.cli import main, run
from pyworker.portfolio.reference_problems import SubproblemFailed

torch.set_num_threads(1)
V = DEFAULT_VOL_FLOOR_DAILY
MU = np.array([1e-3, 5e-4, -2e-4])
SIG = np.diag([4e-4, 1e-4, 2e-4])


def _both(mu: np.ndarray, sigma: np.ndarray, mask: np.ndarray | None = None) -> tuple[str, str]:
    """Run both solvers on one problem and return the two error codes."""
    codes = []
    with pytest.raises(PortfolioInputError) as e1:
        solve_reference(mu, sigma, mask=mask)
    codes.append(e1.value.code)
    with pytest.raises(PortfolioInputError) as e2:
        solve_fast(torch.tensor(mu[None]), torch.tensor(sigma[None]),
                   mask=None if mask is None else torch.tensor(mask[None]))
    codes.append(e2.value.code)
    return codes[0], codes[1]


def test_bad_sigma_is_an_error() -> None:
    asym = SIG.copy()
    asym[0, 1] = 1e-5
    assert _both(MU, asym) == ("NOT_SYMMETRIC", "NOT_SYMMETRIC")
    not_psd = np.array([[1e-4, 2e-4, 0], [2e-4, 1e-4, 0], [0, 0, 1e-4]])
    assert _both(MU, not_psd) == ("NOT_PSD", "NOT_PSD")
    assert _both(MU, np.zeros((3, 3))) == ("NOT_PSD", "NOT_PSD")
    assert _both(MU, SIG[:2])[0] == "SHAPE"


def test_rounding_asymmetry_is_repaired() -> None:
    s = SIG.copy()
    s[0, 1], s[1, 0] = 1e-6 * (1 + 1e-12), 1e-6
    r = solve_reference(MU, s)
    assert "symmetrized" in r.diagnostics["repaired"]
    assert solve_fast(torch.tensor(MU[None]), torch.tensor(s[None])).status == [r.status]


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_and_inf_are_errors(bad: float) -> None:
    mu = MU.copy()
    mu[1] = bad
    assert _both(mu, SIG) == ("NAN_INPUT", "NAN_INPUT")
    s = SIG.copy()
    s[2, 2] = bad
    assert _both(MU, s) == ("NAN_INPUT", "NAN_INPUT")
    with pytest.raises(PortfolioInputError) as e:
        solve_reference(MU, SIG, vol_floor=bad)
    assert e.value.code in ("NAN_INPUT", "BAD_FLOOR")


def test_nan_in_masked_rows_is_ignored() -> None:
    mu, s = MU.copy(), SIG.copy()
    mu[2], s[2, :], s[:, 2] = np.nan, np.nan, np.nan
    mask = np.array([True, True, False])
    r = solve_reference(mu, s, mask=mask)
    f = solve_fast(torch.tensor(mu[None]), torch.tensor(s[None]), mask=torch.tensor(mask[None]))
    assert r.weights[2] == 0.0 and float(f.weights[0, 2]) == 0.0
    np.testing.assert_allclose(f.weights[0].numpy(), r.weights, atol=1e-6)


def test_all_masked_is_an_error() -> None:
    assert _both(MU, SIG, np.zeros(3, dtype=bool)) == ("ALL_MASKED", "ALL_MASKED")


def test_single_asset() -> None:
    for mu, var, status in ((1e-3, (2 * V) ** 2, "tangency"), (-1e-3, (2 * V) ** 2, "floor"),
                            (1e-3, (0.97 * V) ** 2, "relaxed"), (1e-3, (0.5 * V) ** 2, "min_variance")):
        r = solve_reference([mu], [[var]])
        f = solve_fast(torch.tensor([[mu]]), torch.tensor([[[var]]]))
        assert (r.status, f.status[0]) == (status, status)
        assert r.weights.tolist() == [1.0] and f.weights.tolist() == [[1.0]]


def test_infeasible_floor_fallback_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    mu = np.array([1e-3, 8e-4, 5e-4])
    relaxed = np.diag([(0.97 * V) ** 2, (0.6 * V) ** 2, (0.5 * V) ** 2])  # 10% unattainable, 9.5% is
    r = solve_reference(mu, relaxed)
    assert r.status == "relaxed" and r.vol >= 0.95 * V * (1 - 1e-6)
    assert len(r.diagnostics["fallbacks"]) == 1
    minvar = relaxed * 0.5  # even 9.5% unattainable
    r = solve_reference(mu, minvar)
    assert r.status == "min_variance" and len(r.diagnostics["fallbacks"]) == 2
    inv = 1.0 / np.diag(minvar)
    np.testing.assert_allclose(r.weights, inv / inv.sum(), atol=1e-6)
    assert solve_fast(torch.tensor(mu[None]), torch.tensor(relaxed[None])).status == ["relaxed"]
    assert solve_fast(torch.tensor(mu[None]), torch.tensor(minvar[None])).status == ["min_variance"]

    def broken(_: np.ndarray) -> tuple[np.ndarray, str]:
        raise SubproblemFailed("min-variance QP", "CLARABEL:solver_error")

    monkeypatch.setattr(reference_mod, "min_variance", broken)  # simulate a solver failure
    r = solve_reference(mu, minvar)
    assert r.status == "equal_weight" and len(r.diagnostics["fallbacks"]) == 3
    np.testing.assert_allclose(r.weights, np.full(3, 1 / 3))


def test_optimize_batch_errors() -> None:
    with pytest.raises(PortfolioInputError) as e:
        optimize_batch("max_sharpe", MU[None], SIG[None])
    assert e.value.code == "BAD_METHOD"
    with pytest.raises(PortfolioInputError) as e:
        optimize_batch("max_sharpe_floor", None, SIG[None])
    assert e.value.code == "SHAPE"
    with pytest.raises(PortfolioInputError) as e:
        optimize_batch("min_variance", None, SIG[None], mask=np.ones((1, 3)))
    assert e.value.code == "BAD_DTYPE"


def test_cli_solve_round_trip() -> None:
    problems = [{"mu": MU.tolist(), "sigma": SIG.tolist()},
                {"mu": MU.tolist(), "sigma": SIG.tolist(), "mask": [True, False, True], "vol_floor": V}]
    out = io.StringIO()
    assert run(io.StringIO(json.dumps(problems)), out, "max_sharpe_floor") == 0
    got = json.loads(out.getvalue())
    ref = [solve_reference(MU, SIG), solve_reference(MU, SIG, mask=np.array([True, False, True]))]
    for g, r in zip(got, ref, strict=True):
        assert g["status"] == r.status
        np.testing.assert_allclose(g["weights"], r.weights, atol=1e-6)
        assert g["sharpe"] == pytest.approx(r.sharpe, rel=1e-5) and g["vol"] == pytest.approx(r.vol, rel=1e-5)
    out = io.StringIO()
    assert run(io.StringIO('{"mu": [1], "sigma": [[1, 2], [3, 4]]}'), out, "max_sharpe_floor") == 2
    assert json.loads(out.getvalue())["error"]["code"] == "SHAPE"
    for bad in ('{"mu": [0.001, "x"], "sigma": [[1, 0], [0, 1]]}', '[{"mu": [1, 2], "sigma": [[1, 0], [0]]}]'):
        out = io.StringIO()
        assert run(io.StringIO(bad), out, "max_sharpe_floor") == 2  # a typed error, not a traceback
        err = json.loads(out.getvalue())["error"]
        assert err["code"] == "BAD_DTYPE" and err["index"] == 0 and "lists of numbers" in err["message"]
    with pytest.raises(SystemExit):
        main(["nope"])
