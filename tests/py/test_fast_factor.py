"""The fast solver on the factor form Sigma = G G' + diag(D) (``FactorCov``, the model's
covariance head) gives the dense path's answers: same statuses and weights, and the same
gradients with respect to mu, G and D (the dense ones chained through Sigma = G G' + diag(D))."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from pyworker.portfolio import FactorCov, PortfolioInputError, solve_fast
from pyworker.portfolio.fast_cov import DenseCov
from pyworker.portfolio.synthetic import KINDS, random_batch_factor

torch.set_num_threads(1)


def _both(mu: np.ndarray, G: np.ndarray, D: np.ndarray, mask: torch.Tensor | None = None,
          ) -> tuple[tuple[torch.Tensor, ...], tuple[torch.Tensor, ...], list[str], list[str]]:
    probe = torch.tensor(np.random.default_rng(7).normal(size=mu.shape))
    out = []
    for factor in (False, True):
        m, g, d = (torch.tensor(a, requires_grad=True) for a in (mu, G, D))
        if factor:
            r = solve_fast(m, FactorCov(g, d), mask=mask)
        else:
            r = solve_fast(m, g @ g.mT + torch.diag_embed(d), mask=mask)
        (r.weights * probe).sum().backward()
        assert m.grad is not None and g.grad is not None and d.grad is not None
        out.append(((r.weights.detach(), m.grad, g.grad, d.grad, r.exact), r.status))
    (dense, st_d), (fac, st_f) = out
    return dense, fac, st_d, st_f


def test_factor_form_matches_dense_on_every_kind() -> None:
    mu, G, D = random_batch_factor(np.random.default_rng(3), 3 * len(KINDS), 12, k=5)
    dense, fac, st_d, st_f = _both(mu, G, D)
    assert st_f == st_d
    assert set(st_d) >= {"tangency", "floor", "floor_nonconvex", "relaxed", "min_variance"}
    torch.testing.assert_close(fac[0], dense[0], rtol=0, atol=1e-8)
    assert bool((fac[4] == dense[4]).all())
    for gf, gd in zip(fac[1:4], dense[1:4], strict=True):  # d/dmu, d/dG, d/dD
        assert float((gf - gd).norm() / gd.norm().clamp(min=1e-300)) < 1e-6


def test_factor_form_with_masked_assets_ignores_their_entries() -> None:
    mu, G, D = random_batch_factor(np.random.default_rng(4), 14, 10, k=4)
    mask = torch.ones(14, 10, dtype=torch.bool)
    mask[::2, 3] = False
    mask[1::3, 7] = False
    mu[~mask.numpy()] = np.nan  # a masked asset may carry NaN; it must not leak
    G[~mask.numpy()] = np.nan
    D[~mask.numpy()] = -1.0
    mu_d, G_d, D_d = np.nan_to_num(mu), np.nan_to_num(G), np.where(mask.numpy(), D, 1.0)
    dense, fac, st_d, st_f = _both(mu_d, G_d, D_d, mask)
    r = solve_fast(torch.tensor(mu), FactorCov(torch.tensor(G), torch.tensor(D)), mask=mask)
    assert st_f == st_d and r.status == st_d
    torch.testing.assert_close(r.weights, dense[0], rtol=0, atol=1e-8)
    assert bool((r.weights[~mask] == 0).all())


@pytest.mark.parametrize("active_set", [True, False])
def test_full_size_batch_is_certified_exact(monkeypatch: pytest.MonkeyPatch, active_set: bool) -> None:
    # B = 128, N = 100, K = 20, the benchmark's problems, with the active-set start and with the
    # IPM for every row. Regression of the IPM path: a Woodbury IPM that continued to TIGHT_TOL
    # stalled for 60 iterations (u -> 0 makes the floor constraint's rank-one term swamp the
    # capacitance); the continuation now runs on the dense form.
    import pyworker.portfolio.fast as fast

    if not active_set:
        monkeypatch.setattr(fast, "ACTIVE_SET_ROUNDS", 0)
    mu, G, D = random_batch_factor(np.random.default_rng(0), 128, 100, k=20)
    r = solve_fast(torch.tensor(mu), FactorCov(torch.tensor(G), torch.tensor(D)))
    assert bool(r.exact.all())
    if not active_set:
        cont = r.diagnostics["ipm_iterations_B_continued"]
        assert cont[0] >= 1 and cont[1] < 30, cont
    sig = torch.tensor(G) @ torch.tensor(G).mT + torch.diag_embed(torch.tensor(D))
    rd = solve_fast(torch.tensor(mu), sig)
    assert r.status == rd.status
    torch.testing.assert_close(r.weights, rd.weights, rtol=0, atol=1e-7)


def test_woodbury_newton_solve_matches_dense_with_a_huge_rank_one_weight() -> None:
    rng = np.random.default_rng(5)
    B, n, k = 6, 30, 4
    G = torch.tensor(rng.normal(size=(B, n, k)))
    D = torch.tensor(rng.uniform(0.1, 1.0, size=(B, n)))
    h = torch.tensor(10.0 ** rng.uniform(-4, 8, size=(B, n)))  # IPM barrier terms near the end
    g = torch.tensor(rng.normal(size=(B, n)))
    c = torch.tensor(rng.uniform(0.1, 2.0, size=B))
    rhs = torch.tensor(rng.normal(size=(B, n)))
    zero = torch.zeros(B, dtype=torch.float64)
    H0 = c[:, None, None] * (G @ G.mT + torch.diag_embed(D)) + torch.diag_embed(h)
    for lg in (torch.tensor([1e2, 1e6, 1e8, 1e10, 1e12, 0.0]), torch.full((B,), 1e16)):
        z = FactorCov(G, D).newton(c, h, g, lg, zero)
        assert bool(z.ok.all())
        a = z.solve(rhs)
        H = H0 + lg[:, None, None] * g[:, :, None] * g[:, None, :]
        # backward error of the Woodbury + Sherman-Morrison solve, even where lg g g' is 1e16
        res = ((H @ a[..., None])[..., 0] - rhs).norm(dim=-1)
        assert float((res / (H.norm(dim=(1, 2)) * a.norm(dim=-1) + rhs.norm(dim=-1))).max()) < 1e-12
        # forward error against the dense Cholesky where the system is not too ill-conditioned
        # for either of them to be a reference (at lg = 1e12 both differ by ~1e-3)
        well = lg <= 1e6
        dense = DenseCov(G @ G.mT + torch.diag_embed(D)).newton(c, h, g, lg, zero)
        b = dense.solve(rhs)
        assert float(torch.where(well, (a - b).norm(dim=-1) / b.norm(dim=-1), 0.0).max()) < 1e-6


@pytest.mark.parametrize(("G", "D", "code"), [
    (torch.ones(2, 3, 2), torch.tensor([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0]]), "NOT_PSD"),
    (torch.full((2, 3, 2), float("nan")), torch.ones(2, 3), "NAN_INPUT"),
    (torch.ones(2, 3, 2), torch.ones(2, 4), "SHAPE"),
    (torch.ones(2, 3), torch.ones(2, 3), "SHAPE"),
    (torch.ones(2, 3, 2, dtype=torch.int64), torch.ones(2, 3, dtype=torch.int64), "BAD_DTYPE"),
])
def test_bad_factor_inputs_raise_typed_errors(G: torch.Tensor, D: torch.Tensor, code: str) -> None:
    with pytest.raises(PortfolioInputError) as err:
        solve_fast(torch.ones(2, 3) * 1e-3, FactorCov(G, D))
    assert err.value.code == code


def test_all_masked_factor_row_is_refused() -> None:
    mask = torch.tensor([[True, True, True], [False, False, False]])
    with pytest.raises(PortfolioInputError) as err:
        solve_fast(torch.ones(2, 3) * 1e-3, FactorCov(torch.ones(2, 3, 2), torch.ones(2, 3)), mask=mask)
    assert err.value.code == "ALL_MASKED"


def test_gradient_on_an_ill_conditioned_floor_face_matches_finite_differences() -> None:
    # Row 124 of the benchmark batch: a 2-asset floor face (the frontier's x, y ~ 4e3, 2e5).
    # cvxpylayers' gradient there is off by orders of magnitude (docs/benchmarks.md); ours is
    # the implicit derivative of the closed form and must agree with central differences.
    mu, G, D = random_batch_factor(np.random.default_rng(0), 128, 100, k=20)
    mu, G, D = mu[124:125], G[124:125], D[124:125]
    rng = np.random.default_rng(2)
    probe = rng.normal(size=mu.shape)
    dm, dG = rng.normal(size=mu.shape) * np.abs(mu).max(), rng.normal(size=G.shape) * np.abs(G).max()

    def value(t: float) -> float:
        r = solve_fast(torch.tensor(mu + t * dm), FactorCov(torch.tensor(G + t * dG), torch.tensor(D)))
        return float((r.weights.numpy() * probe).sum())

    m, g = torch.tensor(mu, requires_grad=True), torch.tensor(G, requires_grad=True)
    r = solve_fast(m, FactorCov(g, torch.tensor(D)))
    assert r.status == ["floor"] and int((r.weights > 0).sum()) == 2
    (r.weights * torch.tensor(probe)).sum().backward()
    assert m.grad is not None and g.grad is not None
    terms = np.concatenate([(m.grad.numpy() * dm).ravel(), (g.grad.numpy() * dG).ravel()])
    fd = (value(1e-5) - value(-1e-5)) / 2e-5
    # normwise: relative to the sum of |terms| (the directional derivative itself cancels)
    assert abs(terms.sum() - fd) <= 1e-3 * np.abs(terms).sum(), (terms.sum(), fd, np.abs(terms).sum())


def _edge_oracle(mu: torch.Tensor, sig: torch.Tensor, free: torch.Tensor, fl: torch.Tensor) -> torch.Tensor:
    """Best return over every vertex with vol >= f and every edge crossing of the floor (O(n^2))."""
    d = sig.diagonal(dim1=-2, dim2=-1)
    a = d[:, :, None] + d[:, None, :] - 2.0 * sig
    b = 2.0 * (sig - d[:, None, :])
    disc = b * b - 4.0 * a * (d[:, None, :] - (fl * fl)[:, None, None])
    n = mu.shape[1]
    ok = free[:, :, None] & free[:, None, :] & ~torch.eye(n, dtype=torch.bool) & (disc >= 0) & (a > 1e-12)
    best = torch.where(free & (d >= (fl * fl)[:, None]), mu, -torch.inf).amax(-1)
    for sgn in (1.0, -1.0):
        t = (-b + sgn * disc.clamp(min=0).sqrt()) / (2.0 * torch.where(ok, a, 1.0))
        ret = mu[:, None, :] + t * (mu[:, :, None] - mu[:, None, :])
        best = torch.maximum(best, torch.where(ok & (t >= 0) & (t <= 1), ret, -torch.inf).flatten(1).amax(-1))
    return best


def test_pruned_edge_enumeration_finds_the_full_enumerations_best_point() -> None:
    from pyworker.portfolio.fast_cov import DenseCov
    from pyworker.portfolio.fast_edges import best_edge, edge_point

    for seed in range(30):
        rng = np.random.default_rng(seed)
        n = int(rng.integers(2, 30))
        mu_np, G, D = random_batch_factor(rng, 14, n, k=3, kinds=("C", "negative", "mixed"))
        free = torch.tensor(rng.uniform(size=(14, n)) > 0.2)
        free[:, 0] = True
        mu = torch.where(free, torch.tensor(mu_np) * 1e2, 0.0)
        sig = torch.tensor(G @ G.transpose(0, 2, 1) + D[:, :, None] * np.eye(n)) * 1e4
        fl = torch.tensor(rng.uniform(0.5, 1.5, size=14))
        for cov in (DenseCov(sig), FactorCov(torch.tensor(G) * 1e2, torch.tensor(D) * 1e4)):
            i, j, sgn, vertex = best_edge(mu, cov, free, fl)
            t = torch.where(vertex, 1.0, edge_point(sig, fl, i, j, sgn))
            got = t * mu.gather(1, i[:, None])[:, 0] + (1 - t) * mu.gather(1, j[:, None])[:, 0]
            want = _edge_oracle(mu, sig, free, fl)
            feasible = torch.isfinite(want)  # rows with no point at vol >= f never reach case C
            assert int(feasible.sum()) >= 7
            torch.testing.assert_close(got[feasible], want[feasible], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("factor", [False, True])
def test_active_set_start_and_the_ipm_path_agree(monkeypatch: pytest.MonkeyPatch, factor: bool) -> None:
    # Faces are first sought by active-set steps from a start support (mu > 0 for the tangency,
    # the tangency / minimum-variance support for the floor, all assets for minimum variance); the
    # IPM runs only for rows those do not settle. With no active-set rounds every row takes the
    # IPM: both paths must give the same statuses and weights.
    import pyworker.portfolio.fast as fast

    mu, G, D = random_batch_factor(np.random.default_rng(9), 4 * len(KINDS), 25, k=6)
    mask = torch.tensor(np.random.default_rng(10).uniform(size=mu.shape) > 0.1)
    m, g, d = torch.tensor(mu), torch.tensor(G), torch.tensor(D)
    sigma: torch.Tensor | FactorCov = FactorCov(g, d) if factor else g @ g.mT + torch.diag_embed(d)
    quick = solve_fast(m, sigma, mask=mask)
    assert quick.diagnostics["ipm_iterations_A_active_set"][0] > 0
    assert "ipm_iterations_B" not in quick.diagnostics or quick.diagnostics["ipm_iterations_B_active_set"][0] > 0
    monkeypatch.setattr(fast, "ACTIVE_SET_ROUNDS", 0)
    slow = solve_fast(m, sigma, mask=mask)
    assert "ipm_iterations_A" in slow.diagnostics and "ipm_iterations_B" in slow.diagnostics
    assert slow.status == quick.status
    assert bool((slow.exact == quick.exact).all())
    torch.testing.assert_close(slow.weights, quick.weights, rtol=0, atol=1e-8)


def test_woodbury_restricted_solve_is_backward_stable_like_the_dense_cholesky() -> None:
    # Large supports go through Woodbury (small ones through their gathered block). With the
    # model's tiny idiosyncratic variances (D down to 1e-11 next to G G' ~ 1), one step of
    # iterative refinement brings its backward error to the dense Cholesky's level (~4e-17;
    # ~1e-15 without it, which cost the KKT check of ill-conditioned faces).
    torch.manual_seed(0)
    B, n, k = 32, 100, 20
    G = torch.randn(B, n, k, dtype=torch.float64)
    D = torch.rand(B, n, dtype=torch.float64) * 1e-8 + 1e-11
    f = torch.ones(B, n, dtype=torch.float64)
    f[:, 60:] = 0.0
    R = torch.randn(B, n, 2, dtype=torch.float64)
    M = (G @ G.mT + torch.diag_embed(D)) * (f[:, :, None] * f[:, None, :]) + torch.diag_embed(1.0 - f)
    for cov in (FactorCov(G, D), DenseCov(G @ G.mT + torch.diag_embed(D))):
        Z = cov.restricted_solve(f, R)
        err = (M @ Z - R * f[..., None]).norm(dim=(1, 2)) / (M.norm(dim=(1, 2)) * Z.norm(dim=(1, 2)))
        assert float(err.max()) < 2e-16, (type(cov).__name__, float(err.max()))
