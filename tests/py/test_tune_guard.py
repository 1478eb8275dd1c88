"""Tuning reads validation years only: the test period is cut off and changing it changes nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from pyworker.data import Dataset, make_synthetic_dataset, parse_split, split_by_dates
from pyworker.model import load_config
from pyworker.train import load_train_config
from pyworker.tune import TuneError, run_params, tuning_end, tuning_view

ROOT = Path(__file__).resolve().parents[2]
SPLIT = "dates:2018-08-31,2018-12-31"
PARAMS = {"hidden": 8, "warmup_epochs": 1, "checkpoint_every": 1}


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


def _scramble_test_period(ds: Dataset, start: int) -> Dataset:
    rng = np.random.default_rng(1)
    f, r = np.array(ds.features), np.array(ds.returns)
    f[start:] = rng.standard_normal(f[start:].shape).astype(np.float32)
    r[start:] = rng.normal(0, 0.05, r[start:].shape)
    return Dataset.create(f, r, ds.mask, ds.dates, ds.factors)


def test_view_ends_before_the_test_period() -> None:
    ds, _ = make_synthetic_dataset(T=300, N=3, seed=0)
    split = parse_split(SPLIT, ds, 10)
    view, cut = tuning_view(ds, split)
    assert view.n_days == int(split.val.max()) + 5 + 1 <= int(split.test.min())
    assert cut.test.size == 0 and "test" not in cut.periods and max(view.dates) < "2019-01-01"
    assert np.array_equal(cut.val, split.val) and np.array_equal(cut.train, split.train)
    with pytest.raises(TuneError, match="no validation days"):
        tuning_end(split_by_dates(ds, 10, (ds.dates[0], ds.dates[-1])))


def test_objective_never_reads_test_days(tmp_path: Path) -> None:
    ds, _ = make_synthetic_dataset(T=300, N=3, seed=0)
    test_start = int(parse_split(SPLIT, ds, 10).test.min())
    other = _scramble_test_period(ds, test_start)
    assert other.data_hash != ds.data_hash
    model = load_config(ROOT / "configs/model/test.yaml")
    train = load_train_config(ROOT / "configs/train/quick.yaml", epochs=1)
    a = run_params(ds, SPLIT, model, train, PARAMS, [0], tmp_path / "a")
    b = run_params(other, SPLIT, model, train, PARAMS, [0], tmp_path / "b")
    assert a.data_hash == b.data_hash  # the data the trial could read is the same
    assert a.val_sharpe == b.val_sharpe and a.val_returns == b.val_returns
    # the tuner's own validation returns reproduce the training loop's val Sharpe (two implementations)
    assert a.per_seed[0]["val_sharpe"] == pytest.approx(a.per_seed[0]["loop_val_sharpe"], rel=1e-6, abs=1e-9)
    assert a.split["n_test"] == 0 and len(a.val_returns) % 5 == 0
