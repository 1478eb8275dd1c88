"""Two implementations must agree (STYLE): fast batched solver vs the cvxpy reference (weights
within 1e-4, same status) and vs cvxpylayers gradients (relative 1e-3), on every case A-D."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from pyworker.portfolio import solve_cvxpylayers, solve_fast, solve_reference
from pyworker.portfolio.synthetic import random_batch

torch.set_num_threads(1)
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside cvxpylayers/diffcp


@pytest.fixture(scope="module")
def batch() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    mu, sigma = random_batch(rng, 63, 9)
    mask = np.ones(mu.shape, dtype=bool)
    mask[::4, 2] = False
    mask[1::5, [0, 5]] = False
    sigma[~mask[:, :, None] & np.ones_like(sigma, dtype=bool)] = np.nan  # masked rows may be NaN
    return mu, sigma, mask


def test_fast_matches_reference_on_every_case(batch: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    mu, sigma, mask = batch
    fast = solve_fast(torch.tensor(mu), torch.tensor(sigma), mask=torch.tensor(mask))
    statuses = set()
    for b in range(mu.shape[0]):
        ref = solve_reference(mu[b], sigma[b], mask=mask[b])
        assert fast.status[b] == ref.status, b
        np.testing.assert_allclose(fast.weights[b].numpy(), ref.weights, atol=1e-4, rtol=0)
        assert np.all(fast.weights[b].numpy()[~mask[b]] == 0.0)
        statuses.add(ref.status)
    assert bool(fast.exact.all())
    assert {"tangency", "floor", "floor_nonconvex", "relaxed", "min_variance"} <= statuses


def _grads(which: str, mu: np.ndarray, G: np.ndarray, mask: np.ndarray, probe: np.ndarray
           ) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    m = torch.tensor(mu, requires_grad=True)
    g = torch.tensor(G, requires_grad=True)
    if which == "fast":
        res = solve_fast(m, g @ g.transpose(1, 2), mask=torch.tensor(mask))
        w, status = res.weights, res.status
    else:
        w, status = solve_cvxpylayers(m, g, mask=torch.tensor(mask))
    (w * torch.tensor(probe)).sum().backward()
    assert m.grad is not None and g.grad is not None
    return w.detach().numpy(), status, m.grad.numpy(), g.grad.numpy()


def test_fast_gradients_match_cvxpylayers() -> None:
    rng = np.random.default_rng(8)
    mu, sigma = random_batch(rng, 21, 6)
    G = np.linalg.cholesky(sigma)
    mask = np.ones(mu.shape, dtype=bool)
    mask[::3, 1] = False
    probe = rng.normal(size=mu.shape)
    wf, sf, gmf, ggf = _grads("fast", mu, G, mask, probe)
    wc, sc, gmc, ggc = _grads("cvx", mu, G, mask, probe)
    assert sf == sc
    assert {"tangency", "floor", "floor_nonconvex", "relaxed", "min_variance"} <= set(sf)
    np.testing.assert_allclose(wf, wc, atol=1e-4, rtol=0)
    for b in range(mu.shape[0]):
        # Scale-free comparison: gradient w.r.t. log-scaled inputs (mu / max|mu|, G / max|G|).
        f = np.concatenate([gmf[b] * np.abs(mu[b]).max(), ggf[b].ravel() * np.abs(G[b]).max()])
        c = np.concatenate([gmc[b] * np.abs(mu[b]).max(), ggc[b].ravel() * np.abs(G[b]).max()])
        assert np.linalg.norm(f - c) <= 1e-3 * np.linalg.norm(c), (b, sf[b])
        assert np.all(gmf[b][~mask[b]] == 0.0)
