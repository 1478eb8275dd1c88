"""Max-Sharpe with the vol floor vs brute force on small problems (N = 3..5), DESIGN 6.

Brute force: dense Dirichlet samples of the simplex, a fine grid on every edge and the vertices.
The solver may beat sampling (it is exact) but must never fall below the sampled best feasible
Sharpe, when that is positive, by more than 1e-6.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch

from pyworker.portfolio import DEFAULT_VOL_FLOOR_DAILY, RELAX_FACTOR, solve_fast, solve_reference
from pyworker.portfolio.synthetic import KINDS, random_problem

torch.set_num_threads(1)
V = DEFAULT_VOL_FLOOR_DAILY


def _candidates(n: int, rng: np.random.Generator) -> np.ndarray:
    pts = [rng.dirichlet(np.full(n, a), size=4000) for a in (0.3, 1.0, 3.0)]
    t = np.linspace(0.0, 1.0, 2001)
    for i, j in itertools.combinations(range(n), 2):
        e = np.zeros((t.size, n))
        e[:, i], e[:, j] = t, 1.0 - t
        pts.append(e)
    pts.append(np.eye(n))
    return np.concatenate(pts)


def _brute_best(mu: np.ndarray, sigma: np.ndarray, floor: float, W: np.ndarray) -> float:
    vol = np.sqrt(np.einsum("ki,ij,kj->k", W, sigma, W))
    ok = vol >= floor
    return float(np.max((W[ok] @ mu) / vol[ok])) if ok.any() else -np.inf


def _problems(seed: int, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    kinds = ("A", "B", "C", "C", "negative", "mixed", "relaxed")
    return [random_problem(rng, int(rng.integers(3, 6)), kinds[i % len(kinds)]) for i in range(count)]


def _floor_for(status: str) -> float:
    return RELAX_FACTOR * V if status == "relaxed" else V


def test_fast_solver_never_below_brute_force() -> None:
    rng = np.random.default_rng(7)
    problems = _problems(11, 420)
    checked = {k: 0 for k in ("tangency", "floor", "floor_nonconvex", "relaxed")}
    nonpos = 0
    for n in (3, 4, 5):
        group = [(m, s) for m, s in problems if m.shape[0] == n]
        mu = torch.tensor(np.stack([g[0] for g in group]))
        sig = torch.tensor(np.stack([g[1] for g in group]))
        res = solve_fast(mu, sig)
        W = _candidates(n, rng)
        for b, (m, s) in enumerate(group):
            status = res.status[b]
            if status not in checked:
                continue
            best = _brute_best(m, s, _floor_for(status), W)
            sharpe = float(res.sharpe[b])
            assert float(res.vol[b]) >= _floor_for(status) * (1 - 1e-6)
            if best > 0:
                assert sharpe >= best - 1e-6, (n, b, status, sharpe, best)
                assert not bool(res.nonpositive_sharpe[b])
            else:
                assert bool(res.nonpositive_sharpe[b])
                nonpos += 1
            checked[status] += 1
    assert all(v >= 10 for v in checked.values()), checked
    assert nonpos >= 10


@pytest.mark.parametrize("seed", [21, 22])
def test_reference_never_below_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    seen = set()
    for m, s in _problems(seed, 70):
        r = solve_reference(m, s)
        if r.status not in ("tangency", "floor", "floor_nonconvex", "relaxed"):
            continue
        seen.add(r.status)
        best = _brute_best(m, s, _floor_for(r.status), _candidates(m.shape[0], rng))
        if best > 0:
            assert r.sharpe >= best - 1e-6, (r.status, r.sharpe, best)
        else:
            assert r.diagnostics["nonpositive_sharpe"]
    assert seen == {"tangency", "floor", "floor_nonconvex", "relaxed"}


def test_kinds_cover_every_case() -> None:
    """The synthetic generator really reaches each status (guards the tests above)."""
    rng = np.random.default_rng(3)
    statuses = {solve_reference(*random_problem(rng, 4, k)).status for k in KINDS for _ in range(3)}
    assert {"tangency", "floor", "floor_nonconvex", "relaxed", "min_variance"} <= statuses
