"""Ensemble: mean of members' mu and Sigma, per-factor std of mu, disagreement, masks."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from pyworker.model import Ensemble, ModelConfigError, ModelInputError, build_model, load_config, save_member

ROOT = Path(__file__).resolve().parents[2]
N = 4
torch.set_num_threads(1)


@pytest.fixture(scope="module")
def members():
    cfg = load_config(ROOT / "configs/model/tiny.yaml", n_factors=N)
    return [build_model(cfg, seed=s) for s in (0, 1, 2)]


def test_single_member_equals_the_model_and_has_no_disagreement(members) -> None:
    x = torch.randn(2, 8, 7 * N + 6)
    mask = torch.tensor([[True, True, False, True], [True] * 4])
    pred = Ensemble(members[:1]).predict(x, mask)
    with torch.no_grad():
        ref = members[0].eval()(x, mask)
    assert torch.equal(pred.mu, ref.mu) and torch.equal(pred.sigma, ref.sigma)
    assert torch.equal(pred.disagreement, torch.zeros(2)) and torch.equal(pred.mu_std, torch.zeros(2, N))


def test_mean_std_and_disagreement_match_a_manual_computation(members) -> None:
    x = torch.randn(3, 8, 7 * N + 6)
    mask = torch.ones(3, N, dtype=torch.bool)
    mask[1, 0] = False
    members[1].train()  # predict must switch to eval and restore the mode
    pred = Ensemble(members).predict(x, mask)
    assert members[1].training and not pred.mu.requires_grad
    with torch.no_grad():
        outs = [m.eval()(x, mask) for m in members]
    members[1].train(False)
    mus = torch.stack([o.mu for o in outs])
    torch.testing.assert_close(pred.mu, mus.mean(0))
    torch.testing.assert_close(pred.sigma, torch.stack([o.sigma for o in outs]).mean(0))
    std = mus.std(0, correction=0)
    torch.testing.assert_close(pred.mu_std, std)
    assert pred.mu_std[1, 0] == 0 and pred.mu[1, 0] == 0
    torch.testing.assert_close(pred.disagreement[1], std[1, 1:].mean())
    assert (pred.disagreement > 0).all()
    eig = torch.linalg.eigvalsh(pred.sigma.double())
    assert eig.min() > 0


def test_load_from_files(members, tmp_path: Path) -> None:
    paths = [save_member(tmp_path / f"seed{i}.safetensors", m) for i, m in enumerate(members[:2])]
    x = torch.randn(1, 5, 7 * N + 6)
    a = Ensemble.load(paths).predict(x)
    b = Ensemble(members[:2]).predict(x)
    assert torch.equal(a.mu, b.mu) and torch.equal(a.sigma, b.sigma)


def test_errors(members) -> None:
    with pytest.raises(ModelConfigError, match="at least one"):
        Ensemble([])
    other = build_model(load_config(ROOT / "configs/model/tiny.yaml", n_factors=N + 1), seed=0)
    with pytest.raises(ModelConfigError, match="member 1"):
        Ensemble([members[0], other])
    with pytest.raises(ModelInputError, match="NaN"):
        Ensemble(members[:1]).predict(torch.full((1, 5, 7 * N + 6), float("nan")))
