"""ForecastModel: shapes, masks, PSD Sigma (float32 and bf16), causality, determinism, input errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from pyworker.model import ForecastModel, ModelInputError, build_model, load_config

ROOT = Path(__file__).resolve().parents[2]
N, T = 4, 12
F = 7 * N + 6
torch.set_num_threads(1)


@pytest.fixture(scope="module")
def model() -> ForecastModel:
    return build_model(load_config(ROOT / "configs/model/tiny.yaml", n_factors=N), seed=0).eval()


def _x(b: int = 3, t: int = T, seed: int = 1) -> torch.Tensor:
    return torch.randn(b, t, F, generator=torch.Generator().manual_seed(seed))  # (B, T, F)


def test_shapes_dtype_and_daily_units_at_init(model: ForecastModel) -> None:
    with torch.no_grad():
        mu, sigma = model(_x())
    assert mu.shape == (3, N) and sigma.shape == (3, N, N)
    assert mu.dtype == sigma.dtype == torch.float32
    # Untrained scale (DESIGN 4 daily units): |mu| ~ 1e-3, Sigma_ii ~ 1e-4 (1% daily vol).
    assert 1e-4 < mu.abs().mean().item() < 1e-2
    diag = torch.diagonal(sigma, dim1=1, dim2=2)
    assert 3e-5 < diag.min().item() and diag.max().item() < 3e-4


def test_mask_zeroes_mu_and_sigma_rows_keeping_diagonal(model: ForecastModel) -> None:
    x = _x()
    mask = torch.ones(3, N, dtype=torch.bool)
    mask[0, 1] = False
    mask[2, [0, 3]] = False
    with torch.no_grad():
        full = model(x)
        mu, sigma = model(x, mask)
    assert torch.equal(mu[~mask], torch.zeros(3))
    assert torch.equal(mu[mask], full.mu[mask])
    assert torch.equal(sigma[0, 1, [0, 2, 3]], torch.zeros(3)) and torch.equal(sigma[0, [0, 2, 3], 1], torch.zeros(3))
    assert sigma[0, 1, 1] == full.sigma[0, 1, 1] > 0  # diagonal kept positive
    keep = [1, 2]  # available block of sample 2 is untouched
    assert torch.equal(sigma[2][keep][:, keep], full.sigma[2][keep][:, keep])
    assert torch.equal(sigma[1], full.sigma[1])


def _assert_spd(sigma: torch.Tensor) -> None:
    assert torch.equal(sigma, sigma.transpose(1, 2))
    eig = torch.linalg.eigvalsh(sigma.double())  # (B, N)
    assert eig.min().item() >= -1e-12 * eig.max().item()
    assert eig.min().item() > 0  # floor min_variance keeps it positive definite


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.sampled_from([1e-3, 1.0, 30.0]), masked=st.integers(0, N - 1))
def test_sigma_symmetric_psd_float32_and_bf16(model: ForecastModel, seed: int, scale: float, masked: int) -> None:
    x = _x(b=2, t=6, seed=seed) * scale
    mask = torch.ones(2, N, dtype=torch.bool)
    mask[1, :masked] = False
    with torch.no_grad():
        _assert_spd(model(x, mask).sigma)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = model(x, mask)
    assert out.sigma.dtype == torch.float32
    _assert_spd(out.sigma)


def test_sigma_psd_with_bf16_weights(model: ForecastModel) -> None:
    cfg = load_config(ROOT / "configs/model/tiny.yaml", n_factors=N)
    m = build_model(cfg, seed=0).to(torch.bfloat16).eval()
    with torch.no_grad():
        out = m(_x(b=2, t=6).to(torch.bfloat16))
    _assert_spd(out.sigma)


def test_encoder_is_causal(model: ForecastModel) -> None:
    x = _x(b=2)
    t = 5
    x2 = x.clone()
    x2[:, t + 1 :] = torch.randn_like(x2[:, t + 1 :]) * 10  # change only the future
    with torch.no_grad():
        h = model.encoder.forward_sequence(x)  # (B, T, H)
        h2 = model.encoder.forward_sequence(x2)
        prefix = model.encoder.forward_sequence(x[:, : t + 1])
        out_prefix = model(x[:, : t + 1])
    torch.testing.assert_close(h[:, : t + 1], h2[:, : t + 1], rtol=0, atol=1e-6)
    torch.testing.assert_close(h[:, : t + 1], prefix, rtol=0, atol=1e-5)
    assert (h[:, t + 1 :] - h2[:, t + 1 :]).abs().max() > 1e-3  # the future does matter later
    mask = torch.ones(2, N, dtype=torch.bool)
    torch.testing.assert_close(model.heads(h[:, t], mask).mu, out_prefix.mu, rtol=0, atol=1e-6)


def test_same_seed_same_model_on_cpu() -> None:
    cfg = load_config(ROOT / "configs/model/tiny.yaml", n_factors=N)
    a, b, c = (build_model(cfg, seed=s) for s in (7, 7, 8))
    x = _x(b=2, t=6)
    torch.manual_seed(3)
    ya = a(x)  # train mode: dropout draws from the global generator
    torch.manual_seed(3)
    yb = b(x)
    assert torch.equal(ya.mu, yb.mu) and torch.equal(ya.sigma, yb.sigma)
    yc = c.eval()(x)
    assert not torch.equal(a.eval()(x).mu, yc.mu)


def test_gradients_reach_every_parameter() -> None:
    cfg = load_config(ROOT / "configs/model/tiny.yaml", n_factors=N)
    m = build_model(cfg, seed=0)
    out = m(_x(b=2, t=6))
    (out.mu.sum() + out.sigma.sum()).backward()
    missing = [n for n, p in m.named_parameters() if p.grad is None]
    assert missing == []


@pytest.mark.parametrize(
    ("x", "mask", "message"),
    [
        (torch.zeros(2, 6, F + 1), None, "must be \\(B, T, 34\\)"),
        (torch.zeros(6, F), None, "must be \\(B, T, 34\\)"),
        (torch.zeros(1, 61, F), None, "more than the lookback 60"),
        (torch.full((1, 6, F), float("nan")), None, "NaN"),
        (torch.zeros(1, 6, F, dtype=torch.int64), None, "floating"),
        (torch.zeros(2, 6, F), torch.ones(2, N), "bool"),
        (torch.zeros(2, 6, F), torch.ones(2, N + 1, dtype=torch.bool), "mask must be \\(B, N\\)"),
    ],
)
def test_bad_inputs_raise_typed_errors(model: ForecastModel, x: torch.Tensor, mask: torch.Tensor | None,
                                       message: str) -> None:
    with pytest.raises(ModelInputError, match=message):
        model(x, mask)


def test_tiny_model_fits_a_planted_signal() -> None:
    """A few AdamW steps on a learnable target lower the loss: the whole graph trains."""
    cfg = load_config(ROOT / "configs/model/tiny.yaml", n_factors=N)
    m = build_model(cfg, seed=0)
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(16, 6, F, generator=gen)  # (B, T, F)
    target_mu = 0.01 * x[:, -1, :N]  # (B, N): last day's first features, in daily units
    target_var = torch.full((16, N), 4e-4)  # (B, N): 2% daily vol
    opt = torch.optim.AdamW(m.parameters(), lr=3e-3)

    def loss_fn() -> torch.Tensor:
        out = m(x)
        var = torch.diagonal(out.sigma, dim1=1, dim2=2)
        return ((out.mu - target_mu) / 0.01).square().mean() + ((var - target_var) / 1e-4).square().mean()

    m.eval()
    with torch.no_grad():
        before = loss_fn().item()
    m.train()
    for _ in range(20):
        opt.zero_grad()
        loss_fn().backward()
        opt.step()
    m.eval()
    with torch.no_grad():
        after = loss_fn().item()
    assert after < 0.2 * before, (before, after)


def test_forward_factored_gives_the_same_forecast_and_sigmas_factor_form(model: ForecastModel) -> None:
    from pyworker.portfolio import FactorCov, solve_fast

    mask = torch.tensor([[True, True, True, True], [True, False, True, True], [False, True, True, False]])
    with torch.no_grad():
        mu, sigma = model(_x(), mask)
        (mu_f, sigma_f), (g, d) = model.forward_factored(_x(), mask)
    torch.testing.assert_close(mu_f, mu, rtol=0, atol=0)
    torch.testing.assert_close(sigma_f, sigma, rtol=0, atol=0)
    assert g.shape == (3, N, model.cfg.covariance_head.latent_factors) and d.shape == (3, N)
    pair = mask[:, :, None] & mask[:, None, :]
    dense = g @ g.mT + torch.diag_embed(d)
    torch.testing.assert_close(torch.where(pair, dense, 0.0), torch.where(pair, sigma, 0.0), rtol=1e-5, atol=1e-12)
    # The portfolio layer gives the same weights for either form (training uses the factor form).
    w_dense = solve_fast(mu.double(), sigma.double(), mask=mask).weights
    w_fac = solve_fast(mu.double(), FactorCov(g.double(), d.double()), mask=mask).weights
    torch.testing.assert_close(w_fac, w_dense, rtol=0, atol=1e-6)
