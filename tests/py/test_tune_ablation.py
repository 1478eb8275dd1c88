"""Ablation switches change what they claim; the paired bootstrap; a two-variant run end to end."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import torch

from pyworker.data import make_synthetic_dataset
from pyworker.model import ModelConfig, build_model, load_config
from pyworker.train import TrailingSampleCov, TrainConfig
from pyworker.tune import (
    VARIANTS,
    ablated_dataset,
    kept_width,
    load_ablation_config,
    run_ablation,
    sharpe_delta_ci,
    variant_configs,
)

ROOT = Path(__file__).resolve().parents[2]
N = 3


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


def _base() -> tuple[ModelConfig, TrainConfig]:
    m = load_config(ROOT / "configs/model/test.yaml", n_factors=N)
    m = dataclasses.replace(m, encoder=dataclasses.replace(m.encoder, slstm_at=(0,)))  # mixed sLSTM + mLSTM
    return m, TrainConfig()


def test_feature_variants_drop_exactly_their_columns() -> None:
    ds, _ = make_synthetic_dataset(T=120, N=N, seed=0)
    widths = {name: kept_width(N, VARIANTS[name]) for name in ("default", "no_macro", "no_rolling", "no_rank",
                                                                 "returns_only")}
    assert widths == {"default": 7 * N + 6, "no_macro": 7 * N, "no_rolling": 3 * N + 6, "no_rank": 6 * N + 6,
                      "returns_only": N}
    f = np.asarray(ds.features)
    nm = np.asarray(ablated_dataset(ds, VARIANTS["no_macro"]).features)
    assert np.all(nm[:, -6:] == 0) and np.array_equal(nm[:, :-6], f[:, :-6]) and np.any(f[:, -6:] != 0)
    nr = np.asarray(ablated_dataset(ds, VARIANTS["no_rolling"]).features)
    assert np.all(nr[:, N : 5 * N] == 0) and np.array_equal(nr[:, 5 * N :], f[:, 5 * N :])
    ro = np.asarray(ablated_dataset(ds, VARIANTS["returns_only"]).features)
    assert np.array_equal(ro[:, :N], f[:, :N]) and np.all(ro[:, N:] == 0)
    assert ablated_dataset(ds, VARIANTS["default"]) is ds


def _block_kinds(model_cfg: ModelConfig) -> list[str]:
    model = build_model(model_cfg, seed=0)
    return [type(b).__name__ for b in model.encoder.modules() if type(b).__name__ in ("sLSTMBlock", "mLSTMBlock")]


def test_architecture_and_loss_variants() -> None:
    base_m, base_t = _base()
    assert sorted(_block_kinds(base_m)) == ["mLSTMBlock", "sLSTMBlock"]
    m, _ = variant_configs(VARIANTS["mlstm_only"], base_m, base_t)
    assert m.encoder.slstm_at == () and _block_kinds(m) == ["mLSTMBlock", "mLSTMBlock"]
    m, _ = variant_configs(VARIANTS["slstm_only"], base_m, base_t)
    assert m.encoder.slstm_at == (0, 1) and _block_kinds(m) == ["sLSTMBlock", "sLSTMBlock"]
    _, t = variant_configs(VARIANTS["no_opt_layer"], base_m, base_t)
    assert t.portfolio_layer is False
    _, t = variant_configs(VARIANTS["sample_cov"], base_m, base_t)
    assert t.beta == 0.0 and t.sigma_source == "sample"  # trains and validates on the sample covariance
    weights = {n: variant_configs(VARIANTS[n], base_m, base_t)[1] for n in ("loss_returns", "loss_cov", "loss_portfolio")}
    assert [(t.alpha, t.beta, t.gamma) for t in weights.values()] == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]


def test_trailing_sample_cov_matches_numpy() -> None:
    ds, _ = make_synthetic_dataset(T=60, N=N, seed=2)
    mask = torch.tensor([[True, True, True], [True, False, True]])
    sig = TrailingSampleCov(ds.returns, 10, ridge=0.0)(np.array([20, 40]), mask).double().numpy()
    np.testing.assert_allclose(sig[0], np.cov(ds.returns[11:21].T, ddof=1), rtol=1e-5)  # days t-9..t only
    want = np.cov(ds.returns[31:41].T, ddof=1)
    assert sig[1][1, 0] == 0 and sig[1][1, 1] == pytest.approx(want[1, 1], rel=1e-5)  # masked: diagonal kept


def test_bootstrap_is_paired_and_seeded() -> None:
    rng = np.random.default_rng(0)
    a = rng.normal(0.0, 0.01, (2, 250))
    same = sharpe_delta_ci(a, a, seed=0, n_boot=200)
    assert (same.delta, same.low, same.high) == (0.0, 0.0, 0.0)
    better = a + 0.002
    ci = sharpe_delta_ci(better, a, seed=3, n_boot=200)
    assert ci.delta > 0 and 0 < ci.low < ci.delta < ci.high
    assert ci == sharpe_delta_ci(better, a, seed=3, n_boot=200)
    with pytest.raises(ValueError, match="different days"):
        sharpe_delta_ci(a[:, :100], a, seed=0)


def test_ablation_run_writes_the_table(tmp_path: Path) -> None:
    cfg = load_ablation_config(ROOT / "configs/tune/ablate-quick.yaml")
    cfg = dataclasses.replace(cfg, out_dir=str(tmp_path), epochs=1, variants=("no_macro", "sample_cov"),
                              model_config=str(ROOT / "configs/model/test.yaml"),
                              train_config=str(ROOT / "configs/train/quick.yaml"))
    ds, _ = make_synthetic_dataset(T=300, N=N, seed=0)
    cfg = dataclasses.replace(cfg, data=dataclasses.replace(cfg.data, split="dates:2018-08-31,2018-12-31"))
    summary = run_ablation(cfg, dataset=ds)
    rows = {r["variant"]: r for r in summary["rows"]}
    assert list(rows) == ["default", "no_macro", "sample_cov"]
    assert rows["default"]["delta"] == 0.0 and rows["no_macro"]["input_width"] == 7 * N
    assert rows["no_macro"]["data_hash"] != rows["default"]["data_hash"]
    for r in rows.values():
        assert r["ci_low"] <= r["delta"] <= r["ci_high"]
        assert r["delta"] == pytest.approx(r["val_sharpe"] - rows["default"]["val_sharpe"])
    table = (tmp_path / "ablate-quick" / "ablation.md").read_text().splitlines()
    assert table[0] == "| variant | input width | val Sharpe | delta vs default | 95% CI |" and len(table) == 5
