"""Hypothesis properties of the max-Sharpe-with-floor solvers: simplex, masks, floor, scaling."""

from __future__ import annotations

import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from pyworker.portfolio import DEFAULT_VOL_FLOOR_DAILY, RELAX_FACTOR, solve_fast, solve_reference
from pyworker.portfolio.synthetic import KINDS, random_problem

torch.set_num_threads(1)
V = DEFAULT_VOL_FLOOR_DAILY

problems = st.builds(
    lambda seed, n, kind, mask_bits: (*random_problem(np.random.default_rng(seed), n, kind),
                                      np.array([(mask_bits >> i) & 1 == 0 for i in range(n)]) | (np.arange(n) == seed % n)),
    st.integers(0, 2**31 - 1), st.integers(1, 7), st.sampled_from(KINDS), st.integers(0, 2**7 - 1))


def _check(w: np.ndarray, status: str, vol: float, mask: np.ndarray) -> None:
    assert np.all(w >= 0.0)
    assert abs(float(w.sum()) - 1.0) <= 1e-8
    assert np.all(w[~mask] == 0.0)
    if status in ("tangency", "floor", "floor_nonconvex"):
        assert vol >= V * (1 - 1e-6)
    if status == "relaxed":
        assert vol >= RELAX_FACTOR * V * (1 - 1e-6)


@settings(max_examples=60, deadline=None)
@given(problems, st.floats(1e-3, 1e3))
def test_fast_simplex_mask_floor_and_mu_scaling(problem: tuple[np.ndarray, np.ndarray, np.ndarray],
                                                 scale: float) -> None:
    mu, sigma, mask = problem
    r1 = solve_fast(torch.tensor(mu[None]), torch.tensor(sigma[None]), mask=torch.tensor(mask[None]))
    _check(r1.weights[0].numpy(), r1.status[0], float(r1.vol[0]), mask)
    r2 = solve_fast(torch.tensor(mu[None] * scale), torch.tensor(sigma[None]), mask=torch.tensor(mask[None]))
    assert r2.status == r1.status
    np.testing.assert_allclose(r2.weights.numpy(), r1.weights.numpy(), atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(problems, st.floats(1e-2, 1e2))
def test_reference_simplex_mask_floor_and_mu_scaling(problem: tuple[np.ndarray, np.ndarray, np.ndarray],
                                                      scale: float) -> None:
    mu, sigma, mask = problem
    r1 = solve_reference(mu, sigma, mask=mask)
    _check(r1.weights, r1.status, r1.vol, mask)
    r2 = solve_reference(mu * scale, sigma, mask=mask)
    assert r2.status == r1.status
    np.testing.assert_allclose(r2.weights, r1.weights, atol=1e-6)


def test_nonpositive_rule_returns_max_return_at_the_floor() -> None:
    """All mu < 0: the answer sits on the floor with the best return among floor points."""
    rng = np.random.default_rng(4)
    for _ in range(5):
        mu, sigma = random_problem(rng, 3, "negative")
        sigma = sigma * (1.5 * V) ** 2 / np.max(np.diag(sigma))  # make the floor attainable
        r = solve_reference(mu, sigma)
        assert r.status in ("floor", "floor_nonconvex") and r.diagnostics["nonpositive_sharpe"]
        assert abs(r.vol / V - 1.0) < 1e-6
        W = rng.dirichlet(np.ones(3), size=200_000)
        vol = np.sqrt(np.einsum("ki,ij,kj->k", W, sigma, W))
        near = np.abs(vol / V - 1.0) < 1e-3
        assert near.sum() > 10
        assert r.ret >= float(np.max(W[near] @ mu)) - 1e-3 * np.abs(mu).max()
