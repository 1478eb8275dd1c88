"""Plan B comparison (PRD 14.1): the LightGBM path (signal, no look-ahead, sample Sigma) and plan_b_* ablations."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import torch

from pyworker.data import Dataset, WindowSampler, make_synthetic_dataset, mean_ic, parse_split
from pyworker.model import load_config
from pyworker.train import TrailingSampleCov, TrainConfig
from pyworker.tune import (
    VARIANTS,
    GBMConfig,
    TuneConfigError,
    factor_rows,
    fit_gbm,
    load_ablation_config,
    predict_days,
    run_ablation,
    variant_configs,
)

ROOT = Path(__file__).resolve().parents[2]
LOOKBACK = 10
SPLIT = "dates:2018-12-31,2019-06-30"


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


@pytest.fixture(scope="module")
def planted() -> tuple[Dataset, object]:
    return make_synthetic_dataset(T=400, N=6, seed=0, signal_ic=0.5)


def test_factor_rows_take_each_factors_own_columns_and_the_market() -> None:
    n = 3
    x = np.arange(2 * (7 * n + 6), dtype=np.float64).reshape(2, 7 * n + 6)  # (B, 7N+6)
    rows = factor_rows(x, n)  # (B, N, 13)
    assert rows.shape == (2, n, 13)
    np.testing.assert_array_equal(rows[1, 2, :7], x[1, [2, 5, 8, 11, 14, 17, 20]])  # column k N + i
    np.testing.assert_array_equal(rows[1, 2, 7:], x[1, -6:])


def test_gbm_finds_the_planted_signal_on_validation_days(planted) -> None:
    ds, info = planted
    split = parse_split(SPLIT, ds, LOOKBACK)
    sampler = WindowSampler(ds, LOOKBACK)
    fitted = fit_gbm(sampler, split.train, seed=0)
    pred, act, mask = predict_days(fitted, sampler, split.val)
    rank_ic = mean_ic(pred, act, mask, "spearman")
    assert rank_ic > 0.5 * info.oracle_ic(ds, split.val, LOOKBACK) > 0.1  # measured 0.38 vs oracle 0.48
    assert np.all(pred[~mask] == 0)
    again = fit_gbm(sampler, split.train, seed=0)
    assert again.model.booster_.model_to_string() == fitted.model.booster_.model_to_string()  # deterministic
    other = fit_gbm(sampler, split.train, seed=1)  # the seed picks the bagging rows
    assert other.model.booster_.model_to_string() != fitted.model.booster_.model_to_string()


def _corrupt_from(ds: Dataset, start: int, how: str) -> Dataset:
    """Every feature and return at days >= start replaced: huge values, or NaN returns (masked)."""
    f, r, m = np.array(ds.features), np.array(ds.returns), np.array(ds.mask)
    f[start:] = 1e6
    if how == "huge":
        r[start:] = 1e3
    else:
        r[start:], m[start:] = np.nan, 0
    return Dataset.create(f, r, m, ds.dates, ds.factors)


@pytest.mark.parametrize("how", ["huge", "nan"])
def test_gbm_fit_reads_nothing_at_or_after_the_validation_start(planted, how: str) -> None:
    ds, _ = planted
    split = parse_split(SPLIT, ds, LOOKBACK)
    start = int(split.val.min())
    assert int(split.train.max()) + 5 < start  # purged: the last training target ends before it
    clean = fit_gbm(WindowSampler(ds, LOOKBACK), split.train, seed=0)
    bad_ds = _corrupt_from(ds, start, how)
    dirty = fit_gbm(WindowSampler(bad_ds, LOOKBACK), split.train, seed=0)
    assert dirty.model.booster_.model_to_string() == clean.model.booster_.model_to_string()
    assert dirty.last_train_day == int(split.train.max()) and dirty.n_rows == clean.n_rows
    if how == "huge":  # the corruption is visible to a fit that does read a later row
        leaky = fit_gbm(WindowSampler(bad_ds, LOOKBACK), np.append(split.train, start), seed=0)
        assert leaky.model.booster_.model_to_string() != clean.model.booster_.model_to_string()


def test_gbm_sigma_is_the_trailing_sample_covariance(planted) -> None:
    ds, _ = planted
    days = np.array([LOOKBACK - 1, 150, 300])
    mask = torch.ones(3, ds.n_factors, dtype=torch.bool)
    mask[2, 1] = False
    sig = TrailingSampleCov.from_dataset(ds, LOOKBACK)(days, mask).double().numpy()  # (3, N, N)
    for k, t in enumerate(days):
        want = np.cov(ds.returns[t - LOOKBACK + 1 : t + 1].T, ddof=1) + 1e-8 * np.eye(ds.n_factors)  # days t-L+1..t
        if k == 2:  # masked factor: row/column 0, its own variance kept
            want[1, :] = want[:, 1] = 0.0
            want[1, 1] = np.var(ds.returns[t - LOOKBACK + 1 : t + 1, 1], ddof=1) + 1e-8
        np.testing.assert_allclose(sig[k], want, rtol=1e-5, atol=1e-12)


def test_gbm_errors() -> None:
    ds, _ = make_synthetic_dataset(T=60, N=3, seed=0)
    with pytest.raises(ValueError, match="at least one training day"):
        fit_gbm(WindowSampler(ds, LOOKBACK), np.zeros(0, np.int64))


def test_plan_b_variants_set_the_encoder_kind_or_the_runner() -> None:
    base = load_config(ROOT / "configs/model/test.yaml", n_factors=3)
    for name, kind in (("plan_b_lstm", "lstm"), ("plan_b_transformer", "transformer")):
        m, t = variant_configs(VARIANTS[name], base, TrainConfig())
        assert m.encoder.kind == kind and m.encoder.slstm_at == () and t == TrainConfig()
        assert (m.encoder.hidden, m.encoder.num_blocks) == (base.encoder.hidden, base.encoder.num_blocks)
    assert VARIANTS["plan_b_lightgbm"].runner == "lightgbm" and VARIANTS["default"].runner == "network"


def test_plan_b_ablation_runs_end_to_end(tmp_path: Path) -> None:
    cfg = load_ablation_config(ROOT / "configs/tune/plan-b-quick.yaml")
    assert cfg.variants == ("default", "plan_b_lstm", "plan_b_transformer", "plan_b_lightgbm")
    assert cfg.gbm == GBMConfig()  # the YAML spells out the defaults
    cfg = dataclasses.replace(cfg, out_dir=str(tmp_path), epochs=1, seeds=(0,), gbm=GBMConfig(n_estimators=17),
                              model_config=str(ROOT / "configs/model/test.yaml"),
                              train_config=str(ROOT / "configs/train/quick.yaml"))
    cfg = dataclasses.replace(cfg, data=dataclasses.replace(cfg.data, split="dates:2018-08-31,2018-12-31"))
    ds, _ = make_synthetic_dataset(T=300, N=3, seed=0, signal_ic=0.5)
    summary = run_ablation(cfg, dataset=ds)
    rows = {r["variant"]: r for r in summary["rows"]}
    assert list(rows) == ["default", "plan_b_lstm", "plan_b_transformer", "plan_b_lightgbm"]
    assert rows["plan_b_lstm"]["model_config"]["encoder"]["kind"] == "lstm"
    assert rows["plan_b_transformer"]["model_config"]["encoder"]["kind"] == "transformer"
    assert rows["plan_b_lightgbm"]["model_config"]["kind"] == "lightgbm"
    assert len({r["data_hash"] for r in rows.values()}) == 1  # same data, same validation days
    for r in rows.values():
        assert np.isfinite(r["val_sharpe"]) and r["ci_low"] <= r["delta"] <= r["ci_high"]
        assert r["delta"] == pytest.approx(r["val_sharpe"] - rows["default"]["val_sharpe"])
    booster = (tmp_path / "plan-b-quick" / "plan_b_lightgbm" / "seed_0" / "lightgbm.txt").read_text()
    assert booster.count("\nTree=") == 17  # the config's gbm settings reach LightGBM
    assert (tmp_path / "plan-b-quick" / "plan_b_transformer" / "seed_0" / "member.safetensors").is_file()
    table = (tmp_path / "plan-b-quick" / "ablation.md").read_text().splitlines()
    assert len(table) == 6 and table[-1].startswith("| plan_b_lightgbm | 27 |")


def test_ablation_config_gbm_section_is_strict(tmp_path: Path) -> None:
    text = (ROOT / "configs/tune/plan-b-quick.yaml").read_text() + "  bogus_knob: 3\n"
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(TuneConfigError, match="gbm"):
        load_ablation_config(path)
