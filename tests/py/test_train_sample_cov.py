"""``sigma_source: sample`` (PRD 8.3 single head + sample covariance): the layer's Sigma is numpy's
covariance of the sample's own lookback window, causal, and the covariance head gets no gradient
from the portfolio term in the training loop."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from pyworker.data import WindowSampler, make_synthetic_dataset, parse_split
from pyworker.model import build_model, load_config, load_member
from pyworker.train import (
    TrailingSampleCov,
    TrainConfigError,
    annualized_sharpe,
    evaluate,
    load_train_config,
    train_config_from_dict,
    train_member,
)
from pyworker.tune import validation_returns

ROOT = Path(__file__).resolve().parents[2]
N, L = 4, 10


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


def test_sample_cov_is_numpys_over_the_window_and_causal() -> None:
    ds, _ = make_synthetic_dataset(T=80, N=N, seed=3)
    cov = TrailingSampleCov(ds.returns, L, ridge=0.0)
    t = np.array([L - 1, 30, 55])
    mask = torch.tensor([[True] * N, [True] * N, [True, False, True, True]])
    got = cov(t, mask).double().numpy()  # (3, N, N)
    for k, day in enumerate(t):
        want = np.cov(ds.returns[day - L + 1 : day + 1].T, ddof=1)  # days t-L+1..t, as np.cov
        keep = mask[k].numpy()
        np.testing.assert_allclose(got[k][np.ix_(keep, keep)], want[np.ix_(keep, keep)], rtol=1e-5, atol=1e-12)
    assert got[2][1, 0] == 0 and got[2][1, 1] == pytest.approx(np.var(ds.returns[46:56, 1], ddof=1), rel=1e-5)
    # causal: the future (t+1.., the target days) and days before the window do not matter; day t does
    r = ds.returns.copy()
    r[31:] = 9.0
    r[: 30 - L + 1] = -9.0
    assert torch.equal(TrailingSampleCov(r, L, ridge=0.0)(t[1:2], mask[1:2]), cov(t[1:2], mask[1:2]))
    r[30] += 0.05
    assert not torch.equal(TrailingSampleCov(r, L, ridge=0.0)(t[1:2], mask[1:2]), cov(t[1:2], mask[1:2]))
    ridge = TrailingSampleCov(ds.returns, L, ridge=1e-6)(t, mask).double().numpy() - got
    np.testing.assert_allclose(np.diagonal(ridge, axis1=1, axis2=2), 1e-6, rtol=1e-3)


def test_sample_cov_failure_paths() -> None:
    ds, _ = make_synthetic_dataset(T=40, N=N, seed=0)
    with pytest.raises(ValueError, match="fewer than 10 days"):
        TrailingSampleCov(ds.returns, L)(np.array([8]), torch.ones(1, N, dtype=torch.bool))
    with pytest.raises(ValueError, match="lookback >= 2"):
        TrailingSampleCov(ds.returns, 1)
    with pytest.raises(TrainConfigError, match="sigma_source"):
        train_config_from_dict({"sigma_source": "shrunk"})
    assert train_config_from_dict({}).sigma_source == "head"


def _train(tmp: Path, sigma_source: str) -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor], float, object]:
    ds, _ = make_synthetic_dataset(T=160, N=N, seed=0)
    mc = load_config(ROOT / "configs/model/test.yaml", n_factors=N)
    split = parse_split("dates:2018-05-15,2018-07-15", ds, mc.lookback)
    # only the portfolio term (alpha = beta = 0), no weight decay: a parameter moves only if that term reaches it
    tc = load_train_config(ROOT / "configs/train/quick.yaml", epochs=1, batch_size=16, alpha=0.0, beta=0.0, gamma=1.0,
                           weight_decay=0.0, sigma_source=sigma_source)
    res = train_member(ds, split, mc, tc, tmp / sigma_source, seed=0)
    assert res.status == "completed" and res.member_path is not None
    init = build_model(mc, seed=0).state_dict()
    model, _, _ = load_member(res.member_path)
    sampler = WindowSampler(ds, mc.lookback, tc.horizon, "cpu", tc.min_factors)
    days, daily = validation_returns(lambda x, m: tuple(model(x, m)), sampler, split.val, tc)  # type: ignore[arg-type,return-value]
    ev = evaluate(lambda x, m: tuple(model(x, m)), sampler, split.val, tc)  # type: ignore[arg-type,return-value]
    assert annualized_sharpe(daily) == pytest.approx(ev.sharpe) and days.size == ev.n_rebalances
    return init, model.state_dict(), ev.sharpe, res


def test_sample_sigma_gives_the_covariance_head_no_portfolio_gradient(tmp_path: Path) -> None:
    init, sample, _, res = _train(tmp_path, "sample")
    cov = [k for k in init if k.startswith("covariance_head.")]
    ret = [k for k in init if k.startswith("return_head.")]
    assert cov and ret
    assert all(torch.equal(init[k], sample[k]) for k in cov)  # untouched: Sigma never reached the layer
    assert any(not torch.equal(init[k], sample[k]) for k in ret)  # mu did learn from the portfolio term
    init, head, _, _ = _train(tmp_path, "head")
    assert any(not torch.equal(init[k], head[k]) for k in cov)  # the head's Sigma does get that gradient
