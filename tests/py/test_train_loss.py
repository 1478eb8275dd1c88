"""pyworker.train pure parts: loss terms on hand-computed cases, schedule, early stopping, config."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from pyworker.train import (
    EarlyStopping,
    LossWeights,
    TrainConfigError,
    annualized_sharpe,
    compute_loss,
    frobenius_term,
    huber_term,
    load_train_config,
    lr_at,
    realized_sharpe,
    rebalance_days,
    softmax_weights,
    train_config_from_dict,
    turnover_term,
)

torch.set_num_threads(1)
T = torch.tensor


def test_huber_hand_computed_and_masked() -> None:
    mu, act = T([[0.5, 3.0, 100.0]]), T([[0.0, 0.0, 0.0]])
    mask = T([[True, True, False]])
    # 0.5*0.5^2 = 0.125 (quadratic); 3 - 0.5 = 2.5 (linear, delta 1); masked factor ignored
    assert huber_term(mu, act, mask).item() == pytest.approx((0.125 + 2.5) / 2)
    # scale 100 on daily units: 0.01 vs 0 -> |d| = 1 -> 0.5
    assert huber_term(T([[0.01]]), T([[0.0]]), T([[True]]), scale=100.0).item() == pytest.approx(0.5)


def test_frobenius_hand_computed_and_masked() -> None:
    s = T([[[1.0, 2.0, 9.0], [2.0, 4.0, 9.0], [9.0, 9.0, 9.0]]])
    a = T([[[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]])
    mask = T([[True, True, False]])
    assert frobenius_term(s, a, mask).item() == pytest.approx(math.sqrt(1 + 4 + 4 + 9))


def test_realized_sharpe_hand_computed() -> None:
    w = T([[0.5, 0.5, 0.7]])
    mu = T([[0.02, 0.0, 5.0]])
    sig = T([[[0.04, 0.0, 0.0], [0.0, 0.01, 0.0], [0.0, 0.0, 1.0]]])
    mask = T([[True, True, False]])
    # w.mu = 0.01; w'Sw = 0.25*0.04 + 0.25*0.01 = 0.0125
    expect = 0.01 / math.sqrt(0.0125 + 1e-10)
    assert realized_sharpe(w, mu, sig, mask).item() == pytest.approx(expect, rel=1e-6)


def test_turnover_sorts_by_day() -> None:
    w = T([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
    t = T([30, 10, 20])  # time order: rows 1, 2, 0 -> |(0.5,0.5)-(1,0)| = 1, |(0,1)-(.5,.5)| = 1
    assert turnover_term(w, t, torch.ones(3, 2, dtype=torch.bool)).item() == pytest.approx(1.0)
    assert turnover_term(w[:1], t[:1], torch.ones(1, 2, dtype=torch.bool)).item() == 0.0


def test_compute_loss_weights_and_ablations() -> None:
    mu, act = T([[0.5, 0.0]]), T([[0.0, 0.0]])
    sig, sact = torch.eye(2)[None] * 2.0, torch.eye(2)[None]
    w, mask, t = T([[1.0, 0.0]]), torch.ones(1, 2, dtype=torch.bool), T([0])
    act2 = T([[0.1, 0.0]])
    p = compute_loss(mu, sig, w, act2, sact, mask, t, LossWeights(alpha=1.0, beta=0.5, gamma=2.0, lambda_tc=3.0))
    ret = 0.5 * (0.4**2) / 2
    cov, sharpe = math.sqrt(2.0), 0.1 / math.sqrt(1.0 + 1e-10)
    assert p.ret.item() == pytest.approx(ret) and p.cov.item() == pytest.approx(cov)
    assert p.portfolio.item() == pytest.approx(-sharpe)
    assert p.total.item() == pytest.approx(ret + 0.5 * cov - 2.0 * sharpe, rel=1e-6)
    only_ret = compute_loss(mu, sig, None, act, sact, mask, t, LossWeights(beta=0.0, gamma=0.0))
    assert only_ret.total.item() == pytest.approx(0.125 / 2)
    with pytest.raises(ValueError, match="portfolio weights are required"):
        compute_loss(mu, sig, None, act, sact, mask, t, LossWeights())


def test_softmax_weights_ablation_respects_mask() -> None:
    w = softmax_weights(T([[0.001, 0.0, 9.0]]), T([[True, True, False]]), temperature=1e-3)
    e = math.e
    np.testing.assert_allclose(w.numpy(), [[e / (e + 1), 1 / (e + 1), 0.0]], rtol=1e-6)


def test_schedule_prd_5_2() -> None:
    assert lr_at(1) == pytest.approx(1e-5) and lr_at(5) == pytest.approx(5e-5) and lr_at(10) == pytest.approx(1e-4)
    assert lr_at(300) == pytest.approx(1e-6)
    assert lr_at(155) == pytest.approx(1e-6 + 0.5 * (1e-4 - 1e-6))  # half-way through T = 290
    assert lr_at(11) == pytest.approx(1e-6 + 0.5 * 99e-6 * (1 + math.cos(math.pi / 290)))
    lrs = [lr_at(e) for e in range(10, 301)]
    assert all(a >= b for a, b in zip(lrs, lrs[1:], strict=False))
    with pytest.raises(ValueError):
        lr_at(0)


def test_early_stopping_state_machine() -> None:
    s = EarlyStopping(patience=3)
    seq = [0.1, 0.3, 0.2, float("nan"), 0.3, 0.29]
    improved = []
    for e, v in enumerate(seq, 1):
        s = s.step(e, v)
        improved.append(s.improved)
    assert improved == [True, True, False, False, False, False]
    assert s.best == 0.3 and s.best_epoch == 2 and s.bad_epochs == 4 and s.should_stop
    assert EarlyStopping.from_dict(s.to_dict()) == s
    s2 = EarlyStopping(patience=2, min_delta=0.1).step(1, 1.0).step(2, 1.05)
    assert not s2.improved and s2.bad_epochs == 1


def test_metrics_rebalance_and_sharpe() -> None:
    assert rebalance_days(np.arange(12), 5).tolist() == [0, 5, 10]
    x = np.array([0.01, -0.005, 0.02, 0.0])
    assert annualized_sharpe(x) == pytest.approx(x.mean() / x.std(ddof=1) * math.sqrt(252))
    assert math.isnan(annualized_sharpe(np.array([0.1])))


def test_config_strict_and_defaults(tmp_path) -> None:
    d = load_train_config("configs/train/default.yaml")
    assert (d.alpha, d.beta, d.gamma, d.lambda_tc) == (1.0, 0.5, 2.0, 0.0)
    assert (d.lr, d.betas, d.weight_decay, d.adam_eps, d.batch_size, d.epochs, d.patience) == \
        (1e-4, (0.9, 0.999), 1e-5, 1e-8, 128, 300, 30)
    assert d == train_config_from_dict({})  # the YAML spells out the dataclass defaults
    load_train_config("configs/train/quick.yaml")
    p = tmp_path / "bad.yaml"
    p.write_text("epochs: 3\nlearning_rate: 0.1\n")
    with pytest.raises(TrainConfigError, match="learning_rate"):
        load_train_config(p)
    with pytest.raises(TrainConfigError, match="solver"):
        train_config_from_dict({"solver": "grid"})
    with pytest.raises(TrainConfigError, match="batch_size"):
        train_config_from_dict({"batch_size": 0})
